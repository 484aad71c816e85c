"""Registrations for events: covered congress places counted and enforced per member."""

from __future__ import annotations

from datetime import date
from datetime import datetime

from django.db import IntegrityError
from django.db import transaction
from django.db.models import Max
from django.utils import timezone

from network.enums import RoleKind
from network.errors import NotAllowed
from network.models import Member
from network.models import Person
from network.models import Role
from network.models import User
from network.page_cache import public_pages_changed
from network.rules import holds

from ..enums import ACTIVE_REGISTRATION_STATES
from ..enums import REGISTRATION_WORKFLOW
from ..enums import Actor
from ..enums import RegistrationState
from ..models import Event
from ..models import Registration
from .errors import AlreadyRegistered
from .errors import CoveredPlacesTaken
from .errors import EventFull
from .errors import InvalidDates
from .errors import NotCovered
from .errors import RegistrationClosed
from .notices import registration_notice

S = RegistrationState


def actor_for(*, by: User, member: Member, person: Person) -> str:
    """Who is acting: the secretariat, a focal point of the member, or the delegate themself."""
    if holds(by, "events.add_registration"):
        return Actor.STAFF
    roles = set(Role.objects.filter(member=member, person__user=by).values_list("kind", flat=True))
    if RoleKind.FOCAL_POINT in roles:
        return Actor.FOCAL_POINT
    if roles and person.user_id == by.pk:
        return Actor.PARTICIPANT
    raise NotAllowed()


def covered_places_used(*, event: Event, member: Member) -> int:
    return Registration.objects.filter(event=event, member=member, covered_slot__isnull=False).count()


def _free_slot(*, event: Event, member: Member) -> int | None:
    taken = set(Registration.objects.filter(event=event, member=member, covered_slot__isnull=False)
                .values_list("covered_slot", flat=True))
    return next((slot for slot in range(1, event.covered_places_per_member + 1) if slot not in taken), None)


@transaction.atomic
def registration_register(
    *,
    event: Event,
    member: Member,
    person: Person,
    by: User,
    covered: bool | None = None,
    arrival_on: date | None = None,
    departure_on: date | None = None,
    dietary_needs: str = "",
    accessibility_needs: str = "",
    now: datetime | None = None,
) -> Registration:
    """Register `person` for `event` on behalf of `member`.

    `covered`: True asks for a covered place (refused when none is left), False registers without
    one, None takes a covered place if one is left. The event row is locked, so parallel
    registrations are counted one after another; the unique slot constraint is the last guard.
    """
    now = now or timezone.now()
    event = Event.objects.select_for_update().get(pk=event.pk)
    if not Role.objects.filter(member=member, person=person).exists():
        raise NotAllowed()
    actor_for(by=by, member=member, person=person)
    if not event.accepts_registrations_at(now) and not holds(by, "events.add_registration"):
        raise RegistrationClosed()
    if arrival_on and departure_on and departure_on < arrival_on:
        raise InvalidDates()
    active = Registration.objects.filter(event=event, state__in=ACTIVE_REGISTRATION_STATES)
    if active.filter(person=person).exists():
        raise AlreadyRegistered()
    if event.capacity is not None and active.count() >= event.capacity:
        raise EventFull()

    slot = None
    offers_cover = event.covered_places_per_member > 0
    if covered and not offers_cover:
        raise NotCovered()
    if offers_cover and covered is not False:
        if not member.is_active_member:
            if covered:
                raise NotCovered()
        else:
            slot = _free_slot(event=event, member=member)
            if slot is None and covered:
                raise CoveredPlacesTaken()
    registration = Registration(
        event=event, member=member, person=person, registered_by=by, covered=slot is not None, covered_slot=slot,
        arrival_on=arrival_on, departure_on=departure_on,
        hotel_nights=Registration.nights_between(arrival_on, departure_on) if slot is not None else 0,
        dietary_needs=dietary_needs.strip(), accessibility_needs=accessibility_needs.strip(), created_at=now,
    )
    registration.full_clean(exclude=["registered_by"])
    try:
        with transaction.atomic():
            registration.save()
    except IntegrityError as exc:  # a parallel request took the same person or slot first
        raise AlreadyRegistered() if slot is None else CoveredPlacesTaken() from exc
    registration_notice(registration, template="registered")
    return registration


