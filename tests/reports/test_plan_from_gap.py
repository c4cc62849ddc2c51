"""Where a manager sees the problem, they act on it: a gap cell in the matrix suggests the courses that
develop the competency and assigns one, or raises a need; the home page says what waits for them."""
import pytest

from lms import clock
from lms.competencies.tables import LearningNeed
from lms.courses.learning import enrolment_of
from lms.courses.tables import Course, CourseCompetency
from tests.reports.overview_org import build


@pytest.fixture
async def made(org):
    return await build(org)


@pytest.fixture
async def hygiene_course(made):
    course = Course(title="Hand hygiene in five minutes", published=True, minutes=5, created_at=clock.now())
    await course.save()
    await CourseCompetency.insert(CourseCompetency(course=course.id, competency=made["hygiene"].id, level=3))
    return course


async def test_a_manager_assigns_a_course_from_a_gap_in_the_matrix(as_bob, made, hygiene_course, org):
    charlie, hygiene = org["charlie"].id, made["hygiene"].id
    cell = await as_bob.get(f"/team/matrix/{charlie}/{hygiene}", headers={"hx-request": "true"})
    assert "Plan training" in cell.text and "Hand hygiene in five minutes" in cell.text
    link = f"/assign?course={hygiene_course.id}&amp;person={charlie}&amp;back=/team/matrix"
    assert link in cell.text
    form = await as_bob.get(link.replace("&amp;", "&"))
    assert f'<option value="{hygiene_course.id}" selected>' in form.text
    response = await as_bob.post("/assign", data={"course": str(hygiene_course.id), "person": str(charlie),
                                                  "due_date": "", "back": "/team/matrix"})
    assert response.headers["location"] == "/team/matrix?notice=assigned"
    assert (await enrolment_of(charlie, hygiene_course.id))["source"] == "assigned"


async def test_a_gap_with_no_course_raises_a_need_instead(as_bob, made, org):
    charlie, hygiene = org["charlie"].id, made["hygiene"].id
    cell = await as_bob.get(f"/team/matrix/{charlie}/{hygiene}")
    assert "No course in the catalogue develops this competency yet." in cell.text
    assert f'action="/people/{charlie}/needs/suggested"' in cell.text
    await as_bob.post(f"/people/{charlie}/needs/suggested", data={"competency": str(hygiene)})
    need = await LearningNeed.objects().get(LearningNeed.employee == charlie)
    assert need.competency == hygiene


async def test_a_met_cell_plans_nothing(as_bob, made, hygiene_course, org):
    communication = made["communication"].id  # Charlie: 3 of 2 required
    cell = await as_bob.get(f"/team/matrix/{org['charlie'].id}/{communication}")
    assert "Plan training" not in cell.text


async def test_the_manager_s_home_says_what_waits_and_leads_to_every_team_page(as_bob, as_charlie, org):
    from tests.courses.test_requests import asked

    home = (await as_bob.get("/")).text
    assert "Waiting for you" in home and "Nothing waits for your decision." in home
    await asked(as_charlie)
    home = (await as_bob.get("/")).text
    assert "1 training request to decide" in home and 'href="/team/requests"' in home
    for path in ("/team/overview", "/team/compliance", "/team/impact", "/me/competencies"):
        assert f'href="{path}"' in home, path
    assert 'href="/team/impact"' in (await as_bob.get("/team")).text
    assert "/assign?back=/team/overview" in (await as_bob.get("/team/overview")).text
    employee_home = (await as_charlie.get("/")).text
    assert "Waiting for you" not in employee_home and 'href="/me/competencies"' in employee_home


async def test_the_assign_form_says_whose_due_date_it_would_change(as_bob, hygiene_course, org):
    from datetime import date

    from lms.courses.learning import enrol

    await enrol(org["charlie"].id, hygiene_course.id, source="assigned", assigned_by=org["bob"].id,
                due_date=date(2027, 3, 1))
    form = (await as_bob.get(f"/assign?course={hygiene_course.id}&person={org['charlie'].id}")).text
    assert "already following it, due Mar 1, 2027: the new due date replaces it" in form
    assert "already following" not in (await as_bob.get(f"/assign?person={org['charlie'].id}")).text
