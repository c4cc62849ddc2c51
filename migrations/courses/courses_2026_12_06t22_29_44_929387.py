from piccolo.apps.migrations.auto.migration_manager import MigrationManager
from piccolo.columns.column_types import Varchar
from piccolo.columns.indexes import IndexMethod

ID = "2026-12-06T22:29:44:929387"
VERSION = "1.38.0"
DESCRIPTION = "a name for a quiz attempt made offline"


async def forwards():
    manager = MigrationManager(
        migration_id=ID, app_name="courses", description=DESCRIPTION
    )

    manager.add_column(
        table_class_name="QuizAttempt",
        tablename="quiz_attempt",
        column_name="client_key",
        db_column_name="client_key",
        column_class_name="Varchar",
        column_class=Varchar,
        params={
            "length": 64,
            "default": None,
            "null": True,
            "primary_key": False,
            "unique": False,
            "index": False,
            "index_method": IndexMethod.btree,
            "choices": None,
            "db_column_name": None,
            "secret": False,
        },
        schema=None,
    )

    return manager
