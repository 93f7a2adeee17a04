"""The teacher's form on the site ("Đăng học liệu"): the resource's metadata, limited to
what the teacher may choose, with the single choice preselected. Files arrive one by one
(authoring_views.file_upload) and are posted back as the ids of the teacher's own uploads;
without JavaScript they come with the form itself (`new_files`)."""

from django import forms
from django.utils.translation import gettext_lazy as _

from lms.organisation.models import Level, SchoolYear, SubjectGroup
from lms.uploads.selectors import completed_upload
from repository.authoring import PACKAGE_UPLOAD_PURPOSE
from repository import filetypes
from repository.models import Grade, Resource, Subject, TextbookSeries
from repository.selectors import co_author_candidates, documents_in_hand, filing_groups

MAX_FILES = 20
MAX_KEYWORDS = 20


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    widget = MultipleFileInput

    def clean(self, data, initial=None):
        files = data if isinstance(data, (list, tuple)) else [data] if data else []
        return [super(MultipleFileField, self).clean(f, initial) for f in files]


class DataSelect(forms.Select):
    """Options carry the data the page filters on (a grade's level, a subject's levels)."""

    option_data = staticmethod(lambda obj: {})

    def create_option(self, name, value, label, selected, index, subindex=None, attrs=None):
        option = super().create_option(name, value, label, selected, index, subindex, attrs)
        instance = getattr(value, "instance", None)
        if instance is not None:
            option["attrs"].update(self.option_data(instance))
        return option


class ResourceSiteForm(forms.ModelForm):
    keywords_text = forms.CharField(
        label=_("Keywords"), required=False, max_length=500,
        help_text=_("Separated by commas, e.g. phân số, so sánh phân số."),
    )
    documents = forms.ModelMultipleChoiceField(
        queryset=None, required=False, widget=forms.MultipleHiddenInput,
        error_messages={"invalid_choice": _("One of the files is not yours to attach; upload it again.")},
    )
    new_files = MultipleFileField(label=_("Files"), required=False)
    # An e-learning lecture's package: the id of the teacher's finished upload (sent in
    # parts, lms.uploads), or without JavaScript the zip itself (`package_file`, which the
    # view turns into such an upload first).
    package = forms.CharField(required=False, widget=forms.HiddenInput, max_length=64)
    package_file = forms.FileField(label=_("E-learning package (.zip)"), required=False)

    class Meta:
        model = Resource
        fields = [
            "kind", "title", "description", "level", "grade", "subject", "textbook_series", "topic",
            "school_year", "subject_group", "co_authors", "licence", "visibility",
        ]
        widgets = {
            "description": forms.Textarea(attrs={"rows": 4}),
            "grade": DataSelect, "subject": DataSelect,
            "licence": forms.RadioSelect, "visibility": forms.RadioSelect,
        }

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user
        groups = SubjectGroup.objects.filter(pk__in=filing_groups(user=user, resource=self.instance))
        groups = list(groups.order_by("school__name", "name"))
        group_field = self.fields["subject_group"]
        group_field.queryset = SubjectGroup.objects.filter(pk__in=[g.pk for g in groups])
        if len({g.school_id for g in groups}) == 1:
            group_field.label_from_instance = lambda g: g.name
        # The levels of the teacher's schools; their grades and the subjects taught there.
        levels = Level.objects.filter(schools__subject_groups__in=[g.pk for g in groups]).distinct()
        if self.instance.pk and self.instance.level_id:
            levels = Level.objects.filter(pk__in={*levels.values_list("pk", flat=True), self.instance.level_id})
        self.fields["level"].queryset = levels
        self.fields["grade"].queryset = Grade.objects.filter(level__in=levels).order_by("sort_order")
        self.fields["grade"].widget.option_data = lambda g: {"data-level": g.level_id}
        subjects = Subject.objects.filter(levels__in=levels).distinct().prefetch_related("levels")
        self.fields["subject"].queryset = subjects
        self.fields["subject"].widget.option_data = lambda s: {
            "data-levels": " ".join(str(level.pk) for level in s.levels.all())
        }
        self.fields["textbook_series"].queryset = TextbookSeries.objects.all()
        self.fields["school_year"].queryset = SchoolYear.objects.order_by("-start_year")
        for name in ("level", "grade", "subject"):
            self.fields[name].error_messages["invalid_choice"] = _(
                "Choose one of the school levels of your schools, and a grade and a subject of that level."
            )
        self.fields["co_authors"].queryset = co_author_candidates(
            user=user, keep=self.instance.co_authors.all() if self.instance.pk else ()
        )
        self.fields["co_authors"].help_text = _("Type a name to find a teacher of any school of the district.")
        self.fields["documents"].queryset = documents_in_hand(user=user)
        self.fields["new_files"].widget.attrs["multiple"] = True
        for name in ("level", "subject_group", "school_year"):
            field = self.fields[name]
            field.empty_label = None if len(field.queryset) == 1 else field.empty_label
        if not self.is_bound and not self.instance.pk:
            current = SchoolYear.objects.filter(is_current=True).first()
            if current:
                self.initial["school_year"] = current.pk
            for name in ("level", "subject_group"):
                only = list(self.fields[name].queryset[:2])
                if len(only) == 1:
                    self.initial[name] = only[0].pk
        if self.instance.pk and not self.is_bound:
            self.initial["keywords_text"] = ", ".join(sorted(t.name for t in self.instance.keywords.all()))
            self.initial["documents"] = [f.document_id for f in self.instance.files.all()]

    def clean_keywords_text(self):
        words = []
        for word in self.cleaned_data["keywords_text"].split(","):
            word = " ".join(word.split())[:100]
            if word and word.lower() not in {w.lower() for w in words}:
                words.append(word)
        if len(words) > MAX_KEYWORDS:
            raise forms.ValidationError(_("At most %(max)d keywords.") % {"max": MAX_KEYWORDS})
        return words

    def clean_documents(self):
        chosen = {d.pk: d for d in self.cleaned_data["documents"]}
        # Keep the order the page posted them in.
        ordered = [chosen[int(pk)] for pk in dict.fromkeys(self.data.getlist("documents")) if int(pk) in chosen]
        if len(ordered) > MAX_FILES:
            raise forms.ValidationError(_("At most %(max)d files per resource.") % {"max": MAX_FILES})
        return ordered

    def clean_package(self):
        value = self.cleaned_data["package"].strip()
        if not value:
            return None
        upload = completed_upload(self.user, value, purpose=PACKAGE_UPLOAD_PURPOSE)
        if upload is None:
            raise forms.ValidationError(_("The package's upload is not finished or has expired: choose the file again."))
        return upload

    def clean(self):
        cleaned = super().clean()
        kind = cleaned.get("kind")
        if filetypes.holds_package(kind):
            cleaned["documents"] = []  # a lecture holds its package, not files
        else:
            cleaned["package"] = None
        if kind in filetypes.KINDS:
            problems = [p for p in (filetypes.problem_with(d, kind) for d in cleaned.get("documents") or []) if p]
            if problems:
                self.add_error("documents", problems)
        return cleaned
