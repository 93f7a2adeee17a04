from django.utils.translation import gettext_lazy as _

from lms.core.navigation import NavItem, register, url_to

register(NavItem(key="me", label=_("My page"), url=url_to("home:me"), visible=lambda u: True, order=10))
