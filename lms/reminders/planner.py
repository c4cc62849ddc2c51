"""Finds what is due and adds it as reminders; each has a dedupe key, so planning again adds nothing."""
from datetime import date, datetime, timedelta

from lms.courses.tables import Certificate, Enrolment, Evaluation, RecallCard, Registration, TrainingRequest
from lms.people.tables import Employee
from lms.competencies import needs
from lms.knowledge import reviews
from lms.knowledge.tables import Document, Page
from lms.reminders import schedule
from lms.reminders.tables import Notification, Preference, Reminder
from lms.reports import training_duty
from lms.settings import load_settings

EXPIRY_NOTICES = (7, 30, 60)  # days before a certificate lapses
EVALUATION_AFTER = timedelta(days=2)
REQUEST_WAITING = timedelta(days=3)
SESSION_NOTICE = timedelta(hours=24)
DUE_NOTICE = timedelta(days=7)
OVERDUE_FOR = timedelta(weeks=12)


async def _managers(employee_ids: set[int]) -> dict[int, int]:
    rows = await Employee.select(Employee.id, Employee.manager).where(
        Employee.id.is_in(list(employee_ids) or [0]), Employee.manager.is_not_null())
    return {r["id"]: r["manager"] for r in rows}


async def certificates(now: datetime) -> int:
    """60, 30 and 7 days before a certificate lapses, and the day it lapsed: the holder and their
    manager. Only the newest certificate of a course counts, so a renewed one stays quiet."""
    today = now.date()
    rows = await Certificate.select(Certificate.id, Certificate.employee, Certificate.course, Certificate.title,
                                    Certificate.expires_on).where(
        Certificate.expires_on.is_not_null(), Certificate.expires_on <= today + timedelta(days=max(EXPIRY_NOTICES)),
        Certificate.expires_on > today - timedelta(days=7), Certificate.employee.active.eq(True))
    newest = {}
    for row in await Certificate.select(Certificate.employee, Certificate.course, Certificate.issued_on).where(
            Certificate.employee.is_in(list({r["employee"] for r in rows}) or [0])):
        key = (row["employee"], row["course"])
        newest[key] = max(newest.get(key, row["issued_on"]), row["issued_on"])
    issued = {r["id"]: r for r in await Certificate.select(Certificate.id, Certificate.issued_on).where(
        Certificate.id.is_in([r["id"] for r in rows] or [0]))}
    managers = await _managers({r["employee"] for r in rows})
    added = 0
    for row in rows:
        if issued[row["id"]]["issued_on"] < newest[(row["employee"], row["course"])]:
            continue
        left = (row["expires_on"] - today).days
        notice = "expired" if left <= 0 else str(min(d for d in EXPIRY_NOTICES if left <= d))
        if notice == "expired":
            await needs.raise_need(row["employee"], row["title"], "compliance", dedupe_key=f"expired:{row['id']}")
        for recipient in {row["employee"], managers.get(row["employee"])} - {None}:
            added += await schedule.add("certificate", recipient, now, f"certificate:{row['id']}:{notice}:{recipient}",
                                        {"certificate": row["id"], "notice": notice})
    return added


async def sessions(now: datetime) -> int:
    """The day before a session, to everyone registered, with the calendar entry attached."""
    rows = await Registration.select(Registration.id, Registration.employee).where(
        Registration.status == "registered", Registration.session.starts_at > now,
        Registration.session.starts_at <= now + SESSION_NOTICE)
    return sum([await schedule.add("session", r["employee"], now, f"session:{r['id']}", {"registration": r["id"]})
                for r in rows])


async def evaluations(now: datetime) -> int:
    """Two days after completing without an evaluation, one nudge."""
    rows = await Enrolment.select(Enrolment.id, Enrolment.employee).where(
        Enrolment.completed_at <= now - EVALUATION_AFTER, Enrolment.completed_at > now - timedelta(days=14),
        Enrolment.id.not_in(Evaluation.select(Evaluation.enrolment)))
    return sum([await schedule.add("evaluation", r["employee"], now, f"evaluation:{r['id']}", {"enrolment": r["id"]})
                for r in rows])


async def requests(now: datetime) -> int:
    """A request still waiting for the manager after three days."""
    rows = await TrainingRequest.select(TrainingRequest.id, TrainingRequest.employee.manager.as_alias("manager")).where(
        TrainingRequest.status == "pending", TrainingRequest.created_at <= now - REQUEST_WAITING,
        TrainingRequest.employee.manager.is_not_null())
    return sum([await schedule.add("request", r["manager"], now, f"request:{r['id']}", {"request": r["id"]})
                for r in rows])


