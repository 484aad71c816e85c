"""Reads of the action plan and the one context the dashboard, the preview and the PDF share."""

from __future__ import annotations

from dataclasses import dataclass
from dataclasses import field

from django.db.models import Prefetch
from django.utils.safestring import SafeString
from django.utils.translation import gettext as _

from network import charts

from ..models import Member
from .enums import STAGES
from .enums import Stage
from .enums import StageInfo
from .enums import band_for
from .figures import FigureGroup
from .figures import figures_for_year
from .figures import member_annex
from .models import ActionLine
from .models import ActionPlan
from .models import Activity
from .models import ActivityLink
from .models import ReportRun


@dataclass(frozen=True)
class Chart:
    title: str
    svg: SafeString


@dataclass(frozen=True)
class GroupView:
    group: FigureGroup
    charts: list[Chart] = field(default_factory=list)


@dataclass(frozen=True)
class LineView:
    """An action line with its activities, progress and compliance band (`band`)."""

    line: ActionLine
    activities: list[Activity]
    percent: float
    band_key: str
    groups: list[GroupView] = field(default_factory=list)

    @property
    def band(self) -> StageInfo:
        return STAGES[self.band_key]


def plan_for_year(year: int) -> ActionPlan | None:
    activities = Activity.objects.select_related("responsible").prefetch_related(
        Prefetch("links", queryset=ActivityLink.objects.select_related("content_type").prefetch_related("target"))
    )
    return (
        ActionPlan.objects.filter(year=year)
        .prefetch_related(Prefetch("lines", queryset=ActionLine.objects.prefetch_related(
            Prefetch("activities", queryset=activities))))
        .first()
    )


def plan_years() -> list[int]:
    return list(ActionPlan.objects.order_by("-year").values_list("year", flat=True))


def line_percent(activities: list[Activity]) -> float:
    """A line's progress: the mean of its activities' stage percentages (0 with no activities)."""
    if not activities:
        return 0.0
    return sum(STAGES[a.stage].percent for a in activities) / len(activities)


def _group_view(group: FigureGroup) -> GroupView:
    views = [Chart(str(b.title), charts.bar_chart([(label, value) for label, value in b.rows], title=str(b.title)))
             for b in group.breakdowns if b.rows]
    # A trend needs two years at least: one bar says nothing the figure above it does not.
    views += [Chart(str(t.title), charts.trend_chart(t.points, title=str(t.title)))
              for t in group.trends if len(t.points) >= 2]
    return GroupView(group=group, charts=views)


def report_context(*, year: int, with_annex: bool = True) -> dict:
    """Everything the dashboard, the HTML preview and the PDF show for `year`, computed once."""
    plan = plan_for_year(year)
    groups = figures_for_year(year=year)
    views = {g.key: _group_view(g) for g in groups}
    lines = []
    if plan is not None:
        for line in plan.lines.all():
            activities = list(line.activities.all())
            percent = line_percent(activities)
            lines.append(LineView(line=line, activities=activities, percent=percent,
                                  band_key=band_for(percent), groups=[views[k] for k in line.figure_groups if k in views]))
    overall = sum(v.percent for v in lines) / len(lines) if lines else 0.0
    progress_svg = charts.progress_bars(
        [(v.line.title, v.percent, v.band.colour) for v in lines], title=_("Progress by action line")
    ) if lines else None
    context = {
        "year": year, "plan": plan, "lines": lines, "groups": [views[g.key] for g in groups],
        "overall_percent": overall, "overall_band_key": band_for(overall),
        "overall_band": STAGES[band_for(overall)], "progress_svg": progress_svg,
        "stages": list(STAGES.items()), "stage_choices": Stage.choices,
    }
    if with_annex:
        columns, values = member_annex(year=year)
        members = Member.objects.filter(pk__in=values.keys()).select_related("territorial_network").order_by("name")
        context["annex_columns"] = columns
        context["annex_rows"] = [(m, values[m.pk]) for m in members]
    return context


def member_context(*, year: int, member: Member) -> dict:
    """One city's participation in `year`: every source's figures for that member."""
    return {"year": year, "member": member, "groups": [_group_view(g) for g in figures_for_year(year=year, member=member)]}


@dataclass(frozen=True)
class PublishedReport:
    year: int
    summary: list[dict]  # in the reader's language when it was rendered in it, else in the first one
    summary_language: str
    files: list[tuple[str, str]]  # (language code, language name), each a PDF


def published_reports(language: str) -> list[PublishedReport]:
    """The annual reports on /reports/, newest year first, in one query."""
    from django.conf import settings

    names = dict(settings.LANGUAGES)
    by_year: dict[int, list[ReportRun]] = {}
    for run in (ReportRun.objects.filter(kind=ReportRun.Kind.ANNUAL, published_at__isnull=False)
                .only("year", "language", "summary").order_by("-year", "language")):
        by_year.setdefault(run.year, []).append(run)
    reports = []
    for year, runs in by_year.items():
        # The reader's language, else the network's (the same order as translated content).
        order = [language, *settings.MODELTRANSLATION_FALLBACK_LANGUAGES]
        shown = min(runs, key=lambda run: order.index(run.language) if run.language in order else len(order))
        reports.append(PublishedReport(year=year, summary=shown.summary, summary_language=shown.language,
                                       files=[(run.language, names.get(run.language, run.language)) for run in runs]))
    return reports


def published_report_file(year: int, language: str) -> ReportRun:
    from django.http import Http404

    run = ReportRun.objects.filter(kind=ReportRun.Kind.ANNUAL, published_at__isnull=False, year=year,
                                   language=language).first()
    if run is None or not run.file:
        raise Http404
    return run
