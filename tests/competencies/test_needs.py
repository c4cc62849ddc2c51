"""Learning needs through their life: raised by the employee, the manager, L&D for a group, a gap
(suggested, added once) or a lapsed certificate; planned with an enrolment or a request; met when
the course completes; dropped with a reason. Who may do what."""
from datetime import timedelta

import pytest

from lms import clock
from lms.competencies.assessments import assess
from lms.competencies.tables import Competency, CompetencyArea, JobRequirement, LearningNeed
from lms.courses.learning import complete_enrolment, enrol
from lms.courses.tables import Certificate, Course, Enrolment, TrainingRequest
from lms.people.tables import Department, Employee, JobProfile
from lms.reminders import planner
from tests.helpers import sign_in


async def person(org, key: str, manager=None, **fields) -> Employee:
    row = Employee(email=f"{key}@example.org", first_name=key.title(), last_name="Test", role="employee",
                   password_hash=org["alice"].password_hash, department=org["alice"].department,
                   manager=manager.id if manager else None, created_at=clock.now(), **fields)
    await row.save()
    return row


async def client_of(make_client, key: str):
    client = make_client()
    await sign_in(client, f"{key}@example.org")
    return client


async def need_of(employee: Employee, **fields) -> LearningNeed:
    row = LearningNeed(employee=employee.id, title=fields.pop("title", "Negotiation"), created_at=clock.now(), **fields)
    await row.save()
    return row


async def status_of(need_id: int) -> str:
    return (await LearningNeed.select(LearningNeed.status).where(LearningNeed.id == need_id).first())["status"]


@pytest.mark.parametrize("method, url", [
    ("get", "/me/needs"), ("get", "/me/needs/new"), ("post", "/me/needs/new"), ("get", "/people/1/needs"),
    ("post", "/people/1/needs/new"), ("post", "/people/1/needs/suggested"), ("post", "/needs/1/enrol"),
    ("post", "/needs/1/request"), ("get", "/needs/1/drop"), ("post", "/needs/1/drop"), ("get", "/admin/needs/group"),
])
async def test_it_requires_login(client, method, url):
    response = await getattr(client, method)(url)
    assert response.status_code == 303 and response.headers["location"].startswith("/sign-in?next=")


# --- raising --------------------------------------------------------------------------------------

async def test_an_employee_raises_a_need_and_finds_it_at_home_and_on_the_needs_page(as_charlie, course, org):
    competency = course["competency"]
    response = await as_charlie.post("/me/needs/new", data={"title": "Use the extinguisher", "note": "Never did",
                                                            "competency": str(competency.id)})
    assert response.status_code == 303 and response.headers["location"] == "/me/needs?notice=raised"
    need = await LearningNeed.objects().get(LearningNeed.employee == org["charlie"].id)
    assert (need.title, need.source, need.status, need.competency, need.note, need.raised_by) == (
        "Use the extinguisher", "employee", "open", competency.id, "Never did", org["charlie"].id)
    page = await as_charlie.get("/me/needs?notice=raised")
    assert "The learning need is added." in page.text and "Use the extinguisher" in page.text
    assert "Raised by the employee" in page.text
    home = await as_charlie.get("/")
    assert "Use the extinguisher" in home.text and 'href="/me/needs' in home.text


async def test_a_manager_raises_one_for_their_line_however_deep(as_bob, org):
    frank = await person(org, "frank", manager=org["charlie"])
    for report in (org["charlie"], frank):
        form = await as_bob.get(f"/people/{report.id}/needs/new")
        assert form.status_code == 200 and f"Add a learning need for {report.first_name} Test" in form.text
        response = await as_bob.post(f"/people/{report.id}/needs/new", data={"title": "Feedback conversations"})
        assert response.status_code == 303 and response.headers["location"] == f"/people/{report.id}/needs?notice=raised"
    rows = await LearningNeed.select(LearningNeed.employee, LearningNeed.source, LearningNeed.raised_by).order_by(
        LearningNeed.id)
    assert rows == [{"employee": org["charlie"].id, "source": "manager", "raised_by": org["bob"].id},
                    {"employee": frank.id, "source": "manager", "raised_by": org["bob"].id}]


