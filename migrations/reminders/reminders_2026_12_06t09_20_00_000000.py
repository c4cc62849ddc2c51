"""One check-in per completion, respondent and moment, so sweeps running at once plan each once.
Hand-written: Piccolo's columns know no unique index over several columns. Duplicates that
overlapping sweeps made before are removed first (the oldest stays) and their reminders cancelled."""
from piccolo.apps.migrations.auto.migration_manager import MigrationManager
from piccolo.engine.finder import engine_finder

ID = "2026-12-06T09:20:00:000000"
VERSION = "1.38.0"
DESCRIPTION = "One check-in per completion, respondent and moment"
KEY = "enrolment, respondent, offset_days, for_manager"


async def forwards():
    manager = MigrationManager(migration_id=ID, app_name="reminders", description=DESCRIPTION)

    async def deduplicate_and_index():
        db = engine_finder()
        kept = f"SELECT MIN(id) FROM check_in GROUP BY {KEY}"
        await db.run_ddl("UPDATE reminder SET status = 'cancelled' WHERE kind = 'checkin' "
                         "AND status IN ('pending', 'retry', 'sending') "
                         f"AND dedupe_key NOT IN (SELECT 'checkin:' || id FROM check_in WHERE id IN ({kept}))")
        await db.run_ddl(f"DELETE FROM check_in WHERE id NOT IN ({kept})")
        await db.run_ddl(f"CREATE UNIQUE INDEX check_in_once ON check_in ({KEY})")

    async def drop_index():
        await engine_finder().run_ddl("DROP INDEX check_in_once")

    manager.add_raw(deduplicate_and_index)
    manager.add_raw_backwards(drop_index)
    return manager
