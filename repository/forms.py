from django.db.models import Q
from wagtail.admin.forms import WagtailAdminModelForm
from wagtail.permissions import policy_registry

from lms.organisation.models import SubjectGroup
from repository import filetypes
from repository.models import ResourceDocument
from repository.selectors import co_author_candidates, filing_groups


class ResourceForm(WagtailAdminModelForm):
    """The author files a resource under one of their own subject groups; co-authors
    are teachers of any school of the district."""

    def __init__(self, *args, for_user=None, **kwargs):
        super().__init__(*args, for_user=for_user, **kwargs)
        if for_user is None or for_user.is_superuser:
            return
        self.fields["subject_group"].queryset = SubjectGroup.objects.filter(
            pk__in=filing_groups(user=for_user, resource=self.instance)
        )
        self.fields["co_authors"].queryset = co_author_candidates(
            user=for_user, keep=self.instance.co_authors.all() if self.instance.pk else ()
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
