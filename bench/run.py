"""`make bench`: load the bench data set if missing, serve it with gunicorn (2 workers, production
settings) on 127.0.0.1, and measure every page made afresh (PUBLIC_PAGE_CACHE=false: what a first
visit, a new search or a visit after a change costs) against the bare reference view in the same
run; then the public pages again with the anonymous page cache on (the second line of the table);
then time the jobs (sweep, bulk decision …) with a Celery worker running, and print one table.

    DATABASE_URL=postgres://… REDIS_URL=redis://… .venv/bin/python -m bench.run

Environment: BENCH_SCALE (default 1), BENCH_SECONDS per measurement (default 10), BENCH_CONNECTIONS
(default 8), BENCH_PORT (default 8090), BENCH_LOAD=wrk|python (default: wrk when installed),
BENCH_ONLY=comma-separated page names to measure (the others are skipped), BENCH_JOBS=0 to
measure pages only (no sweep, bulk decision, Celery worker), BENCH_CACHED=0 to skip the second run
(public pages from the anonymous page cache).
The table is also written as JSON to bench/results/ (not committed).
"""

from __future__ import annotations

import http.client
import json
import os
import platform
import secrets
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.error
import urllib.request
from dataclasses import asdict
from dataclasses import dataclass
from dataclasses import field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
RESULTS = ROOT / "bench" / "results"
CLK_TCK = os.sysconf("SC_CLK_TCK")
PAGE_SIZE = os.sysconf("SC_PAGE_SIZE")
MEMORY_TARGET_MB = 300

WRK_SCRIPT = """
paths = {PATHS}
counter = 0
request = function()
  counter = counter + 1
  return wrk.format("GET", paths[(counter % #paths) + 1])
end
done = function(summary, latency, requests)
  local e = summary.errors
  io.write(string.format('BENCHJSON {"requests": %d, "duration_us": %d, "errors": %d, "non2xx": %d, '
    .. '"p50_us": %d, "p95_us": %d}\\n', summary.requests, summary.duration,
    e.connect + e.read + e.write + e.timeout, e.status, latency:percentile(50), latency:percentile(95)))
end
"""


def wrk_script(paths: list[str]) -> str:
    """The Lua script that makes wrk request `paths` in turn (each of its threads on its own)."""
    return WRK_SCRIPT.replace("PATHS", ", ".join(json.dumps(path) for path in paths))


def env_settings() -> dict:
    return {
        "scale": float(os.environ.get("BENCH_SCALE", "1")),
        "seconds": float(os.environ.get("BENCH_SECONDS", "10")),
        "connections": int(os.environ.get("BENCH_CONNECTIONS", "8")),
        "port": int(os.environ.get("BENCH_PORT", "8090")),
        "load": os.environ.get("BENCH_LOAD") or ("wrk" if shutil.which("wrk") else "python"),
        "only": [n.strip() for n in os.environ.get("BENCH_ONLY", "").split(",") if n.strip()],
        "jobs": os.environ.get("BENCH_JOBS", "1").lower() not in ("0", "false", "no"),
        "cached": os.environ.get("BENCH_CACHED", "1").lower() not in ("0", "false", "no"),
    }


def server_env() -> dict:
    """Production settings, plus the bench switch; mail goes nowhere (the outbox still records it)."""
    env = dict(os.environ)
    env.update({"BENCH": "true", "DEBUG": "false", "EMAIL_URL": "dummymail://", "CELERY_TASK_ALWAYS_EAGER": "false",
                "LOG_LEVEL": "WARNING", "DJANGO_SETTINGS_MODULE": "config.settings",
                "PYTHONPATH": os.pathsep.join([str(ROOT), *filter(None, [os.environ.get("PYTHONPATH")])])})
    return env


# --- /proc ---------------------------------------------------------------------------------------
def children_of(pid: int) -> list[int]:
    found = []
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            try:
                stat = Path(f"/proc/{entry}/stat").read_text()
            except OSError:
                continue
            if int(stat.rsplit(")", 1)[1].split()[1]) == pid:
                found.append(int(entry))
    return sorted(found)


def cpu_ticks(pids: list[int]) -> int:
    total = 0
    for pid in pids:
        try:
            fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        total += int(fields[11]) + int(fields[12])  # utime + stime
    return total


