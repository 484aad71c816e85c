from io import StringIO

import pytest
from django.core.management import call_command

from programs.calls.enums import ApplicationState
from programs.calls.enums import CallKind
from programs.calls.enums import CallState
from programs.calls.models import Application
from programs.calls.models import Call

pytestmark = pytest.mark.django_db


def test_demo_calls_come_from_the_seeds_and_load_once():
    call_command("load_demo", stdout=StringIO())
    counts = (Call.objects.count(), Application.objects.count())
    call_command("load_demo", stdout=StringIO())
    assert (Call.objects.count(), Application.objects.count()) == counts
    kinds = set(Call.objects.values_list("kind", flat=True))
    assert {CallKind.MICRORRED, CallKind.MENTORSHIP, CallKind.WEBINAR_PROPOSAL, CallKind.SCHOLARSHIP,
            CallKind.CONGRESS_EXPERIENCE, CallKind.PAIRING} <= kinds
    states = {call.slug: call.state for call in Call.objects.all()}
    assert states["programa-mentoria"] == CallState.OPEN and Call.objects.get(slug="programa-mentoria").closes_at is None
    assert states["microrredes-2024"] == CallState.RESOLVED
    experience = Call.objects.get(kind=CallKind.CONGRESS_EXPERIENCE)
    assert (experience.max_per_member, experience.requires_endorsement) == (3, True)
    assert Call.objects.get(kind=CallKind.PAIRING).population_min == 100_000
    accepted = set(Application.objects.filter(call__slug="microrredes-2024", state=ApplicationState.ACCEPTED)
                   .values_list("member__name", flat=True))
    assert {"Pasto", "Riobamba", "Rosario", "São Paulo", "Medellín", "Quito", "Tunja", "Zaragoza"} <= accepted
    assert all(a.state_changes.exists() for a in Application.objects.all())
