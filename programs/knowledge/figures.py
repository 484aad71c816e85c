"""Figures of the knowledge programmes for the annual report: webinars, good practices and funding
opportunities (registered by programs.knowledge.hooks).

Which date puts a row in a year (date-times are read in the portal's time zone, settings.TIME_ZONE):

- webinar: the day it took place (`starts_at`), public and already started
  (selectors.held_webinars, the public count's rule);
- good practice: the day it was (last) published (`published_at`), for practices published now;
  a transfer: the year the adopting city recorded (`PracticeTransfer.year`);
- funding opportunity: the model records no publication date, so the day it was entered
  (`created_at`) stands for the day it was relayed; only published ones count. No amounts are recorded.

Every function runs a fixed number of queries, whatever the data size.
"""

from __future__ import annotations

from django.db.models import Count
from django.db.models import Q
from django.db.models import Sum
from django.db.models.functions import ExtractYear
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
from network.plan.figures import theme_rows
from network.plan.figures import total_up_to
from network.plan.figures import year_points
from network.timezones import in_zone

from .enums import PracticeState
from .enums import TransferKind
from .models import FundingOpportunity
from .models import GoodPractice
from .models import PracticeTransfer
from .models import WebinarRegistration
from .selectors import held_webinars


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
            Figure("webinars.held", _("Webinars held"), counts.get(year, 0), total=total_up_to(counts, year)),
            Figure("webinars.registrations", _("Webinar registrations"), registrations["in_year"],
                   total=registrations["up_to"]),
            Figure("webinars.attendance", _("Webinar attendance (where recorded)"), attendance.get(year, 0),
                   total=total_up_to(attendance, year)),
        ],
        breakdowns=[Breakdown("webinars.by_theme", _("Webinars by theme"), theme_rows(by_theme))],
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
    per_year = count_per_year(published, "published_at")
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
                   total=total_up_to(per_year, year)),
            Figure("practices.transfers", _("Good practices transferred to another city"), transfers["in_year"],
                   total=transfers["up_to"]),
        ],
        breakdowns=[
            Breakdown("practices.by_theme", _("Good practices published by theme"), theme_rows(by_theme)),
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
    per_year = count_per_year(published, "created_at")
    listed = published.filter(created_at__year=year).order_by("deadline", "title").values_list(
        "title", "funder", "deadline", "time_zone")
    return FigureGroup(
        key="funding", title=_("Funding opportunities"),
        figures=[Figure("funding.published", _("Funding opportunities relayed"), per_year.get(year, 0),
                        total=total_up_to(per_year, year))],
        trends=[Trend("funding.published_by_year", _("Funding opportunities relayed per year"),
                      year_points(per_year, last_year=year))],
        tables=[Table("funding.list", _("Funding opportunities relayed"), [_("Call"), _("Funder"), _("Deadline")],
                      [[title, funder, date_format(in_zone(deadline, zone), "SHORT_DATE_FORMAT")]
                       for title, funder, deadline, zone in listed])],
    )


def register() -> None:
    register_figures(FigureSource(key="webinars", title=_("Webinars"), order=29, compute=webinar_group,
                                  by_member=webinars_by_member))
    register_figures(FigureSource(key="practices", title=_("Good practices"), order=32, compute=practice_group,
                                  by_member=practices_by_member))
    register_figures(FigureSource(key="funding", title=_("Funding opportunities"), order=35,
                                  compute=funding_group))
