"""Every event reaches the person it concerns, in the inbox and by e-mail, in their language: a request
decided, a seat freed from the waiting list, an assignment, their own training due or overdue, a session
changed or cancelled (with the calendar entry replaced or cancelled)."""
from datetime import timedelta

import pytest

from lms import clock
from lms.courses.tables import Enrolment, Registration, Session
from lms.people.tables import Employee
from lms.reminders.sweep import sweep
from lms.reminders.tables import Notification
from tests.conftest import signed_in_client
from tests.courses.test_requests import asked


def to(mailbox, address: str) -> list:
    return [m for m in mailbox.messages if m["To"] == address]


def calendar_of(message) -> str:
    part = next(p for p in message.iter_attachments() if p.get_content_type() == "text/calendar")
    return part.get_content() if isinstance(part.get_content(), str) else part.get_content().decode()


@pytest.fixture
async def classroom(course):
    start = clock.now() + timedelta(days=10)
    session = Session(course=course["course"].id, starts_at=start, ends_at=start + timedelta(hours=3),
                      location="Room 2", capacity=1)
    await session.save()
    return session


@pytest.mark.parametrize("decision, subject", [("approve", "Approved: Negotiation masterclass"),
                                               ("reject", "Not approved: Negotiation masterclass")])
async def test_the_requester_hears_the_decision_with_the_comment(as_charlie, as_bob, org, settings, templates, mailbox,
                                                                 decision, subject):
    request = await asked(as_charlie)
    await as_bob.post(f"/requests/{request.id}/decide", data={"decision": decision, "comment": "Budget is tight"})
    await sweep(clock.now(), settings, templates)
    await sweep(clock.now(), settings, templates)
    told = to(mailbox, "charlie@example.org")
    assert [m["Subject"] for m in told] == [subject]
    assert "Bob wrote: Budget is tight" in told[0].get_body(("plain",)).get_content()
    assert await Notification.exists().where(Notification.employee == org["charlie"].id,
                                             Notification.url == f"/requests/{request.id}")


async def test_the_first_on_the_waiting_list_hears_a_seat_is_free(make_client, classroom, course, org, settings,
                                                                  templates, mailbox):
    charlie = await signed_in_client(make_client, "charlie@example.org")
    dave = await signed_in_client(make_client, "dave@example.org")
    base = f"/courses/{course['course'].id}/sessions/{classroom.id}"
    await charlie.post(f"{base}/register")
    await dave.post(f"{base}/register")
    await charlie.post(f"{base}/cancel")
    await sweep(clock.now(), settings, templates)
    told = to(mailbox, "dave@example.org")
    assert [m["Subject"] for m in told] == ["A seat is free for you: Fire safety basics"]
    assert "BEGIN:VEVENT" in calendar_of(told[0])
    assert to(mailbox, "charlie@example.org") == []


async def test_a_changed_session_replaces_the_calendar_entry_and_a_cancelled_one_cancels_it(
        as_alice, make_client, classroom, course, org, settings, templates, mailbox):
    charlie = await signed_in_client(make_client, "charlie@example.org")
    dave = await signed_in_client(make_client, "dave@example.org")
    base = f"/courses/{course['course'].id}/sessions/{classroom.id}"
    await charlie.post(f"{base}/register")
    await dave.post(f"{base}/register")  # waiting: capacity 1
    day = (clock.now() + timedelta(days=12)).date().isoformat()
    change = {"day": day, "start": "13:00", "end": "16:00", "location": "Room 5", "online_url": "", "capacity": "2"}
    response = await as_alice.post(f"/admin/sessions/{classroom.id}/edit", data=change)
    assert response.status_code == 303 and response.headers["location"].endswith("notice=session_changed")
    await sweep(clock.now(), settings, templates)
    assert [m["Subject"] for m in to(mailbox, "charlie@example.org")] == ["Changed: Fire safety basics"]
    ics = calendar_of(to(mailbox, "charlie@example.org")[0])
    assert "SEQUENCE:1" in ics and "LOCATION:Room 5" in ics and "METHOD:PUBLISH" in ics
    assert [m["Subject"] for m in to(mailbox, "dave@example.org")] == [
        "A seat is free for you: Fire safety basics"]  # the larger room moved Dave up

    confirm = await as_alice.get(f"/admin/sessions/{classroom.id}/cancel")
    assert "The 2 people registered or waiting are told" in confirm.text
    await as_alice.post(f"/admin/sessions/{classroom.id}/cancel")
    await sweep(clock.now(), settings, templates)
    cancelled = [m for m in to(mailbox, "charlie@example.org") if m["Subject"] == "Cancelled: Fire safety basics"]
    ics = calendar_of(cancelled[0])
    assert "METHOD:CANCEL" in ics and "STATUS:CANCELLED" in ics and "SEQUENCE:2" in ics
    assert set(await Registration.select(Registration.status).output(as_list=True)) == {"cancelled"}
    assert "Room 5" not in (await charlie.get(f"/courses/{course['course'].id}")).text  # no longer offered
    assert (await charlie.post(f"{base}/register")).status_code == 409


