"""Events that concern one person, told to them at once (inbox, and e-mail as they prefer): each is a
reminder due now, with a dedupe key per event, so telling twice adds nothing."""
from lms import clock
from lms.competencies.tables import DevelopmentReview
from lms.courses.tables import Enrolment, Registration, Session, TrainingRequest
from lms.knowledge.tables import RequiredReading
from lms.reminders import schedule


async def assigned(enrolment_ids: list[int]) -> int:
    """Each assignee hears of a new assignment, and again when its due date changes."""
    rows = await Enrolment.select(Enrolment.id, Enrolment.employee, Enrolment.due_date).where(
        Enrolment.id.is_in(enrolment_ids or [0]), Enrolment.completed_at.is_null())
    now = clock.now()
    return sum([await schedule.add("assignment", row["employee"], now, f"assignment:{row['id']}:{row['due_date']}",
                                   {"enrolment": row["id"]}) for row in rows])


async def decided(request_id: int) -> bool:
    """The requester hears the decision (again only if it changes)."""
    row = await TrainingRequest.select(TrainingRequest.employee, TrainingRequest.status).where(
        TrainingRequest.id == request_id).first()
    return bool(row) and await schedule.add("decision", row["employee"], clock.now(),
                                            f"decision:{request_id}:{row['status']}", {"request": request_id})


async def seat_given(registration_ids: list[int]) -> int:
    """Who moved up from the waiting list into a seat."""
    rows = await Registration.select(Registration.id, Registration.employee, Registration.created_at).where(
        Registration.id.is_in(registration_ids or [0]), Registration.status == "registered")
    now = clock.now()
    return sum([await schedule.add("seat", row["employee"], now, f"seat:{row['id']}:{row['created_at'].isoformat()}",
                                   {"registration": row["id"]}) for row in rows])


async def session_changed(session_id: int, registration_ids: list[int]) -> int:
    """Everyone who held a place hears of the change or the cancellation, with the new calendar entry."""
    sequence = (await Session.select(Session.sequence).where(Session.id == session_id).first())["sequence"]
    rows = await Registration.select(Registration.id, Registration.employee).where(
        Registration.id.is_in(registration_ids or [0]))
    now = clock.now()
    return sum([await schedule.add("session_changed", row["employee"], now,
                                   f"session_changed:{row['id']}:{sequence}", {"registration": row["id"]})
                for row in rows])


async def invited(employee_ids: list[int], again: bool = False) -> int:
    """An invitation to set a password, once per person (again when L&D sends it again)."""
    now = clock.now()
    suffix = f":{now.isoformat()}" if again else ""
    return sum([await schedule.add("invitation", person, now, f"invitation:{person}{suffix}", {})
                for person in employee_ids])


async def password_reset(employee_id: int) -> bool:
    """A link to set a new password; at most one per ten minutes, so the form cannot flood a mailbox."""
    now = clock.now()
    window = now.replace(minute=now.minute // 10 * 10, second=0, microsecond=0)
    return await schedule.add("password_reset", employee_id, now, f"password_reset:{employee_id}:{window.isoformat()}",
                              {})


async def reading_required(page_id: int, employee_ids: list[int]) -> int:
    """Everyone newly asked to read a page (or to read its new version) hears it once per version."""
    asked = await RequiredReading.select(RequiredReading.from_version).where(RequiredReading.page == page_id).first()
    if asked is None:
        return 0
    now = clock.now()
    return await schedule.add_many("reading", now, [
        (person, f"reading:{page_id}:{asked['from_version']}:{person}", {"page": page_id}) for person in employee_ids])


async def review_shared(review_id: int) -> bool:
    """The employee hears that their development review is saved, and can read it."""
    row = await DevelopmentReview.select(DevelopmentReview.employee).where(DevelopmentReview.id == review_id).first()
    return bool(row) and await schedule.add("development_review", row["employee"], clock.now(),
                                            f"development_review:{review_id}", {"review": review_id})
