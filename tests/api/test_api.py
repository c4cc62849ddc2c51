"""The JSON API: tokens and scopes, the pages' rules for who sees and does what, JSON errors, the
rate limit and the OpenAPI document."""
import dataclasses
from datetime import timedelta

import pytest
from httpx import ASGITransport

from lms import clock
from lms.app import create_app
from lms.courses import certificates
from lms.courses.tables import Course, Enrolment
from lms.people import tokens
from lms.people.tables import Employee
from lms.reminders.tables import Reminder
from lms.settings import load_settings
from tests.helpers import Client

EVERYTHING = ["read", "enrolments:write", "catalogue:write", "competencies:write"]


@pytest.fixture
def token_of(org):
    async def make(who: str, scopes=EVERYTHING) -> dict:
        return {"Authorization": f"Bearer {await tokens.create_token(who, list(scopes), org[who].id)}"}

    return make


async def test_without_a_token_with_the_scope_nothing_is_answered(org, client, token_of, course):
    assert (await client.get("/api/v1/courses")).json() == {
        "status_code": 401, "detail": "A valid bearer token is needed: L&D makes them under Connections", "extra": {}}
    assert (await client.get("/api/v1/courses", headers={"Authorization": "Bearer lms_nope"})).status_code == 401
    scim_only = await token_of("alice", ["scim"])
    refused = await client.get("/api/v1/courses", headers=scim_only)
    assert refused.status_code == 403 and "read" in refused.json()["detail"]
    reader = await token_of("alice", ["read"])
    assert (await client.get("/api/v1/courses", headers=reader)).status_code == 200
    await Employee.update({Employee.active: False}).where(Employee.id == org["alice"].id)
    assert (await client.get("/api/v1/courses", headers=reader)).status_code == 401  # its maker left


@pytest.mark.parametrize("who, seen", [("alice", {"alice", "bob", "erin", "charlie", "dave"}),
                                       ("bob", {"bob", "charlie"}), ("charlie", {"charlie"})])
async def test_people_are_seen_as_on_the_pages(org, client, token_of, who, seen):
    headers = await token_of(who)
    found = (await client.get("/api/v1/people", headers=headers)).json()
    assert {person["email"].split("@")[0] for person in found["items"]} == seen and found["total"] == len(seen)
    dave = await client.get(f"/api/v1/people/{org['dave'].id}", headers=headers)
    assert dave.status_code == (200 if "dave" in seen else 404)


async def test_the_catalogue_shows_drafts_to_l_and_d_only(org, client, token_of, course):
    draft = Course(title="Draft", format="online", route="informal", minutes=5, published=False,
                   created_at=clock.now())
    await draft.save()
    employee = (await client.get("/api/v1/courses", headers=await token_of("charlie"))).json()
    assert [c["title"] for c in employee["items"]] == ["Fire safety basics"]
    assert (await client.get(f"/api/v1/courses/{draft.id}", headers=await token_of("charlie"))).status_code == 404
    admin = (await client.get("/api/v1/courses", headers=await token_of("alice"))).json()
    assert admin["total"] == 2


async def test_l_and_d_adds_a_draft_course_and_bad_input_is_named(org, client, token_of):
    headers = await token_of("alice")
    made = await client.request("POST", "/api/v1/courses", headers=headers, json={"title": "Ladder safety", "minutes": 8})
    assert made.status_code == 201 and made.json()["published"] is False and made.json()["minutes"] == 8
    empty = await client.request("POST", "/api/v1/courses", headers=headers, json={"title": " "})
    assert empty.status_code == 400 and "title" in str(empty.json()["extra"])
    too_long = await client.request("POST", "/api/v1/courses", headers=headers, json={"title": "Long", "minutes": 0})
    assert too_long.status_code == 400 and "minutes" in str(too_long.json()["extra"])
    wrong_type = await client.request("POST", "/api/v1/courses", headers=headers, json={"title": 5})
    assert wrong_type.status_code == 400
    manager = await client.request("POST", "/api/v1/courses", headers=await token_of("bob"), json={"title": "Mine"})
    assert manager.status_code == 403
    assert await Course.count() == 1