async def overdue(now: datetime) -> int:
    """Mondays: each manager gets one digest of their reports' assigned trainings past due."""
    if now.weekday() != 0:
        return 0
    rows = await Enrolment.select(Enrolment.id, Enrolment.employee.manager.as_alias("manager")).where(
        Enrolment.completed_at.is_null(), Enrolment.due_date < now.date(), Enrolment.employee.active.eq(True),
        Enrolment.employee.manager.is_not_null())
    by_manager: dict[int, list[int]] = {}
    for row in rows:
        by_manager.setdefault(row["manager"], []).append(row["id"])
    week = now.strftime("%G-W%V")
    return sum([await schedule.add("overdue", manager, now, f"overdue:{manager}:{week}", {"enrolments": ids})
                for manager, ids in by_manager.items()])


async def due(now: datetime) -> int:
    """The learner's own assigned trainings: once when due within a week, then weekly while overdue
    (for at most twelve weeks; the manager's Monday digest goes on)."""
    today = now.date()
    rows = await Enrolment.select(Enrolment.id, Enrolment.employee, Enrolment.due_date).where(
        Enrolment.completed_at.is_null(), Enrolment.due_date <= today + DUE_NOTICE,
        Enrolment.due_date > today - OVERDUE_FOR, Enrolment.employee.active.eq(True))
    week = now.strftime("%G-W%V")
    added = 0
    for row in rows:
        notice = "overdue" if row["due_date"] < today else "soon"
        when = week if notice == "overdue" else "soon"
        added += await schedule.add("due", row["employee"], now, f"due:{row['id']}:{row['due_date']}:{when}",
                                    {"enrolment": row["id"], "notice": notice})
    return added


async def digests(now: datetime) -> int:
    """From 7 in the morning (UTC), one e-mail a day for those who chose a daily digest,
    when something arrived in their inbox since the day before."""
    if now.hour < 7:
        return 0
    since = now - timedelta(days=1)
    people = await Preference.select(Preference.employee).where(
        Preference.email == "daily",
        Preference.employee.is_in(Notification.select(Notification.employee).where(Notification.created_at > since)),
    ).output(as_list=True)
    day = now.date().isoformat()
    return sum([await schedule.add("digest", person, now, f"digest:{person}:{day}", {"since": since.isoformat()})
                for person in people])


async def recalls(now: datetime) -> int:
    """From 7 in the morning (UTC), once a day, to those who asked for it: questions of their completed
    courses are back on their home page."""
    if now.hour < 7:
        return 0
    day = now.date().isoformat()
    people = await Preference.select(Preference.employee).where(
        Preference.recall_reminder.eq(True), Preference.employee.active.eq(True),
        Preference.employee.is_in(RecallCard.select(RecallCard.employee).where(RecallCard.due <= now)),
        # told today already: the sweep runs every minute, and this leaves them out in the query
        Preference.employee.not_in(Reminder.select(Reminder.employee).where(
            Reminder.kind == "recall", Reminder.dedupe_key.like(f"recall:%:{day}"))),
    ).output(as_list=True)
    return await schedule.add_many("recall", now, [(person, f"recall:{person}:{day}", {}) for person in people])


_training_checked_on: date | None = None  # the year's figures are read once a day per process, not a minute


async def training_behind(now: datetime) -> int:
    """From 1 October, once a year per manager: someone in their line is far behind on their training
    right. Checked once a day (a manager whose people fall behind later in the autumn still hears)."""
    global _training_checked_on
    if (now.date() < date(now.year, *training_duty.WARN_FROM) or load_settings().training_days <= 0
            or _training_checked_on == now.date()):
        return 0
    behind: dict[int, int] = {}
    for person in await training_duty.people(now.year):
        if person["behind"] and person["manager"]:
            behind[person["manager"]] = behind.get(person["manager"], 0) + 1
    managers = await Employee.select(Employee.id).where(
        Employee.id.is_in(list(behind) or [0]), Employee.role.is_in(["manager", "admin"]),
        Employee.active.eq(True)).output(as_list=True)
    added = await schedule.add_many("training_behind", now, [
        (manager, f"training_behind:{manager}:{now.year}", {"year": now.year, "behind": behind[manager]})
        for manager in sorted(managers)])
    _training_checked_on = now.date()
    return added


async def reviews_due(now: datetime) -> int:
    """A month before a page's or library document's review date, and once more when it is overdue: its owner."""
    today = now.date()
    due = []
    for table, kind in ((Page, "page"), (Document, "document")):
        for row in await table.select(table.id, table.owner, table.review_due).where(
                table.review_due <= today + reviews.DUE_SOON, table.deleted_at.is_null(), table.owner.active.eq(True)):
            notice = reviews.state(row, today)
            due.append((row["owner"], f"review:{kind}:{row['id']}:{row['review_due']}:{notice}",
                        {kind: row["id"], "notice": notice}))
    return await schedule.add_many("review", now, due)


async def plan(now: datetime) -> int:
    return (await certificates(now) + await sessions(now) + await evaluations(now) + await requests(now)
            + await overdue(now) + await due(now) + await recalls(now) + await reviews_due(now)
            + await training_behind(now)
            + await digests(now))
