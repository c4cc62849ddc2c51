"""Training requests: the employee asks, their manager decides, L&D sees all and may override."""
from datetime import timedelta

import pytest

from lms import clock
from lms.courses.tables import Course, Enrolment, TrainingRequest
from tests.helpers import sign_in

ASK = {"title": "Negotiation masterclass", "provider": "Vlerick", "cost": "1.250,50", "starts_on": "",
       "reason": "I negotiate with suppliers from next quarter."}


async def asked(client, **changes) -> TrainingRequest:
    response = await client.post("/requests/new", data={**ASK, **changes})
    assert response.status_code == 303, response.text
    return await TrainingRequest.objects().order_by(TrainingRequest.id, ascending=False).first()


async def as_erin(make_client):
    erin = make_client()
    await sign_in(erin, "erin@example.org")
    return erin


@pytest.mark.parametrize("method, url", [
    ("get", "/requests/new"), ("post", "/requests/new"), ("get", "/requests"), ("get", "/requests/1"),
    ("post", "/requests/1/decide"), ("get", "/team/requests"), ("get", "/admin/requests"),
])
async def test_it_requires_login(client, method, url):
    response = await getattr(client, method)(url)
    assert response.status_code == 303
    assert response.headers["location"].startswith("/sign-in?next=")


async def test_an_employee_requests_a_training_and_sees_it_waiting(as_charlie, org):
    request = await asked(as_charlie)
    assert request.employee == org["charlie"].id and request.cost_cents == 125050 and request.status == "pending"
    assert request.course is None
    page = await as_charlie.get("/requests")
    assert "Negotiation masterclass" in page.text and "Waiting for a decision" in page.text
    assert "€1,250.50" in page.text


@pytest.mark.parametrize("cost, cents", [("1250", 125000), ("1250.50", 125050), ("1.250,50", 125050), ("", 0)])
async def test_the_cost_is_read_as_people_write_euros(as_charlie, org, cost, cents):
    assert (await asked(as_charlie, cost=cost)).cost_cents == cents


@pytest.mark.parametrize("changes, message", [
    ({"reason": ""}, "Reason is required."),
    ({"reason": "x" * 2001}, "Reason can be at most 2000 characters."),
    ({"title": ""}, "Training is required."),
    ({"cost": "-5"}, "Cost cannot be negative."),
    ({"cost": "lots"}, "Cost must be an amount in euros"),
    ({"cost": "1000000,01"}, "Cost can be at most 1,000,000 euros."),
    ({"starts_on": "2020-01-01"}, "The start date cannot be in the past."),
])
async def test_a_bad_request_is_shown_again_and_nothing_is_saved(as_charlie, org, changes, message):
    response = await as_charlie.post("/requests/new", data={**ASK, **changes})
    assert response.status_code == 200
    assert message in response.text
    assert 'value="Vlerick"' in response.text  # what was typed comes back
    assert await TrainingRequest.count() == 0


async def test_a_catalogue_course_fills_in_the_form(as_charlie, course):
    await Course.update({Course.provider: "Fire Academy", Course.cost_cents: 45050}).where(
        Course.id == course["course"].id)
    page = await as_charlie.get(f"/requests/new?course_id={course['course'].id}")
    assert 'value="Fire safety basics"' in page.text and 'value="Fire Academy"' in page.text
    assert 'value="450.50"' in page.text
    assert (await as_charlie.get("/requests/new?course_id=999999")).status_code == 404


async def test_the_manager_approves_and_the_employee_is_enrolled(as_charlie, as_bob, course, org):
    request = await asked(as_charlie, course_id=str(course["course"].id), title="Fire safety basics")
    team = await as_bob.get("/team/requests")
    assert "Fire safety basics" in team.text and f'id="decide-{request.id}"' in team.text
    response = await as_bob.post(f"/requests/{request.id}/decide", data={"decision": "approve", "back": "team"})
    assert response.status_code == 303 and response.headers["location"] == "/team/requests?notice=decided"
    saved = await TrainingRequest.objects().get(TrainingRequest.id == request.id)
    assert saved.status == "approved" and saved.decided_by == org["bob"].id and saved.decided_at is not None
    enrolment = await Enrolment.objects().get(Enrolment.employee == org["charlie"].id)
    assert enrolment.course == course["course"].id and enrolment.source == "request"
    assert "Approved" in (await as_charlie.get("/requests")).text


async def test_approving_keeps_an_existing_enrolment_as_it_was(as_charlie, as_bob, course, org):
    from lms.courses.learning import enrol

    due = clock.now().date() + timedelta(days=30)
    await enrol(org["charlie"].id, course["course"].id, source="assigned", assigned_by=org["bob"].id, due_date=due)
    request = await asked(as_charlie, course_id=str(course["course"].id))
    await as_bob.post(f"/requests/{request.id}/decide", data={"decision": "approve"})
    enrolment = await Enrolment.objects().get(Enrolment.employee == org["charlie"].id)
    assert await Enrolment.count() == 1 and enrolment.due_date == due and enrolment.source == "assigned"


