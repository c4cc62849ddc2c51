"""Who knows this: colleagues at level 3 or higher, or who completed a course that develops the
competency, and the published courses that develop it."""
from lms import clock
from lms.competencies.assessments import assess
from lms.competencies.experts import experts
from lms.courses.learning import complete_enrolment, enrol
from lms.courses.tables import Course, CourseCompetency
from lms.people.tables import Department, Employee
from tests.helpers import sign_in


async def test_it_requires_login(client, course):
    response = await client.get(f"/competencies/{course['competency'].id}")
    assert response.status_code == 303 and response.headers["location"].startswith("/sign-in?next=")


async def test_an_unknown_competency_is_not_found(as_charlie):
    assert (await as_charlie.get("/competencies/999999")).status_code == 404
    assert (await as_charlie.get("/competencies/99999999999")).status_code == 404


async def test_colleagues_who_know_it_are_listed_with_their_level(as_charlie, course, org):
    fire = course["competency"]
    logistics = Department(name="Logistics")
    await logistics.save()
    await Employee.update({Employee.job_title: "Prevention advisor", Employee.department: logistics.id}).where(
        Employee.id == org["erin"].id)
    await assess(org["erin"].id, fire.id, 4, "manager", org["alice"].id)  # an expert
    await assess(org["bob"].id, fire.id, 3, "self", org["bob"].id)  # proficient by his own account
    await assess(org["alice"].id, fire.id, 2, "admin", org["alice"].id)  # not yet
    await complete_enrolment(await enrol(org["dave"].id, course["course"].id))  # followed the course: level 2
    page = await as_charlie.get(f"/competencies/{fire.id}")
    assert page.status_code == 200
    assert "Fire safety" in page.text and "Safety" in page.text and "Hard skill" in page.text
    assert "0 · Not yet" in page.text and "4 · Expert" in page.text
    listed = page.text.split('id="experts"')[1].split("</ul>")[0]
    assert listed.index("Erin Test") < listed.index("Bob Test") < listed.index("Dave Test")
    assert "Alice Test" not in listed
    erin = listed.split("Erin Test")[1].split("</li>")[0]
    assert "Prevention advisor · Logistics" in erin and "4 · Expert" in erin
    dave = listed.split("Dave Test")[1].split("</li>")[0]
    assert "2 · Practitioner" in dave and "completed 1 course on it" in dave
    courses = page.text.split('id="courses"')[1].split("</ul>")[0]
    assert "Fire safety basics" in courses and "Develops it up to level 2 · Practitioner" in courses


async def test_inactive_colleagues_and_myself_are_left_out(make_client, course, org):
    fire = course["competency"]
    await assess(org["erin"].id, fire.id, 4, "manager", org["alice"].id)
    await assess(org["dave"].id, fire.id, 4, "manager", org["alice"].id)
    await Employee.update({Employee.active: False}).where(Employee.id == org["erin"].id)
    dave = make_client()
    await sign_in(dave, "dave@example.org")
    page = await dave.get(f"/competencies/{fire.id}")
    assert "Nobody has reached level 3 or completed a course on it yet." in page.text
    assert [row["id"] for row in await experts(fire.id)] == [org["dave"].id]
    assert await experts(fire.id, exclude_employee=org["dave"].id) == []


async def test_only_published_courses_are_shown(as_charlie, course, org):
    fire = course["competency"]
    draft = Course(title="Advanced fire fighting", published=False, created_at=clock.now())
    await draft.save()
    await CourseCompetency.insert(CourseCompetency(course=draft.id, competency=fire.id, level=4))
    page = await as_charlie.get(f"/competencies/{fire.id}")
    assert "Fire safety basics" in page.text and "Advanced fire fighting" not in page.text
    await Course.update({Course.published: False}).where(Course.id == course["course"].id)
    assert "No published course develops it yet." in (await as_charlie.get(f"/competencies/{fire.id}")).text


async def test_experts_come_highest_first_and_stop_at_the_limit(course, org):
    fire = course["competency"]
    for key, level in (("bob", 3), ("erin", 4), ("charlie", 3), ("dave", 1)):
        await assess(org[key].id, fire.id, level, "manager", org["alice"].id)
    found = await experts(fire.id, limit=2)
    assert [(row["id"], row["level"]) for row in found] == [(org["erin"].id, 4), (org["bob"].id, 3)]
    assert {row["id"] for row in await experts(fire.id)} == {org["erin"].id, org["bob"].id, org["charlie"].id}


async def test_my_competencies_link_to_who_knows_this(as_charlie, course, org):
    await assess(org["charlie"].id, course["competency"].id, 1, "self", org["charlie"].id)
    page = await as_charlie.get("/me/competencies")
    assert f'href="/competencies/{course["competency"].id}"' in page.text
