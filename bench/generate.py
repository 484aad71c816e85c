"""Create the benchmark data set: every bench module's generator, in app order.

    DATABASE_URL=postgres://… .venv/bin/python -m bench.generate --scale 1 [--if-missing]

Use an empty database: the generator refuses one that holds data it did not make (bench.dataset).
"""

from __future__ import annotations

import argparse
import os
import sys
import time


def generate(*, scale: float, seed: int = 2026, if_missing: bool = False, stdout=sys.stdout) -> dict[str, int]:
    """Generate the data set of `scale` (Django set up); with `if_missing`, keep one already there."""
    from django.db import connection

    from bench import dataset
    from bench.registry import generate_all

    if not 0 < scale <= 20:
        raise SystemExit("--scale must be above 0 and at most 20.")
    existing = dataset.present()
    if existing is not None and if_missing and abs(existing - scale) < 1e-9:
        stdout.write(f"The bench data set (scale {existing:g}) is already there.\n")
        return {}
    dataset.claim(scale=scale)
    started = time.monotonic()
    counts = generate_all(scale=scale, seed=seed, stdout=stdout)
    if connection.vendor == "postgresql" and not connection.in_atomic_block:
        # Fresh statistics and visibility maps, as autovacuum would leave them on a live site:
        # without them the planner guesses (e.g. 494 rows for a call of 10,000 applications).
        with connection.cursor() as cursor:
            cursor.execute("VACUUM ANALYZE")
    stdout.write(f"Bench data set (scale {scale:g}) ready in {time.monotonic() - started:.0f}s: "
                 + ", ".join(f"{value:,} {name.replace('_', ' ')}" for name, value in counts.items()) + "\n")
    return counts


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.generate", description=(
        "Create a large, internally consistent data set for `make bench` (scale 1: 2,000 members, "
        "40,000 people, 1,000 calls, 200,000 applications …) in an empty database."))
    parser.add_argument("--scale", type=float, default=1.0, help="1 is the full size; 0.1 a tenth.")
    parser.add_argument("--seed", type=int, default=2026, help="The same seed gives the same data set.")
    parser.add_argument("--if-missing", action="store_true",
                        help="Do nothing when a bench data set of this scale is already there.")
    args = parser.parse_args(argv)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    import django

    django.setup()
    generate(scale=args.scale, seed=args.seed, if_missing=args.if_missing)
    return 0


if __name__ == "__main__":
    sys.exit(main())
