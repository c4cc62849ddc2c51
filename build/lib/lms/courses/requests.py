"""Costed or external trainings: the employee asks with a reason, their manager approves or
rejects with a comment, and L&D sees every request and may override a decision."""
from dataclasses import dataclass
from datetime import date

from lms import clock
from lms.courses import learning
from lms.courses.tables import Course, TrainingRequest
from lms.db import is_valid_id, write_transaction
from lms.errors import Conflict, Forbidden, NotFound
from lms.forms import money_text
from lms.i18n import gettext as _
from lms.pagination import PER_PAGE, Page, clamp_page
from lms.people import audit
from lms.people.sessions import SignedIn

STATUSES = ("pending", "approved", "rejected")
DECISIONS = {"approve": "approved", "reject": "rejected"}
COLUMNS = (
    *TrainingRequest.all_columns(),
    TrainingRequest.employee.first_name.as_alias("first_name"),
    TrainingRequest.employee.last_name.as_alias("last_name"),
    TrainingRequest.employee.manager.as_alias("manager"),
    TrainingRequest.decided_by.first_name.as_alias("decider_first_name"),
    TrainingRequest.decided_by.last_name.as_alias("decider_last_name"),
)


class AlreadyDecided(Conflict):
    def __init__(self) -> None:
        super().__init__(_("This request has already been decided. Ask L&D if the decision must change."))


class AlreadyRequested(Conflict):
    def __init__(self) -> None:
        super().__init__(_("You already have a pending request for this course. Your manager will decide on it."))


@dataclass(frozen=True)
class RequestInput:
    title: str
    provider: str
    cost_cents: int
    starts_on: date | None
    reason: str
    course_id: int | None = None


async def prefill(course_id: int) -> dict[str, str]:
    """The form's first values for a catalogue course; 404 unless it is published."""
    course = await learning.published_course(course_id)
    return {"course_id": str(course["id"]), "title": course["title"], "provider": course["provider"],
            "cost": money_text(course["cost_cents"]) if course["cost_cents"] else ""}


async def create_request(employee_id: int, data: RequestInput) -> int:
    async with write_transaction():
        if data.course_id is not None:
            await learning.published_course(data.course_id)
            if await TrainingRequest.exists().where(TrainingRequest.employee == employee_id,
                                                    TrainingRequest.course == data.course_id,
                                                    TrainingRequest.status == "pending"):
                raise AlreadyRequested
        row = TrainingRequest(employee=employee_id, course=data.course_id, title=data.title, provider=data.provider,
                              cost_cents=data.cost_cents, starts_on=data.starts_on, reason=data.reason,
                              created_at=clock.now())
        await row.save()
        return row.id


async def my_requests(employee_id: int) -> list[dict]:
    return await TrainingRequest.select(*COLUMNS).where(TrainingRequest.employee == employee_id).order_by(
        TrainingRequest.created_at, ascending=False)


async def team_requests(manager_id: int) -> dict[str, list[dict]]:
    """The requests of someone's direct reports: every pending one, and the 50 last decided."""
    of_team = TrainingRequest.employee.manager == manager_id
    pending = await TrainingRequest.select(*COLUMNS).where(of_team, TrainingRequest.status == "pending").order_by(
        TrainingRequest.created_at)
    decided = await TrainingRequest.select(*COLUMNS).where(of_team, TrainingRequest.status != "pending").order_by(
        TrainingRequest.decided_at, ascending=False).limit(50)
    return {"pending": pending, "decided": decided}


async def all_requests(status: str = "", page: int = 1) -> Page:
    """Every request for L&D, newest first, optionally of one status."""
    where = [TrainingRequest.status == status] if status in STATUSES else []
    number = clamp_page(page)
    rows = await TrainingRequest.select(*COLUMNS).where(*where).order_by(
        TrainingRequest.created_at, ascending=False).limit(PER_PAGE).offset((number - 1) * PER_PAGE)
    return Page(rows=rows, total=await TrainingRequest.count().where(*where), number=number)


async def _request(request_id: int) -> dict:
    row = None
    if is_valid_id(request_id):
        row = await TrainingRequest.select(*COLUMNS).where(TrainingRequest.id == request_id).first()
    if row is None:
        raise NotFound
    return row


def may_decide(actor: SignedIn, request: dict) -> bool:
    """The requester's manager decides a pending request; L&D may decide or override any, but nobody their own."""
    if request["employee"] == actor.id:
        return False
    return actor.is_admin or (request["manager"] == actor.id and request["status"] == "pending")


async def visible_request(actor: SignedIn, request_id: int) -> dict:
    """For the requester, their manager and L&D."""
    request = await _request(request_id)
    if actor.id not in (request["employee"], request["manager"]) and not actor.is_admin:
        raise Forbidden
    return request


async def decide(actor: SignedIn, request_id: int, decision: str, comment: str) -> None:
    """Records the decision; approving a catalogue course enrols the requester in it."""
    async with write_transaction():
        request = await _request(request_id)
        if request["employee"] == actor.id or not (actor.is_admin or request["manager"] == actor.id):
            raise Forbidden
        still_pending = [] if actor.is_admin else [TrainingRequest.status == "pending"]
        done = await TrainingRequest.update({
            TrainingRequest.status: DECISIONS[decision], TrainingRequest.decided_by: actor.id,
            TrainingRequest.decision_comment: comment, TrainingRequest.decided_at: clock.now(),
        }).where(TrainingRequest.id == request_id, *still_pending).returning(TrainingRequest.id)
        if not done:
            raise AlreadyDecided
        await audit.record(actor.id, request["employee"], "training_request", request_id, "changed",
                           before={"status": request["status"]},
                           after={"status": DECISIONS[decision], "comment": comment})
        if decision == "approve" and request["course"]:
            await _enrol(request["employee"], request["course"], request["need"])


async def _enrol(employee_id: int, course_id: int, need_id: int | None = None) -> None:
    """Enrols once, and only in a course still published; an existing enrolment keeps its due date.
    The enrolment answers the learning need the request answers, so completing it meets the need."""
    published = await Course.exists().where(Course.id == course_id, Course.published.eq(True))
    if published and await learning.enrolment_of(employee_id, course_id) is None:
        await learning.enrol(employee_id, course_id, source="request", need_id=need_id)
