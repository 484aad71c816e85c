"""Figures of the calls engine for the annual report: calls opened, applications received and
accepted, by kind, per year and per member."""

from __future__ import annotations

from django.db.models import Count
from django.db.models import Q
from django.db.models.functions import ExtractYear
from django.utils.translation import gettext_lazy as _

from network.plan.figures import Breakdown
from network.plan.figures import Figure
from network.plan.figures import FigureGroup
from network.plan.figures import FigureSource
from network.plan.figures import MemberColumns
from network.plan.figures import Trend
from network.plan.figures import register_figures
from network.plan.figures import year_points

from .enums import ApplicationState
from .enums import CallKind
from .models import Application
from .models import Call

SENT = Q(submitted_at__isnull=False)


def call_figures(*, year: int, member=None) -> FigureGroup | None:
    applications = Application.objects.filter(SENT)
    if member is not None:
        applications = applications.filter(member=member)
    per_year = dict(
        applications.annotate(y=ExtractYear("submitted_at")).values_list("y").annotate(n=Count("pk")).order_by()
    )
    accepted = applications.filter(state=ApplicationState.ACCEPTED).aggregate(
        year=Count("pk", filter=Q(decided_at__year=year)), total=Count("pk", filter=Q(decided_at__year__lte=year))
    )
    figures = [
        Figure("calls.applications", _("Applications received"), per_year.get(year, 0),
               total=sum(n for y, n in per_year.items() if y <= year)),
        Figure("calls.accepted", _("Applications accepted"), accepted["year"], total=accepted["total"]),
    ]
    if member is not None:
        if not per_year.get(year) and not accepted["year"]:
            return None
        return FigureGroup(key="calls", title=_("Calls and applications"), figures=figures)
    opened = Call.objects.filter(published=True).aggregate(
        year=Count("pk", filter=Q(opens_at__year=year)), total=Count("pk", filter=Q(opens_at__year__lte=year))
    )
    figures.insert(0, Figure("calls.opened", _("Calls opened"), opened["year"], total=opened["total"]))
    kinds = dict(CallKind.choices)
    by_kind = (
        applications.filter(submitted_at__year=year).values_list("call__kind").annotate(n=Count("pk")).order_by("-n")
    )
    return FigureGroup(
        key="calls", title=_("Calls and applications"), figures=figures,
        breakdowns=[Breakdown("calls.by_kind", _("Applications by kind of call"),
                              [(str(kinds.get(kind, kind)), n) for kind, n in by_kind])],
        trends=[Trend("calls.applications_by_year", _("Applications per year"), year_points(per_year, last_year=year))],
    )


def call_figures_by_member(*, year: int) -> MemberColumns:
    rows = (
        Application.objects.filter(SENT, member__isnull=False, submitted_at__year=year)
        .values_list("member_id")
        .annotate(sent=Count("pk"), accepted=Count("pk", filter=Q(state=ApplicationState.ACCEPTED)))
        .order_by()
    )
    return MemberColumns(columns=[_("Applications"), _("Accepted")],
                         values={member_id: [sent, accepted] for member_id, sent, accepted in rows})


def register() -> None:
    register_figures(FigureSource(key="calls", title=_("Calls and applications"), order=15,
                                  compute=call_figures, by_member=call_figures_by_member))
