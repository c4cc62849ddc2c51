"""Unique pairs Piccolo cannot declare: written by hand, runs on SQLite and PostgreSQL."""
from piccolo.apps.migrations.auto.migration_manager import MigrationManager
from piccolo.engine.finder import engine_finder

ID = "2026-11-22T17:00:00:000000"
VERSION = "1.38.0"
DESCRIPTION = "one enrolment per person and course, one progress row per lesson, one registration per session"

UNIQUE = (
    ("enrolment_employee_course", "enrolment", "employee, course"),
    ("lesson_progress_enrolment_lesson", "lesson_progress", "enrolment, lesson"),
    ("registration_session_employee", "registration", "session, employee"),
    ("path_assignment_path_employee", "path_assignment", "path, employee"),
)


async def forwards():
    manager = MigrationManager(migration_id=ID, app_name="courses", description=DESCRIPTION)

    async def create_indexes():
        for name, table, columns in UNIQUE:
            await engine_finder().run_ddl(f"CREATE UNIQUE INDEX {name} ON {table} ({columns})")

    async def drop_indexes():
        for name, _table, _columns in UNIQUE:
            await engine_finder().run_ddl(f"DROP INDEX {name}")

    manager.add_raw(create_indexes)
    manager.add_raw_backwards(drop_indexes)
    return manager
