"""Reusable reads of the events app, prefetched for the pages that use them."""

from __future__ import annotations

import calendar as pycalendar
from collections import Counter
from collections import defaultdict
from dataclasses import dataclass
from dataclasses import field
from datetime import date
from datetime import datetime
from datetime import timedelta

from django.db.models import BooleanField
from django.db.models import Case
from django.db.models import Count
from django.db.models import Exists
from django.db.models import ExpressionWrapper
from django.db.models import F
from django.db.models import OuterRef
from django.db.models import Prefetch
from django.db.models import Q
from django.db.models import QuerySet
from django.db.models import Subquery
from django.db.models import When
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from network.content_language import each_language
from network.content_language import shown_language
from network.enums import RoleKind
from network.ics import CalendarEntry
from network.models import Member
from network.models import Person
from network.models import Role
from network.models import TerritorialNetwork
from network.models import User
from network.programmes import ProgrammeFigure
from network.programmes import ProgrammeSummary
from network.programmes import counted
from network.rules import holds
from network.search import SearchHit
from network.search import first_page
from network.search import text_search
from network.subjects import Participant
from network.timezones import in_zone
from network.upcoming import UpcomingItem

from .enums import ACTIVE_REGISTRATION_STATES
from .enums import OPEN_AGREEMENT_STATUSES
from .enums import EventKind
from .enums import QuestionKind
from .models import Agreement
from .models import AgreementNote
from .models import BoardSession
from .models import Event
from .models import ProgrammeSession
from .models import Question
from .models import Questionnaire
from .models import Registration
from .models import SurveyAnswer


# --- Events and calendar ---------------------------------------------------------------------
def public_events() -> QuerySet[Event]:
    return (Event.objects.filter(published=True)
            .select_related("theme", "host_member", "territorial_network").order_by("starts_at", "title"))


def events_programme(*, now: datetime) -> ProgrammeSummary:
    """The home page's congress and events section (network.programmes), in one query: published
    events of this year (webinars have their own section), the cities and entities that took part
    in the last congress held (as the annual report counts them) and the next event (sorted first)."""
    from .figures import PARTICIPANT_STATES  # figures reads this module

    events = Event.objects.filter(published=True, webinar__isnull=True)
    last_congress = (events.filter(kind=EventKind.CONGRESS, starts_at__lte=now).order_by("-starts_at", "-pk")
                     .values("pk")[:1])
    at_last_congress = Registration.objects.filter(event=Subquery(last_congress), state__in=PARTICIPANT_STATES)
    ahead = ExpressionWrapper(Q(starts_at__gt=now), output_field=BooleanField())
    first = (
        events.annotate(this_year=counted(events.filter(starts_at__year=timezone.localdate(now).year)),
                        at_last_congress=counted(at_last_congress, "member", distinct=True), ahead=ahead)
        .order_by(F("ahead").desc(), "starts_at", "pk")
        .only("title", "slug", "starts_at", "time_zone", "webinar")
        .first()
    )
    this_year, at_congress = (first.this_year, first.at_last_congress) if first is not None else (0, 0)
    next_event = None
    if first is not None and first.ahead:
        next_event = UpcomingItem(when=first.starts_at, title=first.title, kind=_("Next event"),
                                  url=first.get_absolute_url(), zone=first.time_zone)
    return ProgrammeSummary(
        title=_("Congress and events"),
        text=_("The annual congress of the network, the meetings of its territorial networks and those of its "
               "governing bodies."),
        url=reverse("events:calendar"), link_label=_("See the events calendar"),
        figures=(
            ProgrammeFigure(this_year, ngettext("event this year", "events this year", this_year)),
            ProgrammeFigure(at_congress, ngettext("city or entity at the last congress",
                                                  "cities and entities at the last congress", at_congress)),
        ),
        next=next_event,
    )


