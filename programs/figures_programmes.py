"""Figures of the cooperation and knowledge programmes for the annual report: microrredes, mentorships,
city pairings, webinars, good practices and funding opportunities (registered in ProgramsConfig.ready).

Which date puts a row in a year (date-times are read in the portal's time zone, settings.TIME_ZONE,
as every `__year` lookup and ExtractYear of the app does):

- microrred: it counts in every year it runs (from `starts_on` to `ends_on`,
  selectors_cooperation.running_in_year); its totals count editions (`Microrred.year`) up to the year,
  as the public index does (selectors_cooperation.microrred_figures, reused here);
  a session: the day it started (`starts_at`), once it has started and if not cancelled;
- mentorship: requested (`created_at`), started (`started_at`), completed (`ended_at` of a completed
  one); a city takes part from the match with a mentor city (`matched_at`) until it ends (`ended_at`);
- city pairing: it counts in every year its 18 months (or its duration) overlap, once started (active
  or completed; planned and cancelled ones are left out: they record no dates of their own);
  a technical visit: its first day (`starts_on`), once that day has come;
- webinar: the day it took place (`starts_at`), public and already started
  (selectors_knowledge.held_webinars, the public count's rule);
- good practice: the day it was (last) published (`published_at`), for practices published now;
  a transfer: the year the adopting city recorded (`PracticeTransfer.year`);
- funding opportunity: the model records no publication date, so the day it was entered
  (`created_at`) stands for the day it was relayed; only published ones count. No amounts are recorded.

Every function runs a fixed number of queries, whatever the data size.
"""

from __future__ import annotations

import zoneinfo
from collections import Counter

from django.db.models import Count, Q, Sum
from django.db.models.functions import ExtractYear
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _

from network.models import Member, Theme
from network.plan.figures import (
    Breakdown,
    Figure,
    FigureGroup,
    FigureSource,
    MemberColumns,
    Table,
    Trend,
    register_figures,
    year_points,
)

from .enums_cooperation import MentorshipState, PairingState
from .enums_knowledge import PracticeState, TransferKind
from .models import (
    CityPairing,
    FundingOpportunity,
    GoodPractice,
    Mentorship,
    Microrred,
    MicrorredParticipation,
    MicrorredSession,
    PairingVisit,
    PracticeTransfer,
    SessionAttendance,
    VisitTraveller,
    WebinarRegistration,
)
from .selectors_cooperation import microrred_figures, running_in_year
from .selectors_knowledge import held_webinars

PAIRING_RAN = (PairingState.ACTIVE, PairingState.COMPLETED)


def _theme_label(name: str, name_pt: str, name_en: str) -> str:
    """A theme's name in the active language (Theme.label), from values read in the same query."""
    return Theme(name=name, name_pt=name_pt or "", name_en=name_en or "").label


def _theme_rows(rows) -> list[tuple[str, int]]:
    """(name, name_pt, name_en, count) rows, without a theme dropped, as chart rows: most first."""
    counted = [(_theme_label(name, pt, en), n) for name, pt, en, n in rows if name is not None]
    return sorted(counted, key=lambda row: (-row[1], row[0]))


def _per_year(queryset, field: str) -> dict[int, int]:
    return dict(queryset.annotate(y=ExtractYear(field)).values_list("y").annotate(n=Count("pk")).order_by())


def _up_to(counts: dict[int, int | float], year: int) -> int | float:
    return sum(n for y, n in counts.items() if y is not None and y <= year)


# --- Who takes part in a year ---------------------------------------------------------------------
def mentorship_running(year: int) -> Q:
    """A city takes part in a mentorship from the match with a mentor city until it ends."""
    return Q(matched_at__year__lte=year) & (Q(ended_at__isnull=True) | Q(ended_at__year__gte=year))


def pairing_running(year: int) -> Q:
    return Q(state__in=PAIRING_RAN) & running_in_year(year)


