"""How the portal talks to PostgreSQL: the few queries every page runs are planned once per connection."""

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.db import connection

from tests.factories import MemberFactory

ROOT = Path(__file__).resolve().parent.parent


@pytest.mark.django_db
def test_a_query_a_connection_keeps_running_is_prepared_once_and_answers_each_time():
    if connection.vendor != "postgresql":
        pytest.skip("prepared statements are PostgreSQL's")
    from network.models import Member

    member = MemberFactory()
    names = [Member.objects.filter(slug=member.slug).values_list("name", flat=True).get() for _ in range(6)]
    with connection.cursor() as cursor:
        cursor.execute("SELECT statement FROM pg_prepared_statements")
        prepared = [row[0] for row in cursor.fetchall()]
    assert names == [member.name] * 6
    assert any('FROM "network_member"' in statement and '"slug" = $1' in statement for statement in prepared)


@pytest.mark.django_db
def test_a_statement_naming_more_values_than_the_protocol_carries_still_answers():
    """An export of everything selected, or a purge over years of records, can name more than the
    65,535 parameters PostgreSQL takes apart from the SQL: it is sent with its values written in."""
    from network.models import Member

    members = [MemberFactory(), MemberFactory()]
    wanted = [*(m.pk for m in members), *range(10_000_000, 10_070_000)]
    assert Member.objects.filter(pk__in=wanted).count() == 2
    assert sorted(Member.objects.filter(pk__in=wanted[:3]).values_list("pk", flat=True)) == sorted(m.pk for m in members)


def _database_options(**environment) -> dict:
    env = {**os.environ, "DATABASE_URL": "postgres://portal@db.example.org:5432/portal", **environment}
    env.pop("DJANGO_SETTINGS_MODULE", None)
    code = ("import json, os; os.environ.setdefault('DJANGO_SETTINGS_MODULE', 'config.settings'); "
            "from django.conf import settings; options = settings.DATABASES['default'].get('OPTIONS', {}); "
            "print(json.dumps({k: getattr(v, '__name__', v) for k, v in options.items()}))")
    result = subprocess.run([sys.executable, "-c", code], cwd=ROOT, env=env, capture_output=True, text=True,
                            timeout=120)
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout.strip().splitlines()[-1])


def test_prepared_statements_are_on_by_default_and_an_operator_behind_a_pooler_can_turn_them_off():
    assert _database_options() == {"server_side_binding": True, "prepare_threshold": 5,
                                   "cursor_factory": "PreparingCursor"}
    assert _database_options(DATABASE_PREPARED_STATEMENTS="false") == {}
