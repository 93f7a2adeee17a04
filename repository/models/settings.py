"""Each district's choices for its repository, edited by its own officers."""

from django import forms
from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail.admin.forms import WagtailAdminModelForm
from wagtail.admin.panels import FieldPanel

from lms.organisation.models import District
from repository import filetypes


class ReviewSettingsForm(WagtailAdminModelForm):
    district_review = forms.MultipleChoiceField(
        label=_("Kinds that the district also approves"),
        help_text=_("After the subject group approves, district officers approve these kinds too."),
        choices=filetypes.KIND_CHOICES, required=False, widget=forms.CheckboxSelectMultiple,
    )

    def __init__(self, *args, for_user=None, **kwargs):
        super().__init__(*args, for_user=for_user, **kwargs)
        self.initial["district_review"] = sorted(self.instance.district_kinds())
        if for_user is not None and not for_user.is_superuser and "district" in self.fields:
            from lms.permissions import officer_districts  # the form is built after apps load

            self.fields["district"].queryset = District.objects.filter(pk__in=officer_districts(for_user))

    def save(self, commit=True):
        self.instance.district_review_kinds = ",".join(self.cleaned_data["district_review"])
        return super().save(commit=commit)


class ReviewSettings(models.Model):
    """Which kinds of content also go through the district's own approval; one row per
    district. A district without a row has no district stage."""

    district = models.OneToOneField(
        District, on_delete=models.CASCADE, related_name="review_settings", verbose_name=_("district")
    )
    district_review_kinds = models.CharField(max_length=200, blank=True, editable=False)

    base_form_class = ReviewSettingsForm
    panels = [FieldPanel("district", widget=forms.Select), FieldPanel("district_review")]

    @classmethod
    def kinds_for(cls, district_id) -> set[str]:
        row = cls.objects.filter(district_id=district_id).first()
        return row.district_kinds() if row else set()

    def district_kinds(self) -> set[str]:
        return {code for code in self.district_review_kinds.split(",") if code}

    def __str__(self):
        return str(_("Review settings of %(district)s") % {"district": self.district})

    class Meta:
        verbose_name = _("review settings")
        verbose_name_plural = _("review settings")
