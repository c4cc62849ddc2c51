"""Library documents from before review dates: their uploader owns them and their upload counts as
the last review, as for pages (a month after the upgrade at the earliest)."""
from piccolo.apps.migrations.auto.migration_manager import MigrationManager
from piccolo.engine.finder import engine_finder
from piccolo.engine.sqlite import SQLiteEngine

ID = "2026-12-07T02:27:00:000000"
VERSION = "1.38.0"
DESCRIPTION = "review dates for the library documents already there"
SQLITE = ("UPDATE document SET owner = uploaded_by, reviewed_at = created_at, "
          "review_due = max(date(created_at, '+12 months'), date('now', '+1 month')) "
          "WHERE page IS NULL AND review_due IS NULL")
POSTGRES = ("UPDATE document SET owner = uploaded_by, reviewed_at = created_at, "
            "review_due = greatest((created_at + interval '12 months')::date, (now() + interval '1 month')::date) "
            "WHERE page IS NULL AND review_due IS NULL")


async def forwards():
    manager = MigrationManager(migration_id=ID, app_name="knowledge", description=DESCRIPTION)

    async def backfill():
        engine = engine_finder()
        await engine.run_ddl(SQLITE if isinstance(engine, SQLiteEngine) else POSTGRES)

    manager.add_raw(backfill)
    return manager
