"""The forms applicants fill. Each call kind has one; answers are stored as JSON on the application."""

from __future__ import annotations

from datetime import date

from django import forms
from django.utils.translation import gettext_lazy as _

from network.documents import validate_upload
from network.forms import ModelMultipleChoiceField
from network.models import Member
from network.models import Theme

LONG_TEXT = 5000
SHORT_TEXT = 250


def textarea(label, *, help_text="", required=True, max_length=LONG_TEXT, rows=5):
    return forms.CharField(
        label=label, help_text=help_text, required=required, max_length=max_length,
        widget=forms.Textarea(attrs={"rows": rows, "maxlength": max_length}),
    )


class ApplicationForm(forms.Form):
    """What every application has; kinds add their own questions."""

    title = forms.CharField(label=_("Title"), max_length=SHORT_TEXT)
    summary = textarea(_("Summary"), help_text=_("A few lines that explain the proposal."), max_length=2000, rows=4)

    # Which answers are shown first in lists and PDFs.
    headline_fields: tuple[str, ...] = ("title",)

    def __init__(self, *args, call=None, **kwargs):
        self.call = call
        super().__init__(*args, **kwargs)
        if "themes" in self.fields and call is not None and call.pk:
            call_themes = list(call.themes.all())
            if call_themes:
                self.fields["themes"].queryset = Theme.objects.filter(pk__in=[t.pk for t in call_themes])

    def answers(self) -> dict:
        """cleaned_data as JSON-ready values."""
        out = {}
        for name, value in self.cleaned_data.items():
            if isinstance(value, date):
                value = value.isoformat()
            elif hasattr(value, "values_list"):
                value = list(value.values_list("slug", flat=True))
            elif isinstance(value, Member | Theme):
                value = value.slug
            out[name] = value
        return out

    @classmethod
    def initial_from(cls, answers: dict) -> dict:
        return dict(answers or {})


class ThemesField(ModelMultipleChoiceField):
    def __init__(self, **kwargs):
        super().__init__(
            queryset=Theme.objects.order_by("name"), to_field_name="slug", required=kwargs.pop("required", False),
            widget=forms.CheckboxSelectMultiple, **kwargs,
        )

    def label_from_instance(self, obj):
        return obj.label


class MicrorredForm(ApplicationForm):
    themes = ThemesField(label=_("Themes your city wants to work on"))
    challenge = textarea(_("The challenge your city faces"))
    experience = textarea(_("What your city can share with others"), required=False)
    technician_name = forms.CharField(label=_("Technician responsible for the theme"), max_length=150)
    technician_email = forms.EmailField(label=_("Their e-mail address"))


class MentorshipForm(ApplicationForm):
    ROLE_CHOICES = [("mentee", _("We want to be mentored")), ("mentor", _("We offer to mentor another city"))]
    role = forms.ChoiceField(label=_("Your city's role"), choices=ROLE_CHOICES, widget=forms.RadioSelect)
    themes = ThemesField(label=_("Theme of the mentorship"), required=True)
    objectives = textarea(_("Objectives"))


class WebinarProposalForm(ApplicationForm):
    practice_summary = textarea(_("The good practice you would present"))
    speakers = forms.CharField(label=_("Speakers (names and positions)"), max_length=500)
    preferred_month = forms.DateField(
        label=_("Preferred month"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )


class AdhocTrainingForm(ApplicationForm):
    institution = forms.CharField(label=_("Institution"), max_length=200)
    participants = forms.IntegerField(label=_("Expected participants"), min_value=1, max_value=5000)
    needs = textarea(_("Training needs"))


class EnrolmentForm(ApplicationForm):
    position = forms.CharField(label=_("Your position"), max_length=200)
    motivation = textarea(_("Why you want to take this course"))
    scholarship = forms.BooleanField(
        label=_("I ask for a full scholarship covering the whole fee (people from active members only)"),
        required=False,
    )


class CongressHostForm(ApplicationForm):
    proposed_dates = forms.CharField(label=_("Proposed dates"), max_length=200)
    first_day = forms.DateField(label=_("First day of the congress"), required=False,
                                widget=forms.DateInput(attrs={"type": "date"}))
    venue = forms.CharField(label=_("Venue"), max_length=250)
    capacity = forms.IntegerField(label=_("Capacity of the main room"), min_value=50, max_value=20000)
    support = textarea(_("What the city offers (venues, transport, funding)"))


class SeminarHostForm(ApplicationForm):
    """A member city offers to host the in-person seminar of the annual specialization (campus)."""

    seminar_starts_on = forms.DateField(label=_("Proposed first day"), widget=forms.DateInput(attrs={"type": "date"}))
    seminar_ends_on = forms.DateField(label=_("Proposed last day"), widget=forms.DateInput(attrs={"type": "date"}))
    venue = forms.CharField(label=_("Venue"), max_length=250)
    support = textarea(_("What the city offers (venues, visits, local transport)"))

    def clean(self):
        cleaned = super().clean()
        starts, ends = cleaned.get("seminar_starts_on"), cleaned.get("seminar_ends_on")
        if starts and ends and ends < starts:
            self.add_error("seminar_ends_on", _("The last day cannot be before the first day."))
        return cleaned


class CongressExperienceForm(ApplicationForm):
    themes = ThemesField(label=_("Themes"), required=True)
    started_year = forms.IntegerField(label=_("Year the experience started"), min_value=1950, max_value=2100)
    results = textarea(_("Results and how they were measured"))


class PrizeForm(ApplicationForm):
    impact = textarea(_("Impact on inclusion and social cohesion"))
    partners = forms.CharField(label=_("Partners"), max_length=500, required=False)


class PairingForm(ApplicationForm):
    partner_city = forms.CharField(label=_("Proposed partner city"), max_length=200)
    themes = ThemesField(label=_("Themes of the cooperation"), required=True)
    objectives = textarea(_("Objectives of the joint roadmap"))
    group_of_cities = forms.BooleanField(
        label=_("We apply as a group of cities represented by our municipality"), required=False
    )


class FundingSupportForm(ApplicationForm):
    funder = forms.CharField(label=_("Funder and programme"), max_length=250)
    funder_deadline = forms.DateField(label=_("The funder's deadline"), widget=forms.DateInput(attrs={"type": "date"}))
    support_needed = textarea(_("Support you need from the secretariat"))


class DocumentForm(forms.Form):
    file = forms.FileField(
        label=_("Add a document"),
        help_text=_("PDF, Word (DOCX), OpenDocument (ODT) or an image (PNG, JPEG); up to 10 MB."),
    )

    def clean_file(self):
        upload = self.cleaned_data["file"]
        self.cleaned_data["content_type"] = validate_upload(upload)
        return upload


class ReturnForm(forms.Form):
    comment = forms.CharField(
        label=_("What should be changed"), max_length=2000, widget=forms.Textarea(attrs={"rows": 4})
    )


class AccessCodeForm(forms.Form):
    code = forms.CharField(label=_("Access code"), max_length=32)
