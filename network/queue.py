"""Handing work to the Celery worker without making the request depend on the broker.

Everything a task does is first written to the database in the request's transaction (an outbox
row, a submitted application waiting for its receipt, a certificate or report row waiting to be
rendered); the task only makes it happen sooner. When the broker cannot be reached, `enqueue` logs
it (once a minute at most) and returns False, and the periodic catch-up jobs (network.sweeps,
run every minute by beat or by `manage.py run_scheduled_jobs`) do the work when they next run.
"""

from __future__ import annotations

import logging
import time

from django.db import transaction

log = logging.getLogger("portal.queue")
_LOG_EVERY = 60.0
_last_logged = 0.0


def enqueue(task, /, **kwargs) -> bool:
    """Send `task` with `kwargs` to the worker; False (logged) when the broker is unreachable."""
    global _last_logged
    try:
        task.apply_async(kwargs=kwargs)
    except Exception as error:  # kombu's OperationalError, redis' ConnectionError, OSError …
        now = time.monotonic()
        if now - _last_logged >= _LOG_EVERY:
            _last_logged = now
            log.warning("The task queue is unreachable (%s: %s); %s will be done by the catch-up job.",
                        error.__class__.__name__, error, task.name)
        return False
    return True


def enqueue_on_commit(task, /, **kwargs) -> None:
    """`enqueue` once the current transaction commits (the task then finds what it was written)."""
    transaction.on_commit(lambda: enqueue(task, **kwargs))
