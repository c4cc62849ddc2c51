"""Managers assign a course, with a due date, to people in their line; L&D to anyone. An assigned
course whose certificate lapses (soon) starts a renewal; the assignee is told."""
from datetime import date, timedelta

from lms import clock
from lms.courses import paths
from lms.courses.tables import Course, Enrolment
from lms.errors import Forbidden
from lms.people import visibility
from lms.people.sessions import SignedIn
from lms.people.tables import Employee

MAX_LINE = 500  # a manager's line on one form; L&D picks people elsewhere and arrives with them chosen
DEFAULT_DUE = timedelta(days=30)


def default_due() -> date:
    return clock.now().date() + DEFAULT_DUE


async def course_choices() -> list[dict]:
    return await Course.select(Course.id, Course.title.as_alias("name")).where(Course.published.eq(True)).order_by(
        Course.title)


async def people_for(actor: SignedIn, chosen: list[int]) -> list[dict]:
    """Whom the actor may assign to: a manager's whole line (active people), L&D the chosen people."""
    query = Employee.select(Employee.id, Employee.first_name, Employee.last_name).where(Employee.active.eq(True))
    if actor.is_admin:
        query = query.where(Employee.id.is_in(chosen or [0]))
    else:
        query = query.where(visibility.in_line_of(actor.id))
    return await query.order_by(Employee.last_name).order_by(Employee.first_name).limit(MAX_LINE)


async def following(course_id: int | None, people: list[dict]) -> dict[int, dict]:
    """Who among these people already follows the course (an open attempt), with its due date, so the
    form says whose due date an assignment would change."""
    if not course_id:
        return {}
    rows = await Enrolment.select(Enrolment.employee, Enrolment.due_date).where(
        Enrolment.course == course_id, Enrolment.completed_at.is_null(),
        Enrolment.employee.is_in([p["id"] for p in people] or [0]))
    return {row["employee"]: row for row in rows}


async def assign(actor: SignedIn, course_id: int, people: list[int], due: date | None) -> list[int]:
    """Enrols each person (or renews, or sets the due date of what they follow); the enrolment ids."""
    allowed = Employee.select(Employee.id).where(Employee.id.is_in(people or [0]), Employee.active.eq(True))
    if not actor.is_admin:
        allowed = allowed.where(visibility.in_line_of(actor.id))
    if set(people) - set(await allowed.output(as_list=True)):
        raise Forbidden
    return await paths.assign_course(course_id, people, due, actor.id)
