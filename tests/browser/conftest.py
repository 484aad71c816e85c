import threading
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import call_command
from django.core.servers.basehttp import ThreadedWSGIServer
from django.test.testcases import LiveServerThread

ARTIFACTS = Path(__file__).resolve().parent.parent / "artifacts"


class _OneRequestAtATimeOnSharedSQLite(ThreadedWSGIServer):
    """The live server, serving one request at a time when it shares the test's in-memory SQLite.

    On the embedded default (no DATABASE_URL) every request thread of the live server uses the
    test's own in-memory SQLite connection, since nothing else can see that database. A page
    that loads its htmx panels in parallel then has two threads in one sqlite3 connection at
    once, and SQLite answers "bad parameter or other API misuse": the panels get a 500. Here
    the application (and the reading of its response) runs under one lock, so requests take
    turns. On PostgreSQL nothing is shared (``connections_override`` is empty) and requests
    stay parallel, as in production.
    """

    def set_app(self, application):
        if not self.connections_override:
            return super().set_app(application)
        lock = threading.Lock()

        def one_at_a_time(environ, start_response):
            with lock:
                result = application(environ, start_response)
                try:
                    return list(result)
                finally:
                    if hasattr(result, "close"):
                        result.close()

        return super().set_app(one_at_a_time)

    def _close_connections(self):
        # A request thread closes its connections when its HTTP connection ends, which for a
        # browser's idle keep-alive connection can be minutes later, in another test. The shared
        # in-memory connection is the test's, not the thread's: closing it does nothing but fail
        # Django's thread check once the sharing has ended.
        if not self.connections_override:
            super()._close_connections()


LiveServerThread.server_class = _OneRequestAtATimeOnSharedSQLite


@pytest.fixture
def artifacts() -> Path:
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    return ARTIFACTS


@pytest.fixture
def demo(transactional_db):
    call_command("load_demo", stdout=StringIO())


@pytest.fixture
def console_errors(page):
    """Everything the browser reports as an error (CSP violations, failed scripts, 404 assets)."""
    errors: list[str] = []
    page.on("console", lambda msg: errors.append(msg.text) if msg.type == "error" else None)
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    page.on("response", lambda r: errors.append(f"{r.status} {r.url}") if r.status >= 400 else None)
    return errors
