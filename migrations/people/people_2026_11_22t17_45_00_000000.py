"""An index in the people list's order, so a page of 25 does not sort every employee."""
from piccolo.apps.migrations.auto.migration_manager import MigrationManager
from piccolo.engine.finder import engine_finder

ID = "2026-11-22T17:45:00:000000"
VERSION = "1.38.0"
DESCRIPTION = "index on employee (last_name, first_name, id)"


async def forwards():
    manager = MigrationManager(migration_id=ID, app_name="people", description=DESCRIPTION)

    async def create_index():
        await engine_finder().run_ddl("CREATE INDEX employee_by_name ON employee (last_name, first_name, id)")

    async def drop_index():
        await engine_finder().run_ddl("DROP INDEX employee_by_name")

    manager.add_raw(create_index)
    manager.add_raw_backwards(drop_index)
    return manager
