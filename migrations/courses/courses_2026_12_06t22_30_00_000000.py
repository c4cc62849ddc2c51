"""One quiz attempt per offline name: a phone sending its queued answers twice adds one attempt.
Attempts sent at once have no name (NULL), and NULLs never collide in a unique index."""
from piccolo.apps.migrations.auto.migration_manager import MigrationManager
from piccolo.engine.finder import engine_finder

ID = "2026-12-06T22:30:00:000000"
VERSION = "1.38.0"
DESCRIPTION = "one quiz attempt per offline name"


async def forwards():
    manager = MigrationManager(migration_id=ID, app_name="courses", description=DESCRIPTION)

    async def create():
        await engine_finder().run_ddl(
            "CREATE UNIQUE INDEX IF NOT EXISTS quiz_attempt_client_key ON quiz_attempt (enrolment, client_key)")

    async def drop():
        await engine_finder().run_ddl("DROP INDEX IF EXISTS quiz_attempt_client_key")

    manager.add_raw(create)
    manager.add_raw_backwards(drop)
    return manager
