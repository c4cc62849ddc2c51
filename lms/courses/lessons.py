"""L&D edits a course's lessons and quiz. Each change clears what this worker keeps (lms.cache): the
catalogue's shared rows, with the course page's lessons and every course's step count, and the kept
answers of the pages that show them."""
from lms.cache import forget_everything
from lms.courses.tables import Choice, Lesson, Question
from lms.db import is_valid_id, write_transaction
from lms.errors import NotFound


async def of_course(course_id: int) -> list[dict]:
    return await Lesson.select().where(Lesson.course == course_id).order_by(Lesson.position, Lesson.id)


async def first_lesson(course_id: int) -> int | None:
    row = await Lesson.select(Lesson.id).where(Lesson.course == course_id).order_by(Lesson.position, Lesson.id).first()
    return row["id"] if row else None


async def _lesson(course_id: int, lesson_id: int) -> dict:
    row = None
    if is_valid_id(lesson_id):
        row = await Lesson.select().where(Lesson.id == lesson_id, Lesson.course == course_id).first()
    if row is None:
        raise NotFound
    return row


async def add(course_id: int, title: str, kind: str, **fields) -> int:
    """A lesson at the end of the course, with the Lesson columns its kind uses (body, video, package…);
    one given a `video_source` waits for its conversion."""
    async with write_transaction():
        last = await Lesson.select(Lesson.position).where(Lesson.course == course_id).order_by(
            Lesson.position, ascending=False).first()
        row = Lesson(course=course_id, position=(last["position"] + 1) if last else 1, title=title, kind=kind,
                     video_status="processing" if fields.get("video_source") else "ready", **fields)
        await row.save()
    forget_everything()
    return row.id


async def move(course_id: int, lesson_id: int, step: int) -> None:
    """Moves a lesson one place up (-1) or down (+1)."""
    await _lesson(course_id, lesson_id)
    async with write_transaction():
        ids = [r["id"] for r in await of_course(course_id)]
        at = ids.index(lesson_id)
        to = min(max(at + step, 0), len(ids) - 1)
        ids.insert(to, ids.pop(at))
        for position, lid in enumerate(ids, start=1):
            await Lesson.update({Lesson.position: position}).where(Lesson.id == lid)
    forget_everything()


async def delete(course_id: int, lesson_id: int) -> dict:
    """Returns the deleted lesson, so the caller can remove its files."""
    lesson = await _lesson(course_id, lesson_id)
    await Lesson.delete().where(Lesson.id == lesson_id)
    forget_everything()
    return lesson


async def lesson_of(course_id: int, lesson_id: int) -> dict:
    return await _lesson(course_id, lesson_id)


async def add_question(course_id: int, text: str, multiple: bool, choices: list[tuple[str, bool, str]]) -> None:
    async with write_transaction():
        last = await Question.select(Question.position).where(Question.course == course_id).order_by(
            Question.position, ascending=False).first()
        question = Question(course=course_id, text=text, multiple=multiple,
                            position=(last["position"] + 1) if last else 1)
        await question.save()
        await Choice.insert(*(Choice(question=question.id, position=i, text=t, correct=c, feedback=f)
                              for i, (t, c, f) in enumerate(choices, start=1)))
    forget_everything()


async def delete_question(course_id: int, question_id: int) -> None:
    if not is_valid_id(question_id) or not await Question.exists().where(
            Question.id == question_id, Question.course == course_id):
        raise NotFound
    await Question.delete().where(Question.id == question_id)
    forget_everything()
