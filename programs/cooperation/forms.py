"""Forms of the cooperation area (pages and staff views); they parse input, services decide."""

from __future__ import annotations

from datetime import time

from django import forms
from django.utils.translation import gettext_lazy as _

from network.models import Member
from network.models import Theme
from network.timezones import time_zone_choices

from .enums import AttendanceAnswer

DATE = forms.DateInput(attrs={"type": "date"})
TIME = forms.TimeInput(attrs={"type": "time"}, format="%H:%M")


class MicrorredIndexFilter(forms.Form):
    edition = forms.TypedChoiceField(label=_("Edition"), required=False, coerce=int, empty_value=None)
    theme = forms.ChoiceField(label=_("Theme"), required=False)

    def __init__(self, *args, editions=(), themes=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["edition"].choices = [("", _("All editions"))] + [
            (str(e), _("Edition %(edition)s (%(year)s)") % {"edition": e, "year": y}) for e, y in editions]
        self.fields["theme"].choices = [("", _("All themes"))] + [(t.slug, t.label) for t in themes]


class AttendanceForm(forms.Form):
    answer = forms.ChoiceField(label=_("Will your city attend?"), choices=[
        (AttendanceAnswer.CONFIRMED, AttendanceAnswer.CONFIRMED.label),
        (AttendanceAnswer.DECLINED, AttendanceAnswer.DECLINED.label),
    ])


class ReportForm(forms.Form):
    report = forms.CharField(label=_("Final report of your city"), max_length=10_000,
                             widget=forms.Textarea(attrs={"rows": 8}),
                             help_text=_("What the mentorship achieved, what worked and what you would change."))


# --- Staff views (admin) ------------------------------------------------------------------------
class FormMicrorredForm(forms.Form):
    """The details of a microrred formed from the selected accepted applications."""

    title = forms.CharField(label=_("Title"), max_length=200)
    theme = forms.ModelChoiceField(label=_("Theme"), queryset=Theme.objects.order_by("name"))
    edition = forms.IntegerField(label=_("Edition"), min_value=1, max_value=99)
    year = forms.IntegerField(label=_("Year"), min_value=2000, max_value=2100)
    starts_on = forms.DateField(label=_("Start date"), widget=DATE)
    duration_months = forms.IntegerField(label=_("Duration (months)"), min_value=1, max_value=24, initial=6)
    session_time = forms.TimeField(label=_("Session time"), initial=time(16, 0), widget=TIME)
    time_zone = forms.ChoiceField(label=_("Time zone of the session time"), initial="Europe/Madrid")
    online_link = forms.URLField(label=_("Online meeting link"), required=False)
    applications = forms.MultipleChoiceField(label=_("Accepted applications"), widget=forms.CheckboxSelectMultiple)

    def __init__(self, *args, application_choices=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["time_zone"].choices = time_zone_choices()
        self.fields["applications"].choices = application_choices


class MentorMatchForm(forms.Form):
    mentor = forms.ModelChoiceField(label=_("Mentor city"), queryset=Member.objects.none())
    comment = forms.CharField(label=_("Note for both cities"), required=False, max_length=2000,
                              widget=forms.Textarea(attrs={"rows": 3}))

    def __init__(self, *args, mentee=None, **kwargs):
        super().__init__(*args, **kwargs)
        qs = Member.objects.order_by("name")
        if mentee is not None:
            qs = qs.exclude(pk=mentee.pk)
        self.fields["mentor"].queryset = qs


class MicrorredCityForm(forms.Form):
    member = forms.ModelChoiceField(label=_("City"), queryset=Member.objects.order_by("name"))
    action = forms.ChoiceField(choices=[("add", _("Add")), ("remove", _("Remove"))], widget=forms.HiddenInput)
