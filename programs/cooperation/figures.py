"""Figures of the cooperation programmes for the annual report: microrredes, mentorships and city
pairings (registered by programs.cooperation.hooks).

Which date puts a row in a year (date-times are read in the portal's time zone, settings.TIME_ZONE,
as every `__year` lookup and ExtractYear of the app does):

- microrred: it counts in every year it runs (from `starts_on` to `ends_on`,
  selectors.running_in_year); its totals count editions (`Microrred.year`) up to the year,
  as the public index does (selectors.microrred_figures, reused here);
  a session: the day it started (`starts_at`), once it has started and if not cancelled;
- mentorship: requested (`created_at`), started (`started_at`), completed (`ended_at` of a completed
  one); a city takes part from the match with a mentor city (`matched_at`) until it ends (`ended_at`);
- city pairing: it counts in every year its 18 months (or its duration) overlap, once started (active
  or completed; planned and cancelled ones are left out: they record no dates of their own);
  a technical visit: its first day (`starts_on`), once that day has come.

Every function runs a fixed number of queries, whatever the data size.
"""

from __future__ import annotations

from collections import Counter

from django.db.models import Count
from django.db.models import Q
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _

from network.models import Member
from network.plan.figures import Breakdown
from network.plan.figures import Figure
from network.plan.figures import FigureGroup
from network.plan.figures import FigureSource
from network.plan.figures import MemberColumns
from network.plan.figures import Table
from network.plan.figures import Trend
from network.plan.figures import count_per_year
from network.plan.figures import register_figures
from network.plan.figures import theme_label
from network.plan.figures import theme_rows
from network.plan.figures import year_points

from .enums import MentorshipState
from .enums import PairingState
from .models import CityPairing
from .models import Mentorship
from .models import Microrred
from .models import MicrorredParticipation
from .models import MicrorredSession
from .models import PairingVisit
from .models import SessionAttendance
from .models import VisitTraveller
from .selectors import microrred_figures
from .selectors import running_in_year

PAIRING_RAN = (PairingState.ACTIVE, PairingState.COMPLETED)


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
    started = count_per_year(Microrred.objects.all(), "starts_on")
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
            Breakdown("microrredes.by_theme", _("Microrredes by theme"), theme_rows(by_theme)),
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
                      [[title, theme_label(name, pt, en), date_format(starts_on, "SHORT_DATE_FORMAT")]
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


def register() -> None:
    # The annex by member's "cooperation" column counts microrredes, mentorships and pairings together
    # (given by the microrredes source).
    register_figures(FigureSource(key="microrredes", title=_("Microrredes"), order=20, compute=microrred_group,
                                  by_member=cooperation_by_member))
    register_figures(FigureSource(key="mentorships", title=_("Mentorships"), order=23, compute=mentorship_group))
    register_figures(FigureSource(key="pairings", title=_("City pairings"), order=26, compute=pairing_group))
