"""Microrredes: forming one from accepted applications, its members (6–8, under a row lock), the
monthly sessions (at a fixed local time, across daylight-saving changes), attendance, and the
session reminders (each exactly once, with an `.ics`)."""

from __future__ import annotations

import zoneinfo
from collections.abc import Iterable
from collections.abc import Sequence
from datetime import date
from datetime import datetime
from datetime import time
from datetime import timedelta
from typing import Required
from typing import TypedDict
from typing import Unpack

from django.conf import settings
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _

from network.enums import RoleKind
from network.ics import CalendarEntry
from network.ics import calendar_bytes
from network.mail import Attachment
from network.mail import mail_send_once
from network.mail import recipient_language
from network.models import Member
from network.models import Person
from network.models import Role
from network.models import Theme
from network.models import User
from network.timezones import in_zone
from programs.calls.enums import ApplicationState
from programs.calls.enums import CallKind
from programs.calls.models import Application
from programs.calls.models import Call

from ..enums import DEFAULT_TIME_ZONE
from ..enums import MICRORRED_MAX_MEMBERS
from ..enums import MICRORRED_MIN_MEMBERS
from ..enums import SESSION_REMINDER_LEAD_HOURS
from ..enums import AttendanceAnswer
from ..enums import time_zone_for_country
from ..models import Microrred
from ..models import MicrorredParticipation
from ..models import MicrorredSession
from ..models import SessionAttendance
from ..models import add_months
from .errors import AlreadyInMicrorred
from .errors import MicrorredSizeError
from .errors import NotParticipating
from .errors import SessionClosed
from .errors import WrongApplications


def _check_size(count: int) -> None:
    if not MICRORRED_MIN_MEMBERS <= count <= MICRORRED_MAX_MEMBERS:
        raise MicrorredSizeError(
            _("A microrred has between %(min)s and %(max)s member cities; this one would have %(count)s.")
            % {"min": MICRORRED_MIN_MEMBERS, "max": MICRORRED_MAX_MEMBERS, "count": count}
        )


def _unique_slug(title: str, year: int) -> str:
    base = slugify(f"{title} {year}")[:100] or f"microrred-{year}"
    slug, n = base, 2
    while Microrred.objects.filter(slug=slug).exists():
        slug, n = f"{base}-{n}", n + 1
    return slug


def technicians_from_application(application: Application) -> list[Person]:
    """The technicians an application names: its author (if they work for the city) and the technician
    responsible for the theme from the answers (added to the city's team if new)."""
    people: list[Person] = []
    member = application.member
    if application.person_id and Role.objects.filter(person_id=application.person_id, member=member).exists():
        people.append(application.person)
    email = (application.data or {}).get("technician_email", "").strip().lower()
    name = (application.data or {}).get("technician_name", "").strip()
    if email:
        person = Person.objects.filter(email__iexact=email).first()
        if person is None:
            first, _sep, last = (name or email.split("@")[0]).partition(" ")
            person = Person.objects.create(first_name=first, last_name=last, email=email)
        Role.objects.get_or_create(person=person, member=member, kind=RoleKind.TECHNICIAN)
        if person not in people:
            people.append(person)
    return people


class MicrorredDetails(TypedDict, total=False):
    """What staff say about a microrred they form, with or without a call."""

    theme: Required[Theme]
    title: Required[str]
    edition: Required[int]
    year: Required[int]
    starts_on: Required[date]
    session_time: time  # 16:00 unless said
    time_zone: str  # of the sessions' fixed local time; Europe/Madrid unless said
    duration_months: int  # 6 unless said
    coordinator: Person | None
    online_link: str
    summary: str
    slug: str | None  # made from the title and year unless said


def _create(*, call: Call | None, entries: Sequence[tuple[Member, Application | None, list[Person]]],
            **details: Unpack[MicrorredDetails]) -> Microrred:
    _check_size(len({member.pk for member, _a, _t in entries}))
    if len({member.pk for member, _a, _t in entries}) != len(entries):
        raise AlreadyInMicrorred(_("Each city takes part once."))
    slug = details.pop("slug", None) or _unique_slug(details["title"], details["year"])
    details = {"session_time": time(16, 0), "time_zone": DEFAULT_TIME_ZONE, "duration_months": 6, **details}
    microrred = Microrred(slug=slug, call=call, **details)
    microrred.full_clean()
    microrred.save()
    for member, application, technicians in entries:
        participation = MicrorredParticipation.objects.create(
            microrred=microrred, member=member, application=application,
            time_zone=time_zone_for_country(member.country.code if member.country else ""),
        )
        if technicians:
            participation.technicians.set(technicians)
    microrred_sessions_generate(microrred=microrred)
    return microrred


