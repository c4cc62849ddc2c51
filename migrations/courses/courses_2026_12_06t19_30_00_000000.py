"""One caption file per lesson and language: uploading another replaces it (an insert that handles the
conflict, so two uploads at once cannot leave two)."""
from piccolo.apps.migrations.auto.migration_manager import MigrationManager
from piccolo.engine.finder import engine_finder

ID = "2026-12-06T19:30:00:000000"
VERSION = "1.38.0"
DESCRIPTION = "one caption per lesson and language"


async def forwards():
    manager = MigrationManager(migration_id=ID, app_name="courses", description=DESCRIPTION)

    async def create():
        await engine_finder().run_ddl(
            "CREATE UNIQUE INDEX IF NOT EXISTS caption_lesson_language ON caption (lesson, language)")

    async def drop():
        await engine_finder().run_ddl("DROP INDEX IF EXISTS caption_lesson_language")

    manager.add_raw(create)
    manager.add_raw_backwards(drop)
    return manager
