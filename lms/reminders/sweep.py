"""The reminder sweep: plan what is due, claim it atomically, deliver it to inbox and e-mail, and
queue it for the person's browsers with push on (lms/reminders/push.py pushes it).

Safe to run in every app replica at once: reminders are claimed a batch at a time as lms/outbox.py
says, so each due reminder goes to one sweep. Each e-mail is recorded as
sent as soon as the mail server took it; what a sweep that died had yet to send stays "sending"
and is claimed again by the next sweep once STALE has passed without a sign of life. Failures retry with
backoff and end, after MAX_ATTEMPTS, as "failed" in L&D's outbox."""
import time
from collections import Counter
from datetime import datetime, timedelta
from email.message import EmailMessage

from jinja2 import Environment
from lms import i18n, outbox
from lms.db import engine, write_transaction
from lms.people.tables import Employee
from lms.reminders import checkins, mail, messages, planner, push
from lms.reminders.tables import Notification, Preference, Reminder
from lms.settings import Settings

BATCH = 500
STALE = timedelta(seconds=50)  # under the one-minute sweep interval: a dead sweep's rest goes next sweep
MAX_ATTEMPTS = 6


async def claim(now: datetime, batch: int = BATCH) -> list[dict]:
    return await outbox.claim(Reminder, now, batch, STALE, Reminder.kind, Reminder.employee, Reminder.payload)


async def _recipients(employee_ids: set[int]) -> dict[int, dict]:
    ids = list(employee_ids) or [0]
    people = await Employee.select(Employee.id, Employee.email, Employee.first_name, Employee.language,
                                   Employee.active).where(Employee.id.is_in(ids))
    modes = {p["employee"]: p["email"] for p in await Preference.select(Preference.employee, Preference.email).where(
        Preference.employee.is_in(ids))}
    pushing = await push.subscribed(ids)
    return {p["id"]: {**p, "email_mode": modes.get(p["id"], "each"), "push": p["id"] in pushing} for p in people}


async def _compose(row: dict, person: dict, settings: Settings, templates: Environment, known_checkins: dict):
    """The inbox message, and the e-mail when the person wants one for it."""
    with i18n.using(person["language"]):
        message = await messages.render(row["kind"], row["payload"], settings, row["employee"], known_checkins)
        if person["email_mode"] != "each" and row["kind"] not in messages.EMAIL_ONLY:
            return message, None
        context = {"message": message, "person": person, "settings": settings}
        text = templates.get_template("reminders/email.txt").render(context)
        html = templates.get_template("reminders/email.html").render(context)
    email = mail.build(settings, person["email"], message.title, text, html, message.attachments)
    email["X-LMS-Reminder"] = str(row["id"])  # traces a mail in a server's log back to its reminder
    return message, email


async def deliver(rows: list[dict], now: datetime, settings: Settings, templates: Environment) -> Counter:
    """Delivers a batch of claimed reminders; returns counts per new status. What needs no e-mail
    is recorded in one transaction. Each e-mail is recorded the moment the server took it, so a
    sweep killed mid-batch re-sends at most the one mail in flight."""
    people = await _recipients({row["employee"] for row in rows})
    composed: dict[int, messages.Message] = {}
    errors: dict[int, str] = {}
    outgoing: dict[int, EmailMessage] = {}
    async with engine().transaction():  # the reads share one connection
        known_checkins = await checkins.of_ids([r["payload"].get("checkin", 0) for r in rows if r["kind"] == "checkin"])
        for row in rows:
            if not people[row["employee"]]["active"]:
                continue
            try:
                composed[row["id"]], email = await _compose(row, people[row["employee"]], settings, templates,
                                                            known_checkins)
            except Exception as error:  # noqa: BLE001 - a reminder that cannot be rendered is retried, and shown
                errors[row["id"]] = f"{type(error).__name__}: {error}"
                continue
            if email is not None:
                outgoing[row["id"]] = email
    counts = await _record([r for r in rows if r["id"] not in outgoing], people, composed, errors, now,
                           settings.timezone)
    lease = _Lease(list(outgoing), now)
    async with mail.Outbox(settings) as outbox:
        for row in (r for r in rows if r["id"] in outgoing):
            error = await outbox.send(outgoing[row["id"]])
            counts += await _record([row], people, composed, {row["id"]: error} if error else {}, now,
                                    settings.timezone)
            await lease.keep(row["id"])
    return counts


