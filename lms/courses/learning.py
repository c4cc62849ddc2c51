"""Enrolments and progress: enrol, save where you are, complete."""
from datetime import date

from lms import clock
from lms.db import is_valid_id, write_transaction
from lms.errors import Conflict, NotFound
from lms.i18n import gettext as _
from lms.people import audit
from lms.people.sessions import SignedIn
from lms.competencies import assessments, needs
from lms.courses import certificates, recall
from lms.courses.tables import (Course, CourseCompetency, Enrolment, Lesson, LessonProgress, QuizAttempt, Question,
                                ScormState)


class AlreadyEnrolled(Conflict):
    def __init__(self) -> None:
        super().__init__(_("You are already enrolled in this course."))


async def published_course(course_id: int) -> dict:
    row = None
    if is_valid_id(course_id):
        row = await Course.select().where(Course.id == course_id, Course.published.eq(True)).first()
    if row is None:
        raise NotFound
    return row


async def enrolment_of(employee_id: int, course_id: int) -> dict | None:
    """Someone's current attempt at a course: a renewal is a new attempt, the earlier ones stay."""
    return await Enrolment.select().where(Enrolment.employee == employee_id, Enrolment.course == course_id).order_by(
        Enrolment.attempt, ascending=False).first()


async def renewal_due(employee_id: int, course_id: int) -> bool:
    """The newest certificate of a completed course lapsed or lapses soon, and no renewal is under way."""
    current = await enrolment_of(employee_id, course_id)
    return bool(current and current["completed_at"]) and await certificates.renewable(employee_id, course_id)


async def enrol(employee_id: int, course_id: int, source: str = "self", assigned_by: int | None = None,
                due_date: date | None = None, need_id: int | None = None) -> int:
    """Enrols someone once per attempt. A completed course whose certificate lapses (soon) starts a
    renewal; otherwise a second self-enrolment is refused, an assignment of something already followed
    sets its due date, and a path or an approved request leaves it as it is. With a need, the enrolment
    answers it (an existing one too, unless it answers another)."""
    await published_course(course_id)
    async with write_transaction():
        existing = await enrolment_of(employee_id, course_id)
        if existing and existing["completed_at"] and await certificates.renewable(employee_id, course_id):
            lapsed = await certificates.of_enrolment(employee_id, course_id)
            lapse = None if need_id else await needs.lapse_need(lapsed["id"])
            if lapse:  # the need the lapse raised is met by this renewal
                await needs.set_planned(lapse)
            return await _start_attempt(employee_id, course_id, existing["attempt"] + 1, source, assigned_by,
                                        due_date, need_id or lapse)
        if existing and source == "self":
            raise AlreadyEnrolled
        if existing and source == "assigned":
            await Enrolment.update({Enrolment.due_date: due_date, Enrolment.assigned_by: assigned_by}).where(
                Enrolment.id == existing["id"])
            await audit.record(assigned_by, employee_id, "enrolment", existing["id"], "changed",
                               before={"due_date": existing["due_date"]}, after={"due_date": due_date})
        if existing and need_id and existing["need"] is None and existing["completed_at"] is None:
            await Enrolment.update({Enrolment.need: need_id}).where(Enrolment.id == existing["id"])
        if existing:
            return existing["id"]
        return await _start_attempt(employee_id, course_id, 1, source, assigned_by, due_date, need_id)


async def started(employee_id: int, course_id: int) -> dict:
    """The current attempt, begun now if there is none: opening a lesson or the quiz enrols you, and a
    second device doing the same at the same moment joins that enrolment instead of failing."""
    enrolment = await enrolment_of(employee_id, course_id)
    if enrolment is None:
        async with write_transaction():
            await _start_attempt(employee_id, course_id, 1, "self", None, None, None)
        enrolment = await enrolment_of(employee_id, course_id)
    return enrolment


async def _start_attempt(employee_id: int, course_id: int, attempt: int, source: str, assigned_by: int | None,
                         due_date: date | None, need_id: int | None) -> int:
    now = clock.now()
    saved = await Enrolment.insert(Enrolment(
        employee=employee_id, course=course_id, attempt=attempt, source=source, assigned_by=assigned_by,
        due_date=due_date, enrolled_at=now, last_activity_at=now, need=need_id,
    )).on_conflict(target=(Enrolment.employee, Enrolment.course, Enrolment.attempt), action="DO NOTHING").returning(
        Enrolment.id)
    if not saved:  # the same first step from a second device at the same moment: one attempt, both succeed
        return (await enrolment_of(employee_id, course_id))["id"]
    actor = assigned_by or (employee_id if source == "self" else None)
    await audit.record(actor, employee_id, "enrolment", saved[0]["id"], "created",
                       after={"course": course_id, "source": source, "due_date": due_date, "attempt": attempt})
    return saved[0]["id"]


