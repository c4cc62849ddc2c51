"""Pages written before review dates: their last author owns them and their last edit counts as the
last review, so a wiki of years does not fall overdue all at once on the day of the upgrade; a page
last edited more than a year ago is due within a month."""
from piccolo.apps.migrations.auto.migration_manager import MigrationManager
from piccolo.engine.finder import engine_finder
from piccolo.engine.sqlite import SQLiteEngine

ID = "2026-12-07T02:19:00:000000"
VERSION = "1.38.0"
DESCRIPTION = "review dates for the pages already there"
SQLITE = ("UPDATE page SET owner = author, reviewed_at = updated_at, "
          "review_due = max(date(updated_at, '+12 months'), date('now', '+1 month')) WHERE review_due IS NULL")
POSTGRES = ("UPDATE page SET owner = author, reviewed_at = updated_at, "
            "review_due = greatest((updated_at + interval '12 months')::date, (now() + interval '1 month')::date) "
            "WHERE review_due IS NULL")


async def forwards():
    manager = MigrationManager(migration_id=ID, app_name="knowledge", description=DESCRIPTION)

    async def backfill():
        engine = engine_finder()
        await engine.run_ddl(SQLITE if isinstance(engine, SQLiteEngine) else POSTGRES)

    manager.add_raw(backfill)
    return manager
