"""Provisioning over SCIM 2.0: the outside conformance checker (scim2-tester) against a real server,
and each rule lms adds (tokens, filters, deactivation, ETags, departments and managers)."""
import asyncio
import os

import pytest
from httpx2 import Client as ScimHttpClient
from scim2_client.engines.httpx2 import SyncSCIMClient
from scim2_tester import Status, check_server

from lms.people import tokens
from lms.people.tables import AuditEntry, Department, Employee, UserSession
from tests.e2e.conftest import serving
from tests.helpers import sign_in
from tests.oidc import free_port

CORE = "urn:ietf:params:scim:schemas:core:2.0:User"
ENTERPRISE = "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User"
PATCH = "urn:ietf:params:scim:api:messages:2.0:PatchOp"


@pytest.fixture
async def token(org):
    return await tokens.create_token("Entra ID provisioning", ["scim"], org["alice"].id)


def scim_headers(token: str, **extra) -> dict:
    return {"Authorization": f"Bearer {token}", "Content-Type": "application/scim+json", **extra}


async def test_the_conformance_checker_passes_in_full(token):
    port = free_port()
    with serving({**os.environ, "LMS_BASE_URL": f"http://127.0.0.1:{port}"}, port) as url:
        client = SyncSCIMClient(ScimHttpClient(base_url=f"{url}/scim/v2", headers={"Authorization": f"Bearer {token}"}))
        results = await asyncio.to_thread(check_server, client)
    failed = [f"{r.title}: {r.reason}" for r in results if r.status not in (Status.SUCCESS, Status.SKIPPED)]
    assert failed == []
    assert len(results) > 50  # discovery, create, read, list, search, replace, patch and delete all ran


async def test_without_a_live_scim_token_nothing_is_answered(org, client, token):
    for headers in ({}, {"Authorization": "Bearer lms_made-up"}, {"Authorization": f"Basic {token}"}):
        response = await client.get("/scim/v2/Users", headers=headers)
        assert response.status_code == 401
        assert response.json()["schemas"] == ["urn:ietf:params:scim:api:messages:2.0:Error"]
    await sign_in(client, "alice@example.org")  # an L&D session is not a token
    assert (await client.get("/scim/v2/Users")).status_code == 401
    row = await tokens.ApiToken.select(tokens.ApiToken.id).first()
    await tokens.revoke(row["id"])
    assert (await client.get("/scim/v2/Users", headers=scim_headers(token))).status_code == 401


async def create(client, token, **fields) -> dict:
    payload = {"schemas": [CORE, ENTERPRISE], "userName": "kim.peeters@example.org",
               "name": {"givenName": "Kim", "familyName": "Peeters"}, "emails": [{"value": "Kim.Peeters@example.org"}],
               "active": True, "title": "Warehouse lead", "externalId": "entra-42", **fields}
    response = await client.request("POST", "/scim/v2/Users", json=payload, headers=scim_headers(token))
    assert response.status_code == 201, response.text
    return response


async def test_the_provider_adds_a_person_with_department_and_manager(org, client, token):
    response = await create(client, token, **{ENTERPRISE: {"department": "Night shift",
                                                          "manager": {"value": str(org["bob"].id)}}})
    body = response.json()
    assert response.headers["location"].endswith(f"/scim/v2/Users/{body['id']}")
    assert response.headers["etag"] == body["meta"]["version"]
    assert body[ENTERPRISE]["manager"]["value"] == str(org["bob"].id)
    person = await Employee.select(Employee.email, Employee.first_name, Employee.job_title, Employee.manager,
                                   Employee.department.name.as_alias("department"), Employee.external_id
                                   ).where(Employee.id == int(body["id"])).first()
    assert person == {"email": "kim.peeters@example.org", "first_name": "Kim", "job_title": "Warehouse lead",
                      "manager": org["bob"].id, "department": "Night shift", "external_id": "entra-42"}
    assert await Department.exists().where(Department.name == "Night shift")
    assert await AuditEntry.exists().where(AuditEntry.employee == int(body["id"]), AuditEntry.action == "created")
    again = await client.request("POST", "/scim/v2/Users", json={"schemas": [CORE], "userName": "kim.peeters@example.org"},
                              headers=scim_headers(token))
    assert again.status_code == 409 and again.json()["scimType"] == "uniqueness"