@pytest.mark.parametrize("field, value, message", [
    ("capacity", "0", "Capacity must be a whole number from 1 to 1000."),
    ("end", "08:00", "The end must come after the start."),
    ("day", "yesterday", "Date must be a date like 2025-03-31."),
    ("day", "2001-01-01", "A session cannot start in the past."),
    ("online_url", "javascript:alert(1)", "The online link must start with https://."),
])
async def test_a_bad_session_change_names_the_field(as_alice, classroom, field, value, message):
    day = (clock.now() + timedelta(days=12)).date().isoformat()
    data = {"day": day, "start": "13:00", "end": "16:00", "location": "Room 5", "online_url": "", "capacity": "2",
            field: value}
    response = await as_alice.post(f"/admin/sessions/{classroom.id}/edit", data=data)
    assert response.status_code == 400 and message in response.text
    assert (await Session.objects().get(Session.id == classroom.id)).sequence == 0


async def test_the_capacity_never_drops_below_the_seats_held(as_alice, make_client, classroom, course):
    charlie = await signed_in_client(make_client, "charlie@example.org")
    await charlie.post(f"/courses/{course['course'].id}/sessions/{classroom.id}/register")
    day = (clock.now() + timedelta(days=12)).date().isoformat()
    await Session.update({Session.capacity: 5}).where(Session.id == classroom.id)
    dave = await signed_in_client(make_client, "dave@example.org")
    await dave.post(f"/courses/{course['course'].id}/sessions/{classroom.id}/register")
    response = await as_alice.post(f"/admin/sessions/{classroom.id}/edit", data={
        "day": day, "start": "13:00", "end": "16:00", "location": "Room 5", "capacity": "1"})
    assert response.status_code == 400 and "2 people hold a seat: the capacity cannot be lower." in response.text


async def test_only_l_and_d_changes_or_cancels_a_session(as_bob, as_charlie, classroom):
    for client in (as_bob, as_charlie):
        assert (await client.post(f"/admin/sessions/{classroom.id}/edit", data={})).status_code == 403
        assert (await client.get(f"/admin/sessions/{classroom.id}/cancel")).status_code == 403
        assert (await client.post(f"/admin/sessions/{classroom.id}/cancel")).status_code == 403
    assert (await Session.objects().get(Session.id == classroom.id)).cancelled_at is None


async def test_the_learner_hears_a_week_before_and_weekly_while_overdue(course, org, settings, templates, mailbox):
    from lms.courses.learning import enrol

    await enrol(org["charlie"].id, course["course"].id, source="assigned", assigned_by=org["bob"].id,
                due_date=clock.now().date() + timedelta(days=10))
    await sweep(clock.now(), settings, templates)
    subjects = lambda: [m["Subject"] for m in to(mailbox, "charlie@example.org")]  # noqa: E731
    assert subjects() == []  # ten days ahead: nothing yet (the service call tells no assignment)
    clock.travel(timedelta(days=4))
    await sweep(clock.now(), settings, templates)
    assert sum(s.startswith("Due on") for s in subjects()) == 1
    clock.travel(timedelta(days=7))
    for _ in range(3):  # overdue: once this week however often the sweep runs
        await sweep(clock.now(), settings, templates)
        clock.travel(timedelta(hours=1))
    assert sum(s == "Overdue: Fire safety basics" for s in subjects()) == 1
    clock.travel(timedelta(days=7))
    await sweep(clock.now(), settings, templates)
    assert sum(s == "Overdue: Fire safety basics" for s in subjects()) == 2
    await Enrolment.update({Enrolment.completed_at: clock.now()}).where(Enrolment.employee == org["charlie"].id)
    clock.travel(timedelta(days=7))
    await sweep(clock.now(), settings, templates)
    assert sum(s == "Overdue: Fire safety basics" for s in subjects()) == 2  # done: quiet


async def test_people_assigned_in_bulk_by_l_and_d_are_told_in_their_language(as_alice, course, org, settings,
                                                                             templates, mailbox):
    await Employee.update({Employee.language: "nl"}).where(Employee.id == org["dave"].id)
    response = await as_alice.post(f"/admin/courses/{course['course'].id}/assign",
                                   data={"emails": "charlie@example.org dave@example.org", "due_date": ""})
    assert response.status_code == 303
    await sweep(clock.now(), settings, templates)
    assert [m["Subject"] for m in to(mailbox, "charlie@example.org")] == ["New training for you: Fire safety basics"]
    assert [m["Subject"] for m in to(mailbox, "dave@example.org")] == ["Nieuwe opleiding voor jou: Fire safety basics"]
