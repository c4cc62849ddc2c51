"""Impact roll-ups, checked against a small hand-made set whose right answers are written here."""
from datetime import timedelta

from lms import clock
from lms.courses.learning import complete_enrolment, enrol
from lms.reminders.checkins import plan
from lms.reminders.tables import CheckIn


async def answered(person, offset, applied, impact):
    await CheckIn.update({CheckIn.answered_at: clock.now(), CheckIn.applied: applied, CheckIn.impact: impact}).where(
        (CheckIn.respondent == person.id) & (CheckIn.offset_days == offset) & CheckIn.for_manager.eq(False))


async def test_the_roll_up_per_course_and_moment(as_alice, course, org, settings):
    for person in ("charlie", "dave", "alice"):
        await complete_enrolment(await enrol(org[person].id, course["course"].id))
    await plan(clock.now(), settings)
    await answered(org["charlie"], 7, "regularly", 5)
    await answered(org["dave"], 7, "not_yet", 2)
    await answered(org["charlie"], 60, "sometimes", 4)
    page = await as_alice.get("/admin/impact")
    text = " ".join(page.text.split())
    # week one: 2 of 3 answered (67%), 1 of those 2 applies it (50%), impact (5 + 2) / 2 = 3.5
    assert "<td>2 / 3 (67%)</td> <td>50%</td> <td>3.5</td>" in text
    # two months: 1 of 3 answered (33%), 100% applying, impact 4.0
    assert "<td>1 / 3 (33%)</td> <td>100%</td> <td>4.0</td>" in text
    assert "<td>0 / 3 (0%)</td> <td>—</td> <td>—</td>" in text
    assert "<svg class=\"chart\"" in page.text


async def test_a_manager_sees_only_their_team(as_bob, course, org, settings):
    for person in ("charlie", "dave"):
        await complete_enrolment(await enrol(org[person].id, course["course"].id))
    await plan(clock.now() + timedelta(days=1), settings)
    await answered(org["charlie"], 7, "regularly", 5)
    await answered(org["dave"], 7, "not_yet", 1)
    text = " ".join((await as_bob.get("/team/impact")).text.split())
    assert "<td>1 / 1 (100%)</td> <td>100%</td> <td>5.0</td>" in text  # charlie only, not dave


async def test_impact_pages_guard_their_roles(as_charlie, as_bob, client):
    assert (await as_charlie.get("/team/impact")).status_code == 403
    assert (await as_bob.get("/admin/impact")).status_code == 403
    assert (await client.get("/admin/impact")).status_code == 303


async def test_no_check_ins_yet_is_explained(as_alice):
    assert "No check-ins yet." in (await as_alice.get("/admin/impact")).text
