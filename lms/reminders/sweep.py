"""The reminder sweep: plan what is due, claim it atomically, deliver it to inbox and e-mail.

Safe to run in every app replica at once: a claim is one conditional UPDATE (with FOR UPDATE
SKIP LOCKED on PostgreSQL), so each due reminder goes to one sweep. A reminder whose sweep
died mid-send stays "sending" and is claimed again once STALE has passed. Failures retry with
backoff and end, after MAX_ATTEMPTS, as "failed" in L&D's outbox."""
import json
from datetime import datetime, timedelta

from jinja2 import Environment
from piccolo.columns.combination import And, Or
from piccolo.engine.sqlite import SQLiteEngine

from lms import i18n
from lms.db import engine, write_transaction
from lms.people.tables import Employee
from lms.reminders import checkins, mail, messages, planner
from lms.reminders.tables import Notification, Preference, Reminder
from lms.settings import Settings

BATCH = 200
STALE = timedelta(minutes=10)
MAX_ATTEMPTS = 6


async def claim(now: datetime, batch: int = BATCH) -> list[dict]:
    due = Reminder.select(Reminder.id).where(Or(
        And(Reminder.status.is_in(["pending", "retry"]), Reminder.next_attempt_at <= now),
        And(Reminder.status == "sending", Reminder.claimed_at < now - STALE),
    )).order_by(Reminder.next_attempt_at).limit(batch)
    if not isinstance(engine(), SQLiteEngine):
        due = due.lock_rows("UPDATE", skip_locked=True)
    async with write_transaction():
        return await Reminder.update({
            Reminder.status: "sending", Reminder.claimed_at: now, Reminder.attempts: Reminder.attempts + 1,
        }).where(Reminder.id.is_in(due)).returning(Reminder.id, Reminder.kind, Reminder.employee,
                                                   Reminder.payload, Reminder.attempts)


def backoff(attempts: int) -> timedelta:
    return timedelta(minutes=min(2 ** attempts, 360))


async def _recipient(employee_id: int) -> dict:
    person = await Employee.select(Employee.email, Employee.first_name, Employee.language, Employee.active).where(
        Employee.id == employee_id).first()
    preference = await Preference.select(Preference.email).where(Preference.employee == employee_id).first()
    return {**person, "email_mode": preference["email"] if preference else "each"}


async def deliver(row: dict, now: datetime, settings: Settings, templates: Environment) -> str:
    """Sends one claimed reminder; returns its new status."""
    person = await _recipient(row["employee"])
    if not person["active"]:
        await Reminder.update({Reminder.status: "cancelled"}).where(Reminder.id == row["id"])
        return "cancelled"
    try:
        with i18n.using(person["language"]):
            payload = json.loads(row["payload"]) if isinstance(row["payload"], str) else row["payload"]
            message = await messages.render(row["kind"], payload, settings, row["employee"])
            context = {"message": message, "person": person, "settings": settings}
            text = templates.get_template("reminders/email.txt").render(context)
            html = templates.get_template("reminders/email.html").render(context)
        digest = row["kind"] == "digest"
        if person["email_mode"] == "each" or digest:
            await mail.send(settings, mail.build(settings, person["email"], message.title, text, html,
                                                 message.attachments))
    except Exception as error:  # noqa: BLE001 - any failure is retried, and shown in the outbox
        failed = row["attempts"] >= MAX_ATTEMPTS
        await Reminder.update({
            Reminder.status: "failed" if failed else "retry", Reminder.last_error: str(error)[:1000],
            Reminder.next_attempt_at: now + backoff(row["attempts"]),
        }).where(Reminder.id == row["id"])
        return "failed" if failed else "retry"
    async with write_transaction():
        if not digest and not await Notification.exists().where(Notification.reminder == row["id"]):
            await Notification.insert(Notification(employee=row["employee"], reminder=row["id"], title=message.title,
                                                   body=message.body, url=message.app_path, created_at=now))
        await Reminder.update({Reminder.status: "sent", Reminder.sent_at: now, Reminder.last_error: ""}).where(
            Reminder.id == row["id"])
    return "sent"


async def sweep(now: datetime, settings: Settings, templates: Environment) -> dict[str, int]:
    """One pass: plan, then deliver everything due. Returns counts per outcome."""
    counts = {"planned": await checkins.plan(now, settings) + await planner.plan(now)}
    while rows := await claim(now):
        for row in rows:
            status = await deliver(row, now, settings, templates)
            counts[status] = counts.get(status, 0) + 1
        if len(rows) < BATCH:
            break
    return counts
