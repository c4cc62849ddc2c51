"""One row per pair in job requirements and current levels. Hand-written: Piccolo's columns
know no unique index over two columns."""
from piccolo.apps.migrations.auto.migration_manager import MigrationManager
from piccolo.engine.finder import engine_finder

ID = "2026-12-02T10:30:00:000000"
VERSION = "1.38.0"
DESCRIPTION = "Unique pairs in job requirements and current levels"

STATEMENTS = [
    "CREATE UNIQUE INDEX IF NOT EXISTS job_requirement_pair ON job_requirement (job_profile, competency)",
    "CREATE UNIQUE INDEX IF NOT EXISTS current_level_pair ON current_level (employee, competency)",
    "CREATE INDEX IF NOT EXISTS assessment_history ON assessment (employee, competency, created_at)",
]


async def forwards():
    manager = MigrationManager(migration_id=ID, app_name="competencies", description=DESCRIPTION)

    async def create_indexes():
        for statement in STATEMENTS:
            await engine_finder().run_ddl(statement)

    manager.add_raw(create_indexes)
    return manager
