"""Assigning courses and learning paths, including the automatic onboarding of new hires."""
from datetime import timedelta

from lms import clock
from lms.courses.tables import Course, Enrolment, LearningPath, PathAssignment
from lms.people.tables import Employee, JobProfile


async def test_assigning_a_course_enrols_people_with_a_due_date(as_alice, course, org):
    due = (clock.now() + timedelta(days=30)).date()
    response = await as_alice.post(f"/admin/courses/{course['course'].id}/assign",
                                   data={"emails": "charlie@example.org, dave@example.org", "due_date": due.isoformat()})
    assert response.status_code == 303
    rows = await Enrolment.select(Enrolment.employee, Enrolment.due_date, Enrolment.source)
    assert {(r["employee"], r["due_date"], r["source"]) for r in rows} == {
        (org["charlie"].id, due, "assigned"), (org["dave"].id, due, "assigned")}
    page = await as_alice.get(f"/admin/courses/{course['course'].id}/enrolments")
    assert "Charlie Test" in page.text and "0 / 2" in page.text


async def test_assigning_by_department_shows_who_gets_it_first(as_alice, course, org):
    ops = await Employee.select(Employee.department).where(Employee.id == org["charlie"].id).first()
    url = f"/admin/courses/{course['course'].id}/assign"
    assert "Preview who gets it" in (await as_alice.get(url)).text
    preview = await as_alice.post(url, data={"department": str(ops["department"]), "preview": "1"})
    assert preview.status_code == 200 and "5 people get it" in preview.text
    assert "Charlie Test" in preview.text and "Assign to 5 people" in preview.text
    assert await Enrolment.count() == 0  # a preview assigns nobody
    response = await as_alice.post(url, data={"department": str(ops["department"])})
    assert response.status_code == 303 and await Enrolment.count() == 5


async def test_assigning_to_unknown_emails_or_nobody_is_refused(as_alice, course, org):
    bad = await as_alice.post(f"/admin/courses/{course['course'].id}/assign", data={"emails": "ghost@example.org"})
    assert "Nobody active has these e-mail addresses: ghost@example.org" in bad.text
    empty = await as_alice.post(f"/admin/courses/{course['course'].id}/assign", data={})
    assert "Choose a department, a job profile or people by e-mail." in empty.text


async def test_a_path_enrols_in_every_course_and_shows_progress(as_alice, as_charlie, course, org):
    second = Course(title="Second course", published=True, created_at=clock.now())
    await second.save()
    response = await as_alice.post("/admin/paths", data={"name": "Onboarding", "description": "First month"})
    path_id = int(response.headers["location"].split("/")[3].split("?")[0])
    for course_id in (course["course"].id, second.id):
        assert (await as_alice.post(f"/admin/paths/{path_id}/courses", data={"course": str(course_id)})).status_code == 303
    duplicate = await as_alice.post(f"/admin/paths/{path_id}/courses", data={"course": str(second.id)})
    assert "already in the path" in duplicate.text
    await as_alice.post(f"/admin/paths/{path_id}/assign", data={"emails": "charlie@example.org"})
    assert await Enrolment.count().where(Enrolment.employee == org["charlie"].id, Enrolment.source == "path") == 2
    await Enrolment.update({Enrolment.completed_at: clock.now()}).where(Enrolment.course == second.id)
    page = await as_alice.get(f"/admin/paths/{path_id}")
    assert "Charlie Test" in page.text and "1 / 2" in page.text
    home = await as_charlie.get("/")
    assert "Onboarding" in home.text and "1 of 2 courses done" in home.text and "Next: Fire safety basics" in home.text


async def test_new_hires_of_a_job_profile_get_its_path_automatically(make_client, course, org):
    from tests.helpers import sign_in

    operator = JobProfile(name="Operator")
    await operator.save()
    path = LearningPath(name="Operators onboarding", job_profile=operator.id, created_at=clock.now())
    await path.save()
    await Employee.update({Employee.job_profile: operator.id, Employee.hire_date: clock.now().date()}).where(
        Employee.id == org["charlie"].id)
    await Employee.update({Employee.job_profile: operator.id,
                           Employee.hire_date: clock.now().date() - timedelta(days=400)}).where(
        Employee.id == org["dave"].id)
    for person in ("charlie", "dave"):
        client = make_client()
        await sign_in(client, f"{person}@example.org")
        await client.get("/")
    assigned = await PathAssignment.select(PathAssignment.employee).output(as_list=True)
    assert assigned == [org["charlie"].id]


async def test_a_path_name_is_required_and_unique(as_alice, org):
    assert "Name is required." in (await as_alice.post("/admin/paths", data={"name": ""})).text
    await as_alice.post("/admin/paths", data={"name": "Onboarding"})
    assert "already in use" in (await as_alice.post("/admin/paths", data={"name": "Onboarding"})).text
    assert (await as_alice.get("/admin/paths/99999")).status_code == 404