async def test_a_manager_enrols_someone_in_their_line_who_is_told(org, client, token_of, course):
    headers = await token_of("bob")
    due = (clock.now() + timedelta(days=14)).date().isoformat()
    made = await client.request("POST", "/api/v1/enrolments", headers=headers,
                             json={"person_id": org["charlie"].id, "course_id": course["course"].id, "due_date": due})
    assert made.status_code == 201 and made.json()["source"] == "assigned" and made.json()["due_date"] == due
    assert await Reminder.exists().where(Reminder.employee == org["charlie"].id, Reminder.kind == "assignment")
    listed = (await client.get("/api/v1/enrolments", params={"course_id": course["course"].id}, headers=headers)).json()
    assert [e["person_id"] for e in listed["items"]] == [org["charlie"].id]
    elsewhere = await client.request("POST", "/api/v1/enrolments", headers=headers,
                                  json={"person_id": org["dave"].id, "course_id": course["course"].id})
    assert elsewhere.status_code == 403
    past = await client.request("POST", "/api/v1/enrolments", headers=headers,
                             json={"person_id": org["charlie"].id, "course_id": course["course"].id, "due_date": "2020-01-01"})
    assert past.status_code == 400 and "due_date" in past.json()["extra"]
    missing = await client.request("POST", "/api/v1/enrolments", headers=headers, json={"person_id": org["charlie"].id,
                                                                             "course_id": 99999})
    assert missing.status_code == 404
    assert await Enrolment.count() == 1


async def test_a_read_only_token_cannot_enrol(org, client, token_of, course):
    response = await client.request("POST", "/api/v1/enrolments", headers=await token_of("alice", ["read"]),
                                 json={"person_id": org["charlie"].id, "course_id": course["course"].id})
    assert response.status_code == 403 and await Enrolment.count() == 0


async def test_a_certificate_is_checked_by_its_code(org, client, token_of, course):
    code = await certificates.issue_for_course(org["charlie"].id, course["course"].id)
    found = (await client.get(f"/api/v1/certificates/{code}", headers=await token_of("dave"))).json()
    assert found["status"] == "valid" and found["person"] == "Charlie Test" and found["course"] == "Fire safety basics"
    assert (await client.get("/api/v1/certificates/NOPE", headers=await token_of("dave"))).status_code == 404


@pytest.mark.parametrize("path", ["/api/v1/people/abc", "/api/v1/people/99999999999", "/api/v1/courses?page=x",
                                  "/api/v1/enrolments?person_id=2147483648"])
async def test_bad_parameters_get_a_json_4xx(org, client, token_of, path):
    response = await client.get(path, headers=await token_of("alice"))
    assert 400 <= response.status_code < 500 and "detail" in response.json()


async def test_a_token_that_asks_too_often_is_told_to_wait(app, org, token_of):
    strict = create_app(dataclasses.replace(load_settings(), api_per_minute=3))
    headers = await token_of("alice")
    async with Client(transport=ASGITransport(app=strict), base_url="http://testserver") as client:
        statuses = [(await client.get("/api/v1/courses", headers=headers)).status_code for _ in range(4)]
    assert statuses == [200, 200, 200, 429]


async def test_the_openapi_document_describes_the_api_only(client):
    document = (await client.get("/api/v1/schema/openapi.json")).json()
    assert document["info"]["title"] == "lms API"
    assert set(document["paths"]) >= {"/api/v1/people", "/api/v1/courses", "/api/v1/enrolments"}
    assert not [path for path in document["paths"] if not path.startswith("/api/v1/")]


async def test_a_nul_character_in_a_body_is_refused(org, client, token_of):
    response = await client.request("POST", "/api/v1/courses", headers=await token_of("alice"),
                                    content=b'{"title": "Ladder\\u0000safety"}')
    assert response.status_code == 400 and "NUL" in response.json()["detail"]
    assert await Course.count() == 0


