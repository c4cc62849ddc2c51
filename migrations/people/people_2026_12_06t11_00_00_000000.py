"""The audit log refuses deletes as it refuses updates, whoever asks. Hand-written: each engine has
its own trigger DDL (the PostgreSQL function comes from the append-only migration)."""
from piccolo.apps.migrations.auto.migration_manager import MigrationManager
from piccolo.engine.finder import engine_finder
from piccolo.engine.sqlite import SQLiteEngine

ID = "2026-12-06T11:00:00:000000"
VERSION = "1.38.0"
DESCRIPTION = "Audit log refuses deletes"

SQLITE = [
    "CREATE TRIGGER IF NOT EXISTS audit_entry_no_delete BEFORE DELETE ON audit_entry BEGIN "
    "SELECT RAISE(ABORT, 'the audit log is append-only'); END",
]
POSTGRES = [
    "DROP TRIGGER IF EXISTS audit_entry_no_delete ON audit_entry",
    "CREATE TRIGGER audit_entry_no_delete BEFORE DELETE ON audit_entry "
    "FOR EACH ROW EXECUTE FUNCTION audit_entry_append_only()",
]


async def forwards():
    manager = MigrationManager(migration_id=ID, app_name="people", description=DESCRIPTION)

    async def create_trigger():
        db = engine_finder()
        for statement in SQLITE if isinstance(db, SQLiteEngine) else POSTGRES:
            await db.run_ddl(statement)

    manager.add_raw(create_trigger)
    return manager
