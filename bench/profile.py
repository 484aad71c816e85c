"""Profile bench pages in-process, made afresh (no page cache): their queries, their time per request
(wall, and this process's CPU, which leaves out the database's as the bench's CPU figure does) and,
for one page, a pyinstrument profile (optional extra "bench").

    DATABASE_URL=… REDIS_URL=… .venv/bin/python -m bench.profile                # every page: a table
    DATABASE_URL=… REDIS_URL=… .venv/bin/python -m bench.profile "calendar" 20  # one page, in depth
"""

from __future__ import annotations

import os
import sys
import time


def _setup():
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    os.environ.update({"BENCH": "true", "DEBUG": "false"})
    import django

    django.setup()
    from django.conf import settings

    settings.PUBLIC_PAGE_CACHE = False  # profile making the page, not serving a kept copy
    settings.ALLOWED_HOSTS = ["*"]


def _client(page):
    from django.test import Client

    from bench.network import BENCH_MEMBER_EMAIL
    from bench.network import BENCH_STAFF_EMAIL
    from network.models import User

    client = Client(HTTP_ACCEPT_LANGUAGE="es", SERVER_NAME="127.0.0.1",
                    **({"HTTP_HX_REQUEST": "true"} if getattr(page, "htmx", False) else {}))
    if page.login:
        client.force_login(User.objects.get(email=BENCH_MEMBER_EMAIL if page.login == "member" else BENCH_STAFF_EMAIL))
    return client


def _paths(page) -> list[str]:
    return page.url_paths() if hasattr(page, "url_paths") else [page.url_path()]


class _Queries:
    """The SQL a block runs (Django's CaptureQueriesContext loses them: each request resets the log)."""

    def __init__(self):
        self.captured_queries: list[dict] = []

    def __call__(self, execute, sql, params, many, context):
        started = time.perf_counter()
        try:
            return execute(sql, params, many, context)
        finally:
            self.captured_queries.append({"sql": sql, "time": f"{time.perf_counter() - started:.4f}"})

    def __len__(self):
        return len(self.captured_queries)


def _capture():
    from contextlib import contextmanager

    from django.db import connection

    @contextmanager
    def capturing():
        queries = _Queries()
        with connection.execute_wrapper(queries):
            yield queries

    return capturing()


def table(count: int = 20) -> int:
    from bench.registry import BenchPage
    from bench.registry import registered_pages

    print(f"{'page':<40} {'queries':>7} {'ms/request':>10} {'cpu ms':>7}  status")
    reference = BenchPage("(reference: the base layout alone)", "/bench/reference/")
    for page in [reference, *registered_pages()]:
        client, paths = _client(page), _paths(page)
        with _capture() as queries:
            status = client.get(paths[0]).status_code
        for path in paths[:3]:
            client.get(path)  # warm: templates compiled, connections open
        started, cpu = time.perf_counter(), time.process_time()
        for n in range(count):
            client.get(paths[n % len(paths)])
        ms = (time.perf_counter() - started) * 1000 / count
        cpu_ms = (time.process_time() - cpu) * 1000 / count  # this process only: not the database's
        print(f"{page.name:<40} {len(queries):>7} {ms:>10.1f} {cpu_ms:>7.1f}  {status}", flush=True)
    return 0


def one(name: str, count: int) -> int:
    from bench.registry import registered_pages

    page = next(p for p in registered_pages() if p.name == name)
    client, paths = _client(page), _paths(page)
    with _capture() as queries:
        response = client.get(paths[0])
    print(f"{page.name}: {paths[0]} → HTTP {response.status_code}, {len(queries)} queries")
    for query in queries.captured_queries:
        print(f"  {query['time']:>6}s  {query['sql'][:220]}")
    try:
        from pyinstrument import Profiler
    except ImportError:
        print("pyinstrument is not installed: uv pip install -e '.[bench]'")
        return 0
    profiler = Profiler()
    started = time.perf_counter()
    with profiler:
        for n in range(count):
            client.get(paths[n % len(paths)])
    print(f"{count} requests, {(time.perf_counter() - started) * 1000 / count:.1f} ms each (wall, in-process)")
    print(profiler.output_text(unicode=True, color=False))
    return 0


def main() -> int:
    _setup()
    if len(sys.argv) < 2:
        return table()
    return one(sys.argv[1], int(sys.argv[2]) if len(sys.argv) > 2 else 20)


if __name__ == "__main__":
    sys.exit(main())