async def test_a_second_pending_request_for_one_course_is_refused(as_charlie, course, org):
    await asked(as_charlie, course_id=str(course["course"].id))
    response = await as_charlie.post("/requests/new", data={**ASK, "course_id": str(course["course"].id)})
    assert response.status_code == 409 and "already have a pending request" in response.text
    assert await TrainingRequest.count() == 1


async def test_rejecting_needs_a_comment(as_charlie, as_bob, org):
    request = await asked(as_charlie)
    response = await as_bob.post(f"/requests/{request.id}/decide", data={"decision": "reject", "comment": " "})
    assert response.status_code == 200 and "Comment is required." in response.text
    assert (await TrainingRequest.objects().get(TrainingRequest.id == request.id)).status == "pending"
    await as_bob.post(f"/requests/{request.id}/decide", data={"decision": "reject", "comment": "Not this year."})
    page = await as_charlie.get(f"/requests/{request.id}")
    assert "Rejected" in page.text and "Not this year." in page.text and "Bob Test" in page.text


async def test_charlie_cannot_decide_his_own_request(as_charlie, org):
    request = await asked(as_charlie)
    response = await as_charlie.post(f"/requests/{request.id}/decide", data={"decision": "approve"})
    assert response.status_code == 403
    assert 'id="decide-' not in (await as_charlie.get(f"/requests/{request.id}")).text
    assert (await TrainingRequest.objects().get(TrainingRequest.id == request.id)).status == "pending"


async def test_another_teams_manager_gets_403_and_nothing_changes(as_charlie, make_client, org):
    request = await asked(as_charlie)
    erin = await as_erin(make_client)
    assert "Negotiation masterclass" not in (await erin.get("/team/requests")).text
    assert (await erin.get(f"/requests/{request.id}")).status_code == 403
    for decision in ({"decision": "approve"}, {"decision": "reject", "comment": "No"}, {"decision": "reject"}):
        assert (await erin.post(f"/requests/{request.id}/decide", data=decision)).status_code == 403
    saved = await TrainingRequest.objects().get(TrainingRequest.id == request.id)
    assert saved.status == "pending" and saved.decided_by is None and saved.decision_comment == ""


async def test_a_manager_cannot_change_a_decided_request(as_charlie, as_bob, org):
    request = await asked(as_charlie)
    await as_bob.post(f"/requests/{request.id}/decide", data={"decision": "approve"})
    response = await as_bob.post(f"/requests/{request.id}/decide", data={"decision": "reject", "comment": "Oops"})
    assert response.status_code == 409 and "already been decided" in response.text
    assert (await TrainingRequest.objects().get(TrainingRequest.id == request.id)).status == "approved"


async def test_l_and_d_overrides_a_decision_and_is_recorded(as_charlie, as_bob, as_alice, org):
    request = await asked(as_charlie)
    await as_bob.post(f"/requests/{request.id}/decide", data={"decision": "approve"})
    clock.travel(timedelta(hours=2))
    page = await as_alice.get(f"/requests/{request.id}")
    assert "Override the decision" in page.text
    await as_alice.post(f"/requests/{request.id}/decide", data={"decision": "reject", "comment": "Budget is spent."})
    saved = await TrainingRequest.objects().get(TrainingRequest.id == request.id)
    assert saved.status == "rejected" and saved.decided_by == org["alice"].id
    assert saved.decided_at > clock.now() - timedelta(minutes=1)


async def test_l_and_d_lists_requests_by_status(as_charlie, as_bob, as_alice, org):
    first = await asked(as_charlie, title="Spreadsheet wizardry")
    await asked(as_charlie, title="Public speaking")
    await as_bob.post(f"/requests/{first.id}/decide", data={"decision": "approve"})
    everything = await as_alice.get("/admin/requests")
    assert "Spreadsheet wizardry" in everything.text and "Public speaking" in everything.text
    pending = await as_alice.get("/admin/requests?status=pending")
    assert "Public speaking" in pending.text and "Spreadsheet wizardry" not in pending.text
    assert (await as_bob.get("/admin/requests")).status_code == 403
    assert (await as_charlie.get("/team/requests")).status_code == 403


async def test_the_admin_list_pages(as_charlie, as_alice, org):
    now = clock.now()
    await TrainingRequest.insert(*[TrainingRequest(employee=org["charlie"].id, title=f"Training {n:02d}",
                                                   reason="Growth", created_at=now - timedelta(minutes=n))
                                   for n in range(30)])
    first = await as_alice.get("/admin/requests")
    assert "Training 00" in first.text and "Training 29" not in first.text and "Page 1 of 2" in first.text
    assert "Training 29" in (await as_alice.get("/admin/requests?page=2")).text


async def test_a_wrong_request_id_is_404(as_bob, as_alice, org):
    assert (await as_alice.get("/requests/999999")).status_code == 404
    assert (await as_bob.post("/requests/999999/decide", data={"decision": "approve"})).status_code == 404