def peak_rss_mb(pid: int) -> float:
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
    except OSError:
        pass
    return 0.0


# --- Load generators -------------------------------------------------------------------------------
@dataclass
class LoadResult:
    requests: int
    seconds: float
    errors: int
    non2xx: int
    p50_ms: float
    p95_ms: float

    @property
    def rps(self) -> float:
        return self.requests / self.seconds if self.seconds else 0.0


def load_wrk(base: str, paths: list[str], *, seconds: float, connections: int, headers: dict) -> LoadResult:
    with tempfile.NamedTemporaryFile("w", suffix=".lua", delete=False) as script:
        script.write(wrk_script(paths))
    cmd = ["wrk", "-t2", f"-c{connections}", f"-d{max(1, round(seconds))}s", "--timeout", "20s", "-s", script.name]
    for name, value in headers.items():
        cmd += ["-H", f"{name}: {value}"]
    try:
        out = subprocess.run(cmd + [base + paths[0]], capture_output=True, text=True, check=True).stdout
    finally:
        os.unlink(script.name)
    data = json.loads(next(line for line in out.splitlines() if line.startswith("BENCHJSON")).split(" ", 1)[1])
    return LoadResult(requests=data["requests"], seconds=data["duration_us"] / 1e6, errors=data["errors"],
                      non2xx=data["non2xx"], p50_ms=data["p50_us"] / 1000, p95_ms=data["p95_us"] / 1000)


def load_python(base: str, paths: list[str], *, seconds: float, connections: int, headers: dict) -> LoadResult:
    """A small closed-loop load generator: `connections` threads, each one request at a time, each
    requesting `paths` in turn."""
    from itertools import cycle
    from urllib.parse import urlsplit

    parts = urlsplit(base)
    latencies: list[float] = []
    errors = [0, 0]
    lock = threading.Lock()
    deadline = time.perf_counter() + seconds

    def worker(offset: int) -> None:
        conn = None
        mine: list[float] = []
        err = non2xx = 0
        turn = cycle(paths[offset % len(paths):] + paths[:offset % len(paths)])
        while time.perf_counter() < deadline:
            started = time.perf_counter()
            try:
                if conn is None:
                    conn = http.client.HTTPConnection(parts.hostname, parts.port, timeout=20)
                conn.request("GET", next(turn), headers=headers)
                response = conn.getresponse()
                response.read()
                if response.status >= 300:
                    non2xx += 1
                if response.getheader("Connection", "").lower() == "close":
                    conn.close()
                    conn = None
            except (OSError, http.client.HTTPException):
                err += 1
                conn = None
                continue
            mine.append(time.perf_counter() - started)
        with lock:
            latencies.extend(mine)
            errors[0] += err
            errors[1] += non2xx

    begun = time.perf_counter()
    threads = [threading.Thread(target=worker, args=(n,)) for n in range(connections)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    elapsed = time.perf_counter() - begun
    latencies.sort()

    def pct(p: float) -> float:
        return latencies[min(len(latencies) - 1, int(p * len(latencies)))] * 1000 if latencies else 0.0

    return LoadResult(requests=len(latencies), seconds=elapsed, errors=errors[0], non2xx=errors[1],
                      p50_ms=pct(0.50), p95_ms=pct(0.95))


# --- Measurements ---------------------------------------------------------------------------------
MAX_QUERIES = 12  # no measured page above this many queries


@dataclass
class Measure:
    rps: float
    p50_ms: float
    p95_ms: float
    cpu_ms: float  # server CPU (both workers) per request
    requests: int
    errors: int
    non2xx: int
    # The server's own time per request (gunicorn's access log), without the time spent queued.
    server_p50_ms: float | None = None
    server_p95_ms: float | None = None


class AccessLog:
    """gunicorn's access log, one line per request: its path and its time in microseconds."""

    FORMAT = "%(U)s%(q)s %(D)s"

    def __init__(self, path: Path):
        self.path = path
        self.offset = 0

    def mark(self) -> None:
        self.offset = self.path.stat().st_size if self.path.exists() else 0

    def server_ms(self) -> list[float]:
        """The times (ms) of the requests logged since mark()."""
        if not self.path.exists():
            return []
        with self.path.open("rb") as log:
            log.seek(self.offset)
            lines = log.read().decode(errors="replace").splitlines()
        times = []
        for line in lines:
            try:
                times.append(int(line.rsplit(" ", 1)[1]) / 1000)
            except (IndexError, ValueError):
                continue
        return times


def percentile(values: list[float], p: float) -> float | None:
    if not values:
        return None
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(p * len(ordered)))]


