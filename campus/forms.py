"""Forms of the campus pages (the enrolment's answers are the calls engine's EnrolmentForm)."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from network.documents import validate_upload
from network.forms import ModelMultipleChoiceField
from network.models import Member
from network.models import Theme
from programs.calls.forms import EnrolmentForm

from .models import Edition


class EnrolForm(forms.Form):
    member = forms.ModelChoiceField(label=_("You enrol as part of"), queryset=Member.objects.none(),
                                    required=False, empty_label=None)
    position = EnrolmentForm.base_fields["position"]
    motivation = EnrolmentForm.base_fields["motivation"]
    scholarship = EnrolmentForm.base_fields["scholarship"]

    def __init__(self, *args, members=(), **kwargs):
        super().__init__(*args, **kwargs)
        members = list(members)
        if len(members) > 1:
            self.fields["member"].queryset = Member.objects.filter(pk__in=[m.pk for m in members]).order_by("name")
            self.fields["member"].required = True
        else:
            del self.fields["member"]


class FinalProjectForm(forms.Form):
    title = forms.CharField(label=_("Title of the strategy"), max_length=250)
    city = forms.CharField(label=_("City"), max_length=150)
    summary = forms.CharField(label=_("Summary"), max_length=4000, widget=forms.Textarea(attrs={"rows": 6}))
    themes = ModelMultipleChoiceField(label=_("Themes"), queryset=Theme.objects.order_by("name"),
                                            required=False, widget=forms.CheckboxSelectMultiple)
    document = forms.FileField(label=_("Document"), required=False,
                               help_text=_("PDF, Word (DOCX) or OpenDocument (ODT); up to 10 MB."))

    def clean_document(self):
        upload = self.cleaned_data.get("document")
        if upload:
            validate_upload(upload)
        return upload


class VerifyForm(forms.Form):
    code = forms.CharField(label=_("Verification code"), max_length=40,
                           help_text=_("As printed on the certificate, e.g. ABCD-EFGH-JKLM-NPQRST."))


class StrategyFilterForm(forms.Form):
    q = forms.CharField(label=_("Search"), required=False, max_length=100)
    member = forms.ModelChoiceField(label=_("City or entity"), required=False, to_field_name="slug",
                                    queryset=Member.objects.filter(strategies__isnull=False).distinct()
                                    .order_by("name"))
    edition = forms.ModelChoiceField(label=_("Edition"), required=False,
                                     queryset=Edition.objects.filter(projects__isnull=False).distinct()
                                     .select_related("course").order_by("-number"))
    theme = forms.ModelChoiceField(label=_("Theme"), required=False, to_field_name="slug",
                                   queryset=Theme.objects.filter(strategies__isnull=False).distinct()
                                   .order_by("name"))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["edition"].label_from_instance = lambda e: f"{e.roman} ({e.year})"
        self.fields["theme"].label_from_instance = lambda t: t.label


class GradeForm(forms.Form):
    grade = forms.ChoiceField(label=_("Grade"), choices=[("pass", _("Pass")), ("fail", _("Fail"))],
                              widget=forms.RadioSelect)
    feedback = forms.CharField(label=_("Feedback"), required=False, widget=forms.Textarea(attrs={"rows": 4}))


class ScholarshipDecisionForm(forms.Form):
    grant = forms.TypedChoiceField(label=_("Decision"), coerce=lambda v: v == "1", widget=forms.RadioSelect,
                                   choices=[("1", _("Grant the full scholarship")), ("0", _("Refuse it"))])
    reason = forms.CharField(label=_("Reason"), widget=forms.Textarea(attrs={"rows": 3}), max_length=2000)
