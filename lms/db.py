"""The database engine, built from settings, and the one way to open a write transaction."""
import asyncio
import dataclasses
import functools
import re
import sqlite3
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from urllib.parse import urlparse

from piccolo.columns import base as column_base, column_types
from piccolo.engine.base import Engine
from piccolo.engine.finder import engine_finder
from piccolo.engine.postgres import PostgresEngine
from piccolo.engine.sqlite import SQLiteEngine, TransactionType, dict_factory

MAX_ID = 2**31 - 1  # Piccolo's Serial is a 32-bit integer on PostgreSQL


class _Members:
    """What `name in dir(obj)` answers, without building and sorting dir's list. Piccolo's
    ForeignKey.__getattribute__ asks `name not in dir(self)` on every public attribute read, and a
    query reads its joined columns through it: dir() was 1.6 ms of a 14 ms home page (117 calls)."""

    __slots__ = ("obj",)

    def __init__(self, obj):
        self.obj = obj

    def __contains__(self, name: str) -> bool:
        return name in object.__getattribute__(self.obj, "__dict__") or any(
            name in vars(klass) for klass in type(self.obj).__mro__)


# Two stand-ins inside Piccolo for what a query pays per joined column (see tests/test_db.py): dir(),
# and dataclasses.fields(), which ColumnMeta.copy asks for each column it copies (a join copies every
# column of the table it reaches: 6,300 calls, 17 % of a course page). A class's fields never change.
column_types.dir = _Members
column_base.fields = functools.cache(dataclasses.fields)


WRITES = re.compile(r"\b(INSERT|UPDATE|DELETE|REPLACE|CREATE|DROP|ALTER|PRAGMA|VACUUM|ATTACH)\b", re.IGNORECASE)


def _reads_only(query: str) -> bool:
    """A SELECT, or a WITH … SELECT (a CTE could also write: any writing word sends it the write way)."""
    head = query.lstrip()[:6].upper()
    return head == "SELECT" or (head.startswith("WITH") and not WRITES.search(query))


class ReusingSQLiteEngine(SQLiteEngine):
    """Piccolo opens a new SQLite connection (and thread) for every query outside a transaction,
    which is most of a page's time. Reads here share one connection on one thread: in WAL mode
    they never wait for a writer. Writes keep their own connection, so a writer waiting for the
    lock never holds up the reads queued behind it."""

    def __init__(self, **kwargs):
        super().__init__(**kwargs)
        self._reader: sqlite3.Connection | None = None
        self._reading = ThreadPoolExecutor(max_workers=1, thread_name_prefix="sqlite-reader")

    def _read(self, query: str, args: list) -> list[dict]:
        if self._reader is None:
            self._reader = sqlite3.connect(**self.connection_kwargs, check_same_thread=False)
            self._reader.row_factory = dict_factory
            self._reader.execute("PRAGMA foreign_keys = 1")
        return self._reader.execute(query, args).fetchall()

    async def _run_in_new_connection(self, query: str, args=None, query_type: str = "generic", table=None):
        if not _reads_only(query):
            return await super()._run_in_new_connection(query, args, query_type, table)
        return await asyncio.get_running_loop().run_in_executor(self._reading, self._read, query, args or [])


def engine_for(database_url: str) -> Engine:
    url = urlparse(database_url)
    if url.scheme == "sqlite":
        path = Path(url.path)
        path.parent.mkdir(parents=True, exist_ok=True)
        # timeout is SQLite's busy timeout: writers wait for each other instead of failing.
        return ReusingSQLiteEngine(path=str(path), timeout=30)
    return PostgresEngine(config={"dsn": database_url.replace("postgres://", "postgresql://", 1)})


async def no_more_to_reset(connection) -> None:
    """What asyncpg does to a pooled connection given back, after rolling back a transaction left open:
    nothing more. Its default also runs RESET ALL, CLOSE ALL, UNLISTEN * and unlocks advisory locks, a
    round trip after every query that cost PostgreSQL as much as the query; lms sets no session
    variable, keeps no cursor, listens to nothing and takes no advisory lock."""


def engine() -> Engine:
    found = engine_finder()
    assert found is not None, "piccolo_conf did not define DB"
    return found


def write_transaction():
    """A transaction for reads followed by writes.

    On SQLite a DEFERRED transaction that reads and then writes fails with "database is
    locked" under concurrency, so every write transaction there is IMMEDIATE."""
    db = engine()
    if isinstance(db, SQLiteEngine):
        return db.transaction(transaction_type=TransactionType.immediate)
    return db.transaction()


async def locked_ids(query) -> list[int]:
    """The ids a SELECT of due rows finds, locked for this transaction; rows another transaction holds
    are skipped (FOR UPDATE SKIP LOCKED on PostgreSQL; SQLite's IMMEDIATE transaction already lets one
    writer in). Two statements on purpose: as a subquery of the UPDATE (`id IN (SELECT … LIMIT n FOR
    UPDATE SKIP LOCKED)`) PostgreSQL may run the SELECT again for every row it updates, and each run
    skips the rows the UPDATE already changed, so the UPDATE took every due row, not n."""
    if not isinstance(engine(), SQLiteEngine):
        query = query.lock_rows("UPDATE", skip_locked=True)
    return await query.output(as_list=True)


def contains(column, text: str):
    """A case-insensitive substring match; SQLite's LIKE already ignores case, PostgreSQL needs ILIKE."""
    pattern = "%" + text.replace("%", "").replace("_", "") + "%"
    return column.like(pattern) if isinstance(engine(), SQLiteEngine) else column.ilike(pattern)


def is_unique_violation(error: Exception) -> bool:
    """A unique constraint refused the write, on either engine."""
    from asyncpg.exceptions import UniqueViolationError

    return isinstance(error, UniqueViolationError) or (
        isinstance(error, sqlite3.IntegrityError) and "UNIQUE" in str(error))


def is_valid_id(value: int) -> bool:
    return 0 < value <= MAX_ID


async def prepare_sqlite(db: Engine) -> None:
    """WAL lets readers go on while one connection writes; it is stored in the file."""
    if isinstance(db, SQLiteEngine):
        await db.run_ddl("PRAGMA journal_mode=WAL")