# --- Microrredes ---------------------------------------------------------------------------------
def microrred_group(*, year: int, member: Member | None = None) -> FigureGroup | None:
    """Microrredes that run in the year and editions up to it, the cities and organisations taking part
    (as the public index counts them), sessions held, themes, territorial networks, and the microrredes
    started per year (by start date). 8 queries; 3 for one member."""
    if member is not None:
        return _microrred_member(year=year, member=member)
    running = Microrred.objects.filter(running_in_year(year))
    in_year = microrred_figures(runs=running)
    up_to = microrred_figures(runs=Microrred.objects.filter(year__lte=year))
    sessions = MicrorredSession.objects.filter(cancelled=False, starts_at__lte=timezone.now()).aggregate(
        in_year=Count("pk", filter=Q(starts_at__year=year)), up_to=Count("pk", filter=Q(starts_at__year__lte=year)))
    by_theme = (running.values_list("theme__name", "theme__name_pt", "theme__name_en")
                .annotate(n=Count("pk")).order_by())
    by_network = list(
        MicrorredParticipation.objects.filter(running_in_year(year, prefix="microrred__"),
                                              member__territorial_network__isnull=False)
        .values_list("member__territorial_network__name").annotate(n=Count("member", distinct=True))
        .order_by("-n", "member__territorial_network__name")
    )
    started = _per_year(Microrred.objects.all(), "starts_on")
    return FigureGroup(
        key="microrredes", title=_("Microrredes"),
        figures=[
            Figure("microrredes.run", _("Microrredes run"), in_year.microrredes, total=up_to.microrredes),
            Figure("microrredes.cities", _("Cities taking part"), in_year.cities, total=up_to.cities),
            Figure("microrredes.organisations", _("Metropolitan areas and entities taking part"),
                   in_year.organisations, total=up_to.organisations),
            Figure("microrredes.sessions", _("Microrred sessions held"), sessions["in_year"], total=sessions["up_to"]),
        ],
        breakdowns=[
            Breakdown("microrredes.by_theme", _("Microrredes by theme"), _theme_rows(by_theme)),
            Breakdown("microrredes.by_network", _("Members taking part by territorial network"), by_network),
        ],
        trends=[Trend("microrredes.started_by_year", _("Microrredes started per year"),
                      year_points(started, last_year=year))],
    )


def _microrred_member(*, year: int, member: Member) -> FigureGroup | None:
    mine = MicrorredParticipation.objects.filter(member=member)
    counts = mine.aggregate(in_year=Count("pk", filter=running_in_year(year, prefix="microrred__")),
                            up_to=Count("pk", filter=Q(microrred__year__lte=year)))
    attended = SessionAttendance.objects.filter(member=member, attended=True, session__cancelled=False).aggregate(
        in_year=Count("pk", filter=Q(session__starts_at__year=year)),
        up_to=Count("pk", filter=Q(session__starts_at__year__lte=year)))
    if not counts["in_year"] and not attended["in_year"]:
        return None
    rows = (mine.filter(running_in_year(year, prefix="microrred__"))
            .values_list("microrred__title", "microrred__theme__name", "microrred__theme__name_pt",
                         "microrred__theme__name_en", "microrred__starts_on").order_by("microrred__starts_on"))
    return FigureGroup(
        key="microrredes", title=_("Microrredes"),
        figures=[
            Figure("microrredes.run", _("Microrredes taken part in"), counts["in_year"], total=counts["up_to"]),
            Figure("microrredes.sessions", _("Microrred sessions attended"), attended["in_year"],
                   total=attended["up_to"]),
        ],
        tables=[Table("microrredes.list", _("Microrredes"), [_("Microrred"), _("Theme"), _("Start date")],
                      [[title, _theme_label(name, pt, en), date_format(starts_on, "SHORT_DATE_FORMAT")]
                       for title, name, pt, en, starts_on in rows])],
    )


def cooperation_by_member(*, year: int) -> MemberColumns:
    """One annex column: microrredes, mentorships (as mentee or mentor) and pairings each city took part
    in during the year. 3 queries."""
    counts: Counter[int] = Counter(dict(
        MicrorredParticipation.objects.filter(running_in_year(year, prefix="microrred__"))
        .values_list("member_id").annotate(n=Count("pk")).order_by()
    ))
    for mentee_id, mentor_id in Mentorship.objects.filter(mentorship_running(year)).values_list("mentee_id",
                                                                                                "mentor_id"):
        counts.update(m for m in (mentee_id, mentor_id) if m is not None)
    for city_a_id, city_b_id in CityPairing.objects.filter(pairing_running(year)).values_list("city_a_id",
                                                                                              "city_b_id"):
        counts.update((city_a_id, city_b_id))
    return MemberColumns(columns=[_("Cooperation")], values={member_id: [n] for member_id, n in counts.items() if n})


