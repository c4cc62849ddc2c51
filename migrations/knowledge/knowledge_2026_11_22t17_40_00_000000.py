"""The full-text index over search_entry: FTS5 on SQLite (kept in step by triggers), a GIN
index over a generated tsvector column on PostgreSQL. Hand-written, because each engine needs
its own DDL."""
from piccolo.apps.migrations.auto.migration_manager import MigrationManager
from piccolo.engine.finder import engine_finder
from piccolo.engine.sqlite import SQLiteEngine

ID = "2026-11-22T17:40:00:000000"
VERSION = "1.38.0"
DESCRIPTION = "Full-text index over search entries"

SQLITE = [
    "CREATE VIRTUAL TABLE IF NOT EXISTS search_fts USING fts5(title, body, content='search_entry', "
    "content_rowid='id', tokenize='unicode61 remove_diacritics 2')",
    "CREATE TRIGGER IF NOT EXISTS search_entry_ai AFTER INSERT ON search_entry BEGIN "
    "INSERT INTO search_fts(rowid, title, body) VALUES (new.id, new.title, new.body); END",
    "CREATE TRIGGER IF NOT EXISTS search_entry_ad AFTER DELETE ON search_entry BEGIN "
    "INSERT INTO search_fts(search_fts, rowid, title, body) VALUES ('delete', old.id, old.title, old.body); END",
    "CREATE TRIGGER IF NOT EXISTS search_entry_au AFTER UPDATE ON search_entry BEGIN "
    "INSERT INTO search_fts(search_fts, rowid, title, body) VALUES ('delete', old.id, old.title, old.body); "
    "INSERT INTO search_fts(rowid, title, body) VALUES (new.id, new.title, new.body); END",
    "CREATE UNIQUE INDEX IF NOT EXISTS search_entry_kind_ref ON search_entry (kind, ref)",
]
# PostgreSQL keeps each entry's weighted words in a generated column (title A, body D), so ranking
# reads them instead of parsing long document texts on every search; its parser drops what looks
# like markup (<b>…</b>, &amp;), so those characters become spaces first.
POSTGRES = [
    "ALTER TABLE search_entry ADD COLUMN IF NOT EXISTS words tsvector GENERATED ALWAYS AS ("
    "setweight(to_tsvector('simple', translate(title, '<>&', '   ')), 'A') || "
    "setweight(to_tsvector('simple', translate(body, '<>&', '   ')), 'D')) STORED",
    "CREATE INDEX IF NOT EXISTS search_entry_fts ON search_entry USING GIN (words)",
    "CREATE UNIQUE INDEX IF NOT EXISTS search_entry_kind_ref ON search_entry (kind, ref)",
]


async def forwards():
    manager = MigrationManager(migration_id=ID, app_name="knowledge", description=DESCRIPTION)

    async def create_index():
        db = engine_finder()
        for statement in SQLITE if isinstance(db, SQLiteEngine) else POSTGRES:
            await db.run_ddl(statement)

    manager.add_raw(create_index)
    return manager
