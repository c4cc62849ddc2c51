from piccolo.columns import ForeignKey, Integer, Text, Varchar
from piccolo.columns.base import OnDelete
from piccolo.table import Table

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