async def test_levels_are_read_and_rated_as_on_the_pages(org, client, token_of, course):
    competency = course["competency"].id
    bob = await token_of("bob")
    rated = await client.request("POST", "/api/v1/levels", headers=bob,
                                 json={"person_id": org["charlie"].id, "competency_id": competency, "level": 3})
    assert rated.status_code == 201 and rated.json()["source"] == "manager" and rated.json()["level"] == 3
    elsewhere = await client.request("POST", "/api/v1/levels", headers=bob,
                                     json={"person_id": org["dave"].id, "competency_id": competency, "level": 3})
    assert elsewhere.status_code == 403
    for body in ({"person_id": org["charlie"].id, "competency_id": competency, "level": 5},
                 {"person_id": org["charlie"].id, "competency_id": 99999, "level": 2}):
        assert (await client.request("POST", "/api/v1/levels", headers=bob, json=body)).status_code == 400
    read_only = await token_of("bob", ["read"])
    assert (await client.request("POST", "/api/v1/levels", headers=read_only, json={
        "person_id": org["charlie"].id, "competency_id": competency, "level": 1})).status_code == 403
    listed = (await client.get("/api/v1/levels", headers=read_only)).json()
    assert [(l["person_id"], l["level"]) for l in listed["items"]] == [(org["charlie"].id, 3)]
    assert (await client.get("/api/v1/levels", headers=await token_of("dave"))).json()["total"] == 0
    later = (clock.now() + timedelta(minutes=1)).isoformat()
    assert (await client.get("/api/v1/levels", params={"since": later}, headers=read_only)).json()["total"] == 0


async def test_enrolments_changed_since_a_moment_are_found_for_a_sync(org, client, token_of, course):
    headers = await token_of("alice")
    before = clock.now() - timedelta(seconds=1)
    await client.request("POST", "/api/v1/enrolments", headers=headers,
                         json={"person_id": org["charlie"].id, "course_id": course["course"].id})
    found = await client.get("/api/v1/enrolments", params={"since": before.isoformat()}, headers=headers)
    assert found.json()["total"] == 1
    naive_later = (clock.now() + timedelta(minutes=5)).replace(tzinfo=None).isoformat()
    assert (await client.get("/api/v1/enrolments", params={"since": naive_later}, headers=headers)).json()["total"] == 0
    assert (await client.get("/api/v1/enrolments", params={"since": "yesterday"}, headers=headers)).status_code == 400


async def test_learning_needs_of_the_line_are_read(org, client, token_of):
    from lms.competencies import needs

    await needs.raise_need(org["charlie"].id, "Excel pivots", "employee")
    await needs.raise_need(org["dave"].id, "Forklift licence", "manager")
    found = (await client.get("/api/v1/needs", headers=await token_of("bob"))).json()
    assert [n["title"] for n in found["items"]] == ["Excel pivots"] and found["items"][0]["status"] == "open"


async def test_l_and_d_records_a_training_done_elsewhere(org, client, token_of, course):
    from lms.courses.tables import Certificate

    body = {"person_id": org["dave"].id, "course_id": course["course"].id, "note": "Done at Acme on 2 Dec (HR 4711)"}
    made = await client.request("POST", "/api/v1/completions", headers=await token_of("alice"), json=body)
    assert made.status_code == 201 and made.json()["completed_at"] is not None
    assert await Certificate.exists().where(Certificate.employee == org["dave"].id)
    again = await client.request("POST", "/api/v1/completions", headers=await token_of("alice"), json=body)
    assert again.status_code == 409
    manager = await client.request("POST", "/api/v1/completions", headers=await token_of("erin"), json=body)
    assert manager.status_code == 403
    empty = await client.request("POST", "/api/v1/completions", headers=await token_of("alice"),
                                 json={**body, "note": " "})
    assert empty.status_code == 400


async def test_certificates_of_the_line_are_listed_with_their_status(org, client, token_of, course):
    await certificates.issue_for_course(org["charlie"].id, course["course"].id)
    await certificates.issue_for_course(org["dave"].id, course["course"].id)
    found = (await client.get("/api/v1/certificates", headers=await token_of("bob"))).json()
    assert [(c["person_id"], c["status"]) for c in found["items"]] == [(org["charlie"].id, "valid")]
    assert (await client.get("/api/v1/certificates", headers=await token_of("alice"))).json()["total"] == 2
