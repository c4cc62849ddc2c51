"""Required reading: asked of a department, a job profile or everyone by a date; told in the inbox and
on the home page; acknowledged once per version; asked again after a change that matters; who has
read which version for editors and L&D (everyone) and managers (their reports), also as CSV."""
import asyncio
import csv
import io
from datetime import timedelta

from lms import clock
from lms.knowledge.tables import Acknowledgement, RequiredReading
from lms.people.tables import Department
from lms.reminders.tables import Reminder
from tests.knowledge.documents_fixtures import make_spaces
from tests.knowledge.test_reviews import new_page

DUE = (clock.now().date() + timedelta(days=14)).isoformat()


async def required_page(as_alice, org, audience: str = "everyone") -> int:
    spaces = await make_spaces(org)
    page = await new_page(as_alice, spaces["open"], "Code of conduct")
    await as_alice.get(f"/knowledge/pages/{page}")
    response = await as_alice.post(f"/knowledge/pages/{page}/required", data={"audience": audience, "due_date": DUE})
    assert response.status_code == 303 and "notice=required" in response.headers["location"]
    return page


async def version_to_acknowledge(client, page: int) -> str:
    view = await client.get(f"/knowledge/pages/{page}")
    return view.text.split('name="version" value="')[1].split('"')[0]


async def acknowledge(client, page: int, version: str | None = None) -> "httpx.Response":  # noqa: F821
    version = version or await version_to_acknowledge(client, page)
    return await client.post(f"/knowledge/pages/{page}/acknowledge", data={"version": version})


async def test_a_department_is_asked_told_and_finds_it_on_the_home_page(as_alice, as_charlie, org):
    operations = await Department.select(Department.id).where(Department.name == "Operations").first()
    page = await required_page(as_alice, org, f"department:{operations['id']}")
    told = await Reminder.select(Reminder.employee).where(Reminder.kind == "reading").output(as_list=True)
    assert sorted(told) == sorted(person.id for person in org.values())  # all five are in Operations
    home = await as_charlie.get("/")
    assert "Required reading" in home.text and "Code of conduct" in home.text
    view = await as_charlie.get(f"/knowledge/pages/{page}")
    assert "Required reading for you, by" in view.text and "I have read and understood" in view.text
    other = (await Department.insert(Department(name="Sales")).returning(Department.id))[0]["id"]
    await RequiredReading.delete(force=True)
    await as_alice.post(f"/knowledge/pages/{page}/required", data={"audience": f"department:{other}", "due_date": DUE})
    assert "Code of conduct" not in (await as_charlie.get("/")).text  # not asked of Operations any more


async def test_reading_is_acknowledged_once_per_version_and_asked_again_after_a_change(as_alice, as_charlie, org):
    page = await required_page(as_alice, org)
    version = await version_to_acknowledge(as_charlie, page)  # the page read once, the button pressed twice
    first, second = await asyncio.gather(acknowledge(as_charlie, page, version), acknowledge(as_charlie, page, version))
    assert first.status_code == second.status_code == 303
    assert await Acknowledgement.count().where(Acknowledgement.employee == org["charlie"].id) == 1
    assert "Code of conduct" not in (await as_charlie.get("/")).text
    assert "I have read and understood" not in (await as_charlie.get(f"/knowledge/pages/{page}")).text

    stale = (await as_charlie.get(f"/knowledge/pages/{page}")).text
    await as_alice.get(f"/knowledge/pages/{page}/edit")
    edited = await as_alice.post(f"/knowledge/pages/{page}/edit", data={
        "title": "Code of conduct", "body": "New rules on gifts.", "version": "1", "ask_again": "on"})
    assert edited.status_code == 303
    assert (await RequiredReading.select(RequiredReading.from_version).first())["from_version"] == 2
    assert await Reminder.count().where(Reminder.kind == "reading", Reminder.employee == org["charlie"].id) == 2
    assert "Code of conduct" in (await as_charlie.get("/")).text
    late = await as_charlie.post(f"/knowledge/pages/{page}/acknowledge", data={"version": "1"})  # read the old text
    assert late.status_code == 409 and "The page changed while you read it" in late.text
    assert "New rules on gifts" not in stale
    assert (await acknowledge(as_charlie, page)).status_code == 303
    readers = await as_alice.get(f"/knowledge/pages/{page}/readers")
    assert "Charlie Test" in readers.text and "1 of 5 have confirmed the version that counts." in readers.text