async def test_nobody_raises_one_outside_their_line_but_l_and_d_does(as_bob, as_charlie, as_alice, org):
    dave = org["dave"]
    for client in (as_bob, as_charlie):
        assert (await client.get(f"/people/{dave.id}/needs/new")).status_code == 403
        assert (await client.post(f"/people/{dave.id}/needs/new", data={"title": "X"})).status_code == 403
    assert await LearningNeed.count() == 0
    assert (await as_alice.post(f"/people/{dave.id}/needs/new", data={"title": "Excel"})).status_code == 303
    assert (await LearningNeed.objects().first()).source == "manager"
    assert (await as_alice.post("/people/999999/needs/new", data={"title": "Excel"})).status_code == 404


@pytest.mark.parametrize("changes, message", [
    ({"title": ""}, "What to learn is required."),
    ({"title": "   "}, "What to learn is required."),
    ({"title": "x" * 201}, "What to learn can be at most 200 characters."),
    ({"competency": "999999"}, "Choose a competency from the list."),
    ({"competency": "fire"}, "Choose a valid competency."),
    ({"note": "n" * 2001}, "Note can be at most 2000 characters."),
])
async def test_a_bad_need_is_shown_again_and_nothing_is_saved(as_charlie, as_bob, org, changes, message):
    data = {"title": "Public speaking", "note": "for the team meeting", **changes}
    for client, url in ((as_charlie, "/me/needs/new"), (as_bob, f"/people/{org['charlie'].id}/needs/new")):
        response = await client.post(url, data=data)
        assert response.status_code == 200 and message in response.text
        assert "Please correct the fields marked below." in response.text
    assert await LearningNeed.count() == 0


# --- a group --------------------------------------------------------------------------------------

@pytest.fixture
async def accountants(org):
    profile = JobProfile(name="Accountant")
    await profile.save()
    await Employee.update({Employee.job_profile: profile.id}).where(Employee.id.is_in([org["charlie"].id, org["dave"].id]))
    return profile


async def group(client, **changes):
    return await client.post("/admin/needs/group", data={"department": "", "job_profile": "", "title": "The new ERP",
                                                         "competency": "", "programme": "Move to the new ERP", **changes})


async def test_l_and_d_raises_a_need_for_a_group_once_per_person_per_programme(as_alice, accountants, org):
    response = await group(as_alice, job_profile=str(accountants.id))
    assert response.status_code == 200
    assert "2 learning needs raised." in response.text and "0 people already had it." in response.text
    rows = await LearningNeed.select(LearningNeed.employee, LearningNeed.source, LearningNeed.group_name,
                                     LearningNeed.raised_by).order_by(LearningNeed.employee)
    assert rows == [{"employee": e.id, "source": "group", "group_name": "Move to the new ERP", "raised_by": org["alice"].id}
                    for e in (org["charlie"], org["dave"])]
    again = await group(as_alice, job_profile=str(accountants.id), programme="  move to the NEW erp ")
    assert "0 learning needs raised." in again.text and "2 people already had it." in again.text
    newcomer = await person(org, "gina", job_profile=accountants.id)
    await person(org, "henk", job_profile=accountants.id, active=False)
    third = await group(as_alice, job_profile=str(accountants.id))
    assert "1 learning need raised." in third.text and "2 people already had it." in third.text
    assert await LearningNeed.count() == 3
    assert await LearningNeed.exists().where(LearningNeed.employee == newcomer.id)
    other = await group(as_alice, job_profile=str(accountants.id), programme="Onboarding 2027")
    assert "3 learning needs raised." in other.text


