"""One acknowledgement per person and page version: a double tap or a second tab counts once."""
from piccolo.apps.migrations.auto.migration_manager import MigrationManager
from piccolo.engine.finder import engine_finder

ID = "2026-12-07T02:31:00:000000"
VERSION = "1.38.0"
DESCRIPTION = "one acknowledgement per person and page version"


async def forwards():
    manager = MigrationManager(migration_id=ID, app_name="knowledge", description=DESCRIPTION)

    async def create():
        await engine_finder().run_ddl("CREATE UNIQUE INDEX IF NOT EXISTS acknowledgement_page_employee_version "
                                      "ON acknowledgement (page, employee, version)")

    async def drop():
        await engine_finder().run_ddl("DROP INDEX IF EXISTS acknowledgement_page_employee_version")

    manager.add_raw(create)
    manager.add_raw_backwards(drop)
    return manager