async def test_who_has_read_it_is_for_editors_l_and_d_and_managers_of_their_reports(as_alice, as_bob, as_charlie,
                                                                                   org):
    page = await required_page(as_alice, org)
    await acknowledge(as_charlie, page)
    assert (await as_charlie.get(f"/knowledge/pages/{page}/readers")).status_code == 403  # writes here, manages not
    team = await as_bob.get(f"/knowledge/pages/{page}/readers")
    assert team.status_code == 200 and "Charlie Test" in team.text and "Dave Test" not in team.text
    exported = await as_alice.get(f"/knowledge/pages/{page}/readers?format=csv")
    assert exported.headers["content-type"].startswith("text/csv")
    rows = list(csv.reader(io.StringIO(exported.text.lstrip("\ufeff"))))
    assert rows[0][:3] == ["Last name", "First name", "E-mail"] and len(rows) == 6
    charlie = next(row for row in rows if row[2] == "charlie@example.org")
    assert charlie[4] == "1" and charlie[6] == "yes"
    panel = await as_bob.get("/team/compliance")
    assert "Required reading" in panel.text and "1 / 1" in panel.text  # Bob's one report confirmed


async def test_only_who_writes_in_the_space_asks_and_bad_input_is_named(as_alice, as_charlie, org):
    spaces = await make_spaces(org)
    page = await new_page(as_alice, spaces["open"], "Evacuation")  # Charlie may write here, not manage
    assert (await as_charlie.post(f"/knowledge/pages/{page}/required",
                                  data={"audience": "everyone", "due_date": DUE})).status_code == 403
    assert "Who must read it" not in (await as_charlie.get(f"/knowledge/pages/{page}")).text
    for data, message in (({"audience": "department:99999", "due_date": DUE}, "Choose who must read the page"),
                          ({"audience": "nonsense", "due_date": DUE}, "Choose who must read the page"),
                          ({"audience": "everyone", "due_date": "2020-01-01"}, "Choose a due date from today on."),
                          ({"audience": "everyone", "due_date": "tomorrow"}, "must be a date like"),
                          ({"audience": "everyone", "due_date": ""}, "Choose a due date from today on.")):
        response = await as_alice.post(f"/knowledge/pages/{page}/required", data=data)
        assert response.status_code == 400 and message in response.text, data
    assert await RequiredReading.count() == 0
    assert (await as_charlie.post(f"/knowledge/pages/{page}/acknowledge", data={"version": "1"})).status_code == 409
    assert (await as_charlie.post(f"/knowledge/pages/{page}/acknowledge", data={"version": "x"})).status_code == 400
    assert (await as_charlie.post("/knowledge/pages/999999/acknowledge", data={"version": "1"})).status_code == 404


async def test_an_audience_can_be_taken_off(as_alice, as_charlie, org):
    page = await required_page(as_alice, org)
    reading = await RequiredReading.select(RequiredReading.id).first()
    assert (await as_charlie.post(f"/knowledge/pages/{page}/required/{reading['id']}/delete")).status_code == 403
    assert (await as_alice.post(f"/knowledge/pages/{page}/required/{reading['id']}/delete")).status_code == 303
    assert await RequiredReading.count() == 0
    assert "Code of conduct" not in (await as_charlie.get("/")).text


async def test_only_who_may_read_the_space_is_asked(as_alice, as_charlie, org):
    spaces = await make_spaces(org)
    page = await new_page(as_alice, spaces["hr"], "Reorganisation plan")  # People & Culture only
    everyone = await as_alice.post(f"/knowledge/pages/{page}/required", data={"audience": "everyone", "due_date": DUE})
    assert everyone.status_code == 303
    told = await Reminder.select(Reminder.employee).where(Reminder.kind == "reading").output(as_list=True)
    assert told == [org["alice"].id]  # L&D reads every space; Operations does not read HR
    assert "Reorganisation plan" not in (await as_charlie.get("/")).text
    operations = await Department.select(Department.id).where(Department.name == "Operations").first()
    refused = await as_alice.post(f"/knowledge/pages/{page}/required",
                                  data={"audience": f"department:{operations['id']}", "due_date": DUE})
    assert refused.status_code == 400 and "That department cannot read this space." in refused.text
    for odd in ("department:²", "department:99999999999999999999", "job_profile:-1"):
        response = await as_alice.post(f"/knowledge/pages/{page}/required", data={"audience": odd, "due_date": DUE})
        assert response.status_code == 400, odd