async def test_a_group_by_department_and_job_profile_takes_both(as_alice, accountants, org):
    sales = Department(name="Sales")
    await sales.save()
    await Employee.update({Employee.department: sales.id}).where(Employee.id == org["dave"].id)
    response = await group(as_alice, department=str(sales.id), job_profile=str(accountants.id))
    assert "1 learning need raised." in response.text
    assert await LearningNeed.select(LearningNeed.employee).output(as_list=True) == [org["dave"].id]
    everyone = await group(as_alice, department=str(org["alice"].department), programme="Safety week")
    assert "4 learning needs raised." in everyone.text  # Alice, Bob, Erin and Charlie work in Operations


async def test_a_group_need_shows_on_the_persons_page(as_alice, as_charlie, accountants, course):
    await group(as_alice, job_profile=str(accountants.id), competency=str(course["competency"].id))
    page = await as_charlie.get("/me/needs")
    assert "The new ERP" in page.text and "For a group" in page.text and "Move to the new ERP" in page.text


@pytest.mark.parametrize("changes, message", [
    ({}, "Choose a department, a job profile or both."),
    ({"job_profile": "JOB", "title": ""}, "What to learn is required."),
    ({"job_profile": "JOB", "title": "t" * 201}, "What to learn can be at most 200 characters."),
    ({"job_profile": "JOB", "programme": ""}, "Programme is required."),
    ({"job_profile": "JOB", "programme": "p" * 201}, "Programme can be at most 200 characters."),
    ({"job_profile": "JOB", "competency": "999999"}, "Choose a competency from the list."),
    ({"department": "999999"}, "Choose a department from the list."),
    ({"job_profile": "999999"}, "Choose a job profile from the list."),
    ({"department": "ops"}, "Choose a valid department."),
])
async def test_a_bad_group_need_raises_nothing(as_alice, accountants, changes, message):
    changes = {k: str(accountants.id) if v == "JOB" else v for k, v in changes.items()}
    response = await group(as_alice, **changes)
    assert response.status_code == 200 and message in response.text
    assert "raised." not in response.text
    assert await LearningNeed.count() == 0


async def test_only_l_and_d_raises_for_a_group(as_bob, as_charlie, accountants):
    for client in (as_bob, as_charlie):
        assert (await client.get("/admin/needs/group")).status_code == 403
        assert (await group(client, job_profile=str(accountants.id))).status_code == 403
    assert await LearningNeed.count() == 0


# --- gaps suggest -------------------------------------------------------------------------------

@pytest.fixture
async def gap(org, course, accountants):
    """Accountants need fire safety at level 3; Charlie is at 1, Dave at 3."""
    competency = course["competency"]
    await JobRequirement.insert(JobRequirement(job_profile=accountants.id, competency=competency.id, level=3))
    await assess(org["charlie"].id, competency.id, 1, "manager", org["bob"].id)
    await assess(org["dave"].id, competency.id, 3, "manager", org["erin"].id)
    return competency


async def test_a_gap_is_suggested_and_added_once(as_charlie, gap, org):
    page = await as_charlie.get("/me/needs")
    assert "Suggested by the job profile" in page.text and "Add as a learning need" in page.text
    assert "required level 3, now 1" in page.text
    url = f"/people/{org['charlie'].id}/needs/suggested"
    response = await as_charlie.post(url, data={"competency": str(gap.id)})
    assert response.status_code == 303 and response.headers["location"] == "/me/needs?notice=added"
    need = await LearningNeed.objects().get(LearningNeed.employee == org["charlie"].id)
    assert (need.title, need.source, need.competency, need.status) == ("Fire safety", "gap", gap.id, "open")
    page = await as_charlie.get("/me/needs")
    assert "Add as a learning need" not in page.text and "A gap in the job profile" in page.text
    again = await as_charlie.post(url, data={"competency": str(gap.id)})
    assert again.headers["location"] == "/me/needs?notice=already"
    assert await LearningNeed.count() == 1
    # dropped, it is not suggested again for the same requirement
    await LearningNeed.update({LearningNeed.status: "dropped"}).where(LearningNeed.id == need.id)
    assert "Add as a learning need" not in (await as_charlie.get("/me/needs")).text


