from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class RepositoryConfig(AppConfig):
    name = "repository"
    label = "repository"
    verbose_name = _("Content repository")

    def ready(self):
        from wagtail.models import TaskState
        from wagtail.signals import task_submitted

        from lms.organisation.signals import demo_district_seeded
        from repository import navigation  # noqa: F401 - registers the menu entries
        from repository import cache, facet_counts, notices, search, signals
        from repository.demo import on_demo_district_seeded
        from repository.notifications import tell_reviewers_of_submission

        from django.db.models.signals import post_migrate

        from lms.permissions import register_rules
        from repository import review
        from repository.models import Question, Resource
        from repository.permissions import RULES

        register_rules(RULES)
        review.register_reviewable(Resource)
        review.register_reviewable(Question)
        _register_elearning()
        _register_quizzes()
        post_migrate.connect(review.attach_after_migrate, dispatch_uid="repository_attach_review")
        signals.connect()
        cache.connect()
        search.connect()
        facet_counts.connect()  # browsing's facet counts, kept per combination
        notices.connect()  # the site's notices (lms/notices) of submissions and decisions
        demo_district_seeded.connect(on_demo_district_seeded, dispatch_uid="repository_demo")
        task_submitted.connect(
            tell_reviewers_of_submission, sender=TaskState, dispatch_uid="repository_reviewers"
        )


def _register_elearning() -> None:
    """E-learning lectures: who may send a package (whoever may add resources), who
    plays a lecture's package and how, who reads its reports (repository/selectors.py)."""
    from django.conf import settings

    from lms.permissions import can
    from lms.player import access, cleanup
    from lms.uploads import purposes
    from repository import selectors
    from repository.authoring import PACKAGE_UPLOAD_PURPOSE

    purposes.register(PACKAGE_UPLOAD_PURPOSE, allowed=lambda user: can(user, "resource.add"),
                      max_mb=lambda: settings.PLAYER_MAX_UPLOAD_MB)
    access.register(selectors.lecture_play_mode)
    access.register_report_policy(selectors.lecture_report_allowed)
    cleanup.register_keeper(selectors.packages_in_use)


def _register_quizzes() -> None:
    """Exams published as online quizzes (lms.quiz): their classes' students take them
    (the exam's author, the quiz's owner, reads the results)."""
    from lms.quiz import access
    from repository.questions import exam_services

    access.register_take_policy(exam_services.may_take_exam_quiz)
