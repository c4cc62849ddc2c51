"""Sessions: seats, the waiting list that moves up, the last-seat race, attendance."""
import asyncio
from datetime import timedelta

import pytest

from lms import clock
from lms.courses import sessions
from lms.courses.tables import Certificate, Course, Enrolment, Registration, Session
from lms.people.tables import Employee


@pytest.fixture
async def classroom(course):
    start = clock.now() + timedelta(days=10)
    session = Session(course=course["course"].id, starts_at=start, ends_at=start + timedelta(hours=3),
                      location="Room 2", capacity=2)
    await session.save()
    return session


def url(course, session, action):
    return f"/courses/{course['course'].id}/sessions/{session.id}/{action}"


async def statuses(session) -> dict[int, str]:
    rows = await Registration.select(Registration.employee, Registration.status).where(
        Registration.session == session.id)
    return {r["employee"]: r["status"] for r in rows}


async def test_it_registers_until_full_then_keeps_a_waiting_list(course, classroom, org):
    for person in ("charlie", "dave", "erin"):
        await sessions.register(org[person].id, course["course"].id, classroom.id)
    assert await statuses(classroom) == {org["charlie"].id: "registered", org["dave"].id: "registered",
                                         org["erin"].id: "waiting"}
    assert (await Session.objects().get(Session.id == classroom.id)).seats_taken == 2


async def test_a_cancelled_seat_goes_to_the_first_on_the_waiting_list(course, classroom, org):
    for person in ("charlie", "dave", "erin", "bob"):
        await sessions.register(org[person].id, course["course"].id, classroom.id)
    await sessions.cancel(org["charlie"].id, course["course"].id, classroom.id)
    after = await statuses(classroom)
    assert after[org["erin"].id] == "registered" and after[org["bob"].id] == "waiting"
    assert (await Session.objects().get(Session.id == classroom.id)).seats_taken == 2
    await sessions.cancel(org["bob"].id, course["course"].id, classroom.id)  # leaving the waiting list frees nothing
    await sessions.cancel(org["dave"].id, course["course"].id, classroom.id)
    assert (await Session.objects().get(Session.id == classroom.id)).seats_taken == 1


async def test_two_people_never_both_get_the_last_seat(course, classroom, org, password_hash):
    await Session.update({Session.capacity: 1}).where(Session.id == classroom.id)
    people = [Employee(email=f"racer{i}@example.org", first_name=f"R{i}", last_name="Race", created_at=clock.now())
              for i in range(10)]
    await Employee.insert(*people)
    ids = await Employee.select(Employee.id).where(Employee.last_name == "Race").output(as_list=True)
    results = await asyncio.gather(*(sessions.register(i, course["course"].id, classroom.id) for i in ids))
    assert sorted(results) == ["registered"] + ["waiting"] * 9
    assert (await Session.objects().get(Session.id == classroom.id)).seats_taken == 1


async def test_the_course_page_offers_the_sessions(as_charlie, course, classroom, org):
    page = await as_charlie.get(f"/courses/{course['course'].id}")
    assert "2 seats left" in page.text and "Room 2" in page.text
    response = await as_charlie.post(url(course, classroom, "register"))
    assert response.status_code == 303 and "notice=registered" in response.headers["location"]
    page = await as_charlie.get(f"/courses/{course['course'].id}")
    assert "You are registered" in page.text and "Cancel my place" in page.text
    assert await Enrolment.exists().where(Enrolment.employee == org["charlie"].id)
    again = await as_charlie.post(url(course, classroom, "register"))
    assert again.status_code == 409


async def test_a_session_of_another_course_is_a_404_and_saves_nothing(as_charlie, course, classroom, org):
    other = Course(title="Other", published=True, created_at=clock.now())
    await other.save()
    response = await as_charlie.post(f"/courses/{other.id}/sessions/{classroom.id}/register")
    assert response.status_code == 404
    assert await Registration.count() == 0
    assert (await as_charlie.post(url(course, classroom, "cancel"))).status_code == 404


async def test_a_past_session_cannot_be_registered_for(as_charlie, course, classroom, org):
    clock.travel(timedelta(days=11))
    response = await as_charlie.post(url(course, classroom, "register"))
    assert response.status_code == 409 and "already started" in response.text


