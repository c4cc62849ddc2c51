"""Events that concern one person, told to them at once (inbox, and e-mail as they prefer)."""
from lms import clock
from lms.courses.tables import Enrolment
from lms.reminders import schedule


async def assigned(enrolment_ids: list[int]) -> int:
    """Each assignee hears of a new assignment, and again when its due date changes."""
    rows = await Enrolment.select(Enrolment.id, Enrolment.employee, Enrolment.due_date).where(
        Enrolment.id.is_in(enrolment_ids or [0]), Enrolment.completed_at.is_null())
    now = clock.now()
    return sum([await schedule.add("assignment", row["employee"], now, f"assignment:{row['id']}:{row['due_date']}",
                                   {"enrolment": row["id"]}) for row in rows])
