"""The district's choices for its repository, edited by officers in the admin."""

from django import forms
from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail.admin.forms import WagtailAdminModelForm
from wagtail.admin.panels import FieldPanel
from wagtail.contrib.settings.models import BaseGenericSetting, register_setting

from repository import filetypes


class ReviewSettingsForm(WagtailAdminModelForm):
    district_review = forms.MultipleChoiceField(
        label=_("Kinds that the district also approves"),
        help_text=_("After the subject group approves, district officers approve these kinds too."),
        choices=filetypes.KIND_CHOICES, required=False, widget=forms.CheckboxSelectMultiple,
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.initial["district_review"] = self.instance.district_kinds()

    def save(self, commit=True):
        self.instance.district_review_kinds = ",".join(self.cleaned_data["district_review"])
        return super().save(commit=commit)


@register_setting(icon="tasks")
class ReviewSettings(BaseGenericSetting):
    district_review_kinds = models.CharField(max_length=200, blank=True, editable=False)

    base_form_class = ReviewSettingsForm
    panels = [FieldPanel("district_review")]

    def district_kinds(self) -> set[str]:
        return {code for code in self.district_review_kinds.split(",") if code}

    class Meta:
        verbose_name = _("review settings")
