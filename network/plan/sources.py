"""The network's own figures: members by status and territorial network."""

from __future__ import annotations

from django.db.models import Count
from django.db.models.functions import ExtractYear
from django.utils.translation import gettext_lazy as _

from ..enums import CURRENT_MEMBER_STATUSES
from ..enums import MemberStatus
from ..models import Member
from .figures import Breakdown
from .figures import Figure
from .figures import FigureGroup
from .figures import FigureSource
from .figures import Trend
from .figures import register_figures
from .figures import year_points


def member_figures(*, year: int, member=None) -> FigureGroup | None:
    if member is not None:
        return None
    by_status = dict(Member.objects.values_list("status").annotate(n=Count("pk")).order_by())
    joined = dict(
        Member.objects.filter(joined_on__isnull=False).annotate(y=ExtractYear("joined_on"))
        .values_list("y").annotate(n=Count("pk")).order_by()
    )
    by_network = list(
        Member.objects.filter(status__in=CURRENT_MEMBER_STATUSES, territorial_network__isnull=False)
        .values_list("territorial_network__name").annotate(n=Count("pk")).order_by("-n", "territorial_network__name")
    )
    current = sum(by_status.get(s, 0) for s in CURRENT_MEMBER_STATUSES)
    figures = [
        Figure("members.current", _("Member cities and entities"), current),
        Figure("members.active", _("Active members (dues up to date)"), by_status.get(MemberStatus.ACTIVE, 0)),
        Figure("members.in_arrears", _("Members in arrears"), by_status.get(MemberStatus.IN_ARREARS, 0)),
        Figure("members.joined", _("Members that joined in the year"), joined.get(year, 0),
               total=sum(n for y, n in joined.items() if y <= year)),
    ]
    return FigureGroup(
        key="members", title=_("Members"), figures=figures,
        breakdowns=[
            Breakdown("members.by_network", _("Members by territorial network"), by_network),
            Breakdown("members.by_status", _("Members by status"),
                      [(str(label), by_status.get(value, 0)) for value, label in MemberStatus.choices
                       if by_status.get(value)]),
        ],
        trends=[Trend("members.joined_by_year", _("Members joining per year"), year_points(joined, last_year=year))],
    )


def register() -> None:
    register_figures(FigureSource(key="members", title=_("Members"), order=10, compute=member_figures))
