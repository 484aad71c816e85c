"""How long personal data is kept: each app declares, per kind of record, what goes when its period
is over and from when the period counts; staff set each period in the admin (Retention periods);
a daily job removes what is due, exactly once a day, and the privacy page lists every period.

    declare_retention(RetentionKind(
        key="event-needs", default_days=30,
        label=_("Dietary and accessibility needs given when registering for an event"),
        counted_from=_("after the event ends"), action=_("emptied; the registration stays"),
        purge=event_needs_purge,
    ))

`purge(cutoff)` removes what the period has passed (`cutoff` = now minus the period) and returns
how many records it changed; run again, it finds nothing left to do. The job
(`retention_run`) claims the day in the same transaction as its work: two workers, a beat that
fires twice, or `run_scheduled_jobs` called by hand run it once; if it fails, nothing of it stays
and the next sweep tries again.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from datetime import timedelta

from django.db import IntegrityError
from django.db import transaction
from django.utils import timezone

from .registry import Registry


@dataclass(frozen=True)
class RetentionKind:
    key: str
    label: str  # what is kept ("Draft applications never submitted")
    counted_from: str  # "after their call closes"
    action: str  # what happens then ("deleted with their documents")
    default_days: int
    purge: Callable[[datetime], int]


RETENTION: Registry[RetentionKind] = Registry("retention kind")


def declare_retention(kind: RetentionKind) -> RetentionKind:
    return RETENTION.register(kind.key, kind)


def retention_kinds() -> list[RetentionKind]:
    return [kind for _key, kind in sorted(RETENTION.items())]


def retention_periods_ensure() -> None:
    """A row per declared kind, with its default period, for staff to change in the admin."""
    from .models import RetentionPeriod

    known = set(RetentionPeriod.objects.values_list("kind", flat=True))
    RetentionPeriod.objects.bulk_create(
        [RetentionPeriod(kind=kind.key, days=kind.default_days) for kind in retention_kinds() if kind.key not in known],
        ignore_conflicts=True)


def retention_periods() -> list[tuple[RetentionKind, int]]:
    """Every kind with its period in days: the admin's, or the declared default."""
    from .models import RetentionPeriod

    set_days = dict(RetentionPeriod.objects.values_list("kind", "days"))
    return [(kind, set_days.get(kind.key, kind.default_days)) for kind in retention_kinds()]


def retention_run(*, now: datetime | None = None) -> dict[str, int] | None:
    """Remove what every kind's period has passed, once per day (in the portal's time zone); returns
    what each kind removed, or None when today's run has already happened."""
    from .models import RetentionRun

    now = now or timezone.now()
    with transaction.atomic():
        try:
            with transaction.atomic():
                run = RetentionRun.objects.create(day=timezone.localdate(now), started_at=now)
        except IntegrityError:
            return None  # another worker, or an earlier sweep, ran today's (a running one: waited for)
        results = {kind.key: kind.purge(now - timedelta(days=days)) for kind, days in retention_periods()}
        run.results = results
        run.finished_at = timezone.now()
        run.save(update_fields=["results", "finished_at"])
    return results


def retention_sweep(*, now: datetime | None = None) -> int:
    """The periodic sweep's part: today's retention run, when it has not happened yet."""
    results = retention_run(now=now)
    return sum(results.values()) if results else 0


def delete_files_on_commit(files) -> None:
    """Delete stored files once the transaction that forgot them commits (a rolled-back run keeps them)."""
    stored = [(f.storage, f.name) for f in files if f]
    if stored:
        transaction.on_commit(lambda: [storage.delete(name) for storage, name in stored])


def retention_summary() -> list[dict]:
    """What the privacy page lists: each kind, how long it is kept and what happens then."""
    from django.utils.translation import ngettext

    return [{"label": kind.label, "action": kind.action,
             "period": ngettext("%(days)d day %(from)s", "%(days)d days %(from)s", days)
             % {"days": days, "from": kind.counted_from}}
            for kind, days in retention_periods()]


def retention_days(key: str) -> int:
    """The period of one kind, in days (the admin's, or the declared default)."""
    from .models import RetentionPeriod

    days = RetentionPeriod.objects.filter(kind=key).values_list("days", flat=True).first()
    return days if days is not None else RETENTION.get(key).default_days