async def test_no_suggestion_without_a_gap_and_none_for_a_competency_already_a_need(make_client, as_charlie, gap, org):
    dave = await client_of(make_client, "dave")
    assert "Suggested by the job profile" not in (await dave.get("/me/needs")).text
    assert (await dave.post(f"/people/{org['dave'].id}/needs/suggested", data={"competency": str(gap.id)})).status_code == 404
    await need_of(org["charlie"], title="Extinguishers", competency=gap.id)
    assert "Suggested by the job profile" not in (await as_charlie.get("/me/needs")).text


async def test_a_manager_adds_a_suggestion_for_a_report_and_others_may_not(as_bob, make_client, gap, org):
    page = await as_bob.get(f"/people/{org['charlie'].id}/needs")
    assert "Add as a learning need" in page.text
    dave = await client_of(make_client, "dave")
    url = f"/people/{org['charlie'].id}/needs/suggested"
    assert (await dave.post(url, data={"competency": str(gap.id)})).status_code == 403
    assert (await as_bob.post(url, data={"competency": "abc"})).status_code == 404
    assert (await as_bob.post(url, data={"competency": "999999"})).status_code == 404
    response = await as_bob.post(url, data={"competency": str(gap.id)})
    assert response.headers["location"] == f"/people/{org['charlie'].id}/needs?notice=added"
    assert (await LearningNeed.objects().first()).raised_by == org["bob"].id


# --- a lapsed certificate -----------------------------------------------------------------------

async def test_a_lapsed_mandatory_certificate_shows_as_a_need_with_its_course(as_charlie, course, org):
    today = clock.now().date()
    await Certificate.insert(Certificate(employee=org["charlie"].id, course=course["course"].id,
                                         title="Fire safety basics", code="TEST-LAPSED-1",
                                         issued_on=today - timedelta(days=400), expires_on=today - timedelta(days=1)))
    await planner.certificates(clock.now())
    page = await as_charlie.get("/me/needs")
    assert "A mandatory certificate lapsed" in page.text
    open_part = page.text.split('id="open"')[1].split('id="planned"')[0]
    assert "Fire safety basics" in open_part and "Enrol for this need" in open_part


# --- suggestions per need -----------------------------------------------------------------------

async def test_an_open_need_suggests_courses_and_colleagues_who_know_it(as_charlie, course, org):
    competency = course["competency"]
    other_area = await CompetencyArea.objects().first()
    excel = Competency(area=other_area.id, name="Excel")
    await excel.save()
    await assess(org["erin"].id, competency.id, 4, "admin", org["alice"].id)
    await assess(org["dave"].id, competency.id, 2, "admin", org["alice"].id)
    await assess(org["charlie"].id, competency.id, 4, "self", org["charlie"].id)
    await need_of(org["charlie"], title="Fires", competency=competency.id)
    await need_of(org["charlie"], title="Pivot tables", competency=excel.id)
    page = await as_charlie.get("/me/needs")
    fires = page.text.split("<strong>Fires</strong>")[1].split("Drop this need")[0]
    assert "Fire safety basics" in fires and "brings level 2" in fires and "Enrol for this need" in fires
    assert "Erin Test" in fires and "level 4" in fires
    assert "Dave Test" not in fires and "Charlie Test" not in fires
    pivots = page.text.split("<strong>Pivot tables</strong>")[1].split("Drop this need")[0]
    assert "No course in the catalogue develops this yet." in pivots and "Erin Test" not in pivots


# --- planning, meeting, dropping ----------------------------------------------------------------

