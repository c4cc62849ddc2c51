"""One recall card per person and question, one answer per card and recall: scheduling after a
completion and an answer sent twice each count once."""
from piccolo.apps.migrations.auto.migration_manager import MigrationManager
from piccolo.engine.finder import engine_finder

ID = "2026-12-07T02:07:00:000000"
VERSION = "1.38.0"
DESCRIPTION = "one recall card per person and question, one answer per card and number"
INDEXES = (("recall_card_employee_question", "recall_card (employee, question)"),
           ("recall_answer_card_number", "recall_answer (card, number)"))


async def forwards():
    manager = MigrationManager(migration_id=ID, app_name="courses", description=DESCRIPTION)

    async def create():
        for name, columns in INDEXES:
            await engine_finder().run_ddl(f"CREATE UNIQUE INDEX IF NOT EXISTS {name} ON {columns}")

    async def drop():
        for name, _ in INDEXES:
            await engine_finder().run_ddl(f"DROP INDEX IF EXISTS {name}")

    manager.add_raw(create)
    manager.add_raw_backwards(drop)
    return manager
