"""The database engine, built from settings, and the one way to open a write transaction."""
from pathlib import Path
from urllib.parse import urlparse

from piccolo.engine.base import Engine
from piccolo.engine.finder import engine_finder
from piccolo.engine.postgres import PostgresEngine
from piccolo.engine.sqlite import SQLiteEngine, TransactionType

MAX_ID = 2**31 - 1  # Piccolo's Serial is a 32-bit integer on PostgreSQL


def engine_for(database_url: str) -> Engine:
    url = urlparse(database_url)
    if url.scheme == "sqlite":
        path = Path(url.path)
        path.parent.mkdir(parents=True, exist_ok=True)
        # timeout is SQLite's busy timeout: writers wait for each other instead of failing.
        return SQLiteEngine(path=str(path), timeout=30)
    return PostgresEngine(config={"dsn": database_url.replace("postgres://", "postgresql://", 1)})


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


def contains(column, text: str):
    """A case-insensitive substring match; SQLite's LIKE already ignores case, PostgreSQL needs ILIKE."""
    pattern = "%" + text.replace("%", "").replace("_", "") + "%"
    return column.like(pattern) if isinstance(engine(), SQLiteEngine) else column.ilike(pattern)


def is_valid_id(value: int) -> bool:
    return 0 < value <= MAX_ID


async def prepare_sqlite(db: Engine) -> None:
    """WAL lets readers go on while one connection writes; it is stored in the file."""
    if isinstance(db, SQLiteEngine):
        await db.run_ddl("PRAGMA journal_mode=WAL")
