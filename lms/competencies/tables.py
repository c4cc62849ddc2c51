from piccolo.columns import ForeignKey, Integer, Text, Timestamptz, Varchar
from piccolo.columns.base import OnDelete
from piccolo.table import Table

from lms.people.tables import Employee

KINDS = ("hard", "soft")


class CompetencyArea(Table):
    name = Varchar(length=120, unique=True)
    position = Integer(default=0)


class Competency(Table):
    # no index=True: its name, competency_area, would collide with the table of that name
    area = ForeignKey(references=CompetencyArea, on_delete=OnDelete.restrict)
    name = Varchar(length=120, unique=True)
    kind = Varchar(length=10, default="hard")
    description = Text(default="")


NEED_SOURCES = ("employee", "manager", "group", "gap", "compliance", "checkin")
NEED_STATUSES = ("open", "planned", "met", "dropped")


class LearningNeed(Table):
    """Something someone needs to learn: raised by them, their manager, a gap, a lapsed certificate
    or an impact check-in; the start of the loop again."""

    employee = ForeignKey(references=Employee, on_delete=OnDelete.cascade, index=True)
    title = Varchar(length=200)
    source = Varchar(length=20, default="employee")
    status = Varchar(length=10, default="open", index=True)
    competency = ForeignKey(references=Competency, null=True, on_delete=OnDelete.set_null)
    note = Text(default="")
    dedupe_key = Varchar(length=120, null=True, default=None, unique=True)  # raised once per cause
    created_at = Timestamptz()
