"""The teacher's forms of the question bank: a new bank, a file to import."""

from django import forms
from django.utils.translation import gettext_lazy as _

from lms.organisation.models import Level, SubjectGroup
from repository.models import Grade, QuestionBank, Subject, TextbookSeries
from repository.permissions import authoring_groups
from repository.questions.services import FORMATS, MAX_IMPORT_BYTES

FORMAT_LABELS = {
    "auto": _("Find out from the file"), "docx": _("Word (.docx)"), "xlsx": _("Excel (.xlsx, .xls)"),
    "gift": _("Moodle GIFT"), "moodlexml": _("Moodle XML"), "aiken": _("Aiken"), "qti": _("IMS QTI 2.1"),
}


class BankForm(forms.ModelForm):
    class Meta:
        model = QuestionBank
        fields = ["subject_group", "name", "level", "subject", "grade", "textbook_series", "description"]

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        groups = SubjectGroup.objects.filter(pk__in=authoring_groups(user)).select_related("school")
        self.fields["subject_group"].queryset = groups
        self.fields["subject_group"].label_from_instance = lambda g: f"{g.name} – {g.school.name}"
        if len(groups) == 1:
            self.fields["subject_group"].initial = groups[0].pk
        levels = Level.objects.filter(schools__subject_groups__in=groups).distinct()
        self.fields["level"].queryset = levels
        if len(levels) == 1:
            self.fields["level"].initial = levels[0].pk
        self.fields["subject"].queryset = Subject.objects.filter(levels__in=levels).distinct()
        self.fields["grade"].queryset = Grade.objects.filter(level__in=levels)
        self.fields["textbook_series"].queryset = TextbookSeries.objects.all()
        self.fields["description"].widget.attrs["rows"] = 2

    def clean(self):
        data = super().clean()
        level, grade, subject = data.get("level"), data.get("grade"), data.get("subject")
        if level and grade and grade.level_id != level.pk:
            self.add_error("grade", _("This grade belongs to another school level."))
        if level and subject and not subject.levels.filter(pk=level.pk).exists():
            self.add_error("subject", _("This subject is not taught at this school level."))
        return data


class ImportForm(forms.Form):
    """The help text names the size limit at render time (in the chosen language)."""

    file = forms.FileField(label=_("File of questions"))
    fmt = forms.ChoiceField(label=_("Format"), choices=[(f, FORMAT_LABELS[f]) for f in FORMATS], initial="auto")

    def __init__(self, *args, **kwargs):
        from django.utils.translation import gettext

        super().__init__(*args, **kwargs)
        self.fields["file"].help_text = gettext("Word, Excel, GIFT, Moodle XML, Aiken or QTI; at most %(mb)d MB.") \
            % {"mb": MAX_IMPORT_BYTES // 2**20}
