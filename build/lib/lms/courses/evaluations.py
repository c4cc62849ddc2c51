"""At most five questions on satisfaction, right after completion."""
from piccolo.query.functions.aggregate import Avg, Count

from lms import clock
from lms.pagination import PER_PAGE, Page, clamp_page
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


async def summary(course_id: int | None = None, page: int = 1) -> tuple[Page, dict]:
    """Evaluations for L&D, newest first, with the averages over the same selection."""
    where = [Evaluation.enrolment.course == course_id] if course_id else []
    number = clamp_page(page)
    rows = await Evaluation.select(
        *Evaluation.all_columns(), Evaluation.enrolment.course.title.as_alias("course_title"),
        Evaluation.enrolment.course.id.as_alias("course_id"),
        Evaluation.enrolment.employee.first_name.as_alias("first_name"),
        Evaluation.enrolment.employee.last_name.as_alias("last_name"),
    ).where(*where).order_by(Evaluation.created_at, ascending=False).limit(PER_PAGE).offset((number - 1) * PER_PAGE)
    totals = await Evaluation.select(
        Count(alias="count"), Avg(Evaluation.rating, alias="rating"), Avg(Evaluation.relevance, alias="relevance"),
    ).where(*where).first()
    recommend = await Evaluation.count().where(*where, Evaluation.recommend.eq(True))
    totals["recommend_share"] = round(100 * recommend / totals["count"]) if totals["count"] else None
    return Page(rows=rows, total=totals["count"], number=number), totals