def measure(base: str, paths: list[str], *, cfg: dict, headers: dict, workers: list[int],
            log: AccessLog | None = None) -> Measure:
    load = load_wrk if cfg["load"] == "wrk" else load_python
    if log:
        log.mark()
    before = cpu_ticks(workers)
    result = load(base, paths, seconds=cfg["seconds"], connections=cfg["connections"], headers=headers)
    ticks = cpu_ticks(workers) - before
    server = log.server_ms() if log else []
    return Measure(rps=result.rps, p50_ms=result.p50_ms, p95_ms=result.p95_ms,
                   cpu_ms=ticks * 1000 / CLK_TCK / max(1, result.requests), requests=result.requests,
                   errors=result.errors, non2xx=result.non2xx,
                   server_p50_ms=percentile(server, 0.50), server_p95_ms=percentile(server, 0.95))


@dataclass
class PageRow:
    name: str
    group: str
    path: str = ""
    paths: list[str] = field(default_factory=list)  # requested in turn (the first is `path`)
    status: str = "pending"  # pending | skipped | error | measured
    login: str = ""
    htmx: bool = False
    target: float = 0.0
    queries: int | None = None  # made afresh, in-process
    server_p95_target_ms: float | None = None
    made_afresh: Measure | None = None
    reference: Measure | None = None  # the mean of the reference runs before and after
    made_afresh_ratio: float | None = None  # page req/s ÷ reference req/s, page cache off
    made_afresh_cpu_ms: float | None = None
    cpu_ratio: float | None = None  # reference CPU ms ÷ page CPU ms (steadier on a shared machine)
    cached: Measure | None = None  # public pages: the second run, anonymous page cache on
    cached_reference: Measure | None = None
    cached_ratio: float | None = None
    passed: bool | None = None
    note: str = ""

    def judge(self) -> None:
        page = self.made_afresh
        checks = [self.made_afresh_ratio is not None and self.made_afresh_ratio >= self.target,
                  not page.non2xx, self.queries is None or self.queries <= MAX_QUERIES]
        if self.server_p95_target_ms is not None:
            checks.append(page.server_p95_ms is not None and page.server_p95_ms <= self.server_p95_target_ms)
        self.passed = all(checks)



@dataclass
class TimingRow:
    name: str
    status: str
    target: str = ""
    seconds: float | None = None
    passed: bool | None = None
    detail: str = ""
    data: dict = field(default_factory=dict)


def _mean_measure(a: Measure, b: Measure) -> Measure:
    return Measure(*(statistics.mean([getattr(a, f), getattr(b, f)]) for f in
                     ("rps", "p50_ms", "p95_ms", "cpu_ms")), requests=a.requests + b.requests,
                   errors=a.errors + b.errors, non2xx=a.non2xx + b.non2xx)


def count_queries(rows: list[PageRow], logins: dict) -> None:
    """Each page's queries, made afresh in this process (the first of its URLs)."""
    from django.conf import settings
    from django.db import connection
    from django.test import Client

    from network.models import User

    settings.PUBLIC_PAGE_CACHE = False
    for row in rows:
        if row.status != "ready":
            continue
        client = Client(HTTP_ACCEPT_LANGUAGE="es", SERVER_NAME="127.0.0.1")
        if row.login:
            client.force_login(User.objects.get(email=logins[row.login]))
        extra = {"HTTP_HX_REQUEST": "true"} if row.htmx else {}
        client.get(row.path, **extra)  # the connection's first queries (type lookups) are not the page's
        counted = []
        with connection.execute_wrapper(lambda execute, sql, *args: counted.append(sql) or execute(sql, *args)):
            client.get(row.path, **extra)
        row.queries = len(counted)


