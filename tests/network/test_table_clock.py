"""Table clocks: every write moves the clocks of the tables it writes (bulk updates and raw SQL too),
at commit inside a transaction; reads are collected while a page is being made."""

import uuid

import pytest
from django.db import connection, transaction

from network import table_clock
from network.models import Member, Theme
from tests.factories import MemberFactory, ThemeFactory

MEMBERS = Member._meta.db_table
THEMES = Theme._meta.db_table


@pytest.mark.parametrize(
    ("sql", "tables"),
    [
        ('INSERT INTO "network_member" ("name") VALUES (%s)', {"network_member"}),
        ('UPDATE "network_member" SET "name" = %s', {"network_member"}),
        ('DELETE FROM "network_member" WHERE "id" = 1', {"network_member"}),
        ("update network_member set name = 'x'", {"network_member"}),
        ('TRUNCATE "network_member", "network_theme" CASCADE', {"network_member", "network_theme"}),
        ('SELECT "network_member"."id" FROM "network_member"', set()),
        ('(SELECT "a"."x" FROM "a") UNION (SELECT "b"."x" FROM "b") ORDER BY 1', set()),
        ('SELECT 1 FROM "network_member" FOR UPDATE', set()),
        ('SAVEPOINT "s1"', set()),
        ('RELEASE SAVEPOINT "s1"', set()),
        ('ALTER TABLE "network_member" ADD COLUMN "x" integer', {table_clock.EVERYTHING}),
        ('CREATE INDEX "i" ON "network_member" ("name")', {table_clock.EVERYTHING}),
    ],
)
def test_statements_are_classified(sql, tables):
    assert table_clock.written_tables(sql) == tables


def test_read_tables_include_joins_and_subqueries():
    sql = ('SELECT "network_member"."id" FROM "network_member" INNER JOIN "network_theme" ON (1=1) '
           'WHERE EXISTS(SELECT 1 FROM "network_role" U0)')
    assert {"network_member", "network_theme", "network_role"} <= table_clock.read_tables(sql)


def _stamp(*tables):
    stamp = table_clock.now()
    table_clock.adopt(tables, stamp)
    return stamp


@pytest.mark.django_db
def test_a_save_moves_only_the_clock_of_its_table():
    member = MemberFactory()
    ThemeFactory()
    stamp = _stamp(MEMBERS, THEMES)
    assert table_clock.unchanged_since(stamp, [MEMBERS, THEMES])
    member.name = "Otra"
    member.save()
    assert not table_clock.unchanged_since(stamp, [MEMBERS])
    assert table_clock.unchanged_since(stamp, [THEMES])


@pytest.mark.django_db
def test_bulk_updates_and_raw_sql_move_the_clock_too():
    MemberFactory()
    stamp = _stamp(MEMBERS)
    Member.objects.update(name="Sin señal")  # no model signal is sent for this
    assert not table_clock.unchanged_since(stamp, [MEMBERS])
    stamp = _stamp(THEMES)
    with connection.cursor() as cursor:
        cursor.execute(f"DELETE FROM {THEMES}")
    assert not table_clock.unchanged_since(stamp, [THEMES])


@pytest.mark.django_db
def test_a_table_without_a_clock_counts_as_changed():
    table = f"never_written_{uuid.uuid4().hex}"  # (the cache outlives test runs)
    stamp = table_clock.now()
    assert not table_clock.unchanged_since(stamp, [table])
    table_clock.adopt([table], stamp)
    assert table_clock.unchanged_since(stamp, [table])


@pytest.mark.django_db
def test_a_schema_change_moves_every_clock():
    stamp = _stamp(MEMBERS)
    table_clock.changed_everything()
    assert not table_clock.unchanged_since(stamp, [MEMBERS])


@pytest.mark.django_db(transaction=True)
def test_inside_a_transaction_the_clock_moves_when_it_commits():
    member = MemberFactory()
    stamp = _stamp(MEMBERS)
    with transaction.atomic():
        Member.objects.filter(pk=member.pk).update(name="En curso")
        # Not committed: a page made now still shows the old name, and a stamp taken now must not
        # make it look current once the change commits.
        assert table_clock.unchanged_since(stamp, [MEMBERS])
        during = table_clock.now()
    assert not table_clock.unchanged_since(stamp, [MEMBERS])
    assert not table_clock.unchanged_since(during, [MEMBERS])


@pytest.mark.django_db(transaction=True)
def test_a_rolled_back_transaction_moves_nothing_and_the_next_one_still_does():
    member = MemberFactory()
    stamp = _stamp(MEMBERS)
    with pytest.raises(RuntimeError), transaction.atomic():
        Member.objects.filter(pk=member.pk).update(name="Deshecho")
        raise RuntimeError
    assert table_clock.unchanged_since(stamp, [MEMBERS])
    with transaction.atomic():
        Member.objects.filter(pk=member.pk).update(name="Hecho")
    assert not table_clock.unchanged_since(stamp, [MEMBERS])


@pytest.mark.django_db
def test_reading_collects_the_tables_read_and_notices_writes():
    MemberFactory()
    with table_clock.reading() as reads:
        list(Member.objects.filter(themes__isnull=False))
    assert {MEMBERS, Member.themes.through._meta.db_table} <= reads.tables
    assert not reads.wrote
    with table_clock.reading() as reads:
        ThemeFactory()
    assert reads.wrote
