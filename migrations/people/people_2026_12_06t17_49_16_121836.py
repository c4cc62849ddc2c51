from piccolo.apps.migrations.auto.migration_manager import MigrationManager
from piccolo.columns.column_types import Varchar
from piccolo.columns.indexes import IndexMethod


ID = "2026-12-06T17:49:16:121836"
VERSION = "1.38.0"
DESCRIPTION = "sign-ins bound to the browser and linked provider accounts"


async def forwards():
    manager = MigrationManager(
        migration_id=ID, app_name="people", description=DESCRIPTION
    )

    manager.add_column(
        table_class_name="Employee",
        tablename="employee",
        column_name="sso_subject",
        db_column_name="sso_subject",
        column_class_name="Varchar",
        column_class=Varchar,
        params={
            "length": 400,
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

    manager.add_column(
        table_class_name="SsoLogin",
        tablename="sso_login",
        column_name="browser_hash",
        db_column_name="browser_hash",
        column_class_name="Varchar",
        column_class=Varchar,
        params={
            "length": 64,
            "default": "",
            "null": False,
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