async def test_attendance_completes_only_those_present(as_alice, course, classroom, org):
    for person in ("charlie", "dave"):
        await sessions.register(org[person].id, course["course"].id, classroom.id)
    regs = {r["employee"]: r["id"] for r in await Registration.select(Registration.id, Registration.employee)}
    page = await as_alice.get(f"/admin/sessions/{classroom.id}")
    assert "Charlie Test" in page.text and "Dave Test" in page.text
    response = await as_alice.post(f"/admin/sessions/{classroom.id}", data={
        f"r{regs[org['charlie'].id]}": "present", f"r{regs[org['dave'].id]}": "absent"})
    assert response.status_code == 303
    completed = {r["employee"] for r in await Enrolment.select(Enrolment.employee).where(
        Enrolment.completed_at.is_not_null())}
    assert completed == {org["charlie"].id}
    assert await Certificate.count() == 1
    bad = await as_alice.post(f"/admin/sessions/{classroom.id}", data={"r999999": "present"})
    assert bad.status_code == 404


async def test_l_and_d_plans_sessions_with_checked_input(as_alice, course, org):
    base = f"/admin/courses/{course['course'].id}/sessions"
    good = {"day": (clock.now() + timedelta(days=5)).date().isoformat(), "start": "09:00", "end": "12:30",
            "location": "Room 1", "online_url": "", "capacity": "8"}
    assert (await as_alice.post(base, data=good)).status_code == 303
    row = await Session.objects().first()
    assert row.capacity == 8 and (row.ends_at - row.starts_at) == timedelta(hours=3, minutes=30)
    cases = [({"end": "08:00"}, "The end must come after the start."),
             ({"capacity": "0"}, "Capacity must be a whole number from 1 to 1000."),
             ({"location": "", "online_url": ""}, "Give a place, an online link, or both."),
             ({"online_url": "javascript:alert(1)"}, "The online link must start with https://."),
             ({"start": "nine"}, "Start must be a time like 09:30."),
             ({"day": ""}, "Date is required."),
             ({"day": (clock.now() - timedelta(days=1)).date().isoformat()}, "A session cannot start in the past.")]
    for change, message in cases:
        response = await as_alice.post(base, data={**good, **change})
        assert response.status_code == 200 and message in response.text, message
    assert await Session.count() == 1


async def test_session_pages_guard_their_roles(as_charlie, as_bob, client, course, classroom):
    for page in (f"/admin/courses/{course['course'].id}/sessions", f"/admin/sessions/{classroom.id}"):
        assert (await as_charlie.get(page)).status_code == 403
        assert (await as_bob.get(page)).status_code == 403
        assert (await client.get(page)).status_code == 303
    response = await client.post(url(course, classroom, "register"))
    assert response.status_code == 303 and response.headers["location"].startswith("/sign-in")
    assert await Registration.count() == 0


async def test_a_double_click_registers_once(course, classroom, org):
    results = await asyncio.gather(*(sessions.register(org["charlie"].id, course["course"].id, classroom.id)
                                     for _ in range(5)), return_exceptions=True)
    assert [r for r in results if not isinstance(r, Exception)] == ["registered"]
    assert all(isinstance(r, sessions.AlreadyRegistered) for r in results if isinstance(r, Exception))
    assert await Registration.count() == 1
    assert (await Session.objects().get(Session.id == classroom.id)).seats_taken == 1


async def test_cancels_at_the_same_moment_move_up_one_person_each(course, classroom, org):
    for person in ("charlie", "dave", "erin", "bob"):
        await sessions.register(org[person].id, course["course"].id, classroom.id)
    await asyncio.gather(*(sessions.cancel(org[p].id, course["course"].id, classroom.id) for p in ("charlie", "dave")))
    after = await statuses(classroom)
    assert after[org["erin"].id] == after[org["bob"].id] == "registered"
    assert (await Session.objects().get(Session.id == classroom.id)).seats_taken == 2


async def test_re_registering_after_cancelling_reuses_the_row(course, classroom, org):
    await sessions.register(org["charlie"].id, course["course"].id, classroom.id)
    await sessions.cancel(org["charlie"].id, course["course"].id, classroom.id)
    assert await sessions.register(org["charlie"].id, course["course"].id, classroom.id) == "registered"
    assert await Registration.count() == 1