def session_cookie(email: str) -> str:
    """A signed-in session for `email`, made directly in the session store (no login form)."""
    from django.conf import settings
    from django.contrib.auth import BACKEND_SESSION_KEY
    from django.contrib.auth import HASH_SESSION_KEY
    from django.contrib.auth import SESSION_KEY
    from django.utils.module_loading import import_string

    from network.models import User

    user = User.objects.get(email=email)
    store = import_string(settings.SESSION_ENGINE + ".SessionStore")()
    store[SESSION_KEY] = str(user.pk)
    store[BACKEND_SESSION_KEY] = "django.contrib.auth.backends.ModelBackend"
    store[HASH_SESSION_KEY] = user.get_session_auth_hash()
    store.save()
    return f"{settings.SESSION_COOKIE_NAME}={store.session_key}"


def wait_for(url: str, timeout: float = 60) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(url, timeout=5) as response:
                if response.status == 200:
                    return
        except (urllib.error.URLError, OSError):
            time.sleep(0.5)
    raise SystemExit(f"The server did not answer {url} within {timeout:.0f}s.")


def fetch_status(url: str, headers: dict) -> int:
    request = urllib.request.Request(url, headers=headers)

    class NoRedirect(urllib.request.HTTPRedirectHandler):
        def redirect_request(self, *args, **kwargs):
            return None

    opener = urllib.request.build_opener(NoRedirect)
    try:
        with opener.open(request, timeout=60) as response:
            response.read()
            return response.status
    except urllib.error.HTTPError as error:
        return error.code


def git_revision() -> str:
    try:
        rev = subprocess.run(["git", "rev-parse", "--short", "HEAD"], cwd=ROOT, capture_output=True, text=True,
                             check=True).stdout.strip()
        dirty = subprocess.run(["git", "status", "--porcelain", "--untracked-files=no"], cwd=ROOT,
                               capture_output=True, text=True).stdout.strip()
        return rev + ("+dirty" if dirty else "")
    except (OSError, subprocess.CalledProcessError):
        return "unknown"


def cpu_model() -> str:
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or "unknown"


def python_command(module: str) -> list[str]:
    """Run a module with this interpreter, the way this process was run (e.g. with -S)."""
    return [sys.executable, *(["-S"] if sys.flags.no_site else []), "-m", module]


def start_process(cmd: list[str], log: Path) -> subprocess.Popen:
    return subprocess.Popen(cmd, cwd=ROOT, env=server_env(), stdout=log.open("w"), stderr=subprocess.STDOUT,
                            start_new_session=True)


def stop_process(process: subprocess.Popen) -> None:
    if process.poll() is None:
        process.send_signal(signal.SIGTERM)
        try:
            process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
            process.wait()


# --- The run ----------------------------------------------------------------------------------------
def prepare(cfg: dict) -> None:
    for name in ("DATABASE_URL", "REDIS_URL"):
        if not os.environ.get(name):
            raise SystemExit(f"make bench needs {name} (PostgreSQL and Redis), e.g. "
                             "DATABASE_URL=postgres://postgres@127.0.0.1:5432/portal_bench "
                             "REDIS_URL=redis://127.0.0.1:6379/10")
    if not os.environ["DATABASE_URL"].startswith(("postgres://", "postgresql://", "pgsql://")):
        raise SystemExit("make bench measures on PostgreSQL: set DATABASE_URL=postgres://…")
    os.environ.update({"BENCH": "true", "DEBUG": "false", "EMAIL_URL": "dummymail://",
                       "CELERY_TASK_ALWAYS_EAGER": "false", "DJANGO_SETTINGS_MODULE": "config.settings"})
    # Production settings refuse to serve with the published development key (config/wsgi.py): the run
    # makes one of its own, shared by its gunicorn and the sessions it writes, unless one is given.
    os.environ.setdefault("SECRET_KEY", "bench-" + secrets.token_urlsafe(48))
    import django

    django.setup()
    from django.core.management import call_command

    print(f"Migrating and loading the bench data set (scale {cfg['scale']:g}) if missing …", flush=True)
    call_command("migrate", interactive=False, verbosity=0)
    from bench.generate import generate

    generate(scale=cfg["scale"], if_missing=True)
    call_command("collectstatic", interactive=False, verbosity=0)
    call_command("compile_catalogs", verbosity=0)


