"""lms.db's stand-in for dir() inside Piccolo's ForeignKey must answer exactly as dir() would."""
import dataclasses
import inspect
import os

import asyncpg
import pytest
from piccolo.columns import base as column_base, column_types

from lms.courses.tables import Enrolment
from lms.db import _Members, no_more_to_reset
from tests.conftest import on_postgres


def test_the_members_check_answers_as_dir_does():
    joined = Enrolment.course  # a ForeignKey with its proxy columns set
    chained = Enrolment.employee._.department  # a copy made by a join, with its own call chain
    for column in (joined, chained):
        names = set(dir(column)) | {"title", "name", "nothing_by_this_name", "set_proxy_columns", "copy"}
        for name in names:
            assert (name in _Members(column)) == (name in dir(column)), name


def test_piccolo_asks_dir_only_where_the_stand_in_is_meant_for():
    source = inspect.getsource(column_types)
    assert source.count("dir(") == 1 and "name not in dir(self)" in source
    assert column_types.dir is _Members


def test_piccolo_asks_fields_only_of_classes():
    source = inspect.getsource(column_base)
    assert source.count("fields(") == 1 and "fields(self.__class__)" in source
    assert column_base.fields.cache_info() and column_base.fields is not dataclasses.fields
    assert column_base.fields(type(Enrolment.course._meta)) == dataclasses.fields(type(Enrolment.course._meta))


@pytest.mark.skipif(not on_postgres(), reason="the connection pool is PostgreSQL's")
async def test_a_pooled_connection_given_back_in_a_transaction_is_rolled_back():
    """The pool skips asyncpg's full reset (lms.db.no_more_to_reset), never the rollback before it."""
    pool = await asyncpg.create_pool(os.environ["LMS_DATABASE_URL"], min_size=1, max_size=1, reset=no_more_to_reset)
    try:
        async with pool.acquire() as connection:
            await connection.execute("BEGIN")
            await connection.execute("CREATE TEMPORARY TABLE left_behind (id int)")
        async with pool.acquire() as connection:
            assert not connection.is_in_transaction()
            assert await connection.fetchval("SELECT to_regclass('pg_temp.left_behind')") is None
    finally:
        await pool.close()