async def plan_need_with_course(actor: SignedIn, need_id: int, course_id: int) -> int:
    """Enrols the person in a course for a need (or links the enrolment they already have, or renews
    a lapsing certificate); the need becomes planned, and met when the course completes."""
    need = await needs.open_need(actor, need_id)
    await published_course(course_id)
    employee_id = need["employee"]
    async with write_transaction():
        existing = await enrolment_of(employee_id, course_id)
        renewing = await renewal_due(employee_id, course_id)
        if existing and existing["completed_at"] and not renewing:
            raise Conflict(_("This course is already completed. Choose another one, or drop the need."))
        if existing and not renewing and existing["need"] and existing["need"] != need_id:
            raise Conflict(_("This enrolment already answers another learning need."))
        if existing and not renewing:
            await Enrolment.update({Enrolment.need: need_id}).where(Enrolment.id == existing["id"])
            await needs.set_planned(need_id)
            return existing["id"]
        if actor.id == employee_id:
            enrolment_id = await enrol(employee_id, course_id, need_id=need_id)
        else:
            enrolment_id = await enrol(employee_id, course_id, source="assigned", assigned_by=actor.id, need_id=need_id)
        await needs.set_planned(need_id)
        return enrolment_id


async def lessons_done(enrolment_id: int) -> set[int]:
    rows = await LessonProgress.select(LessonProgress.lesson).where(
        LessonProgress.enrolment == enrolment_id, LessonProgress.completed.eq(True))
    return {r["lesson"] for r in rows}


async def is_finished(enrolment: dict) -> bool:
    """Every lesson done and, when the course has a quiz, a passed attempt."""
    lesson_ids = set(await Lesson.select(Lesson.id).where(Lesson.course == enrolment["course"]).output(as_list=True))
    if not lesson_ids <= await lessons_done(enrolment["id"]):
        return False
    if await Question.exists().where(Question.course == enrolment["course"]):
        return await QuizAttempt.exists().where(QuizAttempt.enrolment == enrolment["id"], QuizAttempt.passed.eq(True))
    return True


async def finish_if_done(enrolment: dict) -> bool:
    """Completes the enrolment when its last requirement is met, with the best quiz score (or, in a
    course without a quiz, the best score its SCORM packages reported)."""
    if enrolment["completed_at"] or not await is_finished(enrolment):
        return False
    scores = await QuizAttempt.select(QuizAttempt.score).where(
        QuizAttempt.enrolment == enrolment["id"], QuizAttempt.passed.eq(True)).output(as_list=True) or \
        await ScormState.select(ScormState.score).where(
            ScormState.enrolment == enrolment["id"], ScormState.score.is_not_null()).output(as_list=True)
    return await complete_enrolment(enrolment["id"], max(scores) if scores else None)


async def complete_enrolment(enrolment_id: int, score: int | None = None) -> bool:
    """Marks an enrolment completed (once) and issues its certificate. True if it was not yet."""
    async with write_transaction():
        done = await Enrolment.update({Enrolment.completed_at: clock.now(), Enrolment.score: score}).where(
            Enrolment.id == enrolment_id, Enrolment.completed_at.is_null()
        ).returning(Enrolment.employee, Enrolment.course, Enrolment.need, Enrolment.completed_at)
        if done:
            await _record_completion(enrolment_id, **done[0], score=score)
    return bool(done)


async def _record_completion(enrolment_id: int, employee: int, course: int, need: int | None, completed_at,
                             score: int | None) -> None:
    """What completing brings: a certificate, the levels the course develops, questions that come back
    later, a met need, an audit entry."""
    await certificates.issue_for_course(employee, course)
    title = await Course.select(Course.title).where(Course.id == course).first()
    developed = await CourseCompetency.select(CourseCompetency.competency, CourseCompetency.level).where(
        CourseCompetency.course == course)
    await assessments.record_course_levels(employee, course, title["title"], developed)
    await recall.schedule(employee, course, completed_at)
    if need:
        await needs.mark_met(need)
    await audit.record(None, employee, "enrolment", enrolment_id, "changed", before={"completed_at": None},
                       after={"course": course, "completed_at": completed_at, "score": score})
