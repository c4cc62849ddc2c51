from piccolo.columns import JSON, ForeignKey, Integer, Text, Timestamptz, Varchar
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


class Survey(Table):
    """A short survey L&D runs on the platform and the offer (at most five questions), answered from
    the home page while it is open."""

    title = Varchar(length=200)
    created_at = Timestamptz()
    closed_at = Timestamptz(null=True, default=None)


class SurveyQuestion(Table):
    survey = ForeignKey(references=Survey, on_delete=OnDelete.cascade, index=True)
    position = Integer(default=0)
    text = Varchar(length=300)
    kind = Varchar(length=10, default="scale")  # scale (1 to 5) or text


class SurveyResponse(Table):
    """One person's answers, once per survey (a unique index); results never show who answered what."""

    survey = ForeignKey(references=Survey, on_delete=OnDelete.cascade, index=True)
    employee = ForeignKey(references=Employee, on_delete=OnDelete.cascade)
    answers = JSON(default="{}")  # question id -> 1..5 or text
    created_at = Timestamptz()