# --- Mentorships ---------------------------------------------------------------------------------
def mentorship_group(*, year: int, member: Member | None = None) -> FigureGroup | None:
    """Mentorships requested, started and completed in the year (and up to it), and those requested up
    to the year by their state now. 2 queries; 1 for one member."""
    if member is not None:
        return _mentorship_member(year=year, member=member)
    completed = Q(state=MentorshipState.COMPLETED)
    counts = Mentorship.objects.aggregate(
        requested=Count("pk", filter=Q(created_at__year=year)),
        requested_total=Count("pk", filter=Q(created_at__year__lte=year)),
        started=Count("pk", filter=Q(started_at__year=year)),
        started_total=Count("pk", filter=Q(started_at__year__lte=year)),
        completed=Count("pk", filter=completed & Q(ended_at__year=year)),
        completed_total=Count("pk", filter=completed & Q(ended_at__year__lte=year)),
    )
    by_state = dict(Mentorship.objects.filter(created_at__year__lte=year).values_list("state")
                    .annotate(n=Count("pk")).order_by())
    return FigureGroup(
        key="mentorships", title=_("Mentorships"),
        figures=[
            Figure("mentorships.requested", _("Mentorships requested"), counts["requested"],
                   total=counts["requested_total"]),
            Figure("mentorships.started", _("Mentorships started"), counts["started"], total=counts["started_total"]),
            Figure("mentorships.completed", _("Mentorships completed"), counts["completed"],
                   total=counts["completed_total"]),
        ],
        breakdowns=[Breakdown("mentorships.by_state", _("Mentorships by state"),
                              [(str(label), by_state[value]) for value, label in MentorshipState.choices
                               if by_state.get(value)])],
    )


def _mentorship_member(*, year: int, member: Member) -> FigureGroup | None:
    ran = mentorship_running(year)
    ran_up_to = Q(matched_at__year__lte=year)
    counts = Mentorship.objects.filter(Q(mentee=member) | Q(mentor=member)).aggregate(
        as_mentee=Count("pk", filter=ran & Q(mentee=member)),
        as_mentee_total=Count("pk", filter=ran_up_to & Q(mentee=member)),
        as_mentor=Count("pk", filter=ran & Q(mentor=member)),
        as_mentor_total=Count("pk", filter=ran_up_to & Q(mentor=member)),
    )
    if not counts["as_mentee"] and not counts["as_mentor"]:
        return None
    return FigureGroup(key="mentorships", title=_("Mentorships"), figures=[
        Figure("mentorships.as_mentee", _("Mentorships received"), counts["as_mentee"],
               total=counts["as_mentee_total"]),
        Figure("mentorships.as_mentor", _("Mentorships given"), counts["as_mentor"], total=counts["as_mentor_total"]),
    ])


# --- City pairings -------------------------------------------------------------------------------
def pairing_group(*, year: int, member: Member | None = None) -> FigureGroup | None:
    """Pairings under way in the year (and started up to it), technical visits held and funded
    travellers. 3 queries; 2 for one member."""
    if member is not None:
        return _pairing_member(year=year, member=member)
    pairings = CityPairing.objects.aggregate(
        in_year=Count("pk", filter=pairing_running(year)),
        up_to=Count("pk", filter=Q(state__in=PAIRING_RAN, starts_on__year__lte=year)))
    today = timezone.localdate()
    visits = PairingVisit.objects.filter(starts_on__lte=today).aggregate(
        in_year=Count("pk", filter=Q(starts_on__year=year)), up_to=Count("pk", filter=Q(starts_on__year__lte=year)))
    travellers = VisitTraveller.objects.filter(funded=True, visit__starts_on__lte=today).aggregate(
        in_year=Count("pk", filter=Q(visit__starts_on__year=year)),
        up_to=Count("pk", filter=Q(visit__starts_on__year__lte=year)))
    return FigureGroup(key="pairings", title=_("City pairings"), figures=[
        Figure("pairings.active", _("City pairings under way"), pairings["in_year"], total=pairings["up_to"]),
        Figure("pairings.visits", _("Technical visits held"), visits["in_year"], total=visits["up_to"]),
        Figure("pairings.travellers", _("Travellers with funded travel"), travellers["in_year"],
               total=travellers["up_to"]),
    ])


def _pairing_member(*, year: int, member: Member) -> FigureGroup | None:
    counts = CityPairing.objects.filter(Q(city_a=member) | Q(city_b=member)).aggregate(
        in_year=Count("pk", filter=pairing_running(year)),
        up_to=Count("pk", filter=Q(state__in=PAIRING_RAN, starts_on__year__lte=year)))
    travellers = VisitTraveller.objects.filter(member=member, funded=True,
                                               visit__starts_on__lte=timezone.localdate()).aggregate(
        in_year=Count("pk", filter=Q(visit__starts_on__year=year)),
        up_to=Count("pk", filter=Q(visit__starts_on__year__lte=year)))
    if not counts["in_year"] and not travellers["in_year"]:
        return None
    return FigureGroup(key="pairings", title=_("City pairings"), figures=[
        Figure("pairings.active", _("City pairings under way"), counts["in_year"], total=counts["up_to"]),
        Figure("pairings.travellers", _("Travellers with funded travel"), travellers["in_year"],
               total=travellers["up_to"]),
    ])


