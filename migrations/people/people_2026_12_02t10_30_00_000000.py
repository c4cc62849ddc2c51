"""The audit log refuses updates, whoever asks. Hand-written: each engine has its own trigger DDL."""
from piccolo.apps.migrations.auto.migration_manager import MigrationManager
from piccolo.engine.finder import engine_finder
from piccolo.engine.sqlite import SQLiteEngine

ID = "2026-12-02T10:30:00:000000"
VERSION = "1.38.0"
DESCRIPTION = "Append-only audit log"

SQLITE = [
    "CREATE TRIGGER IF NOT EXISTS audit_entry_append_only BEFORE UPDATE ON audit_entry BEGIN "
    "SELECT RAISE(ABORT, 'the audit log is append-only'); END",
]
POSTGRES = [
    "CREATE OR REPLACE FUNCTION audit_entry_append_only() RETURNS trigger LANGUAGE plpgsql AS "
    "$$ BEGIN RAISE EXCEPTION 'the audit log is append-only'; END $$",
    "DROP TRIGGER IF EXISTS audit_entry_append_only ON audit_entry",
    "CREATE TRIGGER audit_entry_append_only BEFORE UPDATE ON audit_entry "
    "FOR EACH ROW EXECUTE FUNCTION audit_entry_append_only()",
    "CREATE INDEX IF NOT EXISTS audit_entry_record ON audit_entry (record, record_id)",
]


async def forwards():
    manager = MigrationManager(migration_id=ID, app_name="people", description=DESCRIPTION)

    async def create_trigger():
        db = engine_finder()
        statements = SQLITE + POSTGRES[-1:] if isinstance(db, SQLiteEngine) else POSTGRES
        for statement in statements:
            await db.run_ddl(statement)

    manager.add_raw(create_trigger)
    return manager