async def test_asking_again_is_for_who_manages_the_space_and_an_audience_added_later_counts_from_now(
        as_alice, as_charlie, org):
    page = await required_page(as_alice, org)
    await acknowledge(as_charlie, page)
    await as_charlie.get(f"/knowledge/pages/{page}/edit")
    saved = await as_charlie.post(f"/knowledge/pages/{page}/edit", data={
        "title": "Code of conduct", "body": "Typo fixed.", "version": "1", "ask_again": "on"})
    assert saved.status_code == 303  # saved, but a writer who does not manage the space asks nobody again
    assert (await RequiredReading.select(RequiredReading.from_version).first())["from_version"] == 1
    reading = await RequiredReading.select(RequiredReading.id).first()
    await as_alice.post(f"/knowledge/pages/{page}/required/{reading['id']}/delete")
    await as_alice.post(f"/knowledge/pages/{page}/required", data={"audience": "everyone", "due_date": DUE})
    assert (await RequiredReading.select(RequiredReading.from_version).first())["from_version"] == 2
    assert "Code of conduct" in (await as_charlie.get("/")).text  # version 1 was confirmed, 2 is asked


async def test_what_waits_for_whom_follows_audience_space_version_and_date(org):
    from lms.knowledge.reading import waiting_for
    from lms.knowledge.tables import Page
    from lms.people.tables import Employee, JobProfile
    from tests.knowledge.documents_fixtures import make_page

    spaces, today = await make_spaces(org), clock.now().date()
    sales = (await Department.insert(Department(name="Sales")).returning(Department.id))[0]["id"]
    planner = (await JobProfile.insert(JobProfile(name="Planner")).returning(JobProfile.id))[0]["id"]
    await Employee.update({Employee.job_profile: planner}).where(Employee.id == org["charlie"].id)
    pages = {title: await make_page(space, title) for title, space in (
        ("Everyone", spaces["open"]), ("Planners", spaces["open"]), ("Sales only", spaces["open"]),
        ("HR space", spaces["hr"]), ("Read", spaces["open"]), ("Gone", spaces["open"]), ("Late", spaces["safety"]))}
    asks = (("Everyone", None, None, 9, 1), ("Planners", None, planner, 3, 1), ("Sales only", sales, None, 1, 1),
            ("HR space", None, None, 2, 1), ("Read", None, None, 4, 2), ("Gone", None, None, 5, 1),
            ("Late", None, None, -1, 1))
    for title, department, profile, days, version in asks:
        await RequiredReading.insert(RequiredReading(page=pages[title], department=department, job_profile=profile,
                                                     due_date=today + timedelta(days=days), from_version=version))
    await RequiredReading.insert(RequiredReading(page=pages["Everyone"], due_date=today + timedelta(days=20)))
    now = clock.now()
    await Acknowledgement.insert(  # the second version counts for "Read"; the first did not, for "Late"
        Acknowledgement(page=pages["Read"], employee=org["charlie"].id, version=2, acknowledged_at=now),
        Acknowledgement(page=pages["Late"], employee=org["dave"].id, version=1, acknowledged_at=now))
    await Page.update({Page.deleted_at: now}).where(Page.id == pages["Gone"])

    charlie = await waiting_for(org["charlie"].id)
    assert [(row["title"], row["overdue"]) for row in charlie] == [
        ("Late", True), ("Planners", False), ("Everyone", False)]  # soonest first, each page once
    assert [row["id"] for row in charlie] == [pages["Late"], pages["Planners"], pages["Everyone"]]
    alice = [row["title"] for row in await waiting_for(org["alice"].id)]
    assert alice == ["Late", "HR space", "Read", "Everyone"]  # L&D reads the HR space too
    assert [row["title"] for row in await waiting_for(org["dave"].id)] == ["Read", "Everyone"]
    assert await waiting_for(999_999) == []
