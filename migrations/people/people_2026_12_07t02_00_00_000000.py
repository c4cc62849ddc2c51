"""The people-in-name-order index also holds the columns a name search tests (e-mail, active), so
looking for a name that matches no one reads the index alone instead of every employee's row."""
from piccolo.apps.migrations.auto.migration_manager import MigrationManager
from piccolo.engine.finder import engine_finder

ID = "2026-12-07T02:00:00:000000"
VERSION = "1.38.0"
DESCRIPTION = "index on employee (last_name, first_name, id, email, active)"


async def forwards():
    manager = MigrationManager(migration_id=ID, app_name="people", description=DESCRIPTION)

    async def widen():
        await engine_finder().run_ddl("DROP INDEX employee_by_name")
        await engine_finder().run_ddl(
            "CREATE INDEX employee_by_name ON employee (last_name, first_name, id, email, active)")

    async def narrow():
        await engine_finder().run_ddl("DROP INDEX employee_by_name")
        await engine_finder().run_ddl("CREATE INDEX employee_by_name ON employee (last_name, first_name, id)")

    manager.add_raw(widen)
    manager.add_raw_backwards(narrow)
    return manager