def _serve(cfg: dict, results_dir: Path, *, page_cache: bool, label: str) -> tuple[subprocess.Popen, AccessLog]:
    log = AccessLog(results_dir / f"access-{label}.log")
    env = dict(server_env(), PUBLIC_PAGE_CACHE="true" if page_cache else "false")
    process = subprocess.Popen(
        [*python_command("gunicorn"), "config.wsgi:application", "--workers", "2",
         "--bind", f"127.0.0.1:{cfg['port']}", "--log-level", "warning", "--timeout", "120",
         "--access-logfile", str(log.path), "--access-logformat", AccessLog.FORMAT],
        cwd=ROOT, env=env, stdout=(results_dir / f"gunicorn-{label}.log").open("w"), stderr=subprocess.STDOUT,
        start_new_session=True)
    return process, log


def _headers(row: PageRow, anonymous: dict, cookies: dict) -> dict:
    return {**anonymous, **({"Cookie": cookies[row.login]} if row.login else {}),
            **({"HX-Request": "true"} if row.htmx else {})}


def _run_pass(cfg: dict, results_dir: Path, rows: list[PageRow], cookies: dict, *, page_cache: bool) -> dict:
    """Serve, warm every page (each must answer 200), then measure reference, page 1, reference,
    page 2, … reference. Fills made_afresh (page cache off) or cached (on). Returns memory readings."""
    base = f"http://127.0.0.1:{cfg['port']}"
    label = "cached" if page_cache else "afresh"
    gunicorn, log = _serve(cfg, results_dir, page_cache=page_cache, label=label)
    anonymous = {"Accept-Language": "es"}
    reference = ["/bench/reference/"]
    memory: dict = {}
    try:
        wait_for(base + reference[0])
        workers = children_of(gunicorn.pid)
        for row in rows:
            headers = _headers(row, anonymous, cookies)
            for path in row.paths[:3] + row.paths[:1] * 2:
                status = fetch_status(base + path, headers)
                if status != 200:
                    row.status, row.note = "error", f"HTTP {status} for {path}"
                    break
        measure(base, reference, cfg=dict(cfg, seconds=min(3, cfg["seconds"])), headers=anonymous, workers=workers)
        previous = measure(base, reference, cfg=cfg, headers=anonymous, workers=workers)
        for row in rows:
            if row.status not in ("ready", "measured"):
                continue
            headers = _headers(row, anonymous, cookies)
            print(f"  {label}: {row.name} ({row.path}{f' + {len(row.paths) - 1} more' if len(row.paths) > 1 else ''}) …",
                  flush=True)
            if page_cache:  # steady traffic keeps a cached copy warm: fetch it right before its run
                fetch_status(base + row.path, headers)
            page = measure(base, row.paths, cfg=cfg, headers=headers, workers=workers, log=log)
            after = measure(base, reference, cfg=cfg, headers=anonymous, workers=workers)
            ref = _mean_measure(previous, after)
            previous = after
            ratio = page.rps / ref.rps if ref.rps else None
            if page_cache:
                row.cached, row.cached_reference, row.cached_ratio = page, ref, ratio
                continue
            row.status = "measured"
            row.made_afresh, row.reference, row.made_afresh_ratio = page, ref, ratio
            row.made_afresh_cpu_ms = page.cpu_ms
            row.cpu_ratio = ref.cpu_ms / page.cpu_ms if page.cpu_ms else None
            row.judge()
            if page.non2xx or page.errors:
                row.note = f"{page.non2xx} non-2xx, {page.errors} socket errors"
        workers = children_of(gunicorn.pid)
        memory[f"gunicorn_worker_peak_mb{'_cached' if page_cache else ''}"] = max(
            (peak_rss_mb(pid) for pid in workers), default=0.0)
    finally:
        stop_process(gunicorn)
    return memory


