from piccolo.apps.migrations.auto.migration_manager import MigrationManager
from piccolo.columns.column_types import BigInt
from piccolo.columns.column_types import ForeignKey
from piccolo.columns.column_types import Serial
from piccolo.columns.indexes import IndexMethod
from piccolo.table import Table


class Page(Table, tablename="page", schema=None):
    id = Serial(
        null=False,
        primary_key=True,
        unique=False,
        index=False,
        index_method=IndexMethod.btree,
        choices=None,
        db_column_name="id",
        secret=False,
    )


ID = "2026-12-07T01:49:41:409762"
VERSION = "1.38.0"
DESCRIPTION = "The search index's stamps: a copy of the index knows whether it is still true"


async def forwards():
    manager = MigrationManager(
        migration_id=ID, app_name="knowledge", description=DESCRIPTION
    )

    manager.add_table(
        class_name="SearchState",
        tablename="search_state",
        schema=None,
        columns=None,
    )

    manager.add_column(
        table_class_name="SearchState",
        tablename="search_state",
        column_name="stamp",
        db_column_name="stamp",
        column_class_name="BigInt",
        column_class=BigInt,
        params={
            "default": 0,
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

    manager.add_column(
        table_class_name="SearchEntry",
        tablename="search_entry",
        column_name="stamp",
        db_column_name="stamp",
        column_class_name="BigInt",
        column_class=BigInt,
        params={
            "default": 0,
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

    manager.alter_column(
        table_class_name="Page",
        tablename="page",
        column_name="parent",
        db_column_name="parent",
        params={"references": Page},
        old_params={"references": Page},
        column_class=ForeignKey,
        old_column_class=ForeignKey,
        schema=None,
    )

    return manager
