"""The micro-course player: a lesson, where you stopped, and what comes next."""
from lms import clock
from lms.db import write_transaction
from lms.markdown import render
from lms.courses import learning, lessons
from lms.courses.tables import Enrolment, Lesson, LessonProgress, Question

END_SLACK_SECONDS = 3  # a video stopped this close to its end counts as watched


async def _enrolment(employee_id: int, course_id: int) -> dict:
    """Opening a lesson enrols you, as pressing play does."""
    enrolment = await learning.enrolment_of(employee_id, course_id)
    if enrolment is None:
        await learning.enrol(employee_id, course_id)
        enrolment = await learning.enrolment_of(employee_id, course_id)
    return enrolment


async def open_lesson(employee_id: int, course_id: int, lesson_id: int) -> dict:
    await learning.published_course(course_id)
    lesson = await lessons.lesson_of(course_id, lesson_id)
    enrolment = await _enrolment(employee_id, course_id)
    progress = await LessonProgress.select().where(
        LessonProgress.enrolment == enrolment["id"], LessonProgress.lesson == lesson_id).first()
    in_course = await Lesson.select(Lesson.id, Lesson.title, Lesson.kind).where(Lesson.course == course_id).order_by(
        Lesson.position, Lesson.id)
    done = await learning.lessons_done(enrolment["id"])
    ids = [row["id"] for row in in_course]
    following = ids[ids.index(lesson_id) + 1:]
    return {
        "lesson": lesson,
        "body": render(lesson["body"]),
        "resume_at": progress["position_seconds"] if progress and not progress["completed"] else 0,
        "lessons": [{**row, "done": row["id"] in done} for row in in_course],
        "next_lesson": following[0] if following else None,
        "enrolment": enrolment,
    }


async def save_position(employee_id: int, course_id: int, lesson_id: int, seconds: float, ended: bool) -> bool:
    """Keeps the second where the learner is; True when this made the course complete."""
    await learning.published_course(course_id)
    lesson = await lessons.lesson_of(course_id, lesson_id)
    enrolment = await _enrolment(employee_id, course_id)
    duration = lesson["duration_seconds"]
    seconds = int(max(0, min(seconds, duration or seconds)))
    # A text lesson is done when the learner says so; a video when it played to (near) its end.
    if lesson["kind"] == "text" or not duration:
        finished = ended
    else:
        finished = seconds >= duration - END_SLACK_SECONDS
    now = clock.now()
    async with write_transaction():
        existing = await LessonProgress.select(LessonProgress.id, LessonProgress.completed).where(
            LessonProgress.enrolment == enrolment["id"], LessonProgress.lesson == lesson_id).first()
        if existing:
            await LessonProgress.update({
                LessonProgress.position_seconds: seconds, LessonProgress.updated_at: now,
                LessonProgress.completed: existing["completed"] or bool(finished),
            }).where(LessonProgress.id == existing["id"])
        else:
            await LessonProgress.insert(LessonProgress(enrolment=enrolment["id"], lesson=lesson_id,
                                                       position_seconds=seconds, completed=bool(finished),
                                                       updated_at=now))
        await Enrolment.update({Enrolment.last_activity_at: now}).where(Enrolment.id == enrolment["id"])
    return bool(finished) and await learning.finish_if_done(enrolment)


async def finish_lesson(employee_id: int, course_id: int, lesson_id: int) -> str | int:
    """'Done, next': marks a text lesson done (a video counts once watched) and says where to go:
    the next lesson's id, "completed", "quiz" or "course"."""
    lesson = await lessons.lesson_of(course_id, lesson_id)
    completed = lesson["kind"] == "text" and await save_position(employee_id, course_id, lesson_id, 0, ended=True)
    if completed:
        return "completed"
    opened = await open_lesson(employee_id, course_id, lesson_id)
    if opened["next_lesson"]:
        return opened["next_lesson"]
    if opened["enrolment"]["completed_at"]:
        return "completed"
    return "quiz" if await Question.exists().where(Question.course == course_id) else "course"
