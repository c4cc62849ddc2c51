"""Sweeps as separate processes, the way replicas, `lms serve --workers` and `lms worker` run them:
three at once while completions arrive, and one killed with SIGKILL mid-batch. Each reminder's
mails are counted in a real SMTP server: none lost, none twice."""
import asyncio
import os
import signal
import subprocess
import time
from collections import Counter
from datetime import timedelta

import pytest

from lms import clock
from lms.people.tables import Employee
from lms.reminders.sweep import sweep
from lms.reminders.tables import Reminder
from tests.outbound import start_sweeper  # noqa: F401 (a fixture)
from tests.reminders.test_checkins import complete


async def new_people(count: int, start: int, org, password_hash) -> list[Employee]:
    people = [Employee(email=f"p{n}@example.org", first_name=f"P{n}", last_name="Test", role="employee",
                       password_hash=password_hash, created_at=clock.now(), manager=org["bob"].id)
              for n in range(start, start + count)]
    await Employee.insert(*people)
    return people


async def make_planned_reminders_due() -> int:
    await Reminder.update({Reminder.next_attempt_at: clock.now() - timedelta(minutes=1)}).where(
        Reminder.status == "pending")
    return await Reminder.count().where(Reminder.status == "pending")


@pytest.fixture
def start_reminder_sweeper(mailbox, start_sweeper):
    """`lms reminders run-once` processes mailing to the test's SMTP server."""
    return lambda: start_sweeper("reminders", "run-once", LMS_SMTP_HOST="127.0.0.1", LMS_SMTP_PORT=str(mailbox.port))


async def finished(process: subprocess.Popen) -> None:
    out, err = await asyncio.to_thread(process.communicate, timeout=180)
    assert process.returncode == 0, err


def mails_per_reminder(mailbox) -> Counter:
    return Counter(int(m["X-LMS-Reminder"]) for m in mailbox.messages)


async def test_three_sweeper_processes_while_completions_arrive_mail_each_reminder_once(
        course, org, password_hash, settings, templates, mailbox, start_reminder_sweeper):
    for person in await new_people(30, 0, org, password_hash):
        await complete(course, person)
    await sweep(clock.now(), settings, templates)  # plans their check-ins
    assert await make_planned_reminders_due() == 30 * 4

    arriving = await new_people(15, 30, org, password_hash)
    sweepers = [start_reminder_sweeper() for _ in range(3)]
    for person in arriving:  # completed while the sweepers plan and send
        await complete(course, person)
    await asyncio.gather(*(finished(s) for s in sweepers))
    assert max(mails_per_reminder(mailbox).values()) == 1

    await sweep(clock.now(), settings, templates)  # plans what arrived after the sweepers planned
    assert await make_planned_reminders_due() > 0
    await asyncio.gather(*(finished(s) for s in [start_reminder_sweeper() for _ in range(3)]))

    sent = await Reminder.select(Reminder.id).where(Reminder.status == "sent").output(as_list=True)
    assert await Reminder.count() == len(sent) == 45 * 4  # each check-in planned once
    assert mails_per_reminder(mailbox) == Counter(sent)  # and mailed once


async def test_a_sweeper_killed_mid_batch_resends_at_most_the_mail_in_flight(
        course, org, password_hash, settings, templates, mailbox, start_reminder_sweeper):
    for person in await new_people(25, 0, org, password_hash):
        await complete(course, person)
    await sweep(clock.now(), settings, templates)
    due = await make_planned_reminders_due()
    mailbox.delay = 0.02
    sweeper = start_reminder_sweeper()
    deadline = time.monotonic() + 120
    while len(mailbox.messages) < 10:
        assert time.monotonic() < deadline and sweeper.poll() is None, "the sweeper never got going"
        await asyncio.sleep(0.01)
    os.kill(sweeper.pid, signal.SIGKILL)
    await asyncio.to_thread(sweeper.wait)
    mailbox.delay = 0
    at_kill = len(mailbox.messages)
    assert at_kill < due, "the sweeper finished before it was killed"

    await sweep(clock.now(), settings, templates)
    assert len(mailbox.messages) - at_kill <= 1  # the dead sweep's claim holds until it is stale
    clock.travel(timedelta(minutes=1))  # the next sweep, a minute later, takes over the rest
    await sweep(clock.now(), settings, templates)

    sent = await Reminder.select(Reminder.id).where(Reminder.status == "sent").output(as_list=True)
    assert len(sent) == due  # none lost
    mailed = mails_per_reminder(mailbox)
    assert set(mailed) == set(sent)
    assert sum(mailed.values()) - due <= 1  # at most the one mail in flight went twice
