"""Table clocks: when each database table last changed, so that a cached page is served only while
nothing it was made from has changed.

Every SQL statement the portal runs passes through `_observe` (installed on each new database
connection, in every process: web, Celery, management commands):

- A write (INSERT, UPDATE, DELETE, TRUNCATE; also bulk updates and raw SQL, which model signals
  miss) moves the clock of each table it writes when its transaction commits, or at once outside a
  transaction. Inside a test's own transaction, which never commits, it moves them at once.
- A statement we cannot read a table from (DDL such as a migration) moves every table's clock.
- While `reading()` is active, the tables each statement reads are collected.

The clock is one counter in the cache (Redis in production); a table's clock is the counter's value
at its last change, both set in one atomic step. A copy of something built from tables T, stamped
with `now()` taken *before* it was built, is still good while `unchanged_since(stamp, T)`. A missing
clock (never written since the cache started, or evicted) counts as changed.
"""

from __future__ import annotations

import contextvars
import logging
import re
import threading
import time
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field

from django.core.cache import caches
from django.core.cache.backends.locmem import LocMemCache
from django.core.cache.backends.redis import RedisCache
from django.db import connections
from django.db.backends.signals import connection_created

logger = logging.getLogger(__name__)

EVERYTHING = "*"  # the clock every check includes: moved by statements that change the schema
_WRITE = re.compile(r'\s*(?:INSERT\s+INTO|UPDATE|DELETE\s+FROM|TRUNCATE(?:\s+TABLE)?)\s+"?(\w+)"?', re.IGNORECASE)
_TRUNCATE = re.compile(r"\s*TRUNCATE\b", re.IGNORECASE)
_QUOTED = re.compile(r'"(\w+)"')
_READ = re.compile(r'\b(?:FROM|JOIN)\s+"?(\w+)', re.IGNORECASE)
_HARMLESS = re.compile(r"[\s(]*(?:SELECT|SAVEPOINT|RELEASE|ROLLBACK|COMMIT|BEGIN|SET|SHOW|PRAGMA|EXPLAIN|VALUES)\b",
                       re.IGNORECASE)


def written_tables(sql: str) -> set[str]:
    """Tables an SQL statement writes; {EVERYTHING} for one that may change anything (DDL)."""
    if _TRUNCATE.match(sql):
        return set(_QUOTED.findall(sql)) or {EVERYTHING}
    match = _WRITE.match(sql)
    if match:
        return {match.group(1)}
    if _HARMLESS.match(sql):
        return set()
    return {EVERYTHING}


def read_tables(sql: str) -> set[str]:
    return set(_READ.findall(sql))


# --- The clocks ----------------------------------------------------------------------------------
def _initial() -> int:
    # A clock lost with the cache restarts past any value it can have reached (microseconds).
    return time.time_ns() // 1000


class _RedisClocks:
    """Clocks in Redis, shared by every process; a move is one atomic script."""

    MOVE = """
    if redis.call('EXISTS', KEYS[1]) == 0 then redis.call('SET', KEYS[1], ARGV[1]) end
    local now = redis.call('INCR', KEYS[1])
    for i = 2, #KEYS do redis.call('SET', KEYS[i], now) end
    return now
    """

    def __init__(self, backend: RedisCache):
        self.backend = backend
        self._move = None

    def _client(self):
        return self.backend._cache.get_client(write=True)

    def _key(self, table: str) -> str:
        return self.backend.make_key(f"table-clock:{table}")

    def move(self, tables: Iterable[str]) -> None:
        client = self._client()
        if self._move is None:
            self._move = client.register_script(self.MOVE)
        self._move(keys=[self._key("")] + [self._key(t) for t in sorted(tables)], args=[_initial()], client=client)

    def now(self) -> int:
        value = self._client().get(self._key(""))
        if value is None:
            self.move([])
            value = self._client().get(self._key(""))
        return int(value)

    def clocks(self, tables: list[str]) -> list[int | None]:
        values = self._client().mget([self._key(t) for t in tables])
        return [None if v is None else int(v) for v in values]

    def adopt(self, tables: Iterable[str], stamp: int) -> None:
        pipe = self._client().pipeline(transaction=False)
        for table in tables:
            pipe.set(self._key(table), stamp, nx=True)
        pipe.execute()