def measure_pages(cfg: dict, results_dir: Path) -> tuple[list[PageRow], dict]:
    from django.db import connections

    from bench.network import BENCH_MEMBER_EMAIL
    from bench.network import BENCH_STAFF_EMAIL
    from bench.registry import PUBLIC
    from bench.registry import RATIO_TARGETS
    from bench.registry import page_table

    logins = {"member": BENCH_MEMBER_EMAIL, "staff": BENCH_STAFF_EMAIL}
    cookies = {"member": session_cookie(BENCH_MEMBER_EMAIL), "staff": session_cookie(BENCH_STAFF_EMAIL)}
    rows: list[PageRow] = []
    for name, group, page in page_table():
        row = PageRow(name=name, group=group, target=RATIO_TARGETS[group])
        if page is not None:
            row.paths = page.url_paths()
            row.path = row.paths[0]
            row.status = "skipped" if cfg["only"] and name not in cfg["only"] else "ready"
            row.login = page.login or ""
            row.htmx = page.htmx
            row.server_p95_target_ms = page.server_p95_ms
        rows.append(row)
    count_queries(rows, logins)
    connections.close_all()
    ready = [row for row in rows if row.status == "ready"]
    memory = _run_pass(cfg, results_dir, ready, cookies, page_cache=False)
    if cfg["cached"]:
        public = [row for row in ready if row.group == PUBLIC and row.status == "measured"]
        memory.update(_run_pass(cfg, results_dir, public, cookies, page_cache=True))
    return rows, memory


def run_timings(cfg: dict, results_dir: Path) -> tuple[list[TimingRow], dict]:
    from django.db import close_old_connections

    from bench.registry import EXPECTED_TIMINGS
    from bench.registry import registered_timings
    from network.enums import OutboxState
    from network.models import OutboxMessage

    celery = start_process([*python_command("celery"), "-A", "config", "worker",
                            "--concurrency", "2", "--loglevel", "WARNING", "--without-heartbeat",
                            "--without-gossip", "--without-mingle"], results_dir / "celery.log")
    rows: dict[str, TimingRow] = {name: TimingRow(name=name, status=status) for name, status in EXPECTED_TIMINGS}
    memory: dict = {}
    try:
        time.sleep(3)
        for timing in registered_timings():
            print(f"  timing {timing.name} …", flush=True)
            close_old_connections()
            try:
                data = timing.run()
            except Exception as error:  # noqa: BLE001 — a failed job is a row of the table, not the end
                rows[timing.name] = TimingRow(name=timing.name, status="error", target=timing.target,
                                              detail=f"{type(error).__name__}: {error}"[:200])
                continue
            rows[timing.name] = TimingRow(
                name=timing.name, status="measured", target=timing.target, seconds=data.get("seconds"),
                passed=None if data.get("ok") is None else bool(data.get("ok")), detail=data.get("detail", ""),
                data={k: v for k, v in data.items() if k not in ("seconds", "ok", "detail")},
            )
        # Let the worker deliver what the jobs queued, so its memory reflects real work.
        deadline = time.monotonic() + 300
        queued = OutboxMessage.objects.filter(state=OutboxState.QUEUED)
        while queued.exists() and time.monotonic() < deadline:
            time.sleep(2)
        memory["celery_outbox_left_queued"] = queued.count()
        tree = [celery.pid, *children_of(celery.pid)]
        memory["celery_worker_peak_mb"] = max((peak_rss_mb(pid) for pid in tree), default=0.0)
    finally:
        stop_process(celery)
    return list(rows.values()), memory


def _fmt(value, spec: str = ".2f", empty: str = "–") -> str:
    return empty if value is None else format(value, spec)