@transaction.atomic
def microrred_form(
    *, call: Call, applications: Iterable[Application], **details: Unpack[MicrorredDetails],
) -> Microrred:
    """Form a microrred from accepted applications of a microrred call, one per city, 6 to 8 of them.

    The call row is locked, so two members of staff forming groups from the same applications at once
    cannot put an application (or a city) in two microrredes of the call.
    """
    call = Call.objects.select_for_update().get(pk=call.pk)
    if call.kind != CallKind.MICRORRED:
        raise WrongApplications()
    ids = sorted({a.pk for a in applications})
    locked = list(Application.objects.select_for_update(of=("self",)).filter(pk__in=ids).select_related("member", "person")
                  .order_by("pk"))
    if len(locked) != len(ids) or any(a.call_id != call.pk or a.state != ApplicationState.ACCEPTED
                                      or a.member_id is None for a in locked):
        raise WrongApplications()
    taken = MicrorredParticipation.objects.filter(application__in=locked).select_related("application")
    taken_by_city = MicrorredParticipation.objects.filter(
        microrred__call=call, member__in=[a.member_id for a in locked])
    if taken.exists() or taken_by_city.exists():
        names = sorted({p.member.name for p in taken_by_city.select_related("member")}
                       | {p.application.member.name for p in taken.select_related("application__member")})
        raise AlreadyInMicrorred(_("Already in a microrred of this call: %(cities)s.") % {"cities": ", ".join(names)})
    entries = [(a.member, a, technicians_from_application(a)) for a in locked]
    return _create(call=call, entries=entries, **details)


@transaction.atomic
def microrred_create(
    *, members: Sequence[Member], technicians: dict[int, list[Person]] | None = None,
    **details: Unpack[MicrorredDetails],
) -> Microrred:
    """A microrred formed without a call (earlier editions, the pilot): same rules."""
    technicians = technicians or {}
    entries = [(m, None, technicians.get(m.pk, [])) for m in members]
    return _create(call=None, entries=entries, **details)


@transaction.atomic
def microrred_add_member(*, microrred: Microrred, member: Member, technicians: Sequence[Person] = (),
                         now: datetime | None = None) -> MicrorredParticipation:
    """Add a city; refused beyond 8 (the microrred row is locked, so concurrent additions queue)."""
    microrred = Microrred.objects.select_for_update().get(pk=microrred.pk)
    if microrred.participations.filter(member=member).exists():
        raise AlreadyInMicrorred()
    if microrred.participations.count() + 1 > MICRORRED_MAX_MEMBERS:
        _check_size(microrred.participations.count() + 1)
    participation = MicrorredParticipation.objects.create(
        microrred=microrred, member=member, time_zone=time_zone_for_country(member.country.code))
    if technicians:
        participation.technicians.set(technicians)
    future = microrred.sessions.filter(starts_at__gt=now or timezone.now())
    SessionAttendance.objects.bulk_create([SessionAttendance(session=s, member=member) for s in future],
                                          ignore_conflicts=True)
    return participation


@transaction.atomic
def microrred_remove_member(*, microrred: Microrred, member: Member) -> None:
    """Remove a city; refused below 6."""
    microrred = Microrred.objects.select_for_update().get(pk=microrred.pk)
    participation = microrred.participations.filter(member=member).first()
    if participation is None:
        raise NotParticipating()
    _check_size(microrred.participations.count() - 1)
    participation.delete()
    SessionAttendance.objects.filter(session__microrred=microrred, member=member,
                                     answer=AttendanceAnswer.PENDING, attended__isnull=True).delete()


# --- Sessions ------------------------------------------------------------------------------------
def session_starts(*, starts_on: date, months: int, at: time, zone: str) -> list[datetime]:
    """Monthly starts at the same local time (so the UTC time moves with daylight saving)."""
    tz = zoneinfo.ZoneInfo(zone)
    starts = []
    for n in range(months):
        local = datetime.combine(add_months(starts_on, n), at, tzinfo=tz)
        # A time that does not exist (inside a spring-forward gap) is normalised by a round trip.
        starts.append(in_zone(local, tz))
    return starts


@transaction.atomic
def microrred_sessions_generate(*, microrred: Microrred) -> int:
    """Create the monthly sessions that are missing (one per month of the duration); keeps those that
    exist (with their agenda and minutes). Every city gets an attendance row. Returns how many were made."""
    microrred = Microrred.objects.select_for_update().get(pk=microrred.pk)
    existing = set(microrred.sessions.values_list("number", flat=True))
    length = timedelta(minutes=microrred.session_minutes)
    created = []
    for number, start in enumerate(session_starts(starts_on=microrred.starts_on, months=microrred.duration_months,
                                                  at=microrred.session_time, zone=microrred.time_zone), start=1):
        if number in existing:
            continue
        created.append(MicrorredSession.objects.create(
            microrred=microrred, number=number, starts_at=start, ends_at=start + length,
            agenda=_("Session %(number)s of %(total)s") % {"number": number, "total": microrred.duration_months},
        ))
    member_ids = list(microrred.participations.values_list("member_id", flat=True))
    SessionAttendance.objects.bulk_create(
        [SessionAttendance(session=s, member_id=m) for s in created for m in member_ids], ignore_conflicts=True)
    return len(created)


