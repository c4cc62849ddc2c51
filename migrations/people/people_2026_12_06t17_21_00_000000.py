"""userName is unique among provisioned people. Hand-written: SQLite cannot add a UNIQUE column, and
a unique index does the same on both engines (NULLs, people never provisioned, stay apart)."""
from piccolo.apps.migrations.auto.migration_manager import MigrationManager
from piccolo.engine.finder import engine_finder

ID = "2026-12-06T17:21:00:000000"
VERSION = "1.38.0"
DESCRIPTION = "unique provisioning names"


async def forwards():
    manager = MigrationManager(migration_id=ID, app_name="people", description=DESCRIPTION)

    async def unique_user_names():
        await engine_finder().run_ddl("CREATE UNIQUE INDEX IF NOT EXISTS employee_user_name ON employee (user_name)")

    manager.add_raw(unique_user_names)
    return manager
