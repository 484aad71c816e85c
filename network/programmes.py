"""What the network does, programme by programme, on the home page: a short section each (microrredes,
mentoring, webinars, the campus, the congress and events) with a figure or two read live, the
programme's next date and a link to its public page; the good-practice bank lists its latest
practices instead.

`network` imports none of the other apps, so each registers the summary of its programmes (in its
AppConfig.ready, or its room's hooks):

    register_programme_summary("webinars", selectors.webinars_programme)

A provider is called as `provider(now=...)` and returns a `ProgrammeSummary` with its texts in the
active language. It shows public data only (published, scheduled, held; never a draft), and runs
ONE query whatever the data size, an inexpensive one: the home page runs them all (tests/network/
test_home_programmes.py). The usual shape is the first row of the programme's own table (the next
one first), carrying its figures as scalar subqueries (`counted`), which the database computes
once. A programme without data keeps its text and link and leaves out the figures and the date it
does not have (a figure of 0 is left out).

The sections follow PROGRAMME_ORDER, a programme this list does not name comes after them.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from dataclasses import field
from dataclasses import replace
from datetime import datetime

from django.db.models import Count
from django.db.models import IntegerField
from django.db.models import QuerySet
from django.db.models import Subquery
from django.db.models import Value
from django.utils import timezone

from .registry import Registry
from .upcoming import UpcomingItem

# The order of the home page's sections (the programme keys the apps register).
PROGRAMME_ORDER = ("microrredes", "mentoring", "webinars", "campus", "events", "practices")


@dataclass(frozen=True)
class ProgrammeFigure:
    value: int
    label: str  # translated, agreeing with `value` ("webinars since 2020"); the value is shown above it


@dataclass(frozen=True)
class ProgrammeEntry:
    """One of the latest things a programme produced (a good practice): its title, a detail (the city), its page."""

    title: str
    detail: str
    url: str


@dataclass(frozen=True)
class ProgrammeSummary:
    title: str
    text: str  # one or two sentences: what the programme is
    url: str  # the programme's public page
    link_label: str
    figures: tuple[ProgrammeFigure, ...] = ()
    # The programme's next date: `kind` says what it is ("Next webinar"), `zone` the zone of a moment
    # (empty for a day, e.g. a course start), `title` and `url` the item itself.
    next: UpcomingItem | None = None
    entries: tuple[ProgrammeEntry, ...] = ()
    entries_label: str = ""  # what the entries are ("Latest good practices")
    key: str = field(default="", compare=False)  # the registered key, set by programme_summaries()

    def __post_init__(self) -> None:
        # A figure of 0 says nothing on a home page: the section shows its text without it.
        object.__setattr__(self, "figures", tuple(f for f in self.figures if f.value))


Provider = Callable[..., ProgrammeSummary | None]
PROGRAMME_SUMMARIES: Registry[Provider] = Registry("programme summary")


def register_programme_summary(key: str, provider: Provider) -> Provider:
    return PROGRAMME_SUMMARIES.register(key, provider)


def _position(key: str) -> tuple[int, str]:
    return (PROGRAMME_ORDER.index(key) if key in PROGRAMME_ORDER else len(PROGRAMME_ORDER), key)


def programme_summaries(*, now: datetime | None = None) -> list[ProgrammeSummary]:
    """Every registered programme's summary, in PROGRAMME_ORDER (one query each)."""
    now = now or timezone.now()
    summaries = []
    for key in sorted(PROGRAMME_SUMMARIES.keys(), key=_position):
        summary = PROGRAMME_SUMMARIES.get(key)(now=now)
        if summary is not None:
            summaries.append(replace(summary, key=key))
    return summaries


def counted(queryset: QuerySet, field_name: str = "pk", *, distinct: bool = False) -> Subquery:
    """How many rows `queryset` has (or distinct values of `field_name`), as a scalar subquery to
    annotate a row with: `SELECT COUNT(...) FROM ...`, one value even for no rows, computed once by
    the database whatever the rows it is added to."""
    everything = queryset.order_by().annotate(everything=Value(1)).values("everything")  # one group: all rows
    return Subquery(everything.annotate(n=Count(field_name, distinct=distinct)).values("n"),
                    output_field=IntegerField())
