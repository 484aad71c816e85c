"""The periodic sweep: every app registers the jobs that must run every few minutes (reminders,
survey links, escalations …). Celery beat runs them all through `network.tasks.run_sweeps`, and
`manage.py run_scheduled_jobs` runs them once (for installations without beat).

    register_sweep("microrred-session-reminders", microrred_reminders_sweep)

Each job takes `now=` (a datetime) and returns how many things it did; it must be idempotent
(send with `network.mail.mail_send_once`), so running twice or in two workers does nothing twice.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime

from django.utils import timezone

from .registry import Registry

Sweep = Callable[..., int]
SWEEPS: Registry[Sweep] = Registry("periodic sweep")


def register_sweep(name: str, job: Sweep) -> Sweep:
    return SWEEPS.register(name, job)


def run_sweeps(*, now: datetime | None = None) -> dict[str, int]:
    now = now or timezone.now()
    return {name: job(now=now) for name, job in sorted(SWEEPS.items())}
