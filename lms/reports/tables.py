from piccolo.columns import JSON, ForeignKey, Integer, Text, Timestamptz
from piccolo.columns.base import OnDelete
from piccolo.table import Table

from lms.people.tables import Department, Employee


class Budget(Table):
    """A department's training budget for one calendar year (one row per pair: a unique index)."""

    department = ForeignKey(references=Department, on_delete=OnDelete.cascade, index=True)
    year = Integer()
    amount_cents = Integer(default=0)


class ReadinessBand(Table):
    """From which total score each of the four conclusions applies; missing rows use the defaults."""

    conclusion = Integer(unique=True)  # 0 don't start .. 3 very promising
    min_score = Integer()


class ReadinessCheck(Table):
    """One organisation readiness check: ten answers scored 0-3, kept to compare over time."""

    taken_by = ForeignKey(references=Employee, null=True, on_delete=OnDelete.set_null)
    taken_at = Timestamptz(index=True)
    scores = JSON(default="[]")
    total = Integer()
    conclusion = Integer()
    note = Text(default="")
