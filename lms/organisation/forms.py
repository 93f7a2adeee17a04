from django.contrib.auth import get_user_model
from wagtail.admin.forms import WagtailAdminModelForm

from lms.permissions import organisation_queryset, people_managed_by


class OrganisationAdminForm(WagtailAdminModelForm):
    """Offers in its choosers only the units and people the editing officer manages.
    Set by the viewsets (lms/organisation/wagtail_hooks.py), not by the models, so that
    the models never import the permission rules."""

    def __init__(self, *args, for_user=None, **kwargs):
        super().__init__(*args, for_user=for_user, **kwargs)
        if for_user is None:
            return
        for field in self.fields.values():
            queryset = getattr(field, "queryset", None)
            if queryset is None:
                continue
            if queryset.model.__module__ == "lms.organisation.models":
                field.queryset = organisation_queryset(for_user, queryset.model) & queryset
            elif queryset.model is get_user_model():
                field.queryset = people_managed_by(for_user)
