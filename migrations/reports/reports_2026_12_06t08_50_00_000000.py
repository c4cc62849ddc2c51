"""One response per person and survey. Hand-written: Piccolo's columns know no unique index over two
columns; the tables come in the migration before (Piccolo runs raw steps first within a migration)."""
from piccolo.apps.migrations.auto.migration_manager import MigrationManager
from piccolo.engine.finder import engine_finder

ID = "2026-12-06T08:50:00:000000"
VERSION = "1.38.0"
DESCRIPTION = "One response per person and survey"


async def forwards():
    manager = MigrationManager(migration_id=ID, app_name="reports", description=DESCRIPTION)

    async def create_index():
        await engine_finder().run_ddl(
            "CREATE UNIQUE INDEX IF NOT EXISTS survey_response_survey_employee ON survey_response (survey, employee)")

    async def drop_index():
        await engine_finder().run_ddl("DROP INDEX IF EXISTS survey_response_survey_employee")

    manager.add_raw(create_index)
    manager.add_raw_backwards(drop_index)
    return manager
