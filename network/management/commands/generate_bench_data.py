"""Create the benchmark data set: every app's `<app>/bench.py` generator, in app order."""

from __future__ import annotations

import time

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import connection

from bench.registry import generate_all
from network.bench import bench_data_present
from network.models import Member


class Command(BaseCommand):
    help = ("Create a large, internally consistent data set for `make bench` (scale 1: 2,000 members, "
            "40,000 people, 1,000 calls, 200,000 applications …). Use an empty database.")

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--scale", type=float, default=1.0, help="1 is the full size; 0.1 a tenth.")
        parser.add_argument("--seed", type=int, default=2026, help="The same seed gives the same data set.")
        parser.add_argument("--if-missing", action="store_true",
                            help="Do nothing when a bench data set of this scale is already there.")

    def handle(self, *args, scale: float, seed: int, if_missing: bool, **options) -> None:
        if scale <= 0 or scale > 20:
            raise CommandError("--scale must be above 0 and at most 20.")
        present = bench_data_present()
        if present is not None:
            if if_missing and abs(present - scale) < 1e-9:
                self.stdout.write(f"The bench data set (scale {present:g}) is already there.")
                return
            raise CommandError(f"This database already holds a bench data set of scale {present:g}; "
                               "use an empty database (or `manage.py flush`).")
        if Member.objects.filter(slug__startswith="bench-").exists():
            raise CommandError("This database holds part of a bench data set; use an empty database.")
        started = time.monotonic()
        counts = generate_all(scale=scale, seed=seed, stdout=self.stdout)
        if connection.vendor == "postgresql":
            # Fresh statistics and visibility maps, as autovacuum would leave them on a live site:
            # without them the planner guesses (e.g. 494 rows for a call of 10,000 applications).
            with connection.cursor() as cursor:
                cursor.execute("VACUUM ANALYZE")
        self.stdout.write(self.style.SUCCESS(
            f"Bench data set (scale {scale:g}) ready in {time.monotonic() - started:.0f}s: "
            + ", ".join(f"{value:,} {name.replace('_', ' ')}" for name, value in counts.items())
        ))
