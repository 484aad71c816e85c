"""Forms of the knowledge area: webinar registration, a city's practice and its files."""

from __future__ import annotations

from django import forms
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django_countries import countries
from django_countries.fields import LazyTypedChoiceField

from network.documents import validate_upload
from network.forms import ModelMultipleChoiceField
from network.models import Member
from network.models import SustainableDevelopmentGoal
from programs.calls.forms import ThemesField
from programs.calls.forms import textarea
from programs.cooperation.models import Mentorship
from programs.cooperation.models import Microrred

from .enums import WebinarState
from .models import Webinar


class WebinarRegistrationForm(forms.Form):
    name = forms.CharField(label=_("Full name"), max_length=150)
    email = forms.EmailField(label=_("E-mail address"),
                             help_text=_("We send the confirmation, the link and a reminder the day before."))
    institution = forms.CharField(label=_("Institution"), max_length=200)
    country = LazyTypedChoiceField(label=_("Country"), choices=[("", "---------"), *countries])
    # A field people do not see (hidden with CSS): robots fill it, and their registration is dropped.
    website = forms.CharField(label=_("Leave this field empty"), required=False)

    def is_robot(self) -> bool:
        return bool(self.cleaned_data.get("website"))


class SdgsField(ModelMultipleChoiceField):
    def __init__(self, **kwargs):
        super().__init__(queryset=SustainableDevelopmentGoal.objects.order_by("number"), required=False,
                         widget=forms.CheckboxSelectMultiple, **kwargs)


class PracticeForm(forms.Form):
    title = forms.CharField(label=_("Title"), max_length=250)
    summary = textarea(_("Summary"), help_text=_("Two or three sentences shown in the bank's list."),
                       max_length=1000, rows=3)
    body = textarea(_("The practice"), help_text=_("The problem, what the city did, with whom, results and "
                                                    "lessons for other cities."), required=False,
                    max_length=20000, rows=12)
    year = forms.IntegerField(label=_("Year it started"), min_value=1950, max_value=2100)
    themes = ThemesField(label=_("Themes"), required=True)
    sdgs = SdgsField(label=_("Sustainable Development Goals"))
    microrred = forms.ModelChoiceField(label=_("Presented in a microrred"), queryset=Microrred.objects.none(),
                                       required=False)
    webinar = forms.ModelChoiceField(label=_("Presented in a webinar"), queryset=Webinar.objects.none(),
                                     required=False)
    mentorship = forms.ModelChoiceField(label=_("Shared in a mentorship"), queryset=Mentorship.objects.none(),
                                        required=False)

    def __init__(self, *args, member: Member, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["year"].initial = timezone.localdate().year
        self.fields["microrred"].queryset = Microrred.objects.filter(members=member).order_by("-year")
        self.fields["webinar"].queryset = Webinar.objects.filter(
            presenting_member=member).exclude(state=WebinarState.CANCELLED).order_by("-starts_at")
        self.fields["mentorship"].queryset = Mentorship.objects.filter(
            Q(mentor=member) | Q(mentee=member)).order_by("-created_at")
        for name in ("microrred", "webinar", "mentorship"):
            if not self.fields[name].queryset.exists():
                del self.fields[name]


class PracticeFileForm(forms.Form):
    file = forms.FileField(
        label=_("Add an image or a document"),
        help_text=_("Images (PNG, JPEG) are shown on the practice's page; documents (PDF, DOCX, ODT) are "
                    "offered for download. Up to 10 MB."),
    )
    caption = forms.CharField(label=_("Caption"), max_length=200, required=False)

    def clean_file(self):
        upload = self.cleaned_data["file"]
        validate_upload(upload)
        return upload


class SendBackForm(forms.Form):
    comment = forms.CharField(label=_("What the city should change"), max_length=2000,
                              widget=forms.Textarea(attrs={"rows": 4}))
