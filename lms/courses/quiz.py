"""The quiz after the lessons: single and multiple choice, feedback per answer, a pass mark."""
from piccolo.engine.sqlite import SQLiteEngine

from lms import clock
from lms.db import engine, write_transaction
from lms.errors import BadRequest, Conflict
from lms.i18n import gettext as _
from lms.courses import learning
from lms.courses.tables import Choice, Enrolment, QuizAttempt, Question


class BadAnswer(BadRequest):
    """An answer that is not a choice of this quiz's questions."""

    def __init__(self) -> None:
        super().__init__(_("That answer does not belong to this quiz. Reload the quiz and try again."))


class NoAttemptsLeft(Conflict):
    def __init__(self) -> None:
        super().__init__(_("You have used all your attempts for this quiz. L&D can help you further."))


async def questions(course_id: int) -> list[dict]:
    rows = await Question.select().where(Question.course == course_id).order_by(Question.position, Question.id)
    choices = await Choice.select().where(Choice.question.is_in([q["id"] for q in rows] or [0])).order_by(
        Choice.position, Choice.id)
    for question in rows:
        question["choices"] = [c for c in choices if c["question"] == question["id"]]
    return rows


async def attempts_left(enrolment_id: int, max_attempts: int) -> int | None:
    """None when attempts are unlimited."""
    if not max_attempts:
        return None
    used = await QuizAttempt.count().where(QuizAttempt.enrolment == enrolment_id)
    return max(0, max_attempts - used)


def _check(quiz: list[dict], answers: dict[int, set[int]]) -> list[dict]:
    by_id = {q["id"]: q for q in quiz}
    for question_id, chosen in answers.items():
        if question_id not in by_id or not chosen <= {c["id"] for c in by_id[question_id]["choices"]}:
            raise BadAnswer
    results = []
    for question in quiz:
        chosen = answers.get(question["id"], set())
        correct = {c["id"] for c in question["choices"] if c["correct"]}
        results.append({"question": question, "chosen": chosen, "right": chosen == correct})
    return results


async def submit(employee_id: int, course_id: int, answers: dict[int, set[int]], key: str | None = None) -> dict:
    """Scores an attempt, keeps it, and completes the course when this was the last step. An attempt
    made offline comes with the phone's key for it: sent again, it is the attempt already kept."""
    course = await learning.published_course(course_id)
    enrolment = await learning.started(employee_id, course_id)
    quiz = await questions(course_id)
    async with write_transaction():  # count and insert as one: submits at once never pass the limit
        if not isinstance(engine(), SQLiteEngine):  # SQLite's IMMEDIATE transaction already serialises them
            await Enrolment.select(Enrolment.id).where(Enrolment.id == enrolment["id"]).lock_rows()
        kept = key is not None and await QuizAttempt.select(QuizAttempt.score, QuizAttempt.passed).where(
            QuizAttempt.enrolment == enrolment["id"], QuizAttempt.client_key == key).first()
        if kept:  # its answers were marked then: the quiz may have changed since
            results, score, passed = [], kept["score"], kept["passed"]
        else:
            results = _check(quiz, answers)
            score = round(100 * sum(r["right"] for r in results) / len(results)) if results else 100
            passed = score >= course["pass_mark"]
            if await attempts_left(enrolment["id"], course["max_attempts"]) == 0:
                raise NoAttemptsLeft
            await QuizAttempt.insert(QuizAttempt(
                enrolment=enrolment["id"], score=score, passed=passed, created_at=clock.now(), client_key=key,
                answers={str(q): sorted(c) for q, c in answers.items()})).on_conflict(
                target=(QuizAttempt.enrolment, QuizAttempt.client_key), action="DO NOTHING")
    # also for an attempt kept before: its first delivery may have ended before completing the course
    completed = passed and await learning.finish_if_done(enrolment)
    return {"results": results, "score": score, "passed": passed, "pass_mark": course["pass_mark"],
            "completed": completed,
            "attempts_left": await attempts_left(enrolment["id"], course["max_attempts"])}


async def best_attempt(enrolment_id: int) -> dict | None:
    return await QuizAttempt.select().where(QuizAttempt.enrolment == enrolment_id).order_by(
        QuizAttempt.score, ascending=False).first()
