"""Every URL of the repository's own site pages (/hoc-lieu/…), for every demo role,
against a draft never submitted (D), an item in review (R) and a published item (P),
with GET and POST, compared with the table below; a URL nobody classified fails, so a
new page must say who may open it. A denied POST must change nothing.

Outcomes: "ok" (200 or a redirect other than to log in), "login", or the status: a list
a role may not use answers 403; an object the user may not see, 404 (never 403, which
would tell that it exists); a page that takes no POST, 405. Unlisted cells are 404.
Set WALK_PRINT=1 to print what the code answers today in the table's format."""

import hashlib

import pytest

from repository.models import Resource, ResourceRating
from test_admin_url_access import ROLES, Targets, _fingerprint, _parse_table, _requests, _walk

# The site's rows. Who "ok" is, in words: the catalogue is everyone's; the published
# item and its files are everyone's (public), rating is for teachers not its authors,
# withdrawing for the district's officer; the draft is its author's, the item in review
# also its group's reviewers' and the officer's; the review page is who decides now (the
# district stage is skipped for lesson plans: not the officer). A draft has no workflow
# state: its review URL is the item in review's. The demo's files have no thumbnails, and
# the draft's and the in-review item's (a DOCX, a PPTX, previews off) no inline form.
# The teacher's pages (upload, co-author look-up) are for whoever teaches (the judge
# teaches too); editing and withdrawing from review are the authors' alone, and an
# empty form posted is refused (400), or 409 while the item waits for review.
# An e-learning lecture's package (its state for the authors' page, its original zip for
# those who read the version) answers 404 for these lesson plans, which have none; the
# lectures have their own walk (test_elearning_url_access.py).
TABLE = _parse_table("""
repository:co_author_search        GET   author,reviewer,leader,teacher,judge:D officer,principal,student:D=deny visitor:D=login
repository:co_author_search        POST  author,reviewer,leader,officer,principal,teacher,judge,student:D=405 visitor:D=login
repository:file_upload             GET   author,reviewer,leader,officer,principal,teacher,judge,student:D=405 visitor:D=login
repository:file_upload             POST  author,reviewer,leader,teacher,judge:D=400 officer,principal,student:D=deny visitor:D=login
repository:resource_add            GET   author,reviewer,leader,teacher,judge:D officer,principal,student:D=deny visitor:D=login
repository:resource_add            POST  author,reviewer,leader,teacher,judge:D=400 officer,principal,student:D=deny visitor:D=login
repository:resource_edit           GET   author:DRP visitor:DRP=login
repository:resource_edit           POST  author:DP=400 author:R=409 visitor:DRP=login
repository:resource_withdraw_from_review GET author,reviewer,leader,officer,principal,teacher,judge,student:DRP=405 visitor:DRP=login
repository:resource_withdraw_from_review POST author:DRP visitor:DRP=login
repository:catalogue               GET   author,reviewer,leader,officer,principal,teacher,judge,student,visitor:D
repository:catalogue               POST  author,reviewer,leader,officer,principal,teacher,judge,student,visitor:D=405
repository:document_download       GET   author:DRP reviewer,leader,officer:RP principal,teacher,judge,student,visitor:P
repository:document_download       POST  author,reviewer,leader,officer,principal,teacher,judge,student,visitor:DRP=405
repository:document_preview        GET   author,reviewer,leader,officer,principal,teacher,judge,student,visitor:P
repository:document_preview        POST  author,reviewer,leader,officer,principal,teacher,judge,student,visitor:DRP=405
repository:document_thumbnail      GET   
repository:document_thumbnail      POST  author,reviewer,leader,officer,principal,teacher,judge,student,visitor:DRP=405
repository:file_download           GET   author,reviewer,leader,officer,principal,teacher,judge,student,visitor:P
repository:file_download           POST  author,reviewer,leader,officer,principal,teacher,judge,student,visitor:DRP=405
repository:file_preview            GET   author,reviewer,leader,officer,principal,teacher,judge,student,visitor:P
repository:file_preview            POST  author,reviewer,leader,officer,principal,teacher,judge,student,visitor:DRP=405
repository:file_thumbnail          GET   
repository:file_thumbnail          POST  author,reviewer,leader,officer,principal,teacher,judge,student,visitor:DRP=405
repository:package_status          GET   visitor:DRP=login
repository:package_status          POST  author,reviewer,leader,officer,principal,teacher,judge,student:DRP=405 visitor:DRP=login
repository:package_download        GET   visitor:DRP=login
repository:package_download        POST  author,reviewer,leader,officer,principal,teacher,judge,student:DRP=405 visitor:DRP=login
repository:my_resources            GET   author,reviewer,leader,teacher,judge:D officer,principal,student:D=deny visitor:D=login
repository:my_resources            POST  author,reviewer,leader,officer,principal,teacher,judge,student:D=405 visitor:D=login
repository:rate                    GET   author,reviewer,leader,officer,principal,teacher,judge,student:DRP=405 visitor:DRP=login
repository:rate                    POST  author,officer,principal,student:P=deny reviewer,leader,teacher,judge:P=400 visitor:DRP=login
repository:resource                GET   author:DRP reviewer,leader,officer:RP principal,teacher,judge,student,visitor:P
repository:resource                POST  author,reviewer,leader,officer,principal,teacher,judge,student,visitor:DRP=405
repository:review                  GET   reviewer,leader:DR visitor:DRP=login
repository:review                  POST  reviewer,leader:DR=400 visitor:DRP=login
repository:review_queue            GET   author,principal,teacher,judge,student:D=deny reviewer,leader,officer:D visitor:D=login
repository:review_queue            POST  author,reviewer,leader,officer,principal,teacher,judge,student:D=405 visitor:D=login
repository:withdraw                GET   author,reviewer,leader,officer,principal,teacher,judge,student:DRP=405 visitor:DRP=login
repository:withdraw                POST  author,reviewer,leader,principal,teacher,judge,student:P=deny officer:P=400 visitor:DRP=login
""")


def _site_fingerprint() -> str:
    rows = [_fingerprint(), list(ResourceRating.objects.order_by("pk").values_list("pk", "stars")),
            list(Resource.objects.order_by("pk").values_list("pk", "download_count", "rating_count"))]
    return hashlib.sha256(repr(rows).encode()).hexdigest()


@pytest.mark.parametrize("role", list(ROLES))
def test_every_site_url_of_the_repository_answers_each_role_as_the_table_says(demo_content, role):
    targets = Targets(demo_content)
    _walk(role, _requests(targets, ("repository",)), TABLE, _site_fingerprint, print_as=f"site-{role}",
          default=lambda role: "404", admin=False)
