"""Reads of the cooperation area, prefetched for the pages that use them. Every portal read is scoped
to the cities the user works for (staff see all), so another city's ids give a 404."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from dataclasses import field
from datetime import date
from datetime import datetime
from datetime import time

from django.db.models import Count
from django.db.models import Exists
from django.db.models import ExpressionWrapper
from django.db.models import F
from django.db.models import IntegerField
from django.db.models import Min
from django.db.models import OuterRef
from django.db.models import Prefetch
from django.db.models import Q
from django.db.models import QuerySet
from django.db.models import Subquery
from django.db.models import Value
from django.db.models.functions import ExtractDay
from django.db.models.functions import ExtractMonth
from django.db.models.functions import ExtractYear
from django.db.models.lookups import Exact
from django.db.models.lookups import GreaterThanOrEqual
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from network.enums import MemberKind
from network.ics import CalendarEntry
from network.models import Member
from network.models import Person
from network.models import Theme
from network.models import User
from network.programmes import ProgrammeFigure
from network.programmes import ProgrammeSummary
from network.programmes import counted
from network.rules import holds
from network.upcoming import UpcomingItem
from programs.calls.enums import ApplicationState
from programs.calls.enums import CallKind
from programs.calls.models import Application
from programs.calls.models import Call

from .enums import FIGURES_SINCE_YEAR
from .enums import MENTORSHIP_OPEN_STATES
from .enums import AttendanceAnswer
from .enums import MentorshipSide
from .enums import MentorshipState
from .models import CityPairing
from .models import Mentorship
from .models import Microrred
from .models import MicrorredDocument
from .models import MicrorredParticipation
from .models import MicrorredSession
from .models import PairingVisit
from .models import SessionAttendance


def member_ids_of(user: User) -> list[int]:
    if not user.is_authenticated:
        return []
    return list(Member.objects.filter(roles__person__user=user).values_list("pk", flat=True).distinct())


# --- Public --------------------------------------------------------------------------------------
def public_microrredes(*, edition: int | None = None, theme: str | None = None) -> QuerySet[Microrred]:
    qs = (
        Microrred.objects.select_related("theme")
        .annotate(member_count=Count("participations", distinct=True))
        .prefetch_related(Prefetch("members", queryset=Member.objects.order_by("name").only("pk", "name", "slug")))
        .order_by("-edition", "-year", "title")
    )
    if edition:
        qs = qs.filter(edition=edition)
    if theme:
        qs = qs.filter(theme__slug=theme)
    return qs


def microrred_editions() -> list[tuple[int, int]]:
    """(edition, year) pairs, newest first, for the index filter."""
    return list(Microrred.objects.values_list("edition", "year").distinct().order_by("-edition", "-year"))


def microrred_themes() -> QuerySet[Theme]:
    return Theme.objects.filter(microrredes__isnull=False).distinct().order_by("name")


@dataclass(frozen=True)
class MicrorredFigures:
    since: int
    microrredes: int
    members: int  # distinct cities and organisations taking part
    cities: int
    organisations: int


def microrred_figures(*, since: int = FIGURES_SINCE_YEAR, runs: QuerySet[Microrred] | None = None) -> MicrorredFigures:
    """Figures computed from the data: microrredes run since `since` (edition year), distinct members
    taking part (2 queries). The annual report passes its own `runs` (those of a year, those up to a
    year), so its figures are counted exactly as the public index counts them."""
    if runs is None:
        runs = Microrred.objects.filter(year__gte=since)
    taking_part = Member.objects.filter(microrred_participations__microrred__in=runs).distinct()
    counts = taking_part.aggregate(
        total=Count("pk", distinct=True),
        cities=Count("pk", filter=Q(kind=MemberKind.CITY), distinct=True),
    )
    return MicrorredFigures(since=since, microrredes=runs.count(), members=counts["total"],
                            cities=counts["cities"], organisations=counts["total"] - counts["cities"])


def running_in_year(year: int, *, prefix: str = "") -> Q:
    """Microrredes (or city pairings) that run at some point of `year`: they start on or before 31
    December and their last day (`ends_on`: `add_months(starts_on, duration_months)` minus a day) is on
    or after 1 January. That is: the day `duration_months` after the start falls on 2 January or later,
    compared in the database as a (month number, day) key, so it filters and counts in one query.
    `prefix` reaches them through a relation, e.g. "microrred__"."""
    start, months = f"{prefix}starts_on", F(f"{prefix}duration_months")
    end_key = ExpressionWrapper((ExtractYear(start) * 12 + ExtractMonth(start) - 1 + months) * 32 + ExtractDay(start),
                                output_field=IntegerField())
    return Q(**{f"{start}__lte": date(year, 12, 31)}) & Q(GreaterThanOrEqual(end_key, Value(year * 12 * 32 + 2)))


def microrredes_programme(*, now: datetime) -> ProgrammeSummary:
    """The home page's microrredes section (network.programmes), in one query: microrredes formed
    since FIGURES_SINCE_YEAR and the cities and organisations taking part (counted as the public
    index counts them), and the next session, read off its microrred (sorted first)."""
    since = FIGURES_SINCE_YEAR
    sessions_ahead = MicrorredSession.objects.filter(cancelled=False, starts_at__gt=now).order_by("starts_at", "pk")
    first = (
        Microrred.objects
        .annotate(formed=counted(Microrred.objects.filter(year__gte=since)),
                  taking_part=counted(MicrorredParticipation.objects.filter(microrred__year__gte=since), "member",
                                      distinct=True),
                  next_at=Subquery(sessions_ahead.values("starts_at")[:1]),
                  holds_next=Exact(F("pk"), Subquery(sessions_ahead.values("microrred_id")[:1])))
        .order_by(F("holds_next").desc(nulls_last=True), "pk")
        .only("title", "slug", "time_zone")
        .first()
    )
    next_session = None
    if first is not None and first.holds_next:
        next_session = UpcomingItem(when=first.next_at, title=first.title, kind=_("Next session"),
                                    url=first.get_absolute_url(), zone=first.time_zone)
    formed, taking_part = (first.formed, first.taking_part) if first is not None else (0, 0)
    return ProgrammeSummary(
        title=_("Microrredes"),
        text=_("Microrredes of urban strategies: groups of 6 to 8 cities that work together on one theme for six months."),
        url=reverse("programs:microrred_index"), link_label=_("See the microrredes"),
        figures=(
            ProgrammeFigure(formed, ngettext("microrred since %(year)s", "microrredes since %(year)s", formed)
                            % {"year": since}),
            ProgrammeFigure(taking_part, _("cities and organisations taking part")),
        ),
        next=next_session,
    )


def mentoring_programme(*, now: datetime) -> ProgrammeSummary:
    """The home page's mentoring section (network.programmes): mentorships completed and under way
    (matched or in progress), one query; the link lists the mentoring calls."""
    counts = Mentorship.objects.aggregate(
        completed=Count("pk", filter=Q(state=MentorshipState.COMPLETED)),
        under_way=Count("pk", filter=Q(state__in=(MentorshipState.MATCHED, MentorshipState.IN_PROGRESS))),
    )
    completed, under_way = counts["completed"], counts["under_way"]
    return ProgrammeSummary(
        title=_("Mentoring between cities"),
        text=_("A city with experience on a theme accompanies another city that starts working on it, "
               "with sessions between their teams."),
        url=f"{reverse('programs:call_list')}?kind={CallKind.MENTORSHIP}", link_label=_("See the mentoring calls"),
        figures=(
            ProgrammeFigure(completed, ngettext("mentorship completed", "mentorships completed", completed)),
            ProgrammeFigure(under_way, ngettext("mentorship under way", "mentorships under way", under_way)),
        ),
    )


def public_microrred(slug: str) -> Microrred:
    return (
        Microrred.objects.select_related("theme", "coordinator")
        .prefetch_related(
            Prefetch("participations", queryset=MicrorredParticipation.objects.select_related("member")
                     .order_by("member__name")),
            Prefetch("sessions", queryset=MicrorredSession.objects.order_by("starts_at")),
            Prefetch("documents", queryset=MicrorredDocument.objects.filter(public=True), to_attr="public_documents"),
        )
        .get(slug=slug)
    )


# --- Member portal -------------------------------------------------------------------------------
def microrredes_for_user(user: User) -> QuerySet[Microrred]:
    qs = Microrred.objects.select_related("theme")
    if holds(user, "programs.view_microrred"):
        return qs
    return qs.filter(participations__member_id__in=member_ids_of(user)).distinct()


@dataclass
class MicrorredPage:
    microrred: Microrred
    my_member_ids: set[int]
    zone: str
    participations: list[MicrorredParticipation]
    sessions: list[MicrorredSession]
    documents: list[MicrorredDocument]
    next_session: MicrorredSession | None = None
    my_answers: dict[int, SessionAttendance] = field(default_factory=dict)


def portal_microrred(user: User, pk: int, *, now: datetime | None = None) -> MicrorredPage:
    """A microrred as one of its cities sees it (raises DoesNotExist for anybody else)."""
    now = now or timezone.now()
    microrred = microrredes_for_user(user).select_related("coordinator").get(pk=pk)
    participations = list(
        microrred.participations.select_related("member").prefetch_related(
            Prefetch("technicians", queryset=Person.objects.order_by("last_name", "first_name")))
        .order_by("member__name")
    )
    mine_ids = set(member_ids_of(user)) & {p.member_id for p in participations}
    sessions = list(
        microrred.sessions.prefetch_related(
            Prefetch("attendances", queryset=SessionAttendance.objects.select_related("member").order_by("member__name")))
        .order_by("starts_at")
    )
    my_answers: dict[int, SessionAttendance] = {}
    for session in sessions:
        session.is_past = session.starts_at <= now
        session.confirmed_count = sum(1 for a in session.attendances.all() if a.answer == AttendanceAnswer.CONFIRMED)
        session.attended_count = sum(1 for a in session.attendances.all() if a.attended)
        for attendance in session.attendances.all():
            if attendance.member_id in mine_ids:
                my_answers.setdefault(session.pk, attendance)
        session.my_attendance = my_answers.get(session.pk)
    zone = next((p.time_zone for p in participations if p.member_id in mine_ids), microrred.time_zone)
    documents = list(microrred.documents.select_related("session"))
    upcoming = [s for s in sessions if not s.is_past and not s.cancelled]
    return MicrorredPage(microrred=microrred, my_member_ids=mine_ids, zone=zone, participations=participations,
                         sessions=sessions, documents=documents, next_session=upcoming[0] if upcoming else None,
                         my_answers=my_answers)


def portal_session(user: User, pk: int) -> MicrorredSession:
    qs = MicrorredSession.objects.select_related("microrred")
    if not holds(user, "programs.view_microrred"):
        qs = qs.filter(microrred__participations__member_id__in=member_ids_of(user)).distinct()
    return qs.get(pk=pk)


def portal_document(user: User, pk: int) -> MicrorredDocument:
    qs = MicrorredDocument.objects.select_related("microrred")
    if not holds(user, "programs.view_microrred"):
        qs = qs.filter(microrred__participations__member_id__in=member_ids_of(user)).distinct()
    return qs.get(pk=pk)


def attending_member_for(user: User, session: MicrorredSession) -> Member | None:
    """The user's city that takes part in the session's microrred (the first by name)."""
    return (Member.objects.filter(roles__person__user=user, microrred_participations__microrred_id=session.microrred_id)
            .distinct().order_by("name").first())


def mentorships_for_user(user: User) -> QuerySet[Mentorship]:
    qs = Mentorship.objects.select_related("mentee", "mentor", "theme")
    if holds(user, "programs.view_mentorship"):
        return qs
    ids = member_ids_of(user)
    return qs.filter(Q(mentee_id__in=ids) | Q(mentor_id__in=ids))


def portal_mentorship(user: User, pk: int) -> Mentorship:
    return mentorships_for_user(user).prefetch_related("sessions").get(pk=pk)


def mentorship_side_of(user: User, mentorship: Mentorship) -> str | None:
    ids = set(member_ids_of(user))
    if mentorship.mentee_id in ids:
        return MentorshipSide.MENTEE
    if mentorship.mentor_id in ids:
        return MentorshipSide.MENTOR
    return None


def pairings_for_user(user: User) -> QuerySet[CityPairing]:
    qs = CityPairing.objects.select_related("city_a", "city_b", "theme")
    if holds(user, "programs.view_citypairing"):
        return qs
    ids = member_ids_of(user)
    return qs.filter(Q(city_a_id__in=ids) | Q(city_b_id__in=ids))


def portal_pairing(user: User, pk: int) -> CityPairing:
    return pairings_for_user(user).prefetch_related(
        "milestones",
        Prefetch("visits", queryset=PairingVisit.objects.select_related("host").prefetch_related("travellers__member")),
    ).get(pk=pk)


@dataclass
class CooperationOverview:
    microrredes: list[Microrred]
    next_sessions: list[MicrorredSession]  # each with `zone`: the zone its city reads session times in
    mentorships: list[Mentorship]
    pairings: list[CityPairing]  # each line of the four with `portal_url`, its page in the portal

    @property
    def empty(self) -> bool:
        return not (self.microrredes or self.mentorships or self.pairings)


def _participation_zones(member_ids: list[int]) -> tuple[list[Microrred], dict[int, str]]:
    """The microrredes the cities take part in (what a line of a list shows), and the zone each one's
    times are read in: its city's participation's (the latest joined, when two of the cities take
    part), as the microrred's own page shows them. One query."""
    microrredes: dict[int, Microrred] = {}
    zones: dict[int, str] = {}
    participations = (MicrorredParticipation.objects.filter(member_id__in=member_ids).select_related("microrred")
                      .only("time_zone", "microrred__title", "microrred__edition", "microrred__year",
                            "microrred__starts_on", "microrred__duration_months").order_by("joined_at", "pk"))
    for participation in participations:
        microrredes[participation.microrred_id] = participation.microrred
        zones[participation.microrred_id] = participation.time_zone
    for microrred in microrredes.values():
        microrred.portal_url = reverse("programs:coop_microrred", args=[microrred.pk])
    return list(microrredes.values()), zones