# --- Webinars ------------------------------------------------------------------------------------
def webinar_group(*, year: int, member: Member | None = None) -> FigureGroup | None:
    """Webinars held in the year and since the first, registrations (unsubscribed ones left out) and
    attendance where recorded, themes, and webinars per year. 3 queries; 1 for one member."""
    held = held_webinars()
    if member is not None:
        return _webinar_member(year=year, member=member, held=held)
    per_year = {
        y: (n, attended or 0) for y, n, attended in
        held.annotate(y=ExtractYear("starts_at")).values_list("y")
        .annotate(n=Count("pk"), attended=Sum("attendance_count")).order_by()
    }
    registrations = WebinarRegistration.objects.filter(cancelled_at__isnull=True, webinar__in=held).aggregate(
        in_year=Count("pk", filter=Q(webinar__starts_at__year=year)),
        up_to=Count("pk", filter=Q(webinar__starts_at__year__lte=year)))
    by_theme = (held.filter(starts_at__year=year).values_list("themes__name", "themes__name_pt", "themes__name_en")
                .annotate(n=Count("pk")).order_by())
    counts = {y: n for y, (n, _a) in per_year.items()}
    attendance = {y: a for y, (_n, a) in per_year.items()}
    return FigureGroup(
        key="webinars", title=_("Webinars"),
        figures=[
            Figure("webinars.held", _("Webinars held"), counts.get(year, 0), total=_up_to(counts, year)),
            Figure("webinars.registrations", _("Webinar registrations"), registrations["in_year"],
                   total=registrations["up_to"]),
            Figure("webinars.attendance", _("Webinar attendance (where recorded)"), attendance.get(year, 0),
                   total=_up_to(attendance, year)),
        ],
        breakdowns=[Breakdown("webinars.by_theme", _("Webinars by theme"), _theme_rows(by_theme))],
        trends=[Trend("webinars.held_by_year", _("Webinars held per year"), year_points(counts, last_year=year))],
    )


def _webinar_member(*, year: int, member: Member, held) -> FigureGroup | None:
    counts = held.filter(presenting_member=member).aggregate(
        in_year=Count("pk", filter=Q(starts_at__year=year)), up_to=Count("pk", filter=Q(starts_at__year__lte=year)))
    if not counts["in_year"]:
        return None
    return FigureGroup(key="webinars", title=_("Webinars"), figures=[
        Figure("webinars.presented", _("Webinars presented"), counts["in_year"], total=counts["up_to"])])


def webinars_by_member(*, year: int) -> MemberColumns:
    """Annex: webinars each city presented in the year. 1 query."""
    rows = (held_webinars().filter(starts_at__year=year, presenting_member__isnull=False)
            .values_list("presenting_member_id").annotate(n=Count("pk")).order_by())
    return MemberColumns(columns=[_("Webinars")], values={member_id: [n] for member_id, n in rows})


# --- Good practices ------------------------------------------------------------------------------
def practice_group(*, year: int, member: Member | None = None) -> FigureGroup | None:
    """Good practices published in the year and up to it, transfers to other cities (adopted or
    adapted) recorded for the year, themes, and practices published per year. 3 queries; 2 for one
    member."""
    published = GoodPractice.objects.filter(state=PracticeState.PUBLISHED, published_at__isnull=False)
    if member is not None:
        return _practice_member(year=year, member=member, published=published)
    per_year = _per_year(published, "published_at")
    transfers = PracticeTransfer.objects.filter(practice__state=PracticeState.PUBLISHED).aggregate(
        in_year=Count("pk", filter=Q(year=year)), up_to=Count("pk", filter=Q(year__lte=year)),
        adopted=Count("pk", filter=Q(year=year, kind=TransferKind.ADOPTED)),
        adapted=Count("pk", filter=Q(year=year, kind=TransferKind.ADAPTED)))
    by_theme = (published.filter(published_at__year=year)
                .values_list("themes__name", "themes__name_pt", "themes__name_en").annotate(n=Count("pk")).order_by())
    return FigureGroup(
        key="practices", title=_("Good practices"),
        figures=[
            Figure("practices.published", _("Good practices published"), per_year.get(year, 0),
                   total=_up_to(per_year, year)),
            Figure("practices.transfers", _("Good practices transferred to another city"), transfers["in_year"],
                   total=transfers["up_to"]),
        ],
        breakdowns=[
            Breakdown("practices.by_theme", _("Good practices published by theme"), _theme_rows(by_theme)),
            Breakdown("practices.transfers_by_kind", _("Transfers by kind"),
                      [(str(label), transfers[value]) for value, label in TransferKind.choices if transfers[value]]),
        ],
        trends=[Trend("practices.published_by_year", _("Good practices published per year"),
                      year_points(per_year, last_year=year))],
    )


