"""Impact check-ins: planned at the offsets, delivered once, answered by a signed link."""
import asyncio
import re
from datetime import timedelta

from lms import clock
from lms.courses.learning import complete_enrolment, enrol
from tests.reminders.helpers import evaluated
from lms.courses.tables import Course
from lms.people.tables import Employee
from lms.reminders.sweep import sweep
from lms.reminders.tables import CheckIn, Notification, Reminder


async def complete(course, person):
    enrolment_id = await enrol(person.id, course["course"].id)
    await complete_enrolment(enrolment_id)
    await evaluated(enrolment_id)  # so the evaluation nudge stays out of these tests
    return enrolment_id


async def test_check_ins_come_at_one_week_two_months_and_six_months(course, org, settings, templates, mailbox):
    await complete(course, org["charlie"])
    counts = await sweep(clock.now(), settings, templates)
    assert counts["planned"] == 4  # charlie at 7, 60 and 180 days; bob, his manager, at 60
    assert mailbox.messages == []  # nothing is due yet
    clock.travel(timedelta(days=7, minutes=1))
    await sweep(clock.now(), settings, templates)
    assert [m["To"] for m in mailbox.messages] == ["charlie@example.org"]
    assert "How is it going with Fire safety basics?" == mailbox.messages[0]["Subject"]
    clock.travel(timedelta(days=53))
    await sweep(clock.now(), settings, templates)
    assert sorted(m["To"] for m in mailbox.messages[1:]) == ["bob@example.org", "charlie@example.org"]
    assert "Is Charlie applying Fire safety basics?" in [m["Subject"] for m in mailbox.messages]
    clock.travel(timedelta(days=120))
    await sweep(clock.now(), settings, templates)
    assert len(mailbox.messages) == 4
    assert await Notification.count() == 4


async def test_running_the_sweep_again_sends_nothing_twice(course, org, settings, templates, mailbox):
    await complete(course, org["charlie"])
    clock.travel(timedelta(days=8))
    await sweep(clock.now(), settings, templates)
    await sweep(clock.now(), settings, templates)
    assert len(mailbox.messages) == 1
    assert await CheckIn.count() == 4


async def test_a_course_can_ask_no_check_ins_or_its_own_moments(course, org, settings, templates):
    await Course.update({Course.checkin_days: "none"}).where(Course.id == course["course"].id)
    await complete(course, org["charlie"])
    assert (await sweep(clock.now(), settings, templates))["planned"] == 0
    await Course.update({Course.checkin_days: "14"}).where(Course.id == course["course"].id)
    await Employee.update({Employee.manager: None}).where(Employee.id == org["dave"].id)
    await complete(course, org["dave"])
    await sweep(clock.now(), settings, templates)
    # charlie (and bob, his manager) now get the course's moment too; dave has no manager any more
    assert sorted(await CheckIn.select(CheckIn.offset_days).output(as_list=True)) == [14, 14, 14]


async def test_three_concurrent_sweeps_deliver_each_reminder_once(course, org, settings, templates, mailbox):
    for person in ("charlie", "dave", "alice", "bob", "erin"):
        await complete(course, org[person])
    clock.travel(timedelta(days=200))
    await sweep(clock.now(), settings, templates)  # plan first, so the race is over delivery alone
    await Reminder.update({Reminder.status: "pending", Reminder.sent_at: None}).where(Reminder.id > 0)
    await Notification.delete(force=True)
    mailbox.messages.clear()
    await asyncio.gather(*(sweep(clock.now(), settings, templates) for _ in range(3)))
    total = await Reminder.count()
    assert len(mailbox.messages) == total
    assert await Notification.count() == total
    assert await Reminder.count().where(Reminder.status == "sent") == total