async def test_a_full_session_offers_the_waiting_list_on_the_course_page(as_charlie, course, classroom, org):
    for person in ("dave", "erin"):
        await sessions.register(org[person].id, course["course"].id, classroom.id)
    page = await as_charlie.get(f"/courses/{course['course'].id}")
    assert "Full: join the waiting list" in page.text
    response = await as_charlie.post(url(course, classroom, "register"))
    assert "notice=waiting" in response.headers["location"]
    page = await as_charlie.get(f"/courses/{course['course'].id}")
    assert "You are on the waiting list" in page.text and "Leave the waiting list" in page.text


async def test_upcoming_lists_only_future_sessions_of_the_course(course, classroom, org):
    past = Session(course=course["course"].id, starts_at=clock.now() - timedelta(days=1),
                   ends_at=clock.now() - timedelta(hours=20), location="Room 1")
    await past.save()
    listed = await sessions.upcoming_for(course["course"].id, org["charlie"].id)
    assert [(s["id"], s["seats_left"], s["my_status"]) for s in listed] == [(classroom.id, 2, None)]


async def test_a_session_of_an_unpublished_course_is_a_404(as_charlie, course, classroom):
    await Course.update({Course.published: False}).where(Course.id == course["course"].id)
    assert (await as_charlie.post(url(course, classroom, "register"))).status_code == 404
    assert await Registration.count() == 0 and await Enrolment.count() == 0


async def test_attendance_for_someone_not_seated_saves_nothing(as_alice, course, classroom, org):
    for person in ("charlie", "dave", "erin"):  # erin waits
        await sessions.register(org[person].id, course["course"].id, classroom.id)
    regs = {r["employee"]: r["id"] for r in await Registration.select(Registration.id, Registration.employee)}
    response = await as_alice.post(f"/admin/sessions/{classroom.id}", data={
        f"r{regs[org['charlie'].id]}": "present", f"r{regs[org['erin'].id]}": "present"})
    assert response.status_code == 404
    assert set((await statuses(classroom)).values()) == {"registered", "waiting"}
    assert await Enrolment.count().where(Enrolment.completed_at.is_not_null()) == 0
    other = Session(course=course["course"].id, starts_at=classroom.starts_at, ends_at=classroom.ends_at, location="B")
    await other.save()
    response = await as_alice.post(f"/admin/sessions/{other.id}", data={f"r{regs[org['charlie'].id]}": "present"})
    assert response.status_code == 404 and await Certificate.count() == 0


async def test_only_l_and_d_plans_sessions_and_marks_attendance(as_charlie, as_bob, course, classroom, org):
    await sessions.register(org["charlie"].id, course["course"].id, classroom.id)
    reg = await Registration.select(Registration.id).first()
    plan = {"day": "2030-01-10", "start": "09:00", "end": "10:00", "location": "Room", "capacity": "5"}
    for client in (as_charlie, as_bob):
        assert (await client.post(f"/admin/sessions/{classroom.id}", data={f"r{reg['id']}": "present"})
                ).status_code == 403
        assert (await client.post(f"/admin/courses/{course['course'].id}/sessions", data=plan)).status_code == 403
    assert await statuses(classroom) == {org["charlie"].id: "registered"}
    assert await Session.count() == 1 and await Certificate.count() == 0


async def test_session_actions_require_login(client, course, classroom):
    for path in (url(course, classroom, "register"), url(course, classroom, "cancel"),
                 f"/admin/sessions/{classroom.id}", f"/admin/courses/{course['course'].id}/sessions"):
        response = await client.post(path, data={})
        assert response.status_code == 303 and response.headers["location"].startswith("/sign-in"), path
    assert await Registration.count() == 0 and await Session.count() == 1


async def test_unknown_sessions_and_courses_are_404s(as_alice, as_charlie, course):
    assert (await as_alice.get("/admin/sessions/999999")).status_code == 404
    assert (await as_alice.get("/admin/courses/999999/sessions")).status_code == 404
    assert (await as_charlie.post(f"/courses/{course['course'].id}/sessions/999999/register")).status_code == 404
