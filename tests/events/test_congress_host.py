"""The accepted congress host candidacy creates or fills the congress, once."""

from datetime import date

import pytest

from events.enums import EventKind
from events.models import Event
from events.services.congress import congress_from_candidacy
from events.services.errors import NotACandidacy
from programs.calls.enums import ApplicationState
from programs.calls.enums import CallKind
from programs.calls.models import Application
from tests.factories import focal_point_of
from tests.programs.conftest import make_call  # noqa: F401

from .factories import EventFactory


def candidacy(call, member, state=ApplicationState.ACCEPTED, **data):
    user = focal_point_of(member)
    return Application.objects.create(
        call=call, reference=f"SEDE-{member.slug}", applicant=user, person=user.person, member=member, state=state,
        data={"title": "Zaragoza 2030", "venue": "Palacio de Congresos", "capacity": 900, **data})


def test_accepted_candidacy_creates_the_congress_once(make_call, zaragoza):  # noqa: F811
    EventFactory(congress=True, edition=25)
    call = make_call(kind=CallKind.CONGRESS_HOST)
    application = candidacy(call, zaragoza, first_day="2030-07-03")
    event = congress_from_candidacy(application=application)
    again = congress_from_candidacy(application=application)
    assert event.pk == again.pk
    assert (event.kind, event.edition, event.host_member, event.capacity) == (EventKind.CONGRESS, 26, zaragoza, 900)
    assert event.local_starts_at.date() == date(2030, 7, 3)
    assert event.local_ends_at.date() == date(2030, 7, 5)
    assert event.covered_places_per_member == 2
    assert Event.objects.filter(kind=EventKind.CONGRESS).count() == 2


def test_candidacy_fills_the_congress_staff_prepared(make_call, zaragoza):  # noqa: F811
    call = make_call(kind=CallKind.CONGRESS_HOST)
    prepared = EventFactory(congress=True, host_call=call, venue="", city="")
    event = congress_from_candidacy(application=candidacy(call, zaragoza))
    assert event.pk == prepared.pk
    assert (event.host_member, event.venue, event.city) == (zaragoza, "Palacio de Congresos", "Zaragoza")


@pytest.mark.parametrize("state", [ApplicationState.SUBMITTED, ApplicationState.REJECTED])
def test_only_accepted_candidacies_create_a_congress(make_call, zaragoza, state):  # noqa: F811
    call = make_call(kind=CallKind.CONGRESS_HOST)
    with pytest.raises(NotACandidacy):
        congress_from_candidacy(application=candidacy(call, zaragoza, state=state))