def _practice_member(*, year: int, member: Member, published) -> FigureGroup | None:
    own = published.filter(member=member).aggregate(
        in_year=Count("pk", filter=Q(published_at__year=year)),
        up_to=Count("pk", filter=Q(published_at__year__lte=year)))
    transfers = PracticeTransfer.objects.filter(practice__state=PracticeState.PUBLISHED).aggregate(
        adopted=Count("pk", filter=Q(member=member, year=year)),
        adopted_total=Count("pk", filter=Q(member=member, year__lte=year)),
        shared=Count("pk", filter=Q(practice__member=member, year=year)),
        shared_total=Count("pk", filter=Q(practice__member=member, year__lte=year)))
    if not own["in_year"] and not transfers["adopted"] and not transfers["shared"]:
        return None
    return FigureGroup(key="practices", title=_("Good practices"), figures=[
        Figure("practices.published", _("Good practices published"), own["in_year"], total=own["up_to"]),
        Figure("practices.adopted", _("Good practices of other cities adopted or adapted"), transfers["adopted"],
               total=transfers["adopted_total"]),
        Figure("practices.transferred", _("Own good practices adopted or adapted by other cities"),
               transfers["shared"], total=transfers["shared_total"]),
    ])


def practices_by_member(*, year: int) -> MemberColumns:
    """Annex: good practices each city published in the year. 1 query."""
    rows = (GoodPractice.objects.filter(state=PracticeState.PUBLISHED, published_at__year=year)
            .values_list("member_id").annotate(n=Count("pk")).order_by())
    return MemberColumns(columns=[_("Good practices")], values={member_id: [n] for member_id, n in rows})


# --- Funding opportunities -----------------------------------------------------------------------
def funding_group(*, year: int, member: Member | None = None) -> FigureGroup | None:
    """Published funding opportunities relayed in the year and up to it, with the year's list. No amounts
    are recorded, and opportunities are relayed to every member, not taken part in: nothing for one
    member. 2 queries."""
    if member is not None:
        return None
    published = FundingOpportunity.objects.filter(published=True)
    per_year = _per_year(published, "created_at")
    listed = published.filter(created_at__year=year).order_by("deadline", "title").values_list(
        "title", "funder", "deadline", "time_zone")
    return FigureGroup(
        key="funding", title=_("Funding opportunities"),
        figures=[Figure("funding.published", _("Funding opportunities relayed"), per_year.get(year, 0),
                        total=_up_to(per_year, year))],
        trends=[Trend("funding.published_by_year", _("Funding opportunities relayed per year"),
                      year_points(per_year, last_year=year))],
        tables=[Table("funding.list", _("Funding opportunities relayed"), [_("Call"), _("Funder"), _("Deadline")],
                      [[title, funder, date_format(deadline.astimezone(zoneinfo.ZoneInfo(zone)), "SHORT_DATE_FORMAT")]
                       for title, funder, deadline, zone in listed])],
    )


def register() -> None:
    # The annex by member has three columns: cooperation (microrredes, mentorships and pairings together,
    # given by the microrredes source), webinars presented and good practices published.
    register_figures(FigureSource(key="microrredes", title=_("Microrredes"), order=20, compute=microrred_group,
                                  by_member=cooperation_by_member))
    register_figures(FigureSource(key="mentorships", title=_("Mentorships"), order=23, compute=mentorship_group))
    register_figures(FigureSource(key="pairings", title=_("City pairings"), order=26, compute=pairing_group))
    register_figures(FigureSource(key="webinars", title=_("Webinars"), order=29, compute=webinar_group,
                                  by_member=webinars_by_member))
    register_figures(FigureSource(key="practices", title=_("Good practices"), order=32, compute=practice_group,
                                  by_member=practices_by_member))
    register_figures(FigureSource(key="funding", title=_("Funding opportunities"), order=35,
                                  compute=funding_group))