async def test_three_sweeps_planning_at_once_while_completions_arrive_send_each_check_in_once(
        course, org, settings, templates, mailbox, password_hash):
    people = []
    for n in range(30):
        person = Employee(email=f"p{n}@example.org", first_name=f"P{n}", last_name="Test", role="employee",
                          password_hash=password_hash, created_at=clock.now(), manager=org["bob"].id)
        await person.save()
        people.append(person)

    async def completions():
        for person in people:
            await complete(course, person)
            await asyncio.sleep(0)

    async def sweeps():
        for _ in range(4):
            await sweep(clock.now(), settings, templates)

    await asyncio.gather(completions(), sweeps(), sweeps(), sweeps())
    await asyncio.gather(sweeps(), sweeps(), sweeps())
    assert await CheckIn.count() == 30 * 4  # each learner at 7, 60 and 180 days, their manager at 60
    clock.travel(timedelta(days=7, minutes=1))
    await asyncio.gather(sweeps(), sweeps(), sweeps())
    day_seven = [m["To"] for m in mailbox.messages if m["Subject"] == "How is it going with Fire safety basics?"]
    assert sorted(day_seven) == sorted(p.email for p in people)  # every learner once: none lost, none twice


async def test_a_failing_mail_server_is_retried_with_backoff(course, org, settings, templates, mailbox):
    await complete(course, org["charlie"])
    clock.travel(timedelta(days=8))
    mailbox.fail = True
    assert (await sweep(clock.now(), settings, templates)).get("retry") == 1
    reminder = await Reminder.objects().get(Reminder.status == "retry")
    assert "451" in reminder.last_error and await Notification.count() == 0
    assert (await sweep(clock.now(), settings, templates)).get("retry") is None  # not yet due again
    mailbox.fail = False
    clock.travel(timedelta(minutes=3))
    assert (await sweep(clock.now(), settings, templates))["sent"] == 1
    assert len(mailbox.messages) == 1 and await Notification.count() == 1


async def test_a_crash_between_claiming_and_sending_is_picked_up_again(course, org, settings, templates, mailbox):
    from lms.reminders.sweep import claim

    await complete(course, org["charlie"])
    clock.travel(timedelta(days=8))
    await sweep(clock.now() - timedelta(days=8), settings, templates)  # plan only: nothing due then
    claimed = await claim(clock.now())  # the sweep claims ... and dies here
    assert len(claimed) == 1
    await sweep(clock.now(), settings, templates)
    assert mailbox.messages == []  # still someone else's, for now
    clock.travel(timedelta(minutes=11))
    await sweep(clock.now(), settings, templates)
    assert len(mailbox.messages) == 1


async def test_mails_speak_the_recipients_language(course, org, settings, templates, mailbox):
    await Employee.update({Employee.language: "nl"}).where(Employee.id == org["charlie"].id)
    await complete(course, org["charlie"])
    clock.travel(timedelta(days=8))
    await sweep(clock.now(), settings, templates)
    message = mailbox.messages[0]
    assert message["Subject"] == "Hoe gaat het met Fire safety basics?"
    text = message.get_body(("plain",)).get_content()
    html = message.get_body(("html",)).get_content()
    assert "Hallo Charlie" in text and "Hallo Charlie" in html
    assert re.search(r"https://lms.example.org/checkins/\d+/\d+/[0-9a-f]{32}", text)


async def test_run_once_sweeps_from_the_command_line(course, org, mailbox):
    import os
    import subprocess
    import sys

    await complete(course, org["charlie"])
    env = {**os.environ, "LMS_SMTP_HOST": "127.0.0.1", "LMS_SMTP_PORT": str(mailbox.port)}
    done = subprocess.run([sys.executable, "-m", "lms.cli", "reminders", "run-once"], capture_output=True, text=True,
                          env=env, timeout=120)
    assert done.returncode == 0, done.stderr
    assert "planned: 4" in done.stdout
    assert await CheckIn.count() == 4


async def test_the_app_sweeps_on_its_own_once_started(monkeypatch, course, org):
    from lms.app import create_app

    await complete(course, org["charlie"])
    monkeypatch.setenv("LMS_SCHEDULER", "true")
    monkeypatch.setenv("LMS_SMTP_PORT", "1")  # nothing is due, so nothing is mailed
    async with create_app().lifespan():
        for _ in range(50):
            if await CheckIn.count():
                break
            await asyncio.sleep(0.1)
    assert await CheckIn.count() == 4
