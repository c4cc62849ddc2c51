"""Classroom and online sessions: seats, a waiting list that moves up, attendance.

A seat is claimed with one conditional UPDATE (seats_taken < capacity), so two people taking
the last seat at the same moment cannot both get it; the other lands on the waiting list."""
from datetime import datetime

from piccolo.engine.sqlite import SQLiteEngine

from lms import clock
from lms.courses import learning
from lms.courses.tables import Registration, Session
from lms.db import engine, is_valid_id, write_transaction
from lms.errors import Conflict, NotFound
from lms.forms import FieldError
from lms.i18n import gettext as _

ACTIVE = ["registered", "waiting"]
SEATED = ["registered", "present", "absent"]


class SessionPast(Conflict):
    def __init__(self) -> None:
        super().__init__(_("This session has already started; choose a later one."))


class SessionCancelled(Conflict):
    def __init__(self) -> None:
        super().__init__(_("This session is cancelled."))


class AlreadyRegistered(Conflict):
    def __init__(self) -> None:
        super().__init__(_("You are already registered or on the waiting list for this session."))


async def session_of(course_id: int, session_id: int) -> dict:
    """A session of this course; a session id of another course is a 404."""
    row = None
    if is_valid_id(session_id) and is_valid_id(course_id):
        row = await Session.select().where(Session.id == session_id, Session.course == course_id).first()
    if row is None:
        raise NotFound
    return row


async def _hold(session_id: int) -> None:
    """Inside a write transaction: the registrations of one session change one writer at a time.
    SQLite's IMMEDIATE transaction already serialises writers; PostgreSQL needs the row locked,
    or a double click registers twice and two cancels promote the same waiting person."""
    if not isinstance(engine(), SQLiteEngine):
        await Session.select(Session.id).where(Session.id == session_id).lock_rows()


async def upcoming_for(course_id: int, employee_id: int) -> list[dict]:
    sessions = await Session.select().where(Session.course == course_id, Session.starts_at > clock.now(),
                                            Session.cancelled_at.is_null()).order_by(Session.starts_at)
    mine = {r["session"]: r["status"] for r in await Registration.select(Registration.session, Registration.status).where(
        Registration.employee == employee_id, Registration.session.is_in([s["id"] for s in sessions] or [0]))}
    return [{**s, "seats_left": max(0, s["capacity"] - s["seats_taken"]), "my_status": mine.get(s["id"])}
            for s in sessions]


async def register(employee_id: int, course_id: int, session_id: int) -> str:
    """A seat when one is free, else the waiting list, and the course enrolment with it.
    Returns "registered" or "waiting"."""
    await learning.published_course(course_id)
    session = await session_of(course_id, session_id)
    if session["cancelled_at"]:
        raise SessionCancelled
    if session["starts_at"] <= clock.now():
        raise SessionPast
    async with write_transaction():
        await _hold(session_id)
        existing = await Registration.select(Registration.id, Registration.status).where(
            Registration.session == session_id, Registration.employee == employee_id).first()
        if existing and existing["status"] in ACTIVE:
            raise AlreadyRegistered
        seat = await Session.update({Session.seats_taken: Session.seats_taken + 1}).where(
            Session.id == session_id, Session.seats_taken < Session.capacity).returning(Session.id)
        status = "registered" if seat else "waiting"
        if existing:
            await Registration.update({Registration.status: status, Registration.created_at: clock.now()}).where(
                Registration.id == existing["id"])
        else:
            await Registration.insert(Registration(session=session_id, employee=employee_id, status=status,
                                                   created_at=clock.now()))
        try:
            await learning.enrol(employee_id, course_id)
        except learning.AlreadyEnrolled:
            pass
    return status


async def cancel(employee_id: int, course_id: int, session_id: int) -> int | None:
    """Gives the seat to the first on the waiting list, or frees it; returns the registration that
    moved up, if any, for them to be told."""
    await session_of(course_id, session_id)
    async with write_transaction():
        await _hold(session_id)
        mine = await Registration.select(Registration.id, Registration.status).where(
            Registration.session == session_id, Registration.employee == employee_id,
            Registration.status.is_in(ACTIVE)).first()
        if mine is None:
            raise NotFound
        await Registration.update({Registration.status: "cancelled"}).where(Registration.id == mine["id"])
        if mine["status"] != "registered":
            return None
        await Session.update({Session.seats_taken: Session.seats_taken - 1}).where(Session.id == session_id)
        moved = await _fill_seats(session_id)
    return moved[0] if moved else None


