"""The header's "Notices" entry, with how many are unread."""

from django.utils.translation import gettext_lazy as _

from lms.core.navigation import NavItem, register, url_to
from lms.notices import selectors

register(NavItem(
    key="notices", label=_("Notices"), url=url_to("notices:list"), visible=lambda u: True, order=40,
    count=lambda u: selectors.unread_count(user=u),
))
