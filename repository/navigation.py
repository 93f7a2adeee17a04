"""Menu entries of the repository: the catalogue, one's own resources, the review queue."""

from django.utils.translation import gettext_lazy as _

from lms.core.navigation import NavItem, register, url_to
from repository import selectors
from repository.permissions import moderates, teaches

register(NavItem(
    key="catalogue", label=_("Learning resources"), url=url_to("repository:catalogue"),
    visible=lambda u: True, order=20,
))
register(NavItem(
    key="my_resources", label=_("My resources"), url=url_to("repository:my_resources"),
    visible=lambda u: teaches(u) and not u.is_superuser, order=50,
    count=lambda u: selectors.resources_sent_back_count(user=u),
))
register(NavItem(
    key="review_queue", label=_("Review queue"), url=url_to("repository:review_queue"),
    visible=lambda u: moderates(u) and not u.is_superuser, order=60,
    count=lambda u: selectors.review_queue_count(user=u),
))
register(NavItem(
    key="question_banks", label=_("Question banks"), url=url_to("questions:banks"),
    visible=lambda u: (teaches(u) or moderates(u)) and not u.is_superuser, order=55,
))
register(NavItem(
    key="my_quizzes", label=_("My quizzes"), url=url_to("questions:my_quizzes"),
    visible=lambda u: bool(getattr(u, "school_class_id", None)), order=30,
))
