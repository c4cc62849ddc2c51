"""A renewal is a new attempt at a course: one enrolment per person, course and attempt."""
from piccolo.apps.migrations.auto.migration_manager import MigrationManager
from piccolo.engine.finder import engine_finder

ID = "2026-12-06T08:00:00:000000"
VERSION = "1.38.0"
DESCRIPTION = "enrolment attempts, so a certificate can be renewed"


async def forwards():
    manager = MigrationManager(migration_id=ID, app_name="courses", description=DESCRIPTION)

    async def add_attempts():
        db = engine_finder()
        await db.run_ddl("ALTER TABLE enrolment ADD COLUMN attempt INTEGER NOT NULL DEFAULT 1")
        await db.run_ddl("DROP INDEX enrolment_employee_course")
        await db.run_ddl("CREATE UNIQUE INDEX enrolment_employee_course_attempt ON enrolment (employee, course, attempt)")

    async def drop_attempts():
        db = engine_finder()
        await db.run_ddl("DROP INDEX enrolment_employee_course_attempt")
        await db.run_ddl("DELETE FROM enrolment WHERE attempt > 1")
        await db.run_ddl("CREATE UNIQUE INDEX enrolment_employee_course ON enrolment (employee, course)")
        await db.run_ddl("ALTER TABLE enrolment DROP COLUMN attempt")

    manager.add_raw(add_attempts)
    manager.add_raw_backwards(drop_attempts)
    return manager