class _Lease:
    """Keeps this sweep's claim on the e-mails it has yet to send fresh while it works, so another
    sweep takes them over only when this one has died (STALE after its last sign of life)."""
    EVERY = 10.0  # seconds

    def __init__(self, ids: list[int], now: datetime):
        self.waiting = set(ids)
        self.now = now
        self.started = self.renewed = time.monotonic()

    async def keep(self, done: int) -> None:
        self.waiting.discard(done)
        if self.waiting and time.monotonic() - self.renewed >= self.EVERY:
            self.renewed = time.monotonic()
            alive_at = self.now + timedelta(seconds=self.renewed - self.started)
            await Reminder.update({Reminder.claimed_at: alive_at}).where(
                Reminder.id.is_in(list(self.waiting)), Reminder.status == "sending")


INBOX_INSERT = "INSERT INTO notification (employee, reminder, title, body, url, created_at) VALUES "
INBOX_ROWS = 150  # six parameters each: under SQLite's oldest limit of 999 a statement


async def _add_to_inboxes(entries: list[tuple]) -> None:
    """Plain multi-row INSERTs: Piccolo built a Table object and its SQL per message, a third of a
    sweep's time on PostgreSQL."""
    for start in range(0, len(entries), INBOX_ROWS):
        chunk = entries[start:start + INBOX_ROWS]
        await Notification.raw(INBOX_INSERT + ", ".join(["({}, {}, {}, {}, {}, {})"] * len(chunk)),
                               *(value for entry in chunk for value in entry))


async def _record(rows: list[dict], people: dict, composed: dict, errors: dict, now: datetime,
                  zone: str) -> Counter:
    counts: Counter = Counter()
    if not rows:
        return counts
    async with write_transaction():
        have_notification = set(await Notification.select(Notification.reminder).where(
            Notification.reminder.is_in([r["id"] for r in rows] or [0])).output(as_list=True))
        sent = [r for r in rows if r["id"] in composed and r["id"] not in errors]
        to_inbox = [r for r in sent if r["kind"] not in messages.EMAIL_ONLY and r["id"] not in have_notification]
        await _add_to_inboxes([(r["employee"], r["id"], composed[r["id"]].title, composed[r["id"]].body,
                                composed[r["id"]].app_path, now) for r in to_inbox])
        # in the same transaction as the inbox: a reminder is pushed exactly when it is in the inbox
        await push.queue([(r["id"], r["employee"], composed[r["id"]].title, composed[r["id"]].body,
                           composed[r["id"]].app_path) for r in to_inbox if people[r["employee"]]["push"]], now, zone)
        if sent:
            await Reminder.update({Reminder.status: "sent", Reminder.sent_at: now, Reminder.last_error: ""}).where(
                Reminder.id.is_in([r["id"] for r in sent]))
        cancelled = [r["id"] for r in rows if not people[r["employee"]]["active"]]
        if cancelled:
            await Reminder.update({Reminder.status: "cancelled"}).where(Reminder.id.is_in(cancelled))
        for row in rows:
            if row["id"] in errors:
                status = "failed" if row["attempts"] >= MAX_ATTEMPTS else "retry"
                await Reminder.update({Reminder.status: status, Reminder.last_error: errors[row["id"]][:1000],
                                       Reminder.next_attempt_at: now + outbox.backoff(row["attempts"])}).where(
                    Reminder.id == row["id"])
                counts[status] += 1
    counts.update(sent=len(sent), cancelled=len(cancelled))
    return counts


async def sweep(now: datetime, settings: Settings, templates: Environment) -> dict[str, int]:
    """One pass: plan, then deliver everything due. Returns counts per outcome."""
    planned = await checkins.plan(now, settings) + await planner.plan(now)
    delivered: Counter = Counter()
    while rows := await claim(now):
        delivered += await deliver(rows, now, settings, templates)
        if len(rows) < BATCH:
            break
    return {"planned": planned, **delivered}
