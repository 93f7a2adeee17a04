"""The header's "My e-learning lectures" entry: for students, and for anyone who has
played a lecture as a learner (a teacher may too)."""

from django.utils.translation import pgettext_lazy

from lms.accounts.models import Role
from lms.core.navigation import NavItem, register, url_to
from lms.permissions import has_role


def _learns(user) -> bool:
    if has_role(user, Role.STUDENT) or user.school_class_id:  # no query: roles are read once per request
        return True
    cached = getattr(user, "_player_has_attempts", None)
    if cached is None:
        from lms.player.models import Attempt

        cached = user._player_has_attempts = Attempt.objects.filter(learner=user).exists()
    return cached


register(NavItem(
    key="my_learning", label=pgettext_lazy("e-learning report", "My e-learning lectures"), url=url_to("player:my_learning"),
    visible=_learns, order=15,
))
