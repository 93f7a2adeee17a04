"""Every URL that serves an e-learning lecture (its page, its package's state and original
zip, the review page with its preview, the player's page /bai-giang/<package>/), for every
demo role, against a lecture's draft never submitted (D), one in review (R) and a published
public one (P), with GET and POST, compared with the table below, as
test_site_url_access.py does for lesson plans (the same walk; unlisted cells are 404, never
403, which would tell that it exists; a denied POST changes nothing).

Who "ok" is, in words: the published lecture plays for everyone (tracked for whoever is
logged in, untracked for visitors); the draft is its author's, who previews it; the one in
review is also previewed by its group's reviewers and the district's officer, who read its
original zip; its review page is who decides now; the package's state is for the authors'
edit page."""

import hashlib

import pytest
from django.urls import reverse
from wagtail.models import WorkflowState

from lectures import make_lecture, ready_package
from lms.player.models import Attempt, Package
from test_admin_url_access import ROLES, TARGETS, _fingerprint, _parse_table, _walk

TABLE = _parse_table("""
repository:resource                GET   author:DRP reviewer,leader,officer:RP principal,teacher,judge,student,visitor:P
repository:resource                POST  author,reviewer,leader,officer,principal,teacher,judge,student,visitor:DRP=405
repository:package_status          GET   author:DRP visitor:DRP=login
repository:package_status          POST  author,reviewer,leader,officer,principal,teacher,judge,student:DRP=405 visitor:DRP=login
repository:package_download        GET   author:DRP reviewer,leader,officer:RP visitor:DRP=login
repository:package_download        POST  author,reviewer,leader,officer,principal,teacher,judge,student:DRP=405 visitor:DRP=login
repository:review                  GET   reviewer,leader:R visitor:R=login
repository:review                  POST  reviewer,leader:R=400 visitor:R=login
player:play                        GET   author:DRP reviewer,leader,officer:RP principal,teacher,judge,student,visitor:P
player:play                        POST  author,reviewer,leader,officer,principal,teacher,judge,student,visitor:DRP=405
""")


class LectureTargets:
    """The author's three lectures of Tổ Toán – Tin, each with its own ready package."""

    def __init__(self, demo):
        author = demo.user(ROLES["author"])
        self.objects = {
            target: make_lecture(demo, f"Bài giảng e-learning {target}", ready_package(author), state=state)
            for target, state in zip(TARGETS, ("draft", "in_review", "published"))
        }

    def urls(self):
        for target, lecture in self.objects.items():
            yield "repository:resource", target, reverse("repository:resource", args=[lecture.pk])
            yield "repository:package_status", target, reverse("repository:package_status", args=[lecture.pk])
            yield "repository:package_download", target, reverse("repository:package_download", args=[lecture.pk])
            yield "player:play", target, reverse("player:play", args=[lecture.package.uuid])
            state = WorkflowState.objects.for_instance(lecture).filter(status="in_progress").first()
            if state is not None:
                yield "repository:review", target, reverse("repository:review", args=[state.pk])

    def requests(self):
        for row, target, url in self.urls():
            for method in ("GET", "POST"):
                yield row, method, target, url


def _lecture_fingerprint() -> str:
    rows = [_fingerprint(), list(Package.objects.order_by("pk").values_list("pk", "status")),
            Attempt.objects.count()]
    return hashlib.sha256(repr(rows).encode()).hexdigest()


@pytest.mark.parametrize("role", list(ROLES))
def test_every_url_of_a_lecture_answers_each_role_as_the_table_says(demo, role):
    targets = LectureTargets(demo)
    _walk(role, targets.requests(), TABLE, _lecture_fingerprint, print_as=f"lecture-{role}",
          default=lambda role: "404", admin=False)