@pytest.mark.parametrize("filter_text, found", [
    ('userName eq "charlie@example.org"', 1), ('emails.value eq "charlie@example.org"', 1),
    ('userName eq "nobody@example.org"', 0), ('externalId eq "entra-42"', 1)])
async def test_the_filters_providers_send_to_find_someone(org, client, token, filter_text, found):
    await create(client, token, userName="kim", externalId="entra-42")
    response = await client.get("/scim/v2/Users", params={"filter": filter_text}, headers=scim_headers(token))
    assert response.status_code == 200 and response.json()["totalResults"] == found


async def test_an_unsupported_filter_is_a_scim_error(org, client, token):
    response = await client.get("/scim/v2/Users", params={"filter": 'title co "lead"'}, headers=scim_headers(token))
    assert response.status_code == 400 and response.json()["scimType"] == "invalidFilter"


async def test_people_come_a_page_at_a_time(org, client, token):
    first = (await client.get("/scim/v2/Users", params={"count": 2}, headers=scim_headers(token))).json()
    second = (await client.get("/scim/v2/Users", params={"count": 2, "startIndex": 3},
                               headers=scim_headers(token))).json()
    assert first["totalResults"] == 5 and first["itemsPerPage"] == 2 and second["startIndex"] == 3
    ids = [user["id"] for user in first["Resources"] + second["Resources"]]
    assert len(set(ids)) == 4


async def test_deactivating_signs_the_person_out_everywhere(org, client, make_client, token):
    charlie = make_client()
    await sign_in(charlie, "charlie@example.org")
    assert await UserSession.count().where(UserSession.employee == org["charlie"].id) == 1
    response = await client.patch(f"/scim/v2/Users/{org['charlie'].id}", headers=scim_headers(token), json={
        "schemas": [PATCH], "Operations": [{"op": "replace", "path": "active", "value": False}]})
    assert response.status_code == 200 and response.json()["active"] is False
    assert await UserSession.count().where(UserSession.employee == org["charlie"].id) == 0
    assert (await charlie.get("/")).status_code in (302, 303, 401)


async def test_a_change_based_on_an_old_version_is_refused(org, client, token):
    read = await client.get(f"/scim/v2/Users/{org['charlie'].id}", headers=scim_headers(token))
    version = read.headers["etag"]
    changed = await client.patch(f"/scim/v2/Users/{org['charlie'].id}", headers=scim_headers(token, **{"If-Match": version}),
                                 json={"schemas": [PATCH], "Operations": [{"op": "replace", "path": "title",
                                                                           "value": "Planner"}]})
    assert changed.status_code == 200 and changed.headers["etag"] != version
    stale = await client.patch(f"/scim/v2/Users/{org['charlie'].id}", headers=scim_headers(token, **{"If-Match": version}),
                               json={"schemas": [PATCH], "Operations": [{"op": "replace", "path": "title",
                                                                         "value": "Driver"}]})
    assert stale.status_code == 412
    assert (await Employee.select(Employee.job_title).where(Employee.id == org["charlie"].id).first())["job_title"] == "Planner"


async def test_delete_deactivates_and_keeps_the_record_and_a_new_create_brings_them_back(org, client, token):
    response = await client.delete(f"/scim/v2/Users/{org['charlie'].id}", headers=scim_headers(token))
    assert response.status_code == 204
    assert (await client.get(f"/scim/v2/Users/{org['charlie'].id}", headers=scim_headers(token))).status_code == 404
    person = await Employee.select(Employee.active, Employee.removed_at).where(Employee.id == org["charlie"].id).first()
    assert person["active"] is False and person["removed_at"] is not None
    back = await create(client, token, userName="charlie@example.org", emails=[{"value": "charlie@example.org"}])
    assert back.json()["id"] == str(org["charlie"].id) and back.json()["active"] is True


