"""The benchmark: a large realistic data set (`python -m bench.generate`) and `make bench`.

Tooling, outside the portal's import paths: no product module imports it. Each app's share lives
here as `bench/<app label>.py` (found in INSTALLED_APPS order) and may define:

    def generate(*, scale: float, rng: random.Random, stdout) -> dict[str, int]
        Creates the app's share of the data set (bulk inserts; the apps before it have run).
    PAGES: list[bench.registry.BenchPage]
        Pages `make bench` measures; a page whose name is in EXPECTED_PAGES takes that slot.
    TIMINGS: list[bench.registry.BenchTiming]
        Jobs `make bench` times (the sweep, a bulk decision, the annual report …).

The bench only writes into a database it filled itself (`bench.dataset`).
"""
