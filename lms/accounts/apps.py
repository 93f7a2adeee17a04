from django.apps import AppConfig
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


class AccountsConfig(AppConfig):
    name = "lms.accounts"
    label = "accounts"
    verbose_name = _("People")

    def ready(self):
        from lms.accounts import navigation, signals  # noqa: F401 - registers menu, receivers
        from lms.accounts.signals import groups_after_migrate
        from lms.permissions import PLATFORM_RULES, register_rules

        register_rules(PLATFORM_RULES)

        post_migrate.connect(groups_after_migrate, sender=self, dispatch_uid="lms_role_groups")