async def test_enrolling_from_a_need_plans_it_and_completing_meets_it(as_charlie, course, org):
    need = await need_of(org["charlie"], competency=course["competency"].id)
    response = await as_charlie.post(f"/needs/{need.id}/enrol", data={"course": str(course["course"].id)})
    assert response.status_code == 303 and response.headers["location"] == "/me/needs?notice=planned"
    enrolment = await Enrolment.objects().get(Enrolment.employee == org["charlie"].id)
    assert enrolment.need == need.id and enrolment.source == "self" and enrolment.completed_at is None
    saved = await LearningNeed.objects().get(LearningNeed.id == need.id)
    assert saved.status == "planned" and saved.updated_at is not None
    page = await as_charlie.get("/me/needs")
    planned = page.text.split('id="planned"')[1].split('id="met"')[0]
    assert "Negotiation" in planned and "Fire safety basics" in planned
    again = await as_charlie.post(f"/needs/{need.id}/enrol", data={"course": str(course["course"].id)})
    assert again.status_code == 409
    await complete_enrolment(enrolment.id, 100)
    assert await status_of(need.id) == "met"
    met = (await as_charlie.get("/me/needs")).text.split('id="met"')[1].split('id="dropped"')[0]
    assert "Negotiation" in met and "Completed" in met


async def test_a_manager_plans_a_reports_need_as_an_assignment(as_bob, course, org):
    need = await need_of(org["charlie"])
    response = await as_bob.post(f"/needs/{need.id}/enrol", data={"course": str(course["course"].id)})
    assert response.headers["location"] == f"/people/{org['charlie'].id}/needs?notice=planned"
    enrolment = await Enrolment.objects().get(Enrolment.employee == org["charlie"].id)
    assert (enrolment.need, enrolment.source, enrolment.assigned_by) == (need.id, "assigned", org["bob"].id)


async def test_enrolling_for_a_need_refuses_bad_courses(as_charlie, course, org):
    need = await need_of(org["charlie"])
    await Course.update({Course.published: False}).where(Course.id == course["course"].id)
    for value in (str(course["course"].id), "999999", "abc", ""):
        assert (await as_charlie.post(f"/needs/{need.id}/enrol", data={"course": value})).status_code == 404
    assert await status_of(need.id) == "open" and await Enrolment.count() == 0


async def test_a_course_already_completed_does_not_plan_a_need(as_charlie, course, org):
    enrolment_id = await enrol(org["charlie"].id, course["course"].id)
    await complete_enrolment(enrolment_id)
    need = await need_of(org["charlie"])
    response = await as_charlie.post(f"/needs/{need.id}/enrol", data={"course": str(course["course"].id)})
    assert response.status_code == 409 and await status_of(need.id) == "open"


async def test_linking_a_request_plans_a_need(as_charlie, course, org):
    need = await need_of(org["charlie"])
    mine = TrainingRequest(employee=org["charlie"].id, title="Negotiation at Vlerick", reason="deals",
                           created_at=clock.now())
    daves = TrainingRequest(employee=org["dave"].id, title="Dave's", reason="x", created_at=clock.now())
    await mine.save()
    await daves.save()
    page = await as_charlie.get("/me/needs")
    assert "Or link a training request" in page.text and "Negotiation at Vlerick" in page.text
    assert (await as_charlie.post(f"/needs/{need.id}/request", data={"request": str(daves.id)})).status_code == 404
    assert (await as_charlie.post(f"/needs/{need.id}/request", data={"request": "x"})).status_code == 404
    response = await as_charlie.post(f"/needs/{need.id}/request", data={"request": str(mine.id)})
    assert response.status_code == 303
    assert (await TrainingRequest.objects().get(TrainingRequest.id == mine.id)).need == need.id
    assert await status_of(need.id) == "planned"
    assert "Negotiation at Vlerick" in (await as_charlie.get("/me/needs")).text.split('id="planned"')[1]


async def test_an_approved_request_for_a_need_enrols_for_it_and_completing_meets_it(as_charlie, as_bob, course, org):
    need = await need_of(org["charlie"], competency=course["competency"].id)
    asked = TrainingRequest(employee=org["charlie"].id, course=course["course"].id, title="Fire safety basics",
                            reason="for the audit", created_at=clock.now())
    await asked.save()
    await as_charlie.post(f"/needs/{need.id}/request", data={"request": str(asked.id)})
    assert await status_of(need.id) == "planned"
    response = await as_bob.post(f"/requests/{asked.id}/decide", data={"decision": "approve", "comment": ""})
    assert response.status_code == 303
    enrolment = await Enrolment.objects().get(Enrolment.employee == org["charlie"].id)
    assert enrolment.need == need.id and enrolment.source == "request"
    await complete_enrolment(enrolment.id)
    assert await status_of(need.id) == "met"


