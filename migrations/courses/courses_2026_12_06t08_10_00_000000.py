"""A renewal is a new attempt at a course: one enrolment per person, course and attempt (the
column comes in the migration before; Piccolo runs raw steps before its own in one migration)."""
from piccolo.apps.migrations.auto.migration_manager import MigrationManager
from piccolo.engine.finder import engine_finder

ID = "2026-12-06T08:10:00:000000"
VERSION = "1.38.0"
DESCRIPTION = "one enrolment per person, course and attempt"


async def forwards():
    manager = MigrationManager(migration_id=ID, app_name="courses", description=DESCRIPTION)

    async def unique_per_attempt():
        db = engine_finder()
        await db.run_ddl("DROP INDEX enrolment_employee_course")
        await db.run_ddl("CREATE UNIQUE INDEX enrolment_employee_course_attempt ON enrolment (employee, course, attempt)")

    async def unique_per_course():
        db = engine_finder()
        await db.run_ddl("DROP INDEX enrolment_employee_course_attempt")
        await db.run_ddl("DELETE FROM enrolment WHERE attempt > 1")
        await db.run_ddl("CREATE UNIQUE INDEX enrolment_employee_course ON enrolment (employee, course)")

    manager.add_raw(unique_per_attempt)
    manager.add_raw_backwards(unique_per_course)
    return manager