class _LocalClocks:
    """Clocks in this process, for the in-process cache of `make run` and the tests."""

    def __init__(self):
        self.lock = threading.Lock()
        self.counter = _initial()
        self.tables: dict[str, int] = {}

    def move(self, tables: Iterable[str]) -> None:
        with self.lock:
            self.counter += 1
            for table in tables:
                self.tables[table] = self.counter

    def now(self) -> int:
        return self.counter

    def clocks(self, tables: list[str]) -> list[int | None]:
        return [self.tables.get(t) for t in tables]

    def adopt(self, tables: Iterable[str], stamp: int) -> None:
        with self.lock:
            for table in tables:
                self.tables.setdefault(table, stamp)


_local = _LocalClocks()


def _store() -> _RedisClocks | _LocalClocks | None:
    """Where the clocks live: beside the default cache. None for a cache that cannot keep them."""
    backend = caches["default"]
    if isinstance(backend, RedisCache):
        clocks = getattr(backend, "_table_clocks", None)
        if clocks is None:
            clocks = backend._table_clocks = _RedisClocks(backend)
        return clocks
    if isinstance(backend, LocMemCache):
        return _local
    return None


def available() -> bool:
    return _store() is not None


def now() -> int:
    """The stamp to take before reading what a cached copy is made from."""
    return _store().now()


def move(tables: Iterable[str]) -> None:
    """Record that `tables` changed now. A cache that cannot be reached is logged, not raised: the
    write has happened, and cached copies expire on their own."""
    store = _store()
    if store is None:
        return
    try:
        store.move(set(tables))
    except Exception:
        logger.warning("Could not move the table clocks of %s", sorted(tables), exc_info=True)


def changed_everything() -> None:
    move([EVERYTHING])


def unchanged_since(stamp: int, tables: Iterable[str]) -> bool:
    """True when none of `tables` (nor the schema) changed after `stamp` was taken."""
    names = sorted({*tables, EVERYTHING})
    values = _store().clocks(names)
    return all(value is not None and value <= stamp for value in values)


def adopt(tables: Iterable[str], stamp: int) -> None:
    """Give a clock to tables that have none yet (never written since the cache started), set to
    `stamp`, so copies made from them can be checked. An existing clock is left as it is."""
    _store().adopt({*tables, EVERYTHING}, stamp)


# --- Watching the statements ---------------------------------------------------------------------
@dataclass
class Reading:
    tables: set[str] = field(default_factory=set)
    wrote: bool = False


_reading: contextvars.ContextVar[Reading | None] = contextvars.ContextVar("table_clock_reading", default=None)


@contextmanager
def reading() -> Iterator[Reading]:
    """Collect the tables every statement in the block reads (and whether one wrote)."""
    current = Reading()
    token = _reading.set(current)
    try:
        yield current
    finally:
        _reading.reset(token)


class _Pending:
    """The tables a transaction wrote, moved when it commits."""

    def __init__(self, connection):
        self.connection = connection
        self.tables: set[str] = set()

    def __call__(self) -> None:
        if getattr(self.connection, "_table_clock_pending", None) is self:
            self.connection._table_clock_pending = None
        move(self.tables)

    def registered(self) -> bool:
        return any(entry[1] is self for entry in self.connection.run_on_commit)


def _note_writes(connection, tables: set[str]) -> None:
    if not connection.in_atomic_block:
        move(tables)
        return
    if any(getattr(block, "_from_testcase", False) for block in connection.atomic_blocks):
        move(tables)  # a test's transaction never commits: move now as well
    pending = getattr(connection, "_table_clock_pending", None)
    if pending is None or not pending.registered():
        pending = _Pending(connection)
        connection._table_clock_pending = pending
        connection.on_commit(pending)
    pending.tables |= tables


def _observe(execute, sql, params, many, context):
    result = execute(sql, params, many, context)
    if not isinstance(sql, str):
        sql = str(sql)
    written = written_tables(sql)
    if written:
        _note_writes(context["connection"], written)
    current = _reading.get()
    if current is not None:
        current.tables |= read_tables(sql)
        current.wrote = current.wrote or bool(written)
    return result


def _install(connection, **kwargs) -> None:
    if _observe not in connection.execute_wrappers:
        connection.execute_wrappers.append(_observe)


def install() -> None:
    """Watch every connection (called from the network app's ready())."""
    connection_created.connect(_install, dispatch_uid="network.table_clock")
    for connection in connections.all(initialized_only=True):
        _install(connection)