def _member_sessions(zones: dict[int, str], now: datetime, limit: int) -> list[MicrorredSession]:
    """The next sessions of the microrredes of `zones` (microrred id → zone), each with its `zone`."""
    if not zones:
        return []
    # What a line of the list (and an upcoming item) shows: the session and its microrred's title.
    sessions = list(
        MicrorredSession.objects.filter(microrred_id__in=list(zones), cancelled=False, starts_at__gt=now)
        .select_related("microrred").only("number", "starts_at", "microrred__title")
        .order_by("starts_at", "pk")[:limit]
    )
    for session in sessions:
        session.zone = zones[session.microrred_id]
        session.portal_url = reverse("programs:coop_microrred", args=[session.microrred_id]) + f"#session-{session.pk}"
    return sessions


def cooperation_overview(*, member_ids: list[int], now: datetime | None = None, sessions: int = 5) -> CooperationOverview:
    """What cities take part in: next sessions first, then microrredes, mentorships and pairings (4 queries)."""
    now = now or timezone.now()
    # Only what the lists show (a line each): this runs on every city page.
    microrredes, zones = _participation_zones(member_ids)
    microrredes.sort(key=lambda m: m.title)
    microrredes.sort(key=lambda m: m.starts_on, reverse=True)
    mentorships = list(
        Mentorship.objects.filter(Q(mentee_id__in=member_ids) | Q(mentor_id__in=member_ids))
        .select_related("mentee", "mentor", "theme")
        .only("state", "mentee__name", "mentor__name", "theme__name", "theme__name_pt", "theme__name_en")
        .order_by("-created_at")
    )
    pairings = list(
        CityPairing.objects.filter(Q(city_a_id__in=member_ids) | Q(city_b_id__in=member_ids))
        .select_related("city_a", "city_b").only("title", "state", "city_a__name", "city_b__name").order_by("-starts_on")
    )
    # Each line's address is reversed here: the {% url %} tag costs three times as much a row.
    for mentorship in mentorships:
        mentorship.portal_url = reverse("programs:coop_mentorship", args=[mentorship.pk])
    for pairing in pairings:
        pairing.portal_url = reverse("programs:coop_pairing", args=[pairing.pk])
    return CooperationOverview(microrredes=microrredes, next_sessions=_member_sessions(zones, now, sessions),
                               mentorships=mentorships, pairings=pairings)