@pytest.mark.parametrize("body, kind", [
    (b"{not json", "invalidSyntax"), (b"[]", "invalidSyntax"),
    (b'{"schemas": ["urn:ietf:params:scim:schemas:core:2.0:User"]}', "invalidValue"),
    (b'{"schemas": ["urn:ietf:params:scim:schemas:core:2.0:User"], "userName": "x", "emails": [{"value": "not an address"}]}',
     "invalidValue")])
async def test_bad_payloads_get_a_scim_error_and_change_nothing(org, client, token, body, kind):
    people = await Employee.count()
    response = await client.request("POST", "/scim/v2/Users", content=body, headers=scim_headers(token))
    assert response.status_code == 400 and response.json()["scimType"] == kind
    assert await Employee.count() == people


async def test_an_unknown_manager_or_person_is_refused(org, client, token):
    response = await client.request("POST", "/scim/v2/Users", headers=scim_headers(token), json={
        "schemas": [CORE, ENTERPRISE], "userName": "new@example.org", ENTERPRISE: {"manager": {"value": "999999"}}})
    assert response.status_code == 400 and "manager" in response.json()["detail"]
    for missing in ("999999", "abc", "1" * 30):
        assert (await client.get(f"/scim/v2/Users/{missing}", headers=scim_headers(token))).status_code == 404


GROUP = "urn:ietf:params:scim:schemas:core:2.0:Group"


async def make_group(client, token, name: str, *member_ids: int):
    response = await client.request("POST", "/scim/v2/Groups", headers=scim_headers(token), json={
        "schemas": [GROUP], "displayName": name, "externalId": f"entra-{name}",
        "members": [{"value": str(member)} for member in member_ids]})
    assert response.status_code == 201, response.text
    return response.json()


async def profile_of(person_id: int):
    row = await Employee.select(Employee.job_profile.name.as_alias("profile")).where(Employee.id == person_id).first()
    return row["profile"]


async def test_groups_are_job_profiles_and_a_person_has_one(org, client, token):
    pickers = await make_group(client, token, "Order picker", org["charlie"].id, org["dave"].id)
    assert {m["value"] for m in pickers["members"]} == {str(org["charlie"].id), str(org["dave"].id)}
    assert await profile_of(org["charlie"].id) == "Order picker"
    await make_group(client, token, "Forklift driver", org["charlie"].id)  # joining moves Charlie
    assert await profile_of(org["charlie"].id) == "Forklift driver"
    listed = await client.get("/scim/v2/Groups", params={"filter": 'displayName eq "Order picker"'},
                              headers=scim_headers(token))
    assert [m["value"] for m in listed.json()["Resources"][0]["members"]] == [str(org["dave"].id)]


async def test_members_are_added_and_removed_with_patch(org, client, token):
    group = await make_group(client, token, "Order picker", org["dave"].id)
    added = await client.patch(f"/scim/v2/Groups/{group['id']}", headers=scim_headers(token), json={
        "schemas": [PATCH], "Operations": [{"op": "add", "path": "members", "value": [{"value": str(org["charlie"].id)}]}]})
    assert added.status_code == 200 and len(added.json()["members"]) == 2
    removed = await client.patch(f"/scim/v2/Groups/{group['id']}", headers=scim_headers(token), json={
        "schemas": [PATCH], "Operations": [{"op": "remove", "path": f'members[value eq "{org["dave"].id}"]'}]})
    assert removed.status_code == 200 and [m["value"] for m in removed.json()["members"]] == [str(org["charlie"].id)]
    assert await profile_of(org["dave"].id) is None


async def test_deleting_a_group_removes_the_profile_and_keeps_the_people(org, client, token):
    group = await make_group(client, token, "Order picker", org["charlie"].id)
    assert (await client.delete(f"/scim/v2/Groups/{group['id']}", headers=scim_headers(token))).status_code == 204
    assert (await client.get(f"/scim/v2/Groups/{group['id']}", headers=scim_headers(token))).status_code == 404
    assert await Employee.exists().where(Employee.id == org["charlie"].id, Employee.active.eq(True))
    assert await profile_of(org["charlie"].id) is None


