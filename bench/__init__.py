"""The benchmark: a large realistic data set (`manage.py generate_bench_data`) and `make bench`.

Apps plug in with an optional `<app>/bench.py` module (discovered in INSTALLED_APPS order, like
`<app>/demo.py`) that may define:

    def generate(*, scale: float, rng: random.Random, stdout) -> dict[str, int]
        Creates the app's share of the data set (bulk inserts; the apps before it have run).
    PAGES: list[bench.registry.BenchPage]
        Pages `make bench` measures; a page whose name is in EXPECTED_PAGES takes that slot.
    TIMINGS: list[bench.registry.BenchTiming]
        Jobs `make bench` times (the sweep, a bulk decision, the annual report …).
"""