async def _fill_seats(session_id: int) -> list[int]:
    """Inside a held write transaction: the waiting list moves up into free seats, first come first."""
    moved = []
    waiting = await Registration.select(Registration.id).where(
        Registration.session == session_id, Registration.status == "waiting").order_by(
        Registration.created_at, Registration.id).output(as_list=True)
    for registration_id in waiting:
        if not await Session.update({Session.seats_taken: Session.seats_taken + 1}).where(
                Session.id == session_id, Session.seats_taken < Session.capacity).returning(Session.id):
            break
        await Registration.update({Registration.status: "registered"}).where(Registration.id == registration_id)
        moved.append(registration_id)
    return moved


async def _active(session_id: int) -> list[int]:
    return await Registration.select(Registration.id).where(
        Registration.session == session_id, Registration.status.is_in(ACTIVE)).output(as_list=True)


async def change(session_id: int, starts_at: datetime, ends_at: datetime, location: str, online_url: str,
                 capacity: int) -> tuple[list[int], list[int]]:
    """Saves new times, place or capacity and raises the calendar sequence. Returns the registrations
    to tell of the change, and those a larger capacity moved up from the waiting list."""
    async with write_transaction():
        await _hold(session_id)
        session = await _with_title(session_id)
        if session["cancelled_at"]:
            raise SessionCancelled
        if capacity < session["seats_taken"]:
            raise FieldError("capacity", _("%(num)s people hold a seat: the capacity cannot be lower.",
                                           num=session["seats_taken"]))
        await Session.update({Session.starts_at: starts_at, Session.ends_at: ends_at, Session.location: location,
                              Session.online_url: online_url, Session.capacity: capacity,
                              Session.sequence: Session.sequence + 1}).where(Session.id == session_id)
        moved = await _fill_seats(session_id)
        return [r for r in await _active(session_id) if r not in moved], moved


async def cancel_session(session_id: int) -> list[int]:
    """Cancels the session and every place in it; returns the registrations to tell."""
    async with write_transaction():
        await _hold(session_id)
        session = await _with_title(session_id)
        if session["cancelled_at"]:
            raise SessionCancelled
        told = await _active(session_id)
        await Session.update({Session.cancelled_at: clock.now(), Session.seats_taken: 0,
                              Session.sequence: Session.sequence + 1}).where(Session.id == session_id)
        await Registration.update({Registration.status: "cancelled"}).where(Registration.id.is_in(told or [0]))
    return told


async def of_course(course_id: int) -> list[dict]:
    return await Session.select().where(Session.course == course_id).order_by(Session.starts_at)


async def create(course_id: int, starts_at: datetime, ends_at: datetime, location: str, online_url: str,
                 capacity: int) -> int:
    row = Session(course=course_id, starts_at=starts_at, ends_at=ends_at, location=location, online_url=online_url,
                  capacity=capacity)
    await row.save()
    return row.id


async def _with_title(session_id: int) -> dict:
    session = await Session.select(*Session.all_columns(), Session.course.title.as_alias("title")).where(
        Session.id == session_id).first() if is_valid_id(session_id) else None
    if session is None:
        raise NotFound
    return session


async def attendance_list(session_id: int) -> tuple[dict, list[dict]]:
    """The session (with its course title) and the people in it in the order they came, the waiting list last."""
    session = await _with_title(session_id)
    people = await Registration.select(
        Registration.id, Registration.status, Registration.created_at,
        Registration.employee.first_name.as_alias("first_name"), Registration.employee.last_name.as_alias("last_name"),
    ).where(Registration.session == session_id, Registration.status != "cancelled").order_by(
        Registration.created_at, Registration.id)
    return session, sorted(people, key=lambda p: p["status"] == "waiting")


async def mark_attendance(session_id: int, marks: dict[int, str]) -> None:
    """Present completes the person's enrolment (and issues the certificate); absent does not.
    A mark for someone not holding a seat in this session is a 404 and saves nothing."""
    session = await _with_title(session_id)
    async with write_transaction():
        await _hold(session_id)
        rows = await Registration.select(Registration.id, Registration.employee).where(
            Registration.session == session_id, Registration.status.is_in(SEATED))
        seated = {r["id"]: r["employee"] for r in rows}
        if not set(marks) <= set(seated) or not set(marks.values()) <= {"present", "absent"}:
            raise NotFound
        for registration_id, status in marks.items():
            await Registration.update({Registration.status: status}).where(Registration.id == registration_id)
            if status == "present":
                await _complete(seated[registration_id], session["course"])


async def _complete(employee_id: int, course_id: int) -> None:
    enrolment = await learning.enrolment_of(employee_id, course_id)
    await learning.complete_enrolment(enrolment["id"] if enrolment else await learning.enrol(employee_id, course_id))
