"""Everything the course page shows, for one person."""
from lms import clock
from lms.db import is_valid_id
from lms.errors import NotFound
from lms.markdown import render
from lms.courses import certificates, learning, sessions
from lms.courses.catalogue import progress_of, ratings
from lms.courses.tables import (Course, CourseCompetency, Enrolment, Evaluation, Lesson, LessonProgress, Question,
                                Registration)

COLLEAGUES = 12
from lms.people.sessions import SignedIn


async def course_for(user: SignedIn, course_id: int) -> dict:
    """A published course; L&D may also open drafts, to preview them."""
    row = await Course.select(*Course.all_columns(), Course.trainer.first_name.as_alias("trainer_first_name"),
                              Course.trainer.last_name.as_alias("trainer_last_name")).where(
        Course.id == course_id).first() if is_valid_id(course_id) else None
    if row is None or not (row["published"] or user.is_admin):
        raise NotFound
    return row


async def colleagues(user_id: int, course_id: int) -> list[dict]:
    """Colleagues who completed, follow or registered for the course and let others see it (a setting,
    on unless they turn it off), the most recently active first."""
    def person(column):
        return (column.first_name.as_alias("first_name"), column.last_name.as_alias("last_name"),
                column.department.name.as_alias("department"))

    def visible(column):
        return (column != user_id, column.active.eq(True), column.seen_in_courses.eq(True))

    following = await Enrolment.select(Enrolment.employee, *person(Enrolment.employee), Enrolment.completed_at).where(
        Enrolment.course == course_id, *visible(Enrolment.employee)).order_by(
        Enrolment.last_activity_at, ascending=False).limit(2 * COLLEAGUES)
    registered = await Registration.select(Registration.employee, *person(Registration.employee)).where(
        Registration.session.course == course_id, Registration.status.is_in(["registered", "waiting", "present"]),
        *visible(Registration.employee)).limit(COLLEAGUES)
    people: dict[int, dict] = {}
    for row in following:
        people.setdefault(row["employee"], {**row, "state": "completed" if row["completed_at"] else "following"})
    for row in registered:
        people.setdefault(row["employee"], {**row, "state": "registered"})
    return list(people.values())[:COLLEAGUES]


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
        "colleagues": await colleagues(user.id, course_id),
        "next_lesson": next((lesson["id"] for lesson in lessons if lesson["id"] not in done), None),
        "sessions": await sessions.upcoming_for(course_id, user.id),
    }