def portal_panel(*, request, member: Member) -> dict | None:
    """The city portal's cooperation panel (registered in ProgramsConfig.ready)."""
    overview = cooperation_overview(member_ids=[member.pk])
    if overview.empty:
        return None
    return {"overview": overview}


def upcoming_sessions(*, request=None, member: Member | None = None, limit: int = 6) -> list[UpcomingItem]:
    """Upcoming provider: next microrred sessions of the city (or of the signed-in user's cities)."""
    if member is not None:
        member_ids = [member.pk]
    elif request is not None and getattr(request, "user", None) is not None and request.user.is_authenticated:
        member_ids = member_ids_of(request.user)
    else:
        return []
    if not member_ids:
        return []
    # In the zone the city reads the session's times in (its participation's, one row a city taking
    # part: a session two of the user's cities follow comes twice and is shown once), as the
    # cooperation panel and the microrred's page show them.
    sessions = (MicrorredSession.objects.filter(microrred__participations__member_id__in=member_ids,
                                                cancelled=False, starts_at__gt=timezone.now())
                .annotate(zone=F("microrred__participations__time_zone")).select_related("microrred")
                .only("number", "starts_at", "microrred__title").order_by("starts_at", "pk")[:limit * len(member_ids)])
    once = {session.pk: session for session in reversed(sessions)}  # the first row of each session
    return [
        UpcomingItem(when=s.starts_at, title=f"{s.microrred.title} · {_('Session %(number)s') % {'number': s.number}}",
                     kind=_("Microrred session"),
                     url=reverse("programs:coop_microrred", kwargs={"pk": s.microrred_id}), zone=s.zone)
        for s in sorted(once.values(), key=lambda s: (s.starts_at, s.pk))[:limit]
    ]


