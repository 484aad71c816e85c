"""The embedded default (SQLite, `make run`) under concurrent writes: autosaves and a submit at once
used to fail about once in eight with "database is locked". WAL, a busy timeout and transactions
that take the write lock when they start make writers wait for each other instead."""

import os
import subprocess
import sys
import textwrap
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

SCRIPT = textwrap.dedent("""
    import threading
    import django
    django.setup()
    from django.core.management import call_command
    from django.db import connection, connections, transaction
    from network.models import OutboxMessage

    call_command("migrate", verbosity=0)
    print("journal", connection.cursor().execute("PRAGMA journal_mode").fetchone()[0])
    errors = []

    def writer(n):
        try:
            for i in range(15):
                with transaction.atomic():  # read, then write, in one transaction: an autosave's shape
                    OutboxMessage.objects.filter(subject__startswith="t").count()
                    OutboxMessage.objects.create(to=["a@b.org"], subject=f"t{n}-{i}", text="x", state="held")
        except Exception as error:
            errors.append(repr(error))
        finally:
            connections.close_all()

    threads = [threading.Thread(target=writer, args=(n,)) for n in range(8)]
    [t.start() for t in threads]
    [t.join() for t in threads]
    print("rows", OutboxMessage.objects.count())
    print("errors", errors)
""")


def test_parallel_read_then_write_transactions_on_sqlite_wait_for_each_other_instead_of_failing(tmp_path):
    env = {**os.environ, "DATABASE_URL": f"sqlite:///{tmp_path / 'demo.sqlite3'}", "REDIS_URL": "",
           "DJANGO_SETTINGS_MODULE": "config.settings"}
    result = subprocess.run([sys.executable, "-c", SCRIPT], cwd=ROOT, env=env, capture_output=True, text=True,
                            timeout=300)
    assert result.returncode == 0, result.stderr[-3000:]
    assert "journal wal" in result.stdout
    assert "rows 120" in result.stdout, result.stdout
    assert "errors []" in result.stdout, result.stdout