async def test_dropping_asks_first_and_keeps_the_reason(as_charlie, org):
    need = await need_of(org["charlie"], note="From the review")
    confirm = await as_charlie.get(f"/needs/{need.id}/drop")
    assert confirm.status_code == 200 and "Drop this learning need?" in confirm.text
    assert await status_of(need.id) == "open"
    too_long = await as_charlie.post(f"/needs/{need.id}/drop", data={"reason": "r" * 501})
    assert too_long.status_code == 200 and "Reason can be at most 500 characters." in too_long.text
    assert await status_of(need.id) == "open"
    response = await as_charlie.post(f"/needs/{need.id}/drop", data={"reason": "Changed jobs"})
    assert response.status_code == 303 and response.headers["location"] == "/me/needs?notice=dropped"
    saved = await LearningNeed.objects().get(LearningNeed.id == need.id)
    assert saved.status == "dropped" and saved.updated_at is not None
    assert saved.note == "From the review\n\nDropped by Charlie Test: Changed jobs"
    again = await as_charlie.post(f"/needs/{need.id}/drop", data={"reason": ""})
    assert again.status_code == 409
    assert (await as_charlie.post(f"/needs/{need.id}/enrol", data={"course": "1"})).status_code in (404, 409)
    assert (await as_charlie.get(f"/needs/{need.id}/drop")).status_code == 409


async def test_a_planned_need_can_be_dropped_without_a_reason(as_bob, org):
    need = await need_of(org["charlie"], status="planned")
    assert (await as_bob.post(f"/needs/{need.id}/drop", data={})).status_code == 303
    saved = await LearningNeed.objects().get(LearningNeed.id == need.id)
    assert saved.status == "dropped" and saved.note == ""


# --- who sees and changes whose needs -----------------------------------------------------------

async def test_an_employee_cannot_see_or_change_anothers_needs(make_client, as_charlie, course, org):
    need = await need_of(org["charlie"], title="Charlie secret wish")
    dave = await client_of(make_client, "dave")
    assert "Charlie secret wish" not in (await dave.get("/me/needs")).text
    assert (await dave.get(f"/people/{org['charlie'].id}/needs")).status_code == 403
    assert (await dave.get(f"/needs/{need.id}/drop")).status_code == 403
    assert (await dave.post(f"/needs/{need.id}/drop", data={"reason": "no"})).status_code == 403
    assert (await dave.post(f"/needs/{need.id}/enrol", data={"course": str(course["course"].id)})).status_code == 403
    assert await status_of(need.id) == "open" and await Enrolment.count() == 0
    assert (await as_charlie.get("/needs/999999/drop")).status_code == 404
    assert (await as_charlie.get("/people/999999/needs")).status_code == 404


async def test_a_manager_sees_their_line_however_deep_and_never_another_team(as_bob, as_alice, make_client, org):
    frank = await person(org, "frank", manager=org["charlie"])
    await need_of(frank, title="Frank needs")
    daves = await need_of(org["dave"], title="Dave needs")
    page = await as_bob.get(f"/people/{frank.id}/needs")
    assert page.status_code == 200 and "Frank needs" in page.text
    assert (await as_bob.get(f"/people/{org['dave'].id}/needs")).status_code == 403
    assert (await as_bob.post(f"/needs/{daves.id}/drop", data={})).status_code == 403
    erin = await client_of(make_client, "erin")
    assert (await erin.get(f"/people/{frank.id}/needs")).status_code == 403
    assert "Dave needs" in (await erin.get(f"/people/{org['dave'].id}/needs")).text
    for employee in (frank, org["dave"]):
        assert (await as_alice.get(f"/people/{employee.id}/needs")).status_code == 200
    assert (await as_alice.post(f"/needs/{daves.id}/drop", data={})).status_code == 303