def calendar_entries(*, user: User) -> list[CalendarEntry]:
    """Calendar provider: every session of the microrredes of the user's cities."""
    from .services.microrredes import session_entry

    member_ids = member_ids_of(user)
    if not member_ids:
        return []
    sessions = (MicrorredSession.objects.filter(microrred__participations__member_id__in=member_ids, cancelled=False)
                .select_related("microrred").distinct().order_by("starts_at"))
    return [session_entry(s) for s in sessions]


# --- Staff: groupings and mentor suggestions ------------------------------------------------------
@dataclass
class Grouping:
    theme: Theme | None
    applications: list[Application]

    @property
    def size_ok(self) -> bool:
        from .enums import MICRORRED_MAX_MEMBERS
        from .enums import MICRORRED_MIN_MEMBERS

        return MICRORRED_MIN_MEMBERS <= len({a.member_id for a in self.applications}) <= MICRORRED_MAX_MEMBERS


def microrred_groupings(call: Call) -> list[Grouping]:
    """Accepted applications of a microrred call not yet in a microrred, grouped by the theme each chose
    (an application with several themes appears under each; one with none under "no theme")."""
    applications = list(
        Application.objects.filter(call=call, state=ApplicationState.ACCEPTED)
        .exclude(Exists(MicrorredParticipation.objects.filter(application=OuterRef("pk"))))
        .select_related("member").order_by("member__name")
    )
    slugs = {slug for a in applications for slug in (a.data or {}).get("themes") or []}
    themes = {t.slug: t for t in Theme.objects.filter(slug__in=slugs)}
    groups: dict[str, list[Application]] = defaultdict(list)
    for application in applications:
        chosen = [s for s in (application.data or {}).get("themes") or [] if s in themes]
        for slug in chosen or [""]:
            groups[slug].append(application)
    ordered = sorted(groups.items(), key=lambda item: (item[0] == "", -len(item[1]), item[0]))
    return [Grouping(theme=themes.get(slug), applications=apps) for slug, apps in ordered]


