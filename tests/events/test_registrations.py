"""Registrations: covered places per member, cancellation frees a place, every transition."""

import pytest
from django.core import mail

from events.enums import REGISTRATION_WORKFLOW
from events.enums import Actor
from events.enums import RegistrationState
from events.models import Registration
from events.services import registrations as services
from events.services.errors import AlreadyRegistered
from events.services.errors import CoveredPlacesTaken
from events.services.errors import EventFull
from events.services.errors import InvalidDates
from events.services.errors import NotCovered
from events.services.errors import RegistrationClosed
from network.errors import NotAllowed
from network.models import StateChange
from network.workflow import IllegalMove
from tests.factories import MemberFactory
from tests.factories import focal_point_of
from tests.factories import technician_of

from .factories import EventFactory

S = RegistrationState


def register(event, member, person, by, **kwargs):
    return services.registration_register(event=event, member=member, person=person, by=by, **kwargs)


def test_focal_point_registers_two_covered_and_a_third_uncovered(congress, quito, focal, delegates):
    first = register(congress, quito, delegates[0], focal)
    second = register(congress, quito, delegates[1], focal, covered=True)
    third = register(congress, quito, delegates[2], focal)
    assert (first.covered, second.covered, third.covered) == (True, True, False)
    assert sorted([first.covered_slot, second.covered_slot]) == [1, 2]
    assert third.covered_slot is None
    assert services.covered_places_used(event=congress, member=quito) == 2


def test_asking_for_a_third_covered_place_is_refused(congress, quito, focal, delegates):
    register(congress, quito, delegates[0], focal)
    register(congress, quito, delegates[1], focal)
    with pytest.raises(CoveredPlacesTaken):
        register(congress, quito, delegates[2], focal, covered=True)
    assert Registration.objects.count() == 2


def test_cancelling_a_covered_place_frees_it_for_a_colleague(congress, quito, focal, delegates):
    first = register(congress, quito, delegates[0], focal)
    register(congress, quito, delegates[1], focal)
    services.registration_cancel(registration=first, by=focal)
    first.refresh_from_db()
    assert (first.state, first.covered_slot, first.covered) == (S.CANCELLED, None, True)
    third = register(congress, quito, delegates[2], focal, covered=True)
    assert third.covered_slot == 1
    assert services.covered_places_used(event=congress, member=quito) == 2


def test_other_members_have_their_own_covered_places(congress, quito, focal, delegates):
    register(congress, quito, delegates[0], focal)
    register(congress, quito, delegates[1], focal)
    lima = MemberFactory(name="Lima")
    lima_user = technician_of(lima)
    registration = register(congress, lima, lima_user.person, lima_user)
    assert registration.covered_slot == 1


def test_members_in_arrears_get_no_covered_place(congress, delegates):
    member = MemberFactory(in_arrears=True)
    user = focal_point_of(member)
    assert register(congress, member, user.person, user).covered is False
    with pytest.raises(NotCovered):
        register(congress, member, technician_of(member).person, user, covered=True)


def test_network_meeting_has_no_covered_places(meeting, quito, focal, delegates):
    assert register(meeting, quito, delegates[0], focal).covered is False
    with pytest.raises(NotCovered):
        register(meeting, quito, delegates[1], focal, covered=True)


def test_a_technician_registers_only_themself(congress, quito, delegates):
    technician = delegates[0].user
    assert register(congress, quito, delegates[0], technician).person == delegates[0]
    with pytest.raises(NotAllowed):
        register(congress, quito, delegates[1], technician)


def test_outsiders_cannot_register_a_city_delegate(congress, quito, delegates):
    outsider = technician_of(MemberFactory())
    with pytest.raises(NotAllowed):
        register(congress, quito, delegates[0], outsider)


def test_the_same_person_registers_once(congress, quito, focal, delegates):
    register(congress, quito, delegates[0], focal)
    with pytest.raises(AlreadyRegistered):
        register(congress, quito, delegates[0], focal)


def test_capacity_is_enforced(quito, focal, delegates):
    event = EventFactory(capacity=2)
    register(event, quito, delegates[0], focal)
    register(event, quito, delegates[1], focal)
    with pytest.raises(EventFull):
        register(event, quito, delegates[2], focal)


def test_closed_registration_is_refused(quito, focal, delegates):
    event = EventFactory(registration_open=False)
    with pytest.raises(RegistrationClosed):
        register(event, quito, delegates[0], focal)


def test_departure_before_arrival_is_refused(congress, quito, focal, delegates):
    from datetime import date

    with pytest.raises(InvalidDates):
        register(congress, quito, delegates[0], focal, arrival_on=date(2030, 7, 5), departure_on=date(2030, 7, 2))


def test_hotel_nights_follow_the_covered_stay(congress, quito, focal, delegates):
    from datetime import date

    registration = register(congress, quito, delegates[0], focal, arrival_on=date(2030, 7, 2),
                            departure_on=date(2030, 7, 6), dietary_needs=" Vegetariana ")
    assert (registration.hotel_nights, registration.dietary_needs) == (4, "Vegetariana")


def test_registration_mail_carries_an_ics(congress, quito, focal, delegates, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        register(congress, quito, delegates[0], focal)
    message = mail.outbox[-1]
    assert message.to == [delegates[0].email]
    assert [a[2] for a in message.attachments] == ["text/calendar"]


PAIRS = [(m.source, m.target) for m in REGISTRATION_WORKFLOW.moves]
ALL = [(a, b) for a in S.values for b in S.values if a != b]


@pytest.mark.parametrize(("source", "target"), ALL)
def test_every_transition_is_allowed_or_refused(congress, quito, focal, delegates, staff, source, target):
    registration = register(congress, quito, delegates[0], focal)
    Registration.objects.filter(pk=registration.pk).update(state=source)
    if (source, target) in PAIRS:
        services.registration_transition(registration=registration, to=target, by=staff, actor=Actor.STAFF)
        registration.refresh_from_db()
        assert registration.state == target
        change = StateChange.objects.filter(object_id=registration.pk).last()
        assert (change.source, change.target, change.by) == (source, target, staff)
    else:
        with pytest.raises(IllegalMove):
            services.registration_transition(registration=registration, to=target, by=staff, actor=Actor.STAFF)


def test_participants_cannot_confirm_or_check_in(congress, quito, focal, delegates):
    registration = register(congress, quito, delegates[0], focal)
    with pytest.raises(IllegalMove):
        services.registration_transition(registration=registration, to=S.CONFIRMED, by=focal,
                                         actor=Actor.FOCAL_POINT)


def test_check_in_confirms_and_marks_attendance(congress, quito, focal, delegates, staff):
    registration = register(congress, quito, delegates[0], focal)
    registration = services.registration_check_in(registration=registration, by=staff)
    assert registration.state == S.ATTENDED
    assert registration.checked_in_at is not None
    assert list(StateChange.objects.filter(object_id=registration.pk).values_list("target", flat=True)) == [
        "confirmed", "attended"]
