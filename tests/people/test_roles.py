"""Every role boundary: employees see only themselves, managers their own reports, L&D everything."""
import pytest

from lms.people.tables import Employee
from tests.helpers import sign_in

ADMIN_PAGES = ["/admin/people", "/admin/people/new", "/admin/org/departments", "/admin/org/job-profiles",
               "/admin/import"]


@pytest.mark.parametrize("url", ADMIN_PAGES + ["/team", "/me/settings", "/", "/people/1"])
async def test_it_requires_login(client, url):
    response = await client.get(url)
    assert response.status_code == 303
    assert response.headers["location"].startswith("/sign-in?next=")


@pytest.mark.parametrize("url", ADMIN_PAGES)
async def test_an_employee_cannot_reach_admin_pages(as_charlie, url):
    response = await as_charlie.get(url)
    assert response.status_code == 403
    assert "You may not open this page" in response.text


@pytest.mark.parametrize("url", ADMIN_PAGES)
async def test_a_manager_cannot_reach_admin_pages(as_bob, url):
    assert (await as_bob.get(url)).status_code == 403


async def test_an_employee_cannot_post_to_admin_forms(as_charlie, org):
    response = await as_charlie.post(f"/admin/people/{org['dave'].id}/deactivate")
    assert response.status_code == 403
    response = await as_charlie.post("/admin/people", data={"email": "x@example.org", "first_name": "X",
                                                           "last_name": "Y", "role": "admin"})
    assert response.status_code == 403


async def test_an_employee_sees_their_own_profile(as_charlie, org):
    response = await as_charlie.get(f"/people/{org['charlie'].id}")
    assert response.status_code == 200
    assert "charlie@example.org" in response.text


async def test_an_employee_cannot_read_another_employee(as_charlie, org):
    for other in ("dave", "bob", "alice"):
        response = await as_charlie.get(f"/people/{org[other].id}")
        assert response.status_code == 403
        assert f"{other}@example.org" not in response.text


async def test_an_employee_has_no_team_page(as_charlie):
    assert (await as_charlie.get("/team")).status_code == 403


async def test_a_manager_sees_only_their_own_reports(as_bob, org):
    team = await as_bob.get("/team")
    assert team.status_code == 200
    assert "Charlie" in team.text
    assert "Dave" not in team.text
    assert (await as_bob.get(f"/people/{org['charlie'].id}")).status_code == 200
    assert (await as_bob.get(f"/people/{org['dave'].id}")).status_code == 403


async def test_a_manager_without_reports_sees_an_explanation(make_client, org):
    await Employee.update({Employee.manager: None}).where(Employee.id == org["dave"].id)
    erin = make_client()
    await sign_in(erin, "erin@example.org")
    response = await erin.get("/team")
    assert "Nobody reports to you" in response.text


async def test_l_and_d_sees_everyone(as_alice, org):
    for person in org.values():
        assert (await as_alice.get(f"/people/{person.id}")).status_code == 200
    listing = await as_alice.get("/admin/people")
    for name in ("Alice", "Bob", "Charlie", "Dave", "Erin"):
        assert name in listing.text


async def test_a_deactivated_account_is_signed_out_everywhere(as_alice, as_charlie, make_client, org):
    second_phone = make_client()
    await sign_in(second_phone, "charlie@example.org")
    assert (await second_phone.get("/")).status_code == 200
    response = await as_alice.post(f"/admin/people/{org['charlie'].id}/deactivate")
    assert response.status_code == 303
    assert (await as_charlie.get("/")).status_code == 303
    assert (await second_phone.get("/")).status_code == 303
    assert (await sign_in(make_client(), "charlie@example.org")).status_code == 200  # form again, not signed in