def events_search(terms: str, *, language: str, limit: int) -> tuple[list[SearchHit], int]:
    """The site search's events (network.search): published ones, as the calendar shows them, without
    the webinars' calendar entries (webinars are a kind of their own); the coming ones first (the
    soonest first), then past ones (the latest first), each the best match first. With the kind, the
    city and the start in the event's zone. One query."""
    now = timezone.now()
    ahead = ExpressionWrapper(Q(ends_at__gte=now), output_field=BooleanField())
    events = (
        text_search(public_events().filter(webinar__isnull=True).select_related(None), terms)
        .only("kind", "slug", "title", *each_language("title"), "city", "starts_at", "ends_at", "time_zone", "webinar")
        .annotate(ahead=ahead)
        .order_by(F("ahead").desc(), "-search_rank", Case(When(ends_at__gte=now, then=F("starts_at"))).asc(),
                  "-starts_at", "pk")
    )
    rows, total = first_page(events, limit)
    hits = [
        SearchHit(title=event.title, url=event.get_absolute_url(),
                  detail=" · ".join(part for part in (str(event.get_kind_display()), event.city) if part),
                  when=event.starts_at, zone=event.time_zone, when_label=_("Starts"),
                  lang=shown_language(event) or "")
        for event in rows
    ]
    return hits, total


def event_by_slug(slug: str) -> Event:
    return public_events().get(slug=slug)


def programme_by_day(event: Event) -> list[tuple[date, list[ProgrammeSession]]]:
    """The programme grouped by day in the event's time zone (times shown there too)."""
    days: dict[date, list[ProgrammeSession]] = defaultdict(list)
    for session in event.sessions.all():
        session.local_starts_at = in_zone(session.starts_at, event.tz)
        session.local_ends_at = in_zone(session.ends_at, event.tz)
        days[session.local_starts_at.date()].append(session)
    return sorted(days.items())


@dataclass
class MonthGrid:
    year: int
    month: int
    weeks: list[list[tuple[date, list[Event]]]]
    previous: str
    next: str

    @property
    def first_day(self) -> date:
        return date(self.year, self.month, 1)


def month_grid(events: list[Event], *, year: int, month: int) -> MonthGrid:
    """Weeks (Monday first) of the month, each day with the events that run on it (local dates)."""
    by_day: dict[date, list[Event]] = defaultdict(list)
    for event in events:
        day, last = event.local_starts_at.date(), event.local_ends_at.date()
        while day <= last:
            by_day[day].append(event)
            day += timedelta(days=1)
    weeks = [[(day, by_day.get(day, [])) for day in week]
             for week in pycalendar.Calendar(firstweekday=0).monthdatescalendar(year, month)]
    previous = date(year, month, 1) - timedelta(days=1)
    following = date(year, month, 28) + timedelta(days=7)
    return MonthGrid(year, month, weeks, f"{previous:%Y-%m}", f"{following.replace(day=1):%Y-%m}")


def network_meetings(network: TerritorialNetwork) -> list[Event]:
    return list(public_events().filter(territorial_network=network, kind=EventKind.NETWORK_MEETING)
                .order_by("-starts_at")[:12])


# --- Registrations ---------------------------------------------------------------------------
def registrations_of(user: User) -> QuerySet[Registration]:
    """Registrations the user may open: their own, and their city's if they are its focal point."""
    if not user.is_authenticated:
        return Registration.objects.none()
    focal_members = Role.objects.filter(person__user=user, kind=RoleKind.FOCAL_POINT).values("member_id")
    return (Registration.objects.filter(Q(person__user=user) | Q(member_id__in=focal_members))
            .select_related("event", "person", "member").order_by("-event__starts_at", "person__last_name"))


def registerable_people(*, user: User, member: Member) -> QuerySet[Person]:
    """Whom the user may register for `member`: the whole team (focal point, staff) or themself."""
    people = Person.objects.filter(roles__member=member).distinct().order_by("last_name", "first_name")
    if holds(user, "events.add_registration") or Role.objects.filter(
            member=member, person__user=user, kind=RoleKind.FOCAL_POINT).exists():
        return people
    return people.filter(user=user)