@transaction.atomic
def registration_transition(
    *, registration: Registration, to: str, by: User | None, actor: str, comment: str = "",
    now: datetime | None = None,
) -> Registration:
    """The one way a registration changes state (checked against REGISTRATION_WORKFLOW, logged)."""
    now = now or timezone.now()
    registration = Registration.objects.select_for_update(of=("self",)).select_related("event", "person").get(pk=registration.pk)
    extra = []
    source = registration.state
    if to == S.CANCELLED and registration.covered_slot is not None:
        registration.covered_slot = None  # frees the covered place for a colleague
        extra.append("covered_slot")
    if to == S.ATTENDED:
        registration.checked_in_at = now
        extra.append("checked_in_at")
    if registration.state == S.ATTENDED and to == S.CONFIRMED:
        registration.checked_in_at = None
        extra.append("checked_in_at")
    REGISTRATION_WORKFLOW.move(obj=registration, to=to, actor=actor, by=by, comment=comment, now=now,
                               extra_fields=extra)
    if to in (S.CONFIRMED, S.CANCELLED) and source != S.ATTENDED:
        registration_notice(registration, template=f"registration_{to}")
    return registration


def registration_cancel(*, registration: Registration, by: User) -> Registration:
    actor = actor_for(by=by, member=registration.member, person=registration.person)
    return registration_transition(registration=registration, to=S.CANCELLED, by=by, actor=actor)


def registration_confirm(*, registration: Registration, by: User | None) -> Registration:
    actor = Actor.STAFF if by is not None and holds(by, "events.change_registration") else Actor.SYSTEM
    return registration_transition(registration=registration, to=S.CONFIRMED, by=by, actor=actor)


@transaction.atomic
def registration_check_in(*, registration: Registration, by: User, now: datetime | None = None) -> Registration:
    """Staff at the desk: a pending registration is confirmed and checked in at once."""
    if registration.state == S.PENDING:
        registration = registration_transition(registration=registration, to=S.CONFIRMED, by=by,
                                               actor=Actor.STAFF, now=now)
    return registration_transition(registration=registration, to=S.ATTENDED, by=by, actor=Actor.STAFF, now=now)


@transaction.atomic
def registration_update_logistics(
    *, registration: Registration, by: User, arrival_on: date | None, departure_on: date | None,
    dietary_needs: str = "", accessibility_needs: str = "", hotel_nights: int | None = None,
) -> Registration:
    registration = Registration.objects.select_for_update().get(pk=registration.pk)
    actor_for(by=by, member=registration.member, person=registration.person)
    if registration.state == S.CANCELLED:
        raise RegistrationClosed()
    if arrival_on and departure_on and departure_on < arrival_on:
        raise InvalidDates()
    registration.arrival_on, registration.departure_on = arrival_on, departure_on
    registration.dietary_needs, registration.accessibility_needs = dietary_needs.strip(), accessibility_needs.strip()
    if hotel_nights is None:
        hotel_nights = Registration.nights_between(arrival_on, departure_on) if registration.covered else 0
    registration.hotel_nights = hotel_nights
    registration.save(update_fields=["arrival_on", "departure_on", "dietary_needs", "accessibility_needs",
                                     "hotel_nights", "updated_at"])
    return registration


def next_edition(kind: str) -> int:
    return (Event.objects.filter(kind=kind).aggregate(m=Max("edition"))["m"] or 0) + 1


@transaction.atomic
def events_registration_open_set(*, events, open: bool) -> int:
    """Open or close registration of several events at once (an admin action); the cached public
    calendar and event pages show the change at once."""
    count = Event.objects.filter(pk__in=[e.pk for e in events]).update(registration_open=open)
    public_pages_changed()
    return count
