"""Running service calls at the same moment, for the tests that show caps, quotas, double clicks and
reminders hold under concurrent requests (PostgreSQL, `django_db(transaction=True)`)."""

from __future__ import annotations

import threading
from collections.abc import Callable

from django.db import connection

from network.errors import PortalError


def run_together(functions: list[Callable[[], object]], *, timeout: float = 60) -> list:
    """Start every function in its own thread at once (a barrier) and return their outcomes, in the
    order they finished: what each returned, the class name of a PortalError it raised, or the repr
    of any other exception (so an assertion shows it). Each thread closes its database connection."""
    barrier = threading.Barrier(len(functions))
    outcomes: list = []
    lock = threading.Lock()

    def wrapper(function):
        barrier.wait()
        try:
            result = function()
        except PortalError as error:
            result = type(error).__name__
        except Exception as error:  # noqa: BLE001 - reported in the assertion
            result = repr(error)
        finally:
            connection.close()
        with lock:
            outcomes.append(result)

    threads = [threading.Thread(target=wrapper, args=(f,)) for f in functions]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=timeout)
    return outcomes