@dataclass
class MemberPlaces:
    member: Member
    registrations: list[Registration] = field(default_factory=list)

    @property
    def active(self) -> list[Registration]:
        return [r for r in self.registrations if r.state in ACTIVE_REGISTRATION_STATES]

    @property
    def covered_used(self) -> int:
        return sum(1 for r in self.registrations if r.covered_slot is not None)


def event_registrations_for_member(*, event: Event, member: Member) -> MemberPlaces:
    rows = list(Registration.objects.filter(event=event, member=member).select_related("person")
                .order_by("state", "person__last_name"))
    return MemberPlaces(member=member, registrations=rows)


def staff_registrations(event: Event) -> QuerySet[Registration]:
    return (Registration.objects.filter(event=event).select_related("person", "member",
                                                                   "member__territorial_network")
            .order_by("member__territorial_network__name", "member__name", "person__last_name"))


@dataclass
class MemberRow:
    member_name: str
    network: str
    registered: int
    covered: int
    attended: int


def registrations_by_member(event: Event) -> list[MemberRow]:
    """One query: per member, active registrations, covered places used and attendance."""
    rows = (Registration.objects.filter(event=event, state__in=ACTIVE_REGISTRATION_STATES)
            .values("member__name", "member__territorial_network__name")
            .annotate(registered=Count("pk"), covered=Count("pk", filter=Q(covered_slot__isnull=False)),
                      attended=Count("pk", filter=Q(state="attended")))
            .order_by("member__territorial_network__name", "member__name"))
    return [MemberRow(r["member__name"], r["member__territorial_network__name"] or "", r["registered"],
                      r["covered"], r["attended"]) for r in rows]


def portal_congress_panel(*, request, member: Member) -> dict | None:
    """The city's registrations for coming congresses and meetings, with covered places used."""
    now = timezone.now()
    events = list(Event.objects.filter(published=True, ends_at__gte=now).filter(
        Q(registration_open=True, kind=EventKind.CONGRESS)
        | Q(registration_open=True, territorial_network_id=member.territorial_network_id,
            territorial_network__isnull=False)
        | Exists(Registration.objects.filter(event=OuterRef("pk"), member=member)))
        # Only what a row shows: the title (every language), its dates and zone, and the places.
        .only("title", "slug", "webinar_id", "starts_at", "ends_at", "time_zone", "covered_places_per_member",
              "registration_open")
        .order_by("starts_at")[:4])
    if not events:
        return None
    registrations = defaultdict(list)
    for registration in (Registration.objects.filter(member=member, event__in=events).select_related("person")
                         .only("event_id", "state", "covered_slot", "person__first_name", "person__last_name")
                         .order_by("person__last_name")):
        registrations[registration.event_id].append(registration)
    rows = []
    for event in events:
        regs = registrations[event.pk]
        rows.append({"event": event, "registrations": [r for r in regs if r.state in ACTIVE_REGISTRATION_STATES],
                     "covered_used": sum(1 for r in regs if r.covered_slot is not None),
                     "covered_total": event.covered_places_per_member if member.is_active_member else 0})
    return {"rows": rows}


# --- Upcoming and personal feeds -------------------------------------------------------------
def upcoming_events(*, request, member=None, limit: int = 6) -> list[UpcomingItem]:
    now = timezone.now()
    # Webinars are listed by the knowledge area's own provider (with their registration page).
    # Only what an item shows (this runs on the home page and every city page): no related rows, no
    # long texts.
    events = (public_events().filter(ends_at__gte=now, webinar__isnull=True).select_related(None)
              .only("title", "slug", "starts_at", "time_zone", "webinar_id"))
    if member is not None:
        events = events.filter(Q(territorial_network__isnull=True) | Q(territorial_network_id=member.territorial_network_id))
    label = _("Event")
    return [UpcomingItem(when=e.starts_at, title=e.title, kind=label, url=e.get_absolute_url(), zone=e.time_zone)
            for e in events[:limit]]


