"""Keep role groups in step with role assignments, however they are made
(services, the admin's role-assignment snippets, the shell)."""

from django.db.models.signals import post_delete, post_migrate, post_save
from django.dispatch import receiver

from lms.accounts.models import RoleAssignment
from lms.accounts.services import role_groups_ensure, role_groups_sync


@receiver([post_save, post_delete], sender=RoleAssignment)
def _role_changed(sender, instance, **kwargs):
    if instance.user_id:
        from lms.permissions import forget_assignments

        forget_assignments(instance.user)
        role_groups_sync(instance.user)


def groups_after_migrate(sender, **kwargs):
    # Permissions are created by auth's own post_migrate receiver, which may run after
    # this one; create them first so the groups get them on the very first migrate.
    from django.apps import apps
    from django.contrib.auth.management import create_permissions

    for app_config in apps.get_app_configs():
        create_permissions(app_config, verbosity=0, using=kwargs.get("using", "default"))
    role_groups_ensure()
