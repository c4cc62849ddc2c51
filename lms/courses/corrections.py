"""L&D fixes a learner's record without SQL: the due date, the quiz attempts, an enrolment made by
mistake, a completion that happened elsewhere. Each fix is in the audit log, with who did it and why."""
from collections.abc import AsyncIterator
from datetime import date

from lms.courses import external, learning
from lms.courses.tables import Enrolment, LessonProgress, QuizAttempt
from lms.db import is_valid_id, write_transaction
from lms.errors import Conflict, NotFound
from lms.i18n import gettext as _
from lms.people import audit
from lms.storage import storage


class AlreadyCompleted(Conflict):
    def __init__(self) -> None:
        super().__init__(_("This training is completed: it stays in the learning record."))


async def enrolment(enrolment_id: int) -> dict:
    """The enrolment with its course, person, lessons done and quiz attempts."""
    row = await Enrolment.select(
        *Enrolment.all_columns(), Enrolment.course.title.as_alias("title"),
        Enrolment.course.max_attempts.as_alias("max_attempts"),
        Enrolment.employee.first_name.as_alias("first_name"), Enrolment.employee.last_name.as_alias("last_name"),
    ).where(Enrolment.id == enrolment_id).first() if is_valid_id(enrolment_id) else None
    if row is None:
        raise NotFound
    row["lessons_done"] = await LessonProgress.count().where(LessonProgress.enrolment == enrolment_id,
                                                             LessonProgress.completed.eq(True))
    row["attempts"] = await QuizAttempt.select(QuizAttempt.score, QuizAttempt.passed, QuizAttempt.created_at).where(
        QuizAttempt.enrolment == enrolment_id).order_by(QuizAttempt.created_at)
    return row


async def _open(enrolment_id: int) -> dict:
    row = await enrolment(enrolment_id)
    if row["completed_at"]:
        raise AlreadyCompleted
    return row


async def change_due_date(actor_id: int, enrolment_id: int, due: date | None) -> None:
    row = await _open(enrolment_id)
    async with write_transaction():
        await Enrolment.update({Enrolment.due_date: due}).where(Enrolment.id == enrolment_id)
        await audit.record(actor_id, row["employee"], "enrolment", enrolment_id, "changed",
                           before={"due_date": row["due_date"]}, after={"due_date": due})


async def reset_attempts(actor_id: int, enrolment_id: int) -> int:
    """Gives the learner their quiz attempts back; the scores they had stay in the audit log."""
    row = await _open(enrolment_id)
    async with write_transaction():
        removed = await QuizAttempt.delete().where(QuizAttempt.enrolment == enrolment_id).returning(QuizAttempt.score)
        await audit.record(actor_id, row["employee"], "enrolment", enrolment_id, "changed",
                           before={"quiz_attempts": [r["score"] for r in removed]}, after={"quiz_attempts": []})
    return len(removed)


async def unenrol(actor_id: int, enrolment_id: int) -> dict:
    """Removes an enrolment made by mistake, with its progress; a completed one stays."""
    row = await _open(enrolment_id)
    async with write_transaction():
        await Enrolment.delete().where(Enrolment.id == enrolment_id, Enrolment.completed_at.is_null())
        await audit.record(actor_id, row["employee"], "enrolment", enrolment_id, "deleted",
                           before={"course": row["course"], "source": row["source"], "due_date": row["due_date"],
                                   "lessons_done": row["lessons_done"]})
    return row


async def mark_complete(actor_id: int, enrolment_id: int, reason: str, evidence: AsyncIterator[bytes] | None) -> None:
    """Completes it as if the learner had (certificate, levels, need, check-ins), with L&D's reason and proof."""
    row = await _open(enrolment_id)
    key = await external.store_proof(evidence, field="evidence") if evidence is not None else ""
    try:
        async with write_transaction():
            await Enrolment.update({Enrolment.completion_note: reason, Enrolment.completion_evidence: key}).where(
                Enrolment.id == enrolment_id)
            await audit.record(actor_id, row["employee"], "enrolment", enrolment_id, "changed",
                               before={"completed_at": None}, after={"marked_complete_by_l_and_d": reason,
                                                                     "evidence": key})
            if not await learning.complete_enrolment(enrolment_id):
                raise AlreadyCompleted
    except Exception:
        await storage().delete(key)
        raise


async def evidence(enrolment_id: int) -> external.CertificateFile:
    row = await enrolment(enrolment_id)
    return external.proof_file(row["completion_evidence"], row["title"])