def calendar_entries_of(*, user: User) -> list[CalendarEntry]:
    """The events the user is registered for (not cancelled)."""
    from .services.notices import event_entry

    events = (Event.objects.filter(registrations__person__user=user,
                                   registrations__state__in=ACTIVE_REGISTRATION_STATES).distinct())
    return [event_entry(event) for event in events]


# --- Subjects of surveys ---------------------------------------------------------------------
def event_participants(event: Event) -> list[Participant]:
    rows = (Registration.objects.filter(event=event, state__in=ACTIVE_REGISTRATION_STATES)
            .select_related("person"))
    return [Participant(email=r.person.email, name=r.person.full_name, language=r.person.language,
                        person_id=r.person_id, member_id=r.member_id, user_id=r.person.user_id)
            for r in rows if r.person.email]


# --- Survey results --------------------------------------------------------------------------
@dataclass
class QuestionResult:
    question: Question
    count: int = 0
    average: float | None = None
    distribution: list[tuple[str, int]] = field(default_factory=list)
    texts: list[str] = field(default_factory=list)


def survey_results(questionnaire: Questionnaire) -> tuple[int, list[QuestionResult]]:
    """Answers aggregated per question (two queries whatever the number of answers)."""
    questions = list(questionnaire.questions.all())
    answers = defaultdict(list)
    for answer in SurveyAnswer.objects.filter(question__questionnaire=questionnaire).order_by("pk"):
        answers[answer.question_id].append(answer)
    results = [question_result(question, answers[question.pk]) for question in questions]
    return questionnaire.responses.count(), results


def question_result(question: Question, rows: list[SurveyAnswer]) -> QuestionResult:
    """One question's answers aggregated: rating distribution and average, choice counts or texts.

    Pure (no queries): the results page and the annual report's survey figures both use it."""
    result = QuestionResult(question=question, count=len(rows))
    if question.kind == QuestionKind.RATING:
        counts = Counter(a.rating for a in rows if a.rating)
        result.distribution = [(str(v), counts.get(v, 0)) for v in range(1, question.scale_max + 1)]
        ratings = [a.rating for a in rows if a.rating]
        result.average = round(sum(ratings) / len(ratings), 2) if ratings else None
    elif question.kind in (QuestionKind.SINGLE, QuestionKind.MULTIPLE):
        counts = Counter(choice for a in rows for choice in a.choices)
        result.distribution = [(choice, counts.get(choice, 0)) for choice in question.choices]
    else:
        result.texts = [a.text for a in rows if a.text]
    return result


# --- Governance ------------------------------------------------------------------------------
def agreements_with_latest_note() -> QuerySet[Agreement]:
    return Agreement.objects.select_related("responsible", "session").prefetch_related(
        Prefetch("notes", queryset=AgreementNote.objects.order_by("-written_on", "-pk"), to_attr="notes_latest_first")
    )


def session_minutes(session: BoardSession) -> dict:
    """Everything the minutes show: agenda, attendance, follow-up of earlier agreements, new agreements."""
    follow_up = list(agreements_with_latest_note().filter(pk__in=session.carried_agreements.values("pk"))
                     .order_by("session__held_at", "sequence"))
    return {
        "session": session,
        "agenda": list(session.agenda.all()),
        "attendance": list(session.attendance.all()),
        "present": sum(1 for a in session.attendance.all() if a.present),
        "follow_up": follow_up,
        "agreements": list(agreements_with_latest_note().filter(session=session).order_by("sequence")),
    }


def open_agreements() -> QuerySet[Agreement]:
    return agreements_with_latest_note().filter(status__in=OPEN_AGREEMENT_STATUSES).order_by("due_on")