@transaction.atomic
def attendance_answer(*, session: MicrorredSession, member: Member, answer: str, by: User,
                      now: datetime | None = None) -> SessionAttendance:
    """A city confirms (or declines) its attendance before the session starts."""
    now = now or timezone.now()
    if answer not in (AttendanceAnswer.CONFIRMED, AttendanceAnswer.DECLINED):
        raise SessionClosed(_("Choose whether your city will attend."))
    session = MicrorredSession.objects.select_for_update().get(pk=session.pk)
    if session.cancelled or session.starts_at <= now:
        raise SessionClosed()
    if not MicrorredParticipation.objects.filter(microrred_id=session.microrred_id, member=member).exists():
        raise NotParticipating()
    attendance, _created = SessionAttendance.objects.select_for_update().get_or_create(session=session, member=member)
    attendance.answer = answer
    attendance.answered_by = by
    attendance.answered_at = now
    attendance.save(update_fields=["answer", "answered_by", "answered_at"])
    return attendance


@transaction.atomic
def attendance_record(*, session: MicrorredSession, attended_member_ids: Iterable[int]) -> int:
    """Staff record who attended (after the session)."""
    session = MicrorredSession.objects.select_for_update().get(pk=session.pk)
    attended = set(attended_member_ids)
    member_ids = session.microrred.participations.values_list("member_id", flat=True)
    for member_id in member_ids:
        SessionAttendance.objects.update_or_create(session=session, member_id=member_id,
                                                   defaults={"attended": member_id in attended})
    return len(attended)


# --- Calendar and reminders ---------------------------------------------------------------------
def _host() -> str:
    return settings.SITE_URL.split("//")[-1].split("/")[0]


def session_entry(session: MicrorredSession) -> CalendarEntry:
    microrred = session.microrred
    return CalendarEntry(
        uid=f"microrred-session-{session.pk}@{_host()}",
        title=f"{microrred.title} · {_('Session %(number)s') % {'number': session.number}}",
        starts_at=session.starts_at,
        ends_at=session.ends_at,
        url=settings.SITE_URL + reverse("programs:coop_microrred", kwargs={"pk": microrred.pk}),
        description=session.agenda,
        location=session.link,
        alarm_before=timedelta(minutes=30),
    )


def session_ics(session: MicrorredSession) -> bytes:
    return calendar_bytes([session_entry(session)], name=session.microrred.title)


def session_reminder_key(session: MicrorredSession, email: str) -> str:
    # The start time is part of the key: a session moved to another date is announced again.
    return f"microrred-session:{session.pk}:{session.starts_at:%Y%m%dT%H%M}:{email.lower()}"


def sessions_due_for_reminder(now: datetime):
    return (
        MicrorredSession.objects.filter(cancelled=False, starts_at__gt=now,
                                        starts_at__lte=now + timedelta(hours=SESSION_REMINDER_LEAD_HOURS))
        .select_related("microrred", "microrred__coordinator")
        .order_by("starts_at", "pk")
    )


def session_reminders_sweep(*, now: datetime | None = None) -> int:
    """Remind every technician of every city (and the coordinator) before each session, with an `.ics`.

    Each reminder is keyed (mail_send_once), so running the sweep twice, late, or in two workers at
    once sends it exactly once. Returns how many were sent by this run."""
    now = now or timezone.now()
    sent = 0
    for session in sessions_due_for_reminder(now):
        microrred = session.microrred
        ics = Attachment("session.ics", session_ics(session), "text/calendar")
        url = settings.SITE_URL + reverse("programs:coop_microrred", kwargs={"pk": microrred.pk})
        recipients: dict[str, tuple[Person, str]] = {}
        participations = microrred.participations.select_related("member").prefetch_related("technicians")
        for participation in participations:
            for person in participation.technicians.all():
                if person.email:
                    recipients.setdefault(person.email.lower(), (person, participation.time_zone))
        if microrred.coordinator and microrred.coordinator.email:
            recipients.setdefault(microrred.coordinator.email.lower(), (microrred.coordinator, microrred.time_zone))
        for email, (person, zone) in sorted(recipients.items()):
            message = mail_send_once(
                key=session_reminder_key(session, email),
                to=email,
                template="programs/mail/cooperation/session_reminder",
                language=recipient_language(person),
                context={"session": session, "microrred": microrred, "person": person, "zone": zone,
                         "url": url},
                attachments=[ics],
                topic="microrred-session",
                reference=microrred.slug[:40],
            )
            if message is not None:
                sent += 1
    return sent
