"""Everything the course page shows, for one person."""
from lms import clock
from lms.db import is_valid_id
from lms.errors import NotFound
from lms.markdown import render
from lms.courses import certificates, learning, sessions
from lms.courses.catalogue import percent, ratings, shared_rows
from lms.courses.tables import (Course, CourseCompetency, Enrolment, Evaluation, Lesson, LessonProgress, Question,
                                QuizAttempt, Registration)
from lms.people.sessions import SignedIn

COLLEAGUES = 12


async def _course(course_id: int) -> dict:
    row = await Course.select(*Course.all_columns(), Course.trainer.first_name.as_alias("trainer_first_name"),
                              Course.trainer.last_name.as_alias("trainer_last_name")).where(
        Course.id == course_id).first() if is_valid_id(course_id) else None
    if row is None:
        raise NotFound  # not kept: the next visitor asks again
    return row


async def _colleagues(course_id: int) -> dict[str, list[dict]]:
    """Who completed, follows or registered for the course and lets others see it (a setting, on unless
    they turn it off), the most recently active first: one more than shown, as the viewer drops out."""
    def person(column):
        return (column.first_name.as_alias("first_name"), column.last_name.as_alias("last_name"),
                column.department.name.as_alias("department"))

    def visible(column):
        return (column.active.eq(True), column.seen_in_courses.eq(True))

    following = await Enrolment.select(Enrolment.employee, *person(Enrolment.employee), Enrolment.completed_at).where(
        Enrolment.course == course_id, *visible(Enrolment.employee)).order_by(
        Enrolment.last_activity_at, ascending=False).limit(2 * COLLEAGUES + 1)
    registered = await Registration.select(Registration.employee, *person(Registration.employee)).where(
        Registration.session.course == course_id, Registration.status.is_in(["registered", "waiting", "present"]),
        *visible(Registration.employee)).limit(COLLEAGUES + 1)
    return {"following": following, "registered": registered}


def _colleagues_of(user_id: int, found: dict[str, list[dict]]) -> list[dict]:
    people: dict[int, dict] = {}
    for row in [row for row in found["following"] if row["employee"] != user_id][:2 * COLLEAGUES]:
        people.setdefault(row["employee"], {**row, "state": "completed" if row["completed_at"] else "following"})
    for row in [row for row in found["registered"] if row["employee"] != user_id][:COLLEAGUES]:
        people.setdefault(row["employee"], {**row, "state": "registered"})
    return list(people.values())[:COLLEAGUES]


def _state(progress: dict | None) -> str:
    if progress is None:
        return "not_started"
    return "done" if progress["completed"] else "in_progress"


async def _about(user: SignedIn, course_id: int) -> dict:
    """What the page shows alike to everyone, kept with the catalogue's shared rows (the course editor
    clears them on every save) and computed afresh for someone who changed something since."""
    async def compute() -> dict:
        course = await _course(course_id)
        return {
            "course": course,
            "description": render(course["description"]),
            "lessons": await Lesson.select(Lesson.id, Lesson.title, Lesson.kind, Lesson.duration_seconds).where(
                Lesson.course == course_id).order_by(Lesson.position, Lesson.id),
            "competencies": await CourseCompetency.select(
                CourseCompetency.competency.name.as_alias("name"), CourseCompetency.level).where(
                CourseCompetency.course == course_id).order_by(CourseCompetency.competency.name),
            "has_quiz": await Question.exists().where(Question.course == course_id),
            "rating": (await ratings([course_id])).get(course_id),
            "comments": await Evaluation.select(
                Evaluation.comment, Evaluation.rating, Evaluation.created_at,
                Evaluation.enrolment.employee.first_name.as_alias("first_name")).where(
                Evaluation.enrolment.course == course_id, Evaluation.comment != "").order_by(
                Evaluation.created_at, ascending=False).limit(5),
            "colleagues": await _colleagues(course_id),
        }

    if not is_valid_id(course_id):
        raise NotFound
    about = await shared_rows.get(("course page", course_id), compute, fresh_after=user.wrote_at)
    if not (about["course"]["published"] or user.is_admin):  # L&D may also open drafts, to preview them
        raise NotFound
    return about


async def page(user: SignedIn, course_id: int) -> dict:
    about = await _about(user, course_id)
    lessons = about["lessons"]
    enrolment = await learning.enrolment_of(user.id, course_id)
    started = {row["lesson"]: row for row in await LessonProgress.select(
        LessonProgress.lesson, LessonProgress.completed, LessonProgress.position_seconds).where(
        LessonProgress.enrolment == enrolment["id"])} if enrolment else {}
    done = {lesson for lesson, row in started.items() if row["completed"]}
    completed = bool(enrolment and enrolment["completed_at"])
    passed = bool(enrolment) and about["has_quiz"] and await QuizAttempt.exists().where(
        QuizAttempt.enrolment == enrolment["id"], QuizAttempt.passed.eq(True))
    certificate = await certificates.of_enrolment(user.id, course_id) if completed else None
    return {
        **about,
        "lessons": [{**lesson, "state": _state(started.get(lesson["id"])),
                     "resume_at": started[lesson["id"]]["position_seconds"] if lesson["id"] in started else 0}
                    for lesson in lessons],
        "started": bool(started),
        "enrolment": enrolment,
        "certificate": certificate,
        "certificate_state": certificates.status(certificate, clock.now().date()) if certificate else None,
        "progress": percent(len(lessons) + about["has_quiz"], len(done) + passed, completed) if enrolment else 0,
        "colleagues": _colleagues_of(user.id, about["colleagues"]),
        "next_lesson": next((lesson["id"] for lesson in lessons if lesson["id"] not in done), None),
        "sessions": await sessions.upcoming_for(course_id, user.id),
    }
