"""Profile one bench page in-process: its queries and a pyinstrument profile (optional extra "bench").

    DATABASE_URL=… REDIS_URL=… .venv/bin/python -m bench.profile "admin member changelist" [requests]
"""

from __future__ import annotations

import os
import sys
import time


def main() -> int:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    os.environ.update({"BENCH": "true", "DEBUG": "false"})
    import django

    django.setup()
    from django.conf import settings

    settings.PUBLIC_PAGE_CACHE = False  # profile making the page, not serving a kept copy
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    from bench.network import BENCH_MEMBER_EMAIL
    from bench.network import BENCH_STAFF_EMAIL
    from bench.registry import registered_pages
    from network.models import User

    if len(sys.argv) < 2:
        print("Pages:", ", ".join(repr(p.name) for p in registered_pages()))
        return 2
    page = next(p for p in registered_pages() if p.name == sys.argv[1])
    count = int(sys.argv[2]) if len(sys.argv) > 2 else 20
    client = Client(HTTP_ACCEPT_LANGUAGE="es", SERVER_NAME="127.0.0.1")
    if page.login:
        client.force_login(User.objects.get(email=BENCH_MEMBER_EMAIL if page.login == "member" else BENCH_STAFF_EMAIL))
    path = page.url_path()
    with CaptureQueriesContext(connection) as queries:
        response = client.get(path)
    print(f"{page.name}: {path} → HTTP {response.status_code}, {len(queries)} queries")
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
        for _ in range(count):
            client.get(path)
    print(f"{count} requests, {(time.perf_counter() - started) * 1000 / count:.1f} ms each (wall, in-process)")
    print(profiler.output_text(unicode=True, color=False))
    return 0


if __name__ == "__main__":
    sys.exit(main())
