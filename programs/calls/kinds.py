"""The kind registry: each call kind maps to its form. Adding a kind is one form and one entry."""

from __future__ import annotations

from dataclasses import dataclass

from network.registry import Registry

from . import forms
from .enums import CallKind


@dataclass(frozen=True)
class KindSpec:
    kind: str
    form_class: type[forms.ApplicationForm]


REGISTRY: Registry[KindSpec] = Registry("call kind")


def register(kind: str, form_class: type[forms.ApplicationForm]) -> None:
    REGISTRY.register(str(kind), KindSpec(kind=kind, form_class=form_class))


def spec_for(kind: str) -> KindSpec:
    return REGISTRY.get(kind) or KindSpec(kind=kind, form_class=forms.ApplicationForm)


register(CallKind.MICRORRED, forms.MicrorredForm)
register(CallKind.MENTORSHIP, forms.MentorshipForm)
register(CallKind.WEBINAR_PROPOSAL, forms.WebinarProposalForm)
register(CallKind.ADHOC_TRAINING, forms.AdhocTrainingForm)
register(CallKind.COURSE_ENROLMENT, forms.EnrolmentForm)
register(CallKind.SCHOLARSHIP, forms.EnrolmentForm)
register(CallKind.CONGRESS_HOST, forms.CongressHostForm)
register(CallKind.CONGRESS_EXPERIENCE, forms.CongressExperienceForm)
register(CallKind.PRIZE, forms.PrizeForm)
register(CallKind.PAIRING, forms.PairingForm)
register(CallKind.FUNDING_SUPPORT, forms.FundingSupportForm)
register(CallKind.SEMINAR_HOST, forms.SeminarHostForm)
