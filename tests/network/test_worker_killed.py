"""Mail survives a killed worker: the outbox row is the source of truth.

A real Celery worker (a process of its own, on PostgreSQL and Redis) delivers 300 released messages
to a local SMTP sink and is killed with SIGKILL half-way. The periodic catch-up job (run as
`manage.py run_scheduled_jobs`, as cron or beat would) then sends every message left queued or
claimed by the dead worker. Every message arrives; only the one in flight at the kill may arrive
twice, with the same Message-ID; and the outbox's count of sent messages matches what the SMTP
server received."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from collections import Counter
from pathlib import Path

import pytest
from django.conf import settings
from django.db import connection

from network.enums import OutboxState
from network.models import OutboxMessage
from tests.smtp_sink import SmtpSink

ROOT = Path(__file__).resolve().parents[2]
COUNT = 300

pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(connection.vendor != "postgresql" or not os.environ.get("REDIS_URL"),
                       reason="needs PostgreSQL and Redis (DATABASE_URL, REDIS_URL)"),
    pytest.mark.django_db(transaction=True),
]


def _env(sink_port: int) -> dict:
    db = settings.DATABASES["default"]
    url = f"postgres://{db['USER']}@{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}/{db['NAME']}"
    return {**os.environ, "DATABASE_URL": url, "EMAIL_URL": f"smtp://127.0.0.1:{sink_port}",
            "CELERY_TASK_ALWAYS_EAGER": "false", "OUTBOX_LEASE_SECONDS": "4", "OUTBOX_QUEUED_GRACE_SECONDS": "2",
            "DJANGO_SETTINGS_MODULE": "config.settings", "CACHE_KEY_PREFIX": f"worker-test-{os.getpid()}"}


def test_every_message_arrives_after_the_worker_is_killed_mid_batch_and_at_most_one_twice():
    from config.celery import app
    from network.mail import outbox_dispatch

    messages = OutboxMessage.objects.bulk_create(
        [OutboxMessage(to=[f"persona{n}@quito.gob.ec"], subject=f"Mensaje {n}", text="Texto") for n in range(COUNT)])
    ids = [m.pk for m in messages]
    with SmtpSink(delay=0.01) as sink:
        env = _env(sink.port)
        app.control.purge()
        worker = subprocess.Popen(
            [sys.executable, "-m", "celery", "-A", "config", "worker", "-P", "solo", "-c", "1", "--without-mingle",
             "--without-gossip", "--without-heartbeat", "-l", "WARNING"],
            cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
        eager = app.conf.task_always_eager
        app.conf.task_always_eager = False
        try:
            outbox_dispatch(message_ids=ids)  # outside a transaction: handed to the broker at once
            deadline = time.monotonic() + 90
            while len(sink.messages) < COUNT // 3 and time.monotonic() < deadline:
                time.sleep(0.05)
            assert len(sink.messages) >= COUNT // 3, "the worker delivered nothing"
            worker.send_signal(signal.SIGKILL)
            worker.wait(timeout=10)
        finally:
            app.conf.task_always_eager = eager
            if worker.poll() is None:
                worker.kill()
        at_kill = len(sink.messages)
        states = Counter(OutboxMessage.objects.values_list("state", flat=True))
        assert at_kill < COUNT and states[OutboxState.SENT] < COUNT, (at_kill, states)
        app.control.purge()  # the dead worker's batches still in Redis: the catch-up job does their work

        time.sleep(4.5)  # the dead worker's claim expires; the queued ones are overdue
        jobs = subprocess.run([sys.executable, "manage.py", "run_scheduled_jobs"], cwd=ROOT, env=env,
                              capture_output=True, text=True, timeout=300)
        assert jobs.returncode == 0, jobs.stderr[-2000:]

        received = Counter(sink.message_ids())
    sent = OutboxMessage.objects.filter(pk__in=ids, state=OutboxState.SENT)
    assert sent.count() == COUNT
    assert len(received) == COUNT  # every message arrived, each with its own stable Message-ID
    repeats = sum(n - 1 for n in received.values())
    assert repeats <= 1, f"{repeats} messages arrived twice"
    assert all(n <= 2 for n in received.values())
    # What the dead worker had marked sent, and what the catch-up job sent, are all of them.
    assert f"outbox-catch-up: {COUNT - states[OutboxState.SENT]}" in jobs.stdout, (jobs.stdout, states)
