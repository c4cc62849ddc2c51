"""One development review per person and period: a second submit (two tabs, a double click) is refused
instead of making a second review."""
from piccolo.apps.migrations.auto.migration_manager import MigrationManager
from piccolo.engine.finder import engine_finder

ID = "2026-12-07T02:45:00:000000"
VERSION = "1.38.0"
DESCRIPTION = "one development review per person and period"


async def forwards():
    manager = MigrationManager(migration_id=ID, app_name="competencies", description=DESCRIPTION)

    async def create():
        await engine_finder().run_ddl("CREATE UNIQUE INDEX IF NOT EXISTS development_review_employee_period "
                                      "ON development_review (employee, period)")

    async def drop():
        await engine_finder().run_ddl("DROP INDEX IF EXISTS development_review_employee_period")

    manager.add_raw(create)
    manager.add_raw_backwards(drop)
    return manager
