"""What the benchmark measures, and how apps add to it (see bench/__init__.py)."""

from __future__ import annotations

import random
from collections.abc import Callable
from dataclasses import dataclass
from dataclasses import field
from importlib import import_module
from importlib.util import find_spec
from types import ModuleType

PUBLIC = "public"
SIGNED_IN = "signed_in"

# Throughput targets, as a share of the bare reference view's requests per second.
RATIO_TARGETS = {PUBLIC: 0.5, SIGNED_IN: 0.25}

# The pages the issue names, in the order of the table. An app that builds one of them registers
# a BenchPage with the same name; until then the row prints "pending".
EXPECTED_PAGES: tuple[tuple[str, str], ...] = (
    ("home", PUBLIC),
    ("member directory", PUBLIC),
    ("member directory, filtered + search", PUBLIC),
    ("member page", PUBLIC),
    ("call list", PUBLIC),
    ("call page with its form", PUBLIC),
    ("good-practice search", PUBLIC),
    ("calendar", PUBLIC),
    ("course catalogue", PUBLIC),
    ("portal dashboard", SIGNED_IN),
    ("my applications", SIGNED_IN),
    ("staff application list (large call)", SIGNED_IN),
    ("admin member changelist", SIGNED_IN),
)

# Timed jobs the issue names; rows without an implementation print "pending".
EXPECTED_TIMINGS: tuple[tuple[str, str], ...] = (
    ("annual report PDF (largest year)", "pending"),
    ("report PDF / WeasyPrint alone", "pending"),
    ("sweep, first run", "pending"),
    ("sweep, second run sends nothing", "pending"),
    ("bulk decision of 5,000 applications", "pending"),
)


@dataclass(frozen=True)
class BenchPage:
    """One page to measure. `path` may be a callable run (with Django set up) to find a URL in the
    data set, e.g. the slug of a member. `login` is None (anonymous), "member" or "staff"."""

    name: str
    path: str | Callable[[], str]
    login: str | None = None
    group: str = PUBLIC
    # The query-count bound the page's tests assert at two data sizes (documentation for the table).
    max_queries: int | None = None
    # Several URLs of the same page, requested in turn (e.g. 50 different searches): a callable run
    # with Django set up. The page's first URL is `path`.
    rotate: Callable[[], list[str]] | None = None
    # A bound on the 95th percentile of the server's own time per request (ms), from its access log.
    server_p95_ms: float | None = None
    # Requested as htmx requests it (HX-Request: true): a fragment, e.g. a panel of the city page.
    htmx: bool = False

    def url_path(self) -> str:
        return self.path() if callable(self.path) else self.path

    def url_paths(self) -> list[str]:
        return [self.url_path(), *(self.rotate() if self.rotate else [])]


@dataclass(frozen=True)
class BenchTiming:
    """A timed job. `run()` returns a dict with at least "seconds" and "ok" (target met), and may
    add "detail" (shown in the table) and other numbers (kept in the JSON)."""

    name: str
    run: Callable[[], dict]
    target: str = ""
    order: int = 100
    extra: dict = field(default_factory=dict)


def bench_modules() -> list[ModuleType]:
    """`bench.<app>` for every installed app that has one, in INSTALLED_APPS order."""
    from django.apps import apps

    modules = []
    for config in apps.get_app_configs():
        name = f"bench.{config.label}"
        if find_spec(name) is not None:
            modules.append(import_module(name))
    return modules


def generators() -> list[tuple[str, Callable]]:
    return [(m.__name__.split(".")[-1], m.generate) for m in bench_modules() if hasattr(m, "generate")]


def registered_pages() -> list[BenchPage]:
    return [page for module in bench_modules() for page in getattr(module, "PAGES", [])]


def page_table() -> list[tuple[str, str, BenchPage | None]]:
    """(name, group, page or None when pending), the expected pages first, then any extra ones."""
    by_name = {page.name: page for page in registered_pages()}
    rows = [(name, group, by_name.pop(name, None)) for name, group in EXPECTED_PAGES]
    rows += [(page.name, page.group, page) for page in by_name.values()]
    return rows


def registered_timings() -> list[BenchTiming]:
    timings = [t for module in bench_modules() for t in getattr(module, "TIMINGS", [])]
    return sorted(timings, key=lambda t: t.order)


def generate_all(*, scale: float, seed: int = 2026, stdout=None) -> dict[str, int]:
    """Run every app's generator in app order; returns all counts."""
    counts: dict[str, int] = {}
    for app, generate in generators():
        rng = random.Random(f"{seed}:{app}")
        counts.update(generate(scale=scale, rng=rng, stdout=stdout))
    return counts