async def test_a_group_needs_a_free_name_and_people_who_exist(org, client, token):
    await make_group(client, token, "Order picker")
    again = await client.request("POST", "/scim/v2/Groups", headers=scim_headers(token),
                                 json={"schemas": [GROUP], "displayName": "Order picker"})
    assert again.status_code == 409 and again.json()["scimType"] == "uniqueness"
    unknown = await client.request("POST", "/scim/v2/Groups", headers=scim_headers(token), json={
        "schemas": [GROUP], "displayName": "Ghosts", "members": [{"value": "999999"}]})
    assert unknown.status_code == 400 and unknown.json()["scimType"] == "invalidValue"
    nameless = await client.request("POST", "/scim/v2/Groups", headers=scim_headers(token),
                                    json={"schemas": [GROUP], "displayName": "  "})
    assert nameless.status_code == 400
    assert (await client.get("/scim/v2/Elephants", headers=scim_headers(token))).status_code == 404


async def test_an_l_and_d_admins_address_is_not_moved_over_scim(org, client, token):
    """Else a leaked SCIM token could move it to another mailbox and ask for a password reset."""
    response = await client.patch(f"/scim/v2/Users/{org['alice'].id}", headers=scim_headers(token), json={
        "schemas": [PATCH], "Operations": [{"op": "replace", "path": "emails", "value": [{"value": "evil@example.org"}]}]})
    assert response.status_code == 400 and response.json()["scimType"] == "mutability"
    assert await Employee.exists().where(Employee.id == org["alice"].id, Employee.email == "alice@example.org")


@pytest.mark.parametrize("method, path, body, status", [
    ("GET", "/scim/v2/Users/²", None, 404), ("GET", "/scim/v2/Users/99999999999", None, 404),
    ("POST", "/scim/v2/Users", b'{"schemas": ["urn:ietf:params:scim:schemas:core:2.0:User"], "userName": "a\\u0000b"}',
     400),
    ("POST", "/scim/v2/Users", b"[" * 100_000 + b"]" * 100_000, 400),
    ("POST", "/scim/v2/Groups", b'{"schemas": ["urn:ietf:params:scim:schemas:core:2.0:Group"], "displayName": "x", '
                                b'"members": [{"value": "\\u00b2"}, {"value": "99999999999"}]}', 400)])
async def test_odd_requests_get_a_scim_4xx(org, client, token, method, path, body, status):
    response = await client.request(method, path, content=body, headers=scim_headers(token))
    assert response.status_code == status, response.text
    assert response.headers["content-type"].startswith("application/scim+json")


async def test_a_search_far_past_the_end_is_an_empty_page(org, client, token):
    response = await client.request("POST", "/scim/v2/Users/.search", headers=scim_headers(token), content=(
        b'{"schemas": ["urn:ietf:params:scim:api:messages:2.0:SearchRequest"], "startIndex": 99999999999999999999}'))
    assert response.status_code == 200 and response.json()["totalResults"] == 5
    assert not response.json().get("Resources")


async def test_entra_ids_patches_are_understood(org, client, token):
    """Microsoft Entra ID capitalises its operations, sends booleans as text, sets the work address
    by a filtered path and the manager as a bare id."""
    person = (await create(client, token, userName="kim@example.org",
                           emails=[{"value": "kim@example.org", "type": "work", "primary": True}])).json()["id"]

    async def patch(*operations):
        response = await client.patch(f"/scim/v2/Users/{person}", headers=scim_headers(token),
                                      json={"schemas": [PATCH], "Operations": list(operations)})
        assert response.status_code == 200, response.text
        return await Employee.select(Employee.email, Employee.active, Employee.manager, Employee.job_title).where(
            Employee.id == int(person)).first()

    assert (await patch({"op": "Replace", "path": "active", "value": "False"}))["active"] is False
    assert (await patch({"op": "Replace", "value": {"active": True, "title": "Lead"}}))["job_title"] == "Lead"
    moved = await patch({"op": "Add", "path": 'emails[type eq "work"].value', "value": "kim.p@example.org"})
    assert moved["email"] == "kim.p@example.org"
    managed = await patch({"op": "Add", "path": f"{ENTERPRISE}:manager", "value": str(org["bob"].id)})
    assert managed["manager"] == org["bob"].id
    assert (await patch({"op": "Remove", "path": f"{ENTERPRISE}:manager"}))["manager"] is None
