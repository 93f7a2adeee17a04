from wagtail.admin.forms import WagtailAdminModelForm


class OrganisationAdminForm(WagtailAdminModelForm):
    """Offers in its choosers only the units the editing officer manages."""

    def __init__(self, *args, for_user=None, **kwargs):
        super().__init__(*args, for_user=for_user, **kwargs)
        if for_user is None:
            return
        from lms.permissions import organisation_queryset  # permissions imports models

        for field in self.fields.values():
            queryset = getattr(field, "queryset", None)
            if queryset is not None and queryset.model.__module__ == "lms.organisation.models":
                field.queryset = organisation_queryset(for_user, queryset.model) & queryset
