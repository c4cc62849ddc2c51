"""Training budgets per department and calendar year: the budget L&D sets, what is spent, what is
committed, and what is left. One query per figure kind (budgets, spent, committed), each grouped
by department; a department is the employee's.

Spent in a year: completed enrolments (completed that year) in courses with a cost, at the
course's cost, and trainings followed elsewhere that ended that year, at their cost.

Committed in a year: approved requests whose training is not completed yet, at the approved
cost, in the year they start (or, without a start date, the year they were made); and open
enrolments in costed courses that came from a request (source "request", in the year of
enrolling) when no approved request stands for them any more (L&D overrode it, say).

Never counted twice: a request for a catalogue course leaves "committed" once the requester
completes that course (approving it enrolled them: learning.enrol(source="request")), and a
request-enrolment counts only while no approved request stands for it. A request for a training
elsewhere has no link to the training the employee logs afterwards, so it leaves "committed" once
they log a training elsewhere with the same title."""
from dataclasses import dataclass
from datetime import date, datetime, timezone
from zoneinfo import ZoneInfo

from lms.db import is_valid_id
from lms.forms import FieldError
from lms.i18n import gettext as _
from lms.people.tables import Department
from lms.reports import charts
from lms.reports.tables import Budget
from lms.settings import load_settings

FIRST_YEAR, LAST_YEAR = 2000, 2100

SPENT = """
SELECT department, SUM(cost) AS cents FROM (
  SELECT e.department AS department, co.cost_cents AS cost
  FROM enrolment en JOIN course co ON co.id = en.course JOIN employee e ON e.id = en.employee
  WHERE co.cost_cents > 0 AND en.completed_at >= {} AND en.completed_at < {}
  UNION ALL
  SELECT e.department AS department, x.cost_cents AS cost
  FROM external_training x JOIN employee e ON e.id = x.employee
  WHERE x.cost_cents > 0 AND x.ended_on >= {} AND x.ended_on <= {}
) spent GROUP BY department
"""

COMMITTED = """
SELECT department, SUM(cost) AS cents FROM (
  SELECT e.department AS department, r.cost_cents AS cost
  FROM training_request r JOIN employee e ON e.id = r.employee
  WHERE r.status = 'approved' AND r.cost_cents > 0
    AND ((r.starts_on IS NOT NULL AND r.starts_on >= {} AND r.starts_on <= {})
         OR (r.starts_on IS NULL AND r.created_at >= {} AND r.created_at < {}))
    AND NOT EXISTS (SELECT 1 FROM enrolment done WHERE done.employee = r.employee AND done.course = r.course
                    AND done.completed_at IS NOT NULL)
    AND NOT (r.course IS NULL AND EXISTS (SELECT 1 FROM external_training x WHERE x.employee = r.employee
                                          AND LOWER(x.title) = LOWER(r.title)))
  UNION ALL
  SELECT e.department AS department, co.cost_cents AS cost
  FROM enrolment en JOIN course co ON co.id = en.course JOIN employee e ON e.id = en.employee
  WHERE en.source = 'request' AND en.completed_at IS NULL AND co.cost_cents > 0
    AND en.enrolled_at >= {} AND en.enrolled_at < {}
    AND NOT EXISTS (SELECT 1 FROM training_request r WHERE r.employee = en.employee AND r.course = en.course
                    AND r.status = 'approved')
) committed GROUP BY department
"""

BUDGETS = "SELECT department, amount_cents FROM budget WHERE year = {}"

UPSERT = """
INSERT INTO budget (department, year, amount_cents) VALUES ({}, {}, {})
ON CONFLICT (department, year) DO UPDATE SET amount_cents = excluded.amount_cents
"""


@dataclass(frozen=True)
class BudgetInput:
    department: int
    year: int
    amount_cents: int


def _year_bounds(year: int) -> tuple[date, date, datetime, datetime]:
    """The year as dates, and as moments in the organisation's time zone (in UTC, as stored)."""
    zone = ZoneInfo(load_settings().timezone)
    start = datetime(year, 1, 1, tzinfo=zone).astimezone(timezone.utc)
    end = datetime(year + 1, 1, 1, tzinfo=zone).astimezone(timezone.utc)
    return date(year, 1, 1), date(year, 12, 31), start, end


def _by_department(rows: list[dict], column: str = "cents") -> dict[int | None, int]:
    return {row["department"]: int(row[column] or 0) for row in rows}


async def overview(year: int) -> dict:
    """One row per department (and one for people without a department, if they cost anything)."""
    first_day, last_day, start, end = _year_bounds(year)
    budgets = _by_department(await Budget.raw(BUDGETS, year), "amount_cents")
    spent = _by_department(await Budget.raw(SPENT, start, end, first_day, last_day))
    committed = _by_department(await Budget.raw(COMMITTED, first_day, last_day, start, end, start, end))
    departments = await Department.select(Department.id, Department.name).order_by(Department.name)
    rows = [{"department": d["id"], "name": d["name"]} for d in departments]
    if spent.get(None) or committed.get(None):
        rows.append({"department": None, "name": _("No department")})
    totals = {"budget": 0, "spent": 0, "committed": 0, "left": 0}
    for row in rows:
        key = row["department"]
        row.update(budget=budgets.get(key), spent=spent.get(key, 0), committed=committed.get(key, 0))
        row["left"] = (row["budget"] or 0) - row["spent"] - row["committed"]
        row["over"] = row["left"] < 0
        for name in totals:
            totals[name] += row[name] or 0
    return {"year": year, "rows": rows, "totals": totals}


async def set_budget(data: BudgetInput) -> None:
    """Sets a department's budget for a year, whether it had one or not."""
    if not is_valid_id(data.department) or not await Department.exists().where(Department.id == data.department):
        raise FieldError("department", _("Choose a valid department."))
    await Budget.raw(UPSERT, data.department, data.year, data.amount_cents)


def chart(rows: list[dict], format_money) -> charts.Chart:
    """Per department: spent, then committed, against the budget (the line)."""
    bars = []
    for row in rows:
        if not (row["budget"] or row["spent"] or row["committed"]):
            continue
        over = row["over"]
        text = (_("over by %(amount)s", amount=format_money(-row["left"])) if over
                else _("%(amount)s left", amount=format_money(row["left"])))
        bars.append(charts.Bar(label=row["name"], segments=(
            charts.Segment(row["spent"], "bar-bad" if over else "bar-a",
                           _("Spent: %(amount)s", amount=format_money(row["spent"]))),
            charts.Segment(row["committed"], "bar-c", _("Committed: %(amount)s", amount=format_money(row["committed"])))),
            marker=row["budget"] or 0, text=text, text_kind="value bad" if over else "value"))
    return charts.horizontal(bars, _("Spent and committed per department, against the budget (the line)"))