def microrred_calls() -> QuerySet[Call]:
    return Call.objects.filter(kind=CallKind.MICRORRED).order_by("-opens_at")


@dataclass
class MentorSuggestion:
    member: Member
    practices: int
    microrredes: int
    offered: bool

    @property
    def score(self) -> int:
        return self.practices * 2 + self.microrredes + (3 if self.offered else 0)


def mentor_suggestions(mentorship: Mentorship, *, limit: int = 10) -> list[MentorSuggestion]:
    """Members with published good practices or past microrredes in the mentorship's theme, or that
    offered to mentor in it through the mentoring call; best first."""

    theme = mentorship.theme
    # Offers to mentor name their themes in the answers (a few rows: filtered here, on every database).
    offers = Application.objects.filter(
        call__kind=CallKind.MENTORSHIP, data__role="mentor",
        state__in=[ApplicationState.ACCEPTED, ApplicationState.SUBMITTED, ApplicationState.UNDER_REVIEW],
    ).values_list("member_id", "data")
    offered_ids = {member_id for member_id, data in offers if theme.slug in ((data or {}).get("themes") or [])}
    members = (
        Member.objects.exclude(pk=mentorship.mentee_id)
        .annotate(
            practices=Count("good_practices", filter=Q(good_practices__state="published",
                                                       good_practices__themes=theme), distinct=True),
            past_microrredes=Count("microrred_participations",
                                   filter=Q(microrred_participations__microrred__theme=theme), distinct=True),
        )
        .filter(Q(practices__gt=0) | Q(past_microrredes__gt=0) | Q(pk__in=offered_ids))
    )
    suggestions = [MentorSuggestion(member=m, practices=m.practices, microrredes=m.past_microrredes,
                                    offered=m.pk in offered_ids) for m in members]
    suggestions.sort(key=lambda s: (-s.score, s.member.name))
    return suggestions[:limit]


def open_mentorships() -> QuerySet[Mentorship]:
    return Mentorship.objects.filter(state__in=MENTORSHIP_OPEN_STATES)


# --- Subjects (surveys, annual report) ------------------------------------------------------------
def microrred_participants(microrred: Microrred):
    from network.subjects import Participant

    people = Person.objects.filter(microrred_participations__microrred=microrred).exclude(email="").annotate(
        city_id=Min("microrred_participations__member_id")).order_by("pk").select_related("user")
    return [Participant(email=p.email, name=p.full_name, language=p.language, person_id=p.pk, member_id=p.city_id,
                        user_id=p.user_id) for p in people]


def microrred_ended_at(microrred: Microrred) -> datetime:
    return datetime.combine(microrred.ends_on, time(23, 59), tzinfo=microrred.tz)
