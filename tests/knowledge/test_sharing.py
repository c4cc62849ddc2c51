"""Phase 7 of the spine: after a course, the learner shares what they learned on a page linked to the
course; colleagues find it on the course page, and see who else follows the course."""
import pytest

from lms.courses.learning import complete_enrolment, enrol
from lms.courses.tables import Registration, Session
from lms.knowledge.tables import Page, PageCourse
from lms.people.tables import Employee
from lms import clock
from tests.conftest import signed_in_client

pytestmark = pytest.mark.usefixtures("org")


async def test_a_learner_shares_a_page_that_then_shows_on_the_course_page(as_charlie, as_bob, course, org,
                                                                          make_client):
    course_id = course["course"].id
    await complete_enrolment(await enrol(org["charlie"].id, course_id))
    assert f"/knowledge/share/{course_id}" in (await as_charlie.get(f"/courses/{course_id}/completed")).text
    assert f"/knowledge/share/{course_id}" in (await as_charlie.get(f"/courses/{course_id}")).text
    form = await as_charlie.get(f"/knowledge/share/{course_id}")
    assert form.status_code == 200
    assert "Share what you learned" in form.text and "Fire safety basics: notes by Charlie" in form.text
    assert "## What it was" in form.text and "## Tips for colleagues" in form.text
    assert await Page.count() == 0  # nothing is saved until the learner saves

    response = await as_charlie.post(f"/knowledge/share/{course_id}", data={
        "title": "Fire safety: what stuck", "body": "## What it was\n\nA blanket beats water on fat.", "tags": "kitchen"})
    assert response.status_code == 303 and response.headers["location"].endswith("?notice=shared")
    page = await Page.objects().first()
    assert await PageCourse.exists().where(PageCourse.page == page.id, PageCourse.course == course_id)
    assert "Thank you for sharing" in (await as_charlie.get(response.headers["location"])).text
    view = (await as_bob.get(f"/knowledge/pages/{page.id}")).text
    assert f'href="/courses/{course_id}">Fire safety basics</a>' in view  # the page leads back to the course
    course_page = (await as_bob.get(f"/courses/{course_id}")).text
    assert f'href="/knowledge/pages/{page.id}">Fire safety: what stuck</a>' in course_page
    assert "by Charlie Test" in course_page
    from lms.courses.tables import Course

    await Course.update({Course.published: False}).where(Course.id == course_id)  # back to a draft
    assert "Fire safety basics</a>" not in (await as_bob.get(f"/knowledge/pages/{page.id}")).text
    as_alice = await signed_in_client(make_client, "alice@example.org")
    view = (await as_alice.get(f"/knowledge/pages/{page.id}")).text
    assert f'href="/courses/{course_id}">Fire safety basics</a>' in view


async def test_only_someone_who_completed_the_course_shares(as_charlie, course):
    course_id = course["course"].id
    assert (await as_charlie.get(f"/knowledge/share/{course_id}")).status_code == 403
    assert (await as_charlie.post(f"/knowledge/share/{course_id}", data={"title": "x", "body": "y"})).status_code == 403
    assert "Once you complete it, you can share" in (await as_charlie.get(f"/courses/{course_id}")).text
    for bad in ("999999", "99999999999999999999"):
        assert (await as_charlie.get(f"/knowledge/share/{bad}")).status_code in (400, 404)
    assert await Page.count() == 0


async def test_a_bad_shared_page_names_the_field(as_charlie, course, org):
    course_id = course["course"].id
    await complete_enrolment(await enrol(org["charlie"].id, course_id))
    response = await as_charlie.post(f"/knowledge/share/{course_id}", data={"title": "  ", "body": "text"})
    assert "Title" in response.text and "is required" in response.text
    assert await Page.count() == 0


async def test_colleagues_following_or_registered_see_each_other_unless_they_opt_out(as_charlie, as_bob, course, org):
    course_id = course["course"].id
    await enrol(org["dave"].id, course_id)  # following, not completed
    await complete_enrolment(await enrol(org["erin"].id, course_id))
    start = clock.now()
    session = Session(course=course_id, starts_at=start, ends_at=start, location="Room 1")
    await session.save()
    await Registration.insert(Registration(session=session.id, employee=org["alice"].id, created_at=start))
    page = (await as_charlie.get(f"/courses/{course_id}")).text
    assert "Dave Test" in page and "following it" in page
    assert "Erin Test" in page and "completed" in page
    assert "Alice Test" in page and "registered for a session" in page

    assert "checked" in (await as_bob.get("/me/settings")).text
    await Employee.update({Employee.seen_in_courses: False}).where(Employee.id == org["dave"].id)
    assert "Dave Test" not in (await as_charlie.get(f"/courses/{course_id}")).text


async def test_the_setting_to_be_seen_is_one_switch(as_charlie, org):
    response = await as_charlie.post("/me/visibility", data={})
    assert response.status_code == 303
    assert not (await Employee.objects().get(Employee.id == org["charlie"].id)).seen_in_courses
    assert 'name="seen_in_courses" value="yes" >' in (await as_charlie.get("/me/settings")).text
    await as_charlie.post("/me/visibility", data={"seen_in_courses": "yes"})
    assert (await Employee.objects().get(Employee.id == org["charlie"].id)).seen_in_courses
