"""Impact check-ins: planned after completion, answered from the home page or a signed link."""
import hashlib
import hmac
from datetime import datetime, timedelta

from lms import clock
from lms.competencies import needs
from lms.courses.tables import Enrolment
from lms.db import is_valid_id, write_transaction
from lms.errors import Conflict, NotFound
from lms.i18n import gettext as _
from lms.people.tables import Employee
from lms.reminders import schedule
from lms.reminders.tables import CheckIn
from lms.settings import Settings, parse_days

LINK_VALID = timedelta(days=45)
APPLIED = ("not_yet", "sometimes", "regularly")
OBSTACLES = ("time", "tools", "support", "other")


def days_for(course_days: str, settings: Settings) -> tuple[int, ...]:
    if course_days.strip() == "none":
        return ()
    try:
        return parse_days(course_days) if course_days.strip() else settings.checkin_days
    except ValueError:
        return settings.checkin_days


async def plan(now: datetime, settings: Settings) -> int:
    """Check-ins for every completion that has none yet; the learner's at each moment, the
    manager's (when enabled) at the middle one."""
    horizon = now - timedelta(days=max(settings.checkin_days) + 30)
    completions = await Enrolment.select(
        Enrolment.id, Enrolment.employee, Enrolment.completed_at, Enrolment.course.checkin_days.as_alias("days"),
        Enrolment.employee.manager.as_alias("manager"),
    ).where(Enrolment.completed_at.is_not_null(), Enrolment.completed_at > horizon,
            Enrolment.course.checkin_days != "none", Enrolment.id.not_in(CheckIn.select(CheckIn.enrolment)))
    planned = 0
    for row in completions:
        days = days_for(row["days"], settings)
        async with write_transaction():
            for offset in days:
                planned += await _add(row, row["employee"], offset, for_manager=False)
            if settings.manager_checkins and row["manager"] and days:
                planned += await _add(row, row["manager"], days[len(days) // 2], for_manager=True)
    return planned


async def _add(completion: dict, respondent: int, offset: int, for_manager: bool) -> int:
    """Plans one check-in and its reminder; a sweep running at the same moment plans nothing twice
    (a unique index over completion, respondent and moment, and an insert that yields to it)."""
    due = completion["completed_at"] + timedelta(days=offset)
    made = await CheckIn.insert(CheckIn(enrolment=completion["id"], respondent=respondent, for_manager=for_manager,
                                        offset_days=offset, due_at=due)).on_conflict(
        target=(CheckIn.enrolment, CheckIn.respondent, CheckIn.offset_days, CheckIn.for_manager),
        action="DO NOTHING").returning(CheckIn.id)
    if not made:
        return 0
    await schedule.add("checkin", respondent, due, f"checkin:{made[0]['id']}", {"checkin": made[0]["id"]})
    return 1


def token(secret: str, checkin_id: int, expires: int) -> str:
    message = f"checkin:{checkin_id}:{expires}".encode()
    return hmac.new(secret.encode(), message, hashlib.sha256).hexdigest()[:32]


def signed_path(secret: str, checkin: dict) -> str:
    expires = int((checkin["due_at"] + LINK_VALID).timestamp())
    return f"/checkins/{checkin['id']}/{expires}/{token(secret, checkin['id'], expires)}"


class LinkNotValid(Exception):
    """A link that was changed, belongs to another check-in, or has expired."""


async def by_link(secret: str, checkin_id: int, expires: int, signature: str) -> dict:
    """The check-in a signed link opens, while it has not expired and its respondent is active."""
    expected = token(secret, checkin_id, expires)
    if not signature.isascii() or not hmac.compare_digest(expected, signature[:64]) \
            or expires < clock.now().timestamp():  # compare_digest refuses non-ASCII text with a TypeError
        raise LinkNotValid
    checkin = await get(checkin_id)
    if not await Employee.exists().where(Employee.id == checkin["respondent"], Employee.active.eq(True)):
        raise LinkNotValid
    return checkin


# a check-in with what its pages and messages say of it; made once, as Piccolo's joined columns cost
# more to make than the query costs to run
WITH_COURSE = (*CheckIn.all_columns(), CheckIn.enrolment.course.title.as_alias("course_title"),
               CheckIn.enrolment.course.id.as_alias("course_id"),
               CheckIn.enrolment.employee.first_name.as_alias("learner_first_name"),
               CheckIn.enrolment.completed_at.as_alias("completed_at"))


async def of_ids(checkin_ids: list[int]) -> dict[int, dict]:
    """Many check-ins by id in one query: the sweep renders a batch of reminders with it."""
    rows = await CheckIn.select(*WITH_COURSE).where(CheckIn.id.is_in([i for i in checkin_ids if is_valid_id(i)] or [0]))
    return {row["id"]: row for row in rows}


async def get(checkin_id: int) -> dict:
    row = None
    if is_valid_id(checkin_id):
        row = await CheckIn.select(*WITH_COURSE).where(CheckIn.id == checkin_id).first()
    if row is None:
        raise NotFound
    return row


async def of_respondent(checkin_id: int, employee_id: int) -> dict:
    checkin = await get(checkin_id)
    if checkin["respondent"] != employee_id:
        raise NotFound
    return checkin


class AlreadyAnswered(Conflict):
    def __init__(self) -> None:
        super().__init__(_("This check-in has already been answered. Thank you!"))


async def answer(checkin_id: int, values: dict) -> None:
    """Keeps the answer once; a second answer (a reused link, say) changes nothing. "I need more
    on this" raises a learning need: the loop starts again."""
    async with write_transaction():
        done = await CheckIn.update({**values, CheckIn.answered_at: clock.now()}).where(
            CheckIn.id == checkin_id, CheckIn.answered_at.is_null()).returning(CheckIn.id)
    if not done:
        raise AlreadyAnswered
    checkin = await get(checkin_id)
    if values.get("need_more") and not checkin["for_manager"]:
        await needs.raise_need(checkin["respondent"], _("More on %(course)s", course=checkin["course_title"]),
                               "checkin", values.get("example", ""), f"checkin:{checkin_id}")


OPEN = (CheckIn.id, CheckIn.for_manager, CheckIn.offset_days, CheckIn.due_at,
        CheckIn.enrolment.course.title.as_alias("course_title"),
        CheckIn.enrolment.employee.first_name.as_alias("learner_first_name"))


async def open_for(employee_id: int, now: datetime) -> list[dict]:
    """Due and unanswered check-ins, for the home page."""
    return await CheckIn.select(*OPEN).where(CheckIn.respondent == employee_id, CheckIn.answered_at.is_null(), CheckIn.due_at <= now,
            CheckIn.due_at > now - LINK_VALID).order_by(CheckIn.due_at)
