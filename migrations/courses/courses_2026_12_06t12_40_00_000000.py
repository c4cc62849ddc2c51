"""Indexes for the compliance panel at an organisation's size: the assigned and path enrolments (a
partial index: a few among 200,000 self-enrolments), and certificates in the order "the latest one
per person and course" reads them."""
from piccolo.apps.migrations.auto.migration_manager import MigrationManager
from piccolo.engine.finder import engine_finder

ID = "2026-12-06T12:40:00:000000"
VERSION = "1.38.0"
DESCRIPTION = "indexes for the compliance panel"


async def forwards():
    manager = MigrationManager(migration_id=ID, app_name="courses", description=DESCRIPTION)

    async def create():
        db = engine_finder()
        await db.run_ddl("CREATE INDEX IF NOT EXISTS enrolment_assigned ON enrolment (employee, course) "
                         "WHERE source IN ('assigned', 'path')")
        await db.run_ddl("CREATE INDEX IF NOT EXISTS certificate_latest ON certificate (employee, course, issued_on, id)")

    async def drop():
        db = engine_finder()
        await db.run_ddl("DROP INDEX IF EXISTS enrolment_assigned")
        await db.run_ddl("DROP INDEX IF EXISTS certificate_latest")

    manager.add_raw(create)
    manager.add_raw_backwards(drop)
    return manager
