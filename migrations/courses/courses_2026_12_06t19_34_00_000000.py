"""One SCORM state per enrolment and lesson: two commits at once (two tabs) update one row."""
from piccolo.apps.migrations.auto.migration_manager import MigrationManager
from piccolo.engine.finder import engine_finder

ID = "2026-12-06T19:34:00:000000"
VERSION = "1.38.0"
DESCRIPTION = "one SCORM state per enrolment and lesson"


async def forwards():
    manager = MigrationManager(migration_id=ID, app_name="courses", description=DESCRIPTION)

    async def create():
        await engine_finder().run_ddl(
            "CREATE UNIQUE INDEX IF NOT EXISTS scorm_state_enrolment_lesson ON scorm_state (enrolment, lesson)")

    async def drop():
        await engine_finder().run_ddl("DROP INDEX IF EXISTS scorm_state_enrolment_lesson")

    manager.add_raw(create)
    manager.add_raw_backwards(drop)
    return manager
