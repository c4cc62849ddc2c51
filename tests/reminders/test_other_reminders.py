"""Certificates expiring, a session tomorrow, a missing evaluation, a waiting request, overdue
trainings, and the daily digest: each planned once, at its moment, to the right people."""
from datetime import datetime, timedelta, timezone

from lms import clock
from lms.competencies.tables import LearningNeed
from lms.courses.learning import complete_enrolment, enrol
from lms.courses.tables import Certificate, Enrolment, Registration, Session, TrainingRequest
from lms.people.tables import Employee
from lms.reminders.sweep import sweep
from lms.reminders.tables import Notification, Preference, Reminder
from tests.reminders.helpers import evaluated


def subjects(mailbox) -> list[tuple[str, str]]:
    return sorted((m["To"], m["Subject"]) for m in mailbox.messages)


async def certificate(course, person, expires_in_days: int, issued_days_ago: int = 300) -> Certificate:
    today = clock.now().date()
    row = Certificate(employee=person.id, course=course["course"].id, title="Fire safety basics",
                      code=f"TEST-{person.id}-{issued_days_ago}", issued_on=today - timedelta(days=issued_days_ago),
                      expires_on=today + timedelta(days=expires_in_days))
    await row.save()
    return row


async def test_an_expiring_certificate_warns_holder_and_manager_at_60_30_and_7_days(course, org, settings,
                                                                                    templates, mailbox):
    await certificate(course, org["charlie"], expires_in_days=45)
    await sweep(clock.now(), settings, templates)
    assert [to for to, _ in subjects(mailbox)] == ["bob@example.org", "charlie@example.org"]
    assert "The certificate Fire safety basics of Charlie expires on" in mailbox.messages[0]["Subject"]
    await sweep(clock.now(), settings, templates)
    assert len(mailbox.messages) == 2
    for days, total in ((16, 4), (23, 6), (8, 8)):
        clock.travel(timedelta(days=days))
        await sweep(clock.now(), settings, templates)
        assert len(mailbox.messages) == total
    assert "has expired" in mailbox.messages[-1]["Subject"]
    await sweep(clock.now(), settings, templates)
    needs = await LearningNeed.select(LearningNeed.title, LearningNeed.source).where(
        LearningNeed.employee == org["charlie"].id)
    assert needs == [{"title": "Fire safety basics", "source": "compliance"}]  # raised once, on expiry


async def test_a_renewed_certificate_stays_quiet(course, org, settings, templates, mailbox):
    await certificate(course, org["charlie"], expires_in_days=20, issued_days_ago=345)
    await certificate(course, org["charlie"], expires_in_days=360, issued_days_ago=5)
    await sweep(clock.now(), settings, templates)
    assert mailbox.messages == []


async def test_a_session_tomorrow_comes_with_its_calendar_entry(course, org, settings, templates, mailbox):
    start = clock.now() + timedelta(hours=20)
    session = Session(course=course["course"].id, starts_at=start, ends_at=start + timedelta(hours=3),
                      location="Room 2", capacity=10, seats_taken=1)
    await session.save()
    await Registration.insert(Registration(session=session.id, employee=org["charlie"].id, status="registered",
                                           created_at=clock.now()))
    await sweep(clock.now(), settings, templates)
    message = mailbox.messages[0]
    assert message["Subject"] == "Tomorrow: Fire safety basics"
    invitation = next(part for part in message.iter_attachments() if part.get_content_type() == "text/calendar")
    ics = invitation.get_content()
    ics = ics.decode() if isinstance(ics, bytes) else ics
    assert "BEGIN:VEVENT" in ics and "SUMMARY:Fire safety basics" in ics and "LOCATION:Room 2" in ics


async def test_a_missing_evaluation_is_asked_for_once_after_two_days(course, org, settings, templates, mailbox):
    enrolment_id = await enrol(org["charlie"].id, course["course"].id)
    await complete_enrolment(enrolment_id)
    await sweep(clock.now(), settings, templates)
    assert mailbox.messages == []
    clock.travel(timedelta(days=2, minutes=1))
    await sweep(clock.now(), settings, templates)
    assert subjects(mailbox) == [("charlie@example.org", "How was Fire safety basics?")]


async def test_a_request_waiting_three_days_reminds_the_manager(course, org, settings, templates, mailbox):
    await TrainingRequest.insert(TrainingRequest(employee=org["charlie"].id, title="PMP", reason="growth",
                                                 created_at=clock.now()))
    clock.travel(timedelta(days=3, minutes=1))
    await sweep(clock.now(), settings, templates)
    assert subjects(mailbox) == [("bob@example.org", "Charlie is waiting for your answer")]


async def test_overdue_trainings_make_one_monday_digest_per_manager(course, org, settings, templates, mailbox):
    for person in ("charlie", "dave"):
        await enrol(org[person].id, course["course"].id, source="assigned", due_date=clock.now().date())
    days_to_monday = (7 - clock.now().weekday()) % 7 or 7
    clock.travel(timedelta(days=days_to_monday))
    await Enrolment.update({Enrolment.completed_at: clock.now()}).where(Enrolment.employee == org["alice"].id)
    await sweep(clock.now(), settings, templates)
    overdue = [(to, s) for to, s in subjects(mailbox) if s == "Overdue trainings in your team"]
    assert overdue == [("bob@example.org", "Overdue trainings in your team"),
                       ("erin@example.org", "Overdue trainings in your team")]
    clock.travel(timedelta(days=1))
    await sweep(clock.now(), settings, templates)
    assert len([s for _, s in subjects(mailbox) if s == "Overdue trainings in your team"]) == 2


async def test_no_mail_or_a_daily_digest_when_chosen(course, org, settings, templates, mailbox):
    await Preference.insert(Preference(employee=org["charlie"].id, email="daily"),
                            Preference(employee=org["bob"].id, email="none"))
    await certificate(course, org["charlie"], expires_in_days=45)
    morning = datetime.combine(clock.now().date() + timedelta(days=1), datetime.min.time(), timezone.utc)
    clock.travel(morning + timedelta(hours=5) - clock.now())
    await sweep(clock.now(), settings, templates)
    assert mailbox.messages == []  # both reminders reached the inbox only
    assert await Notification.count() == 2
    clock.travel(timedelta(hours=3))
    await sweep(clock.now(), settings, templates)
    assert subjects(mailbox) == [("charlie@example.org", "Your day in lms")]
    assert "The certificate Fire safety basics" in mailbox.messages[0].get_body(("plain",)).get_content()


async def test_a_deactivated_person_gets_nothing(course, org, settings, templates, mailbox):
    await Employee.update({Employee.active: False, Employee.manager: None}).where(Employee.id == org["charlie"].id)
    enrolment_id = await enrol(org["charlie"].id, course["course"].id)
    await complete_enrolment(enrolment_id)
    await evaluated(enrolment_id)
    clock.travel(timedelta(days=8))
    await sweep(clock.now(), settings, templates)
    assert mailbox.messages == []
    assert await Reminder.count().where(Reminder.status == "cancelled") == 1
