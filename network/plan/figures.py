"""Every figure of the annual report, computed live from the data.

Each app registers its groups of figures (in AppConfig.ready); `network` imports none of them:

    register_figures(FigureSource(key="microrredes", title=_("Microrredes"), order=20,
                                  compute=microrred_figures))

`compute(*, year, member=None)` returns a FigureGroup for that year (and cumulative values since
the first year the data knows), or for one member's participation when `member` is given; None
when it has nothing to say. A source runs a fixed number of queries, whatever the data size.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from dataclasses import field

from django.utils.functional import Promise

from network.registry import Registry


@dataclass(frozen=True)
class Figure:
    key: str
    label: Promise | str
    value: int | float  # in the chosen year (or now, for a snapshot such as members by status)
    total: int | float | None = None  # cumulatively since the first year, where that makes sense
    unit: str = ""  # e.g. "EUR"


@dataclass(frozen=True)
class Breakdown:
    """Rows for a bar chart: e.g. members by territorial network."""

    key: str
    title: Promise | str
    rows: list[tuple[str, int | float]]


@dataclass(frozen=True)
class Trend:
    """One value per year since the first year: e.g. applications received per year."""

    key: str
    title: Promise | str
    points: list[tuple[int, int | float]]


@dataclass(frozen=True)
class Table:
    """A listing for the report, e.g. the year's board agreements with their status."""

    key: str
    title: Promise | str
    columns: list[Promise | str]
    rows: list[list[str]]


@dataclass(frozen=True)
class FigureGroup:
    key: str
    title: Promise | str
    figures: list[Figure]
    breakdowns: list[Breakdown] = field(default_factory=list)
    trends: list[Trend] = field(default_factory=list)
    tables: list[Table] = field(default_factory=list)

    def figure(self, key: str) -> Figure | None:
        return next((f for f in self.figures if f.key == key), None)


@dataclass(frozen=True)
class MemberColumns:
    """Per-member counts for the report's annex: column labels and {member_id: [values]}."""

    columns: list[Promise | str]
    values: dict[int, list[int | float]]


@dataclass(frozen=True)
class FigureSource:
    key: str
    title: Promise | str
    order: int
    compute: Callable[..., FigureGroup | None]
    by_member: Callable[..., MemberColumns] | None = None  # by_member(*, year) for the annex


FIGURE_SOURCES: Registry[FigureSource] = Registry("figure source")


def register_figures(source: FigureSource) -> FigureSource:
    return FIGURE_SOURCES.register(source.key, source)


def figure_sources() -> list[FigureSource]:
    return sorted(FIGURE_SOURCES.values(), key=lambda s: (s.order, s.key))


def figure_group_choices() -> list[tuple[str, str]]:
    return [(s.key, str(s.title)) for s in figure_sources()]


def figures_for_year(*, year: int, member=None, keys: list[str] | None = None) -> list[FigureGroup]:
    groups = []
    for source in figure_sources():
        if keys is not None and source.key not in keys:
            continue
        group = source.compute(year=year, member=member)
        if group is not None:
            groups.append(group)
    return groups


def year_points(counts: dict[int, int | float], *, last_year: int) -> list[tuple[int, int | float]]:
    """Fill the years between the first one with data and `last_year` (missing years are 0)."""
    years = [y for y in counts if y is not None and y <= last_year]
    if not years:
        return []
    return [(y, counts.get(y, 0)) for y in range(min(years), last_year + 1)]


def member_annex(*, year: int) -> tuple[list, dict[int, list]]:
    """Columns of every source's per-member counts, and each member's row of values."""
    columns: list = []
    rows: dict[int, list] = {}
    for source in figure_sources():
        if source.by_member is None:
            continue
        part = source.by_member(year=year)
        offset = len(columns)
        columns.extend(part.columns)
        for member_id, values in part.values.items():
            row = rows.setdefault(member_id, [])
            row.extend([0] * (offset - len(row)))
            row.extend(values)
    width = len(columns)
    return columns, {member_id: row + [0] * (width - len(row)) for member_id, row in rows.items()}


# --- Helpers the apps' figure sources share ----------------------------------------------------
def theme_label(name: str, name_pt: str, name_en: str) -> str:
    """A theme's name in the active language (Theme.label), from values read in the same query."""
    from network.models import Theme

    return Theme(name=name, name_pt=name_pt or "", name_en=name_en or "").label


def theme_rows(rows) -> list[tuple[str, int]]:
    """(name, name_pt, name_en, count) rows, without a theme dropped, as chart rows: most first."""
    counted = [(theme_label(name, pt, en), n) for name, pt, en, n in rows if name is not None]
    return sorted(counted, key=lambda row: (-row[1], row[0]))


def count_per_year(queryset, field: str) -> dict[int, int]:
    """{year: rows} of `queryset` by the year of `field` (one query)."""
    from django.db.models import Count
    from django.db.models.functions import ExtractYear

    return dict(queryset.annotate(y=ExtractYear(field)).values_list("y").annotate(n=Count("pk")).order_by())


def total_up_to(counts: dict[int, int | float], year: int) -> int | float:
    """The sum of a {year: value} mapping over every year up to `year`."""
    return sum(n for y, n in counts.items() if y is not None and y <= year)
