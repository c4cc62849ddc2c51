"""Everything the course page shows, for one person."""
from lms import clock
from lms.db import is_valid_id
from lms.errors import NotFound
from lms.markdown import render
from lms.courses import certificates, learning, sessions
from lms.courses.catalogue import progress_of, ratings
from lms.courses.tables import Course, CourseCompetency, Enrolment, Evaluation, Lesson, LessonProgress, Question
from lms.people.sessions import SignedIn


async def course_for(user: SignedIn, course_id: int) -> dict:
    """A published course; L&D may also open drafts, to preview them."""
    row = await Course.select(*Course.all_columns(), Course.trainer.first_name.as_alias("trainer_first_name"),
                              Course.trainer.last_name.as_alias("trainer_last_name")).where(
        Course.id == course_id).first() if is_valid_id(course_id) else None
    if row is None or not (row["published"] or user.is_admin):
        raise NotFound
    return row


def _state(progress: dict | None) -> str:
    if progress is None:
        return "not_started"
    return "done" if progress["completed"] else "in_progress"


async def page(user: SignedIn, course_id: int) -> dict:
    course = await course_for(user, course_id)
    enrolment = await learning.enrolment_of(user.id, course_id)
    started = {row["lesson"]: row for row in await LessonProgress.select(
        LessonProgress.lesson, LessonProgress.completed, LessonProgress.position_seconds).where(
        LessonProgress.enrolment == enrolment["id"])} if enrolment else {}
    done = {lesson for lesson, row in started.items() if row["completed"]}
    completed = bool(enrolment and enrolment["completed_at"])
    certificate = await certificates.of_enrolment(user.id, course_id) if completed else None
    lessons = await Lesson.select(Lesson.id, Lesson.title, Lesson.kind, Lesson.duration_seconds).where(
        Lesson.course == course_id).order_by(Lesson.position, Lesson.id)
    return {
        "course": course,
        "description": render(course["description"]),
        "competencies": await CourseCompetency.select(
            CourseCompetency.competency.name.as_alias("name"), CourseCompetency.level).where(
            CourseCompetency.course == course_id).order_by(CourseCompetency.competency.name),
        "lessons": [{**lesson, "state": _state(started.get(lesson["id"])),
                     "resume_at": started[lesson["id"]]["position_seconds"] if lesson["id"] in started else 0}
                    for lesson in lessons],
        "started": bool(started),
        "has_quiz": await Question.exists().where(Question.course == course_id),
        "enrolment": enrolment,
        "certificate": certificate,
        "certificate_state": certificates.status(certificate, clock.now().date()) if certificate else None,
        "progress": (await progress_of(user.id, [course_id])).get(course_id, 0),
        "rating": (await ratings([course_id])).get(course_id),
        "comments": await Evaluation.select(
            Evaluation.comment, Evaluation.rating, Evaluation.created_at,
            Evaluation.enrolment.employee.first_name.as_alias("first_name")).where(
            Evaluation.enrolment.course == course_id, Evaluation.comment != "").order_by(
            Evaluation.created_at, ascending=False).limit(5),
        "colleagues": await Enrolment.select(
            Enrolment.employee.first_name.as_alias("first_name"), Enrolment.employee.last_name.as_alias("last_name"),
            Enrolment.employee.department.name.as_alias("department")).where(
            Enrolment.course == course_id, Enrolment.completed_at.is_not_null(), Enrolment.employee != user.id,
            Enrolment.employee.active.eq(True)).order_by(Enrolment.completed_at, ascending=False).limit(8),
        "next_lesson": next((lesson["id"] for lesson in lessons if lesson["id"] not in done), None),
        "sessions": await sessions.upcoming_for(course_id, user.id),
    }
