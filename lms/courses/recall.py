"""Spaced recall: after a course with a quiz, a few of its questions come back on the home page, each
when FSRS (the Free Spaced Repetition Scheduler, as in Anki) expects it to be about to be forgotten.
Answered right, it comes back weeks later, then months; wrong, it comes back within days.

Completing the course counts as the first review (the quiz was passed), so the first recall comes a
few days later. L&D sees per course how many answered right at the first, second and third recall."""
import random
from datetime import datetime, timezone

from fsrs import Card, Rating, Scheduler

from lms import clock
from lms.db import write_transaction
from lms.errors import BadRequest, Conflict, NotFound
from lms.i18n import day
from lms.i18n import gettext as _
from lms.courses.tables import Choice, Question, RecallAnswer, RecallCard

QUESTIONS_PER_COURSE = 3
# No learning steps of minutes: a card comes back after days. No fuzz: an answer's next date is the
# same on every machine, which the person is told.
SCHEDULER = Scheduler(learning_steps=(), relearning_steps=(), maximum_interval=365, enable_fuzzing=False)


class NotDue(Conflict):
    def __init__(self, due: datetime) -> None:
        super().__init__(_("You already answered this question. It comes back on %(date)s.", date=day(due)))
        self.due = due


class NotAChoice(BadRequest):
    def __init__(self) -> None:
        super().__init__(_("Choose one of the answers shown."))


def _utc(moment: datetime) -> datetime:
    return moment.astimezone(timezone.utc)  # FSRS takes UTC only


async def schedule(employee: int, course: int, learned_at: datetime) -> None:
    """Called in the completion's transaction: up to three of the course's questions, chosen per
    person, come back later. A renewal finds the cards there and keeps their memory."""
    questions = await Question.select(Question.id).where(Question.course == course).output(as_list=True)
    if not questions:
        return
    chosen = random.Random(f"{employee}:{course}").sample(questions, min(QUESTIONS_PER_COURSE, len(questions)))
    learned = SCHEDULER.review_card(Card(), Rating.Good, _utc(learned_at))[0]
    await RecallCard.insert(*(RecallCard(employee=employee, question=question, course=course, due=learned.due,
                                         memory=learned.to_dict(), learned_at=learned_at)
                              for question in chosen)).on_conflict(
        target=(RecallCard.employee, RecallCard.question), action="DO NOTHING")


async def due_for(employee: int) -> dict | None:
    """The question that has waited longest to come back, with its choices and how many more wait."""
    now = clock.now()
    due = RecallCard.select(RecallCard.id, RecallCard.question, RecallCard.due,
                            RecallCard.course.title.as_alias("course_title"),
                            RecallCard.question.text.as_alias("text"),
                            RecallCard.question.multiple.as_alias("multiple")).where(
        RecallCard.employee == employee, RecallCard.due <= now).order_by(RecallCard.due, RecallCard.id)
    card = await due.first()
    if card is None:
        return None
    card["choices"] = await Choice.select(Choice.id, Choice.text).where(Choice.question == card["question"]).order_by(
        Choice.position, Choice.id)
    card["waiting"] = await RecallCard.count().where(RecallCard.employee == employee, RecallCard.due <= now) - 1
    return card


async def answer(employee: int, card_id: int, chosen: set[int]) -> dict:
    """Marks the answer, records it once and sets when the question comes back."""
    card = await RecallCard.select().where(RecallCard.id == card_id, RecallCard.employee == employee).output(
        load_json=True).first()
    if card is None:
        raise NotFound()
    now = clock.now()
    if card["due"] > now:
        raise NotDue(card["due"])
    choices = await Choice.select(Choice.id, Choice.text, Choice.correct, Choice.feedback).where(
        Choice.question == card["question"]).order_by(Choice.position, Choice.id)
    if not chosen or not chosen <= {choice["id"] for choice in choices}:
        raise NotAChoice()
    correct = chosen == {choice["id"] for choice in choices if choice["correct"]}
    memory = SCHEDULER.review_card(Card.from_dict(card["memory"]), Rating.Good if correct else Rating.Again,
                                   _utc(now))[0]
    async with write_transaction():
        # only the first of two answers sent at once (two tabs, a double tap) moves the card on
        moved = await RecallCard.update({RecallCard.due: memory.due, RecallCard.memory: memory.to_dict(),
                                         RecallCard.answers: card["answers"] + 1}).where(
            RecallCard.id == card_id, RecallCard.answers == card["answers"]).returning(RecallCard.id)
        if not moved:
            raise NotDue((await RecallCard.select(RecallCard.due).where(RecallCard.id == card_id).first())["due"])
        await RecallAnswer.insert(RecallAnswer(card=card_id, number=card["answers"] + 1, correct=correct,
                                               days=(now - card["learned_at"]).days, answered_at=now))
    question = await Question.select(Question.text).where(Question.id == card["question"]).first()
    return {"correct": correct, "text": question["text"], "choices": choices, "chosen": chosen,
            "due": memory.due, "course": card["course"]}


async def retention(course_id: int | None = None) -> list[dict]:
    """Per course: at the 1st, 2nd, 3rd … recall, how many answered, the share right and after how many
    days on average."""
    where = "WHERE c.course = {}" if course_id is not None else ""
    rows = await RecallCard.raw(
        "SELECT c.course, co.title, a.number, COUNT(*) AS answered, "
        "SUM(CASE WHEN a.correct THEN 1 ELSE 0 END) AS correct, AVG(a.days) AS days "
        "FROM recall_answer a JOIN recall_card c ON c.id = a.card JOIN course co ON co.id = c.course "
        f"{where} GROUP BY c.course, co.title, a.number ORDER BY co.title, c.course, a.number",
        *([course_id] if course_id is not None else []))
    courses: dict[int, dict] = {}
    for row in rows:
        course = courses.setdefault(row["course"], {"id": row["course"], "title": row["title"], "recalls": []})
        course["recalls"].append({"number": row["number"], "answered": row["answered"],
                                  "share": round(100 * row["correct"] / row["answered"]),
                                  "days": round(float(row["days"]))})
    return list(courses.values())

