"""lms.db's stand-in for dir() inside Piccolo's ForeignKey must answer exactly as dir() would."""
import dataclasses
import inspect

from piccolo.columns import base as column_base, column_types

from lms.courses.tables import Enrolment
from lms.db import _Members


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