def render_table(result: dict) -> str:
    lines = [f"Benchmark · scale {result['scale']:g} · {result['cores']} cores ({result['cpu']}) · "
             f"git {result['git']} · {result['seconds']:g}s × {result['connections']} connections ({result['load']})",
             "", "Made afresh (no page cache: a first visit, a new search, a visit after a change); under each public",
             "page, the same page served to anonymous visitors from the page cache (a second run)", ""]
    head = (f"{'page':<38} {'req/s':>7} {'ratio':>6} {'target':>6} {'cpu ms':>7} {'ref cpu':>7} {'cpu ×':>6} "
            f"{'p95 ms':>7} {'srv p95':>7} {'SQL':>4}  result")
    lines += [head, "-" * len(head)]
    measured = [row for row in result["pages"] if row["status"] == "measured"]
    for row in result["pages"]:
        if row["status"] != "measured":
            lines.append(f"{row['name']:<38} {row['status']:>7}  {row['note']}".rstrip())
            continue
        page, ref = row["made_afresh"], row["reference"]
        verdict = "pass" if row["passed"] else "FAIL"
        bound = f" (p95 ≤ {row['server_p95_target_ms']:g} ms)" if row.get("server_p95_target_ms") else ""
        lines.append(
            f"{row['name']:<38} {page['rps']:>7.1f} {_fmt(row['made_afresh_ratio']):>6} {row['target']:>6.2f} "
            f"{page['cpu_ms']:>7.1f} {ref['cpu_ms']:>7.1f} {_fmt(row['cpu_ratio']):>6} "
            f"{page['p95_ms']:>7.1f} {_fmt(page.get('server_p95_ms'), '.1f'):>7} {_fmt(row.get('queries'), 'd'):>4}  "
            f"{verdict}{bound} {row['note']}".rstrip())
        if row.get("cached"):  # the same public page again, served to anonymous visitors from the page cache
            kept = row["cached"]
            lines.append(f"{'  └ from the anonymous page cache':<38} {kept['rps']:>7.1f} {_fmt(row['cached_ratio']):>6} "
                         f"{'':>6} {kept['cpu_ms']:>7.1f} {'':>7} {'':>6} {kept['p95_ms']:>7.1f}")
    if measured:
        refs = [row["reference"]["rps"] for row in measured]
        lines.append(f"{'(reference, mean of all runs)':<38} {statistics.mean(refs):>7.1f}")
    lines += ["", f"{'job':<40} {'seconds':>8} {'target':>12}  result"]
    for row in result["timings"]:
        if row["status"] != "measured":
            lines.append(f"{row['name']:<40} {row['status']:>8} {row['target']:>12}  {row['detail']}".rstrip())
            continue
        verdict = {True: "pass", False: "FAIL", None: "measured"}[row["passed"]]
        lines.append(f"{row['name']:<40} {row['seconds']:>8.2f} {row['target']:>12}  {verdict} · {row['detail']}")
    memory = result["memory"]
    lines += [""]
    for key, label in (("gunicorn_worker_peak_mb", "gunicorn worker peak RSS"),
                       ("celery_worker_peak_mb", "Celery worker peak RSS")):
        if key in memory:
            ok = "pass" if memory[key] < MEMORY_TARGET_MB else "FAIL"
            lines.append(f"{label:<40} {memory[key]:>8.0f} MB {'< ' + str(MEMORY_TARGET_MB) + ' MB':>7}  {ok}")
    return "\n".join(lines)


def main() -> int:
    cfg = env_settings()
    os.chdir(ROOT)
    sys.path.insert(0, str(ROOT))
    prepare(cfg)
    stamp = time.strftime("%Y%m%d-%H%M%S", time.gmtime())
    results_dir = RESULTS / stamp
    results_dir.mkdir(parents=True, exist_ok=True)
    print(f"Measuring pages made afresh, then public pages from the page cache, with {cfg['load']} "
          f"({cfg['seconds']:g}s per run, {cfg['connections']} connections) …", flush=True)
    pages, memory = measure_pages(cfg, results_dir)
    if cfg["jobs"]:
        print("Timing jobs with a Celery worker running …", flush=True)
        timings, celery_memory = run_timings(cfg, results_dir)
    else:  # BENCH_JOBS=0: pages only
        timings, celery_memory = [], {}
    result = {
        "scale": cfg["scale"], "seconds": cfg["seconds"], "connections": cfg["connections"], "load": cfg["load"],
        "cores": os.cpu_count(), "cpu": cpu_model(), "git": git_revision(), "python": platform.python_version(),
        "started": stamp, "pages": [asdict(row) for row in pages], "timings": [asdict(row) for row in timings],
        "memory": {**memory, **celery_memory}, "memory_target_mb": MEMORY_TARGET_MB,
    }
    table = render_table(result)
    result["table"] = table
    (RESULTS / f"bench-{stamp}.json").write_text(json.dumps(result, indent=2, default=str))
    print()
    print(table)
    print(f"\nWritten to {RESULTS.relative_to(ROOT)}/bench-{stamp}.json")
    return 0


if __name__ == "__main__":
    sys.exit(main())
