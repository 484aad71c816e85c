"""Forms of the portal: registering delegates, their logistics, and answering a questionnaire."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from network.models import Person

from .enums import QuestionKind
from .models import Question
from .models import Registration

DATE = forms.DateInput(attrs={"type": "date"})


class CoveredChoice:
    AUTO = "auto"
    NO = "no"
    choices = [
        (AUTO, _("Use a covered place if one is left")),
        (NO, _("Register without a covered place")),
    ]


class LogisticsForm(forms.ModelForm):
    class Meta:
        model = Registration
        fields = ["arrival_on", "departure_on", "dietary_needs", "accessibility_needs"]
        widgets = {"arrival_on": DATE, "departure_on": DATE}
        help_texts = {
            "dietary_needs": _("E.g. vegetarian, no gluten, allergies."),
            "accessibility_needs": _("E.g. wheelchair access, sign-language interpretation."),
        }

    def clean(self):
        data = super().clean()
        arrival, departure = data.get("arrival_on"), data.get("departure_on")
        if arrival and departure and departure < arrival:
            self.add_error("departure_on", _("The departure cannot be before the arrival."))
        return data


class RegisterForm(LogisticsForm):
    person = forms.ModelChoiceField(label=_("Delegate"), queryset=Person.objects.none())
    place = forms.ChoiceField(label=_("Covered place"), choices=CoveredChoice.choices, initial=CoveredChoice.AUTO,
                              widget=forms.RadioSelect)

    class Meta(LogisticsForm.Meta):
        fields = ["person", "place", *LogisticsForm.Meta.fields]

    def __init__(self, *args, people=None, offers_cover: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["person"].queryset = people
        self.fields["person"].label_from_instance = lambda p: f"{p.full_name} · {p.email}" if p.email else p.full_name
        if people is not None and len(people) == 1:
            self.fields["person"].initial = people[0].pk
        if not offers_cover:
            del self.fields["place"]


class SurveyForm(forms.Form):
    """One field per question; values keyed by question id for the service."""

    def __init__(self, *args, questions: list[Question], **kwargs):
        super().__init__(*args, **kwargs)
        self.questions = questions
        for question in questions:
            name = f"q{question.pk}"
            common = {"label": question.text, "required": question.required}
            if question.kind == QuestionKind.RATING:
                choices = [(str(v), str(v)) for v in range(1, question.scale_max + 1)]
                field = forms.ChoiceField(choices=choices, widget=forms.RadioSelect(attrs={"class": "rating"}),
                                          help_text=_("1 = very poor, %(max)s = excellent") % {"max": question.scale_max},
                                          **common)
            elif question.kind == QuestionKind.SINGLE:
                field = forms.ChoiceField(choices=[(c, c) for c in question.choices], widget=forms.RadioSelect,
                                          **common)
            elif question.kind == QuestionKind.MULTIPLE:
                field = forms.MultipleChoiceField(choices=[(c, c) for c in question.choices],
                                                  widget=forms.CheckboxSelectMultiple, **common)
            else:
                field = forms.CharField(widget=forms.Textarea(attrs={"rows": 4}), max_length=5000, **common)
            self.fields[name] = field

    def answers(self) -> dict[int, object]:
        return {q.pk: self.cleaned_data.get(f"q{q.pk}") for q in self.questions}
