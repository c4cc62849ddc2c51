"""At most five questions on satisfaction, right after completion."""
from lms import clock
from lms.errors import Conflict, NotFound
from lms.i18n import gettext as _
from lms.courses import learning
from lms.courses.tables import Evaluation


class AlreadyEvaluated(Conflict):
    def __init__(self) -> None:
        super().__init__(_("You have already evaluated this course. Thank you!"))


async def completed_enrolment(employee_id: int, course_id: int) -> dict:
    enrolment = await learning.enrolment_of(employee_id, course_id)
    if enrolment is None or enrolment["completed_at"] is None:
        raise NotFound
    return enrolment


async def evaluation_of(enrolment_id: int) -> dict | None:
    return await Evaluation.select().where(Evaluation.enrolment == enrolment_id).first()


async def evaluate(employee_id: int, course_id: int, rating: int, relevance: int, recommend: bool,
                   comment: str) -> None:
    enrolment = await completed_enrolment(employee_id, course_id)
    if await evaluation_of(enrolment["id"]):
        raise AlreadyEvaluated
    await Evaluation.insert(Evaluation(enrolment=enrolment["id"], rating=rating, relevance=relevance,
                                       recommend=recommend, comment=comment, created_at=clock.now()))
