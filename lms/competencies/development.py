"""Reviews that plan learning: once a year (or any period) a manager and each report talk about what
went well, what to learn next and which competencies to grow. The review is saved with both names
and the date and shared with the employee; its development actions become learning needs with an
owner and a date, and the next review shows what became of them. L&D sees per department how many
have had their review."""
from dataclasses import dataclass, field
from datetime import date

from lms import clock
from lms.competencies.tables import Competency, DevelopmentReview, LearningNeed
from lms.db import is_unique_violation, write_transaction
from lms.errors import Conflict, Forbidden
from lms.i18n import gettext as _
from lms.people import visibility
from lms.people.sessions import SignedIn
from lms.people.tables import Employee

MAX_ACTIONS = 3
MAX_COMPETENCIES = 100  # more than a framework holds; a form sending thousands is cut here
MAX_TEXT = 4000


@dataclass(frozen=True)
class Action:
    title: str
    by_manager: bool  # who sees to it: the manager, else the employee
    due: date | None


@dataclass(frozen=True)
class ReviewInput:
    period: str
    held_on: date
    went_well: str
    to_learn: str
    competencies: list[int] = field(default_factory=list)
    actions: list[Action] = field(default_factory=list)


def this_period() -> str:
    return str(clock.now().year)


async def competency_choices() -> list[dict]:
    return await Competency.select(Competency.id, Competency.name, Competency.area.name.as_alias("area")).order_by(
        Competency.area.name, Competency.name)


async def reviews_of(employee_id: int) -> list[dict]:
    """Newest first, each with the manager's name, the competencies to grow and its actions as they stand."""
    reviews = await DevelopmentReview.select(
        *DevelopmentReview.all_columns(), DevelopmentReview.manager.first_name.as_alias("manager_first_name"),
        DevelopmentReview.manager.last_name.as_alias("manager_last_name")).where(
        DevelopmentReview.employee == employee_id).order_by(DevelopmentReview.held_on, ascending=False).output(
        load_json=True)
    if not reviews:
        return []
    names = {row["id"]: row["name"] for row in await Competency.select(Competency.id, Competency.name)}
    actions = await LearningNeed.select(
        LearningNeed.id, LearningNeed.review, LearningNeed.title, LearningNeed.status, LearningNeed.due_date,
        LearningNeed.owner, LearningNeed.owner.first_name.as_alias("owner_first_name")).where(
        LearningNeed.review.is_in([review["id"] for review in reviews])).order_by(LearningNeed.id)
    for review in reviews:
        review["competency_names"] = [names[c] for c in review["competencies"] if c in names]
        review["actions"] = [action for action in actions if action["review"] == review["id"]]
    return reviews


async def hold(actor: SignedIn, employee_id: int, review: ReviewInput) -> int:
    """Saves the review and its actions as learning needs, in one transaction; Conflict when the person
    already has a review for the period."""
    if not await visibility.reports_to(actor.id, employee_id):
        raise Forbidden
    known = set(await Competency.select(Competency.id).where(
        Competency.id.is_in(review.competencies or [0])).output(as_list=True))
    now = clock.now()
    try:
        async with write_transaction():
            review_id = (await DevelopmentReview.insert(DevelopmentReview(
                employee=employee_id, manager=actor.id, period=review.period, held_on=review.held_on,
                went_well=review.went_well, to_learn=review.to_learn,
                competencies=[c for c in review.competencies if c in known], created_at=now)).returning(
                DevelopmentReview.id))[0]["id"]
            if review.actions:
                await LearningNeed.insert(*(LearningNeed(
                    employee=employee_id, title=action.title, source="review", raised_by=actor.id, review=review_id,
                    owner=actor.id if action.by_manager else employee_id, due_date=action.due, created_at=now)
                    for action in review.actions))
    except Exception as error:
        if is_unique_violation(error):
            raise Conflict(_("%(name)s already has a review for %(period)s.", name=await _first_name(employee_id),
                             period=review.period)) from None
        raise
    return review_id


async def _first_name(employee_id: int) -> str:
    row = await Employee.select(Employee.first_name).where(Employee.id == employee_id).first()
    return row["first_name"] if row else ""


async def team(manager_id: int, period: str) -> list[dict]:
    """Everyone in the manager's line, with their latest review and whether this period's is held."""
    people = await Employee.select(Employee.id, Employee.first_name, Employee.last_name).where(
        visibility.in_line_of(manager_id), Employee.active.eq(True)).order_by(Employee.last_name, Employee.first_name)
    latest: dict[int, dict] = {}
    held: set[int] = set()
    for row in await DevelopmentReview.select(DevelopmentReview.employee, DevelopmentReview.period,
                                              DevelopmentReview.held_on).where(
            DevelopmentReview.employee.is_in([p["id"] for p in people] or [0])).order_by(DevelopmentReview.held_on):
        latest[row["employee"]] = row
        if row["period"] == period:
            held.add(row["employee"])
    for person in people:
        person["latest"], person["held"] = latest.get(person["id"]), person["id"] in held
    return people


async def by_department(period: str) -> list[dict]:
    """Per department (and people without one): active people, and how many had a review for the period."""
    rows = await Employee.raw(
        "SELECT d.name AS department, COUNT(*) AS people, COUNT(r.id) AS reviewed "
        "FROM employee e LEFT JOIN department d ON d.id = e.department "
        "LEFT JOIN development_review r ON r.employee = e.id AND r.period = {} "
        "WHERE e.active GROUP BY d.name ORDER BY d.name", period)
    for row in rows:
        row["share"] = round(100 * row["reviewed"] / row["people"]) if row["people"] else 0
    return rows

