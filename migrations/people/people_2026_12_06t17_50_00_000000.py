"""A provider account links to one person. Hand-written: SQLite cannot add a UNIQUE column, and a
unique index does the same on both engines (NULLs, people never signed in that way, stay apart)."""
from piccolo.apps.migrations.auto.migration_manager import MigrationManager
from piccolo.engine.finder import engine_finder

ID = "2026-12-06T17:50:00:000000"
VERSION = "1.38.0"
DESCRIPTION = "unique linked provider accounts"


async def forwards():
    manager = MigrationManager(migration_id=ID, app_name="people", description=DESCRIPTION)

    async def unique_subjects():
        await engine_finder().run_ddl("CREATE UNIQUE INDEX IF NOT EXISTS employee_sso_subject ON employee (sso_subject)")

    manager.add_raw(unique_subjects)
    return manager
