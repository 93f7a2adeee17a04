from django.contrib.auth import get_user_model
from django.db.models import Q
from wagtail.admin.forms import WagtailAdminModelForm
from wagtail.permissions import policy_registry

from lms.accounts.models import RoleAssignment
from lms.organisation.models import SubjectGroup
from lms.permissions import assignments
from repository import filetypes
from repository.models import ResourceDocument
from repository.permissions import TEACHING_ROLES, authoring_groups


class ResourceForm(WagtailAdminModelForm):
    """The author files a resource under one of their own subject groups; co-authors
    are teachers of any school of the district."""

    def __init__(self, *args, for_user=None, **kwargs):
        super().__init__(*args, for_user=for_user, **kwargs)
        if for_user is None or for_user.is_superuser:
            return
        groups = authoring_groups(for_user)
        if self.instance.pk and self.instance.subject_group_id:
            groups.add(self.instance.subject_group_id)  # a reviewer editing keeps the group
        self.fields["subject_group"].queryset = SubjectGroup.objects.filter(pk__in=groups)
        # co-authors: teachers of the districts the user works in
        districts = {a.district_id for a in assignments(for_user) if a.district_id}
        teachers = RoleAssignment.objects.filter(role__in=TEACHING_ROLES, district__in=districts)
        self.fields["co_authors"].queryset = (
            get_user_model().objects.filter(pk__in=teachers.values("user")).exclude(pk=for_user.pk)
        )
        # The files the chooser offers (and those already attached): nobody attaches another
        # teacher's upload by its id, and then reads it as an author of the resource.
        choosable = policy_registry.get_by_type(ResourceDocument).instances_user_has_any_permission_for(
            for_user, ["choose"]
        )
        attached = [f.document_id for f in self.instance.files.all() if f.document_id]
        documents = ResourceDocument.objects.filter(Q(pk__in=choosable.values("pk")) | Q(pk__in=attached))
        files = self.formsets["files"]
        for form in [*files.forms, files.empty_form]:
            form.fields["document"].queryset = documents

    def clean(self):
        cleaned = super().clean()
        kind = cleaned.get("kind")
        files = self.formsets["files"]
        if kind in filetypes.KINDS and files.is_valid():
            for form in files.forms:
                document = getattr(form, "cleaned_data", {}).get("document")
                if document is None or form.cleaned_data.get("DELETE"):
                    continue
                problem = filetypes.problem_with(document, kind)
                if problem:
                    form.add_error("document", problem)
        return cleaned

    def is_valid(self):
        # Errors added to the file forms in clean() must fail the whole form.
        valid = super().is_valid()
        return valid and all(not f.errors for f in self.formsets["files"].forms)
