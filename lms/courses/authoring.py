"""L&D writes the catalogue: courses, their competencies, lessons and publishing."""
from dataclasses import asdict, dataclass

from piccolo.query.functions.aggregate import Count

from lms import clock
from lms.cache import forget_everything
from lms.competencies.tables import Competency
from lms.courses.tables import Choice, Course, CourseCompetency, Enrolment, Lesson, LessonProgress, Question
from lms.db import contains, is_valid_id, write_transaction
from lms.errors import Conflict, NotFound
from lms.i18n import gettext as _
from lms.pagination import PER_PAGE, Page, clamp_page


@dataclass
class CourseInput:
    title: str
    summary: str
    description: str
    format: str
    route: str
    provider: str
    trainer: int | None
    language: str
    minutes: int
    cost_cents: int
    mandatory: bool
    validity_months: int
    pass_mark: int
    max_attempts: int
    watch_percent: int


async def list_courses(query: str = "", status: str = "", page: int = 1) -> Page:
    where = [contains(Course.title, word[:50]) for word in query.split()[:5]]
    if status in ("draft", "published"):
        where.append(Course.published.eq(status == "published"))
    number = clamp_page(page)
    rows = await Course.select(Course.id, Course.title, Course.format, Course.published, Course.mandatory,
                               Course.minutes).where(*where).order_by(Course.title).limit(PER_PAGE).offset(
        (number - 1) * PER_PAGE)
    return Page(rows=rows, total=await Course.count().where(*where), number=number)


async def get(course_id: int) -> dict:
    row = await Course.select().where(Course.id == course_id).first() if is_valid_id(course_id) else None
    if row is None:
        raise NotFound
    return row


async def create(data: CourseInput) -> int:
    row = Course(**asdict(data), created_at=clock.now())
    await row.save()
    forget_everything()
    return row.id


async def update(course_id: int, data: CourseInput) -> None:
    await get(course_id)
    await Course.update(asdict(data)).where(Course.id == course_id)
    forget_everything()


async def set_cover(course_id: int, key: str) -> str:
    """Returns the old cover's key, for the caller to delete from storage."""
    old = (await get(course_id))["cover"]
    await Course.update({Course.cover: key}).where(Course.id == course_id)
    forget_everything()  # the kept cards must not point at the old cover, which is deleted
    return old


async def competencies(course_id: int) -> list[dict]:
    return await CourseCompetency.select(CourseCompetency.id, CourseCompetency.level,
                                         CourseCompetency.competency.name.as_alias("name")).where(
        CourseCompetency.course == course_id).order_by(CourseCompetency.competency.name)


async def competency_choices() -> list[dict]:
    return await Competency.select(Competency.id, Competency.name).order_by(Competency.name)


async def add_competency(course_id: int, competency_id: int, level: int) -> None:
    await get(course_id)
    if not await Competency.exists().where(Competency.id == competency_id):
        raise NotFound
    async with write_transaction():
        await CourseCompetency.delete().where(CourseCompetency.course == course_id,
                                              CourseCompetency.competency == competency_id)
        await CourseCompetency.insert(CourseCompetency(course=course_id, competency=competency_id, level=level))
    forget_everything()


async def remove_competency(course_id: int, link_id: int) -> None:
    await CourseCompetency.delete().where(CourseCompetency.id == link_id, CourseCompetency.course == course_id)
    forget_everything()


class NotReady(Conflict):
    """A course that cannot be published yet; the message lists why."""


async def problems(course_id: int) -> list[str]:
    """What stops a course from being published: its videos must play and its quiz be answerable."""
    found = []
    for lesson in await Lesson.select(Lesson.title, Lesson.video_status).where(
            Lesson.course == course_id, Lesson.kind == "video", Lesson.video_status != "ready"):
        found.append(_("The video of “%(lesson)s” is still being converted.", lesson=lesson["title"][:60])
                     if lesson["video_status"] == "processing" else
                     _("The video of “%(lesson)s” could not be converted: delete the lesson and upload it again.",
                       lesson=lesson["title"][:60]))
    answers: dict[int, list[bool]] = {}
    for choice in await Choice.select(Choice.question, Choice.correct).where(Choice.question.course == course_id):
        answers.setdefault(choice["question"], []).append(choice["correct"])
    for question in await Question.select(Question.id, Question.text, Question.multiple).where(
            Question.course == course_id):
        choices = answers.get(question["id"], [])
        right = sum(choices)
        if len(choices) < 2:
            found.append(_("“%(question)s” needs at least two answers.", question=question["text"][:60]))
        elif not right or (not question["multiple"] and right != 1):
            found.append(_("“%(question)s” needs exactly one right answer, or more when it is multiple choice.",
                           question=question["text"][:60]))
    return found


async def set_published(course_id: int, published: bool) -> None:
    await get(course_id)
    if published and (found := await problems(course_id)):
        raise NotReady(_("This course cannot be published yet:") + " " + " ".join(found))
    await Course.update({Course.published: published}).where(Course.id == course_id)
    forget_everything()


async def enrolments(course_id: int, page: int = 1) -> Page:
    await get(course_id)
    number = clamp_page(page)
    lessons = await Lesson.count().where(Lesson.course == course_id)
    rows = await Enrolment.select(
        Enrolment.id, Enrolment.source, Enrolment.due_date, Enrolment.completed_at, Enrolment.score,
        Enrolment.employee.first_name.as_alias("first_name"), Enrolment.employee.last_name.as_alias("last_name"),
    ).where(Enrolment.course == course_id).order_by(Enrolment.enrolled_at, ascending=False).limit(PER_PAGE).offset(
        (number - 1) * PER_PAGE)
    done = {r["enrolment"]: r["n"] for r in await LessonProgress.select(LessonProgress.enrolment, Count(alias="n")).where(
        LessonProgress.enrolment.is_in([r["id"] for r in rows] or [0]), LessonProgress.completed.eq(True)).group_by(
        LessonProgress.enrolment)}
    for row in rows:
        row["progress"] = f"{done.get(row['id'], 0)} / {lessons}"
    return Page(rows=rows, total=await Enrolment.count().where(Enrolment.course == course_id), number=number)
