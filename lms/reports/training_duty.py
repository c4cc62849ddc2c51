"""The training duty (Belgium): how many days of training each person followed in a calendar year
against their individual training right, and the year's figures as the social balance sheet asks
them (per kind of training: participants, hours, net cost). See the README for the rules and where
they come from.

What counts, per person and year:
- an online course completed that year: the minutes the catalogue gives it;
- a session of a course (classroom, virtual, blended) they were marked present at: its length;
- a training followed elsewhere that L&D verified, ended that year: the hours logged.
A course or external training with the route "informal" is less formal or informal training; all
else is formal continuing training. lms holds no initial (dual) training: that row stays empty.
Costs are what the employer approved: training requests starting that year (decided that year when
they give no start). A training logged afterwards is often the same one, so its cost is not added.
A year runs from 1 January to 31 December on the organisation's clock (LMS_TIMEZONE)."""
from collections import defaultdict
from dataclasses import dataclass
from datetime import date, datetime
from zoneinfo import ZoneInfo

from piccolo.columns.combination import Or
from piccolo.query.functions.aggregate import Sum

from lms import clock
from lms.courses.tables import Enrolment, ExternalTraining, Registration, TrainingRequest
from lms.i18n import gettext as _
from lms.people import visibility
from lms.people.tables import Employee
from lms.reports.exports import Sheet
from lms.settings import load_settings

KINDS = ("formal", "informal", "initial")
WARN_FROM = (10, 1)  # from 1 October a manager hears who is far behind: under half their right


@dataclass
class Year:
    """Per person: training minutes per kind; per kind: cost in cents."""

    minutes: dict[int, dict[str, int]]
    cost: dict[str, int]


def _kind(route: str | None) -> str:
    return "informal" if route == "informal" else "formal"


def today() -> date:
    return clock.now().astimezone(ZoneInfo(load_settings().timezone)).date()


async def followed(year: int) -> Year:
    first, last = date(year, 1, 1), date(year + 1, 1, 1)
    zone = ZoneInfo(load_settings().timezone)
    start, end = (datetime(day.year, 1, 1, tzinfo=zone) for day in (first, last))
    minutes: dict[int, dict[str, int]] = defaultdict(lambda: defaultdict(int))
    # summed in the database: a year of a large organisation is hundreds of thousands of completions
    for row in await Enrolment.select(Enrolment.employee, Enrolment.course.route.as_alias("route"),
                                      Sum(Enrolment.course.minutes).as_alias("minutes")).where(
            Enrolment.course.format == "online", Enrolment.completed_at >= start, Enrolment.completed_at < end
    ).group_by(Enrolment.employee, Enrolment.course.route):
        minutes[row["employee"]][_kind(row["route"])] += row["minutes"] or 0
    session = Registration.session
    for row in await Registration.select(Registration.employee, session.course.route.as_alias("route"),
                                         session.starts_at.as_alias("starts_at"),
                                         session.ends_at.as_alias("ends_at")).where(
            Registration.status == "present", session.cancelled_at.is_null(), session.starts_at >= start,
            session.starts_at < end):
        length = int((row["ends_at"] - row["starts_at"]).total_seconds() // 60)
        minutes[row["employee"]][_kind(row["route"])] += max(0, length)
    for row in await ExternalTraining.select(ExternalTraining.employee, ExternalTraining.route,
                                             ExternalTraining.hours).where(
            ExternalTraining.verified_at.is_not_null(), ExternalTraining.ended_on >= first,
            ExternalTraining.ended_on < last):
        minutes[row["employee"]][_kind(row["route"])] += 60 * (row["hours"] or 0)
    cost: dict[str, int] = defaultdict(int)
    for row in await TrainingRequest.select(TrainingRequest.cost_cents,
                                            TrainingRequest.course.route.as_alias("route")).where(
            TrainingRequest.status == "approved",
            Or(TrainingRequest.starts_on >= first, TrainingRequest.starts_on.is_null() & (
                TrainingRequest.decided_at >= start)),
            Or(TrainingRequest.starts_on < last, TrainingRequest.starts_on.is_null() & (
                TrainingRequest.decided_at < end))):
        cost[_kind(row["route"])] += row["cost_cents"] or 0
    return Year(minutes=minutes, cost=cost)


def far_behind(followed_days: float, right: int, year: int, today: date) -> bool:
    """Late in the year (from WARN_FROM) and under half the year's right."""
    return today >= date(year, *WARN_FROM) and followed_days < right / 2


async def people(year: int, manager_id: int | None = None) -> list[dict]:
    """Active people (a manager: their line), with the days they followed and their right."""
    found = await followed(year)
    where = [Employee.active.eq(True)] + ([visibility.in_line_of(manager_id)] if manager_id else [])
    rows = await Employee.select(Employee.id, Employee.first_name, Employee.last_name, Employee.manager,
                                 Employee.department.name.as_alias("department")).where(*where).order_by(
        Employee.last_name, Employee.first_name)
    settings, now = load_settings(), today()
    for row in rows:
        row["days"] = round(sum(found.minutes.get(row["id"], {}).values()) / settings.training_day_minutes, 1)
        row["right"] = settings.training_days
        row["behind"] = far_behind(row["days"], settings.training_days, year, now)
    return rows


def by_department(rows: list[dict]) -> list[dict]:
    departments: dict[str, dict] = {}
    for row in rows:
        entry = departments.setdefault(row["department"] or "", {"department": row["department"], "people": 0,
                                                                 "days": 0.0, "behind": 0})
        entry["people"] += 1
        entry["days"] += row["days"]
        entry["behind"] += row["behind"]
    for entry in departments.values():
        entry["average"] = round(entry["days"] / entry["people"], 1)
        entry["days"] = round(entry["days"], 1)
    return sorted(departments.values(), key=lambda entry: entry["department"] or "")


async def social_balance(year: int) -> list[dict]:
    """Per kind of training: participants (people with any of it), hours and net cost in euros."""
    found = await followed(year)
    rows = []
    for kind in KINDS:
        per_person = [kinds.get(kind, 0) for kinds in found.minutes.values()]
        rows.append({"kind": kind, "participants": sum(1 for minutes in per_person if minutes),
                     "hours": round(sum(per_person) / 60, 1), "cost": round(found.cost.get(kind, 0) / 100, 2)})
    return rows


def social_balance_sheet(year: int, rows: list[dict]) -> Sheet:
    labels = {"formal": _("Formal continuing vocational training"),
              "informal": _("Less formal or informal continuing vocational training"),
              "initial": _("Initial vocational training")}
    return Sheet(title=_("Training %(year)s", year=year),
                 header=[_("Kind of training"), _("Participants"), _("Hours"), _("Net cost (EUR)")],
                 rows=[[labels[row["kind"]], str(row["participants"]), f"{row['hours']:.1f}", f"{row['cost']:.2f}"]
                       for row in rows],
                 states=[[None] * 4 for _row in rows])
