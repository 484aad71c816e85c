"""Which database is the bench's: the bench writes and deletes in bulk, so it works only on a
database it filled itself.

The generator records its data set in a table of its own (`bench_dataset`, made with plain SQL, not
part of the portal's schema). Before it generates, it refuses a database that holds any data it did
not make; before it forgets what the sweeps sent (to time them again), it refuses a database
without that record.
"""

from __future__ import annotations

from django.apps import apps
from django.db import connection
from django.db import transaction

TABLE = "bench_dataset"
# Rows the portal's own migrations write into an empty database: not anybody's data.
REFERENCE_MODELS = {"network.sustainabledevelopmentgoal"}
PROJECT_APPS = ("network", "programs", "campus", "events")


class NotABenchDatabase(SystemExit):
    """Raised (and printed as the exit message) when the database holds data the bench did not make."""


def _has_table() -> bool:
    return TABLE in connection.introspection.table_names()


def present() -> float | None:
    """The scale of the bench data set in this database, or None when the bench made none here."""
    if not _has_table():
        return None
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT scale FROM {TABLE} ORDER BY created_at DESC LIMIT 1")
        row = cursor.fetchone()
    return float(row[0]) if row else None


def foreign_data() -> list[str]:
    """The portal's models that hold rows in this database (reference data aside)."""
    found = []
    for app_label in PROJECT_APPS:
        for model in apps.get_app_config(app_label).get_models():
            if model._meta.label_lower in REFERENCE_MODELS or not model._meta.managed:
                continue
            if model._default_manager.exists():
                found.append(model._meta.label)
    return found


def claim(*, scale: float) -> None:
    """Before generating: refuse a database with data of its own, then record the bench's data set."""
    if present() is not None:
        raise NotABenchDatabase("This database already holds a bench data set; use an empty database.")
    if rows := foreign_data():
        raise NotABenchDatabase(
            "The bench only writes into an empty database, and this one holds data it did not make "
            f"({', '.join(rows[:5])}{' …' if len(rows) > 5 else ''}). Point DATABASE_URL at a new database.")
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(f"CREATE TABLE IF NOT EXISTS {TABLE} (scale double precision NOT NULL, "
                       "created_at timestamp NOT NULL DEFAULT CURRENT_TIMESTAMP)")
        cursor.execute(f"INSERT INTO {TABLE} (scale) VALUES (%s)", [scale])


def require() -> None:
    """Before a destructive step: the database must be one the bench filled."""
    if present() is None:
        raise NotABenchDatabase("This database was not filled by the bench; its data is left alone.")
