"""L&D manages people: create, edit, deactivate, reset a password, search and page."""
import pytest

from lms import clock
from lms.people.tables import Employee
from tests.helpers import sign_in

NEW_PERSON = {"email": "Fay@Example.org", "first_name": "Fay", "last_name": "Newhire", "role": "employee",
              "department": "", "job_profile": "", "manager": "", "job_title": "Operator",
              "hire_date": "2026-11-01", "password": "a long first password"}


async def test_it_creates_a_person_who_can_sign_in(as_alice, org, make_client):
    data = {**NEW_PERSON, "manager": str(org["bob"].id)}
    response = await as_alice.post("/admin/people", data=data)
    assert response.status_code == 303
    fay = await Employee.objects().get(Employee.email == "fay@example.org")
    assert fay.manager == org["bob"].id and fay.job_title == "Operator"
    assert (await sign_in(make_client(), "fay@example.org", "a long first password")).status_code == 303


@pytest.mark.parametrize("field, value, message", [
    ("email", "", "E-mail is required."),
    ("email", "not-an-email", "E-mail is not a valid e-mail address."),
    ("email", "bob@example.org", "Someone already has this e-mail address."),
    ("first_name", "x" * 101, "First name can be at most 100 characters."),
    ("last_name", "", "Last name is required."),
    ("role", "superuser", "Role: choose one of the options."),
    ("department", "999999", "This department no longer exists."),
    ("department", "abc", "Choose a valid department."),
    ("manager", "99999999999999", "Choose a valid manager."),
    ("hire_date", "31/02/2026", "Hire date must be a date like 2025-03-31."),
    ("password", "short", "The password must be between 10 and 200 characters."),
])
async def test_it_names_the_bad_field(as_alice, org, field, value, message):
    response = await as_alice.post("/admin/people", data={**NEW_PERSON, field: value})
    assert response.status_code == 200
    assert message in response.text
    assert 'aria-invalid="true"' in response.text
    assert not await Employee.exists().where(Employee.last_name == "Newhire")


async def test_a_missing_field_is_a_form_error_not_a_crash(as_alice, org):
    response = await as_alice.post("/admin/people", data={"email": "z@example.org"})
    assert response.status_code == 200
    assert "First name is required." in response.text


async def test_it_edits_a_person_and_keeps_what_was_typed_on_error(as_alice, org):
    url = f"/admin/people/{org['charlie'].id}"
    data = {**NEW_PERSON, "email": "charlie@example.org", "first_name": "Charles", "manager": str(org["erin"].id)}
    assert (await as_alice.post(url, data=data)).status_code == 303
    charlie = await Employee.objects().get(Employee.id == org["charlie"].id)
    assert charlie.first_name == "Charles" and charlie.manager == org["erin"].id
    response = await as_alice.post(url, data={**data, "first_name": "Chuck", "email": "dave@example.org"})
    assert "Someone already has this e-mail address." in response.text
    assert 'value="Chuck"' in response.text
    assert f'<option value="{org["erin"].id}" selected>Test, Erin</option>' in response.text
    assert (await Employee.objects().get(Employee.id == org["charlie"].id)).first_name == "Charles"


async def test_it_refuses_a_circular_manager_line(as_alice, org):
    data = {**NEW_PERSON, "email": "bob@example.org", "first_name": "Bob", "role": "manager",
            "manager": str(org["charlie"].id)}
    response = await as_alice.post(f"/admin/people/{org['bob'].id}", data=data)
    assert "This would make a circle" in response.text


async def test_a_wrong_id_in_the_url_is_a_404(as_alice):
    for url in ("/admin/people/424242/edit", "/admin/people/99999999999/edit", "/admin/people/abc/edit",
                "/people/0"):
        response = await as_alice.get(url)
        assert response.status_code == 404, url
        assert "Page not found" in response.text
    assert (await as_alice.post("/admin/people/424242", data=NEW_PERSON)).status_code == 404


async def test_it_asks_before_deactivating(as_alice, org):
    page = await as_alice.get(f"/admin/people/{org['dave'].id}/deactivate")
    assert "Deactivate Dave Test?" in page.text
    assert (await Employee.objects().get(Employee.id == org["dave"].id)).active


async def test_it_deactivates_and_activates_again(as_alice, org, make_client):
    await as_alice.post(f"/admin/people/{org['dave'].id}/deactivate")
    assert not (await Employee.objects().get(Employee.id == org["dave"].id)).active
    assert "Dave" not in (await as_alice.get("/admin/people")).text
    assert "Dave" in (await as_alice.get("/admin/people?status=inactive")).text
    await as_alice.post(f"/admin/people/{org['dave'].id}/activate")
    assert (await sign_in(make_client(), "dave@example.org")).status_code == 303


async def test_l_and_d_cannot_deactivate_themselves(as_alice, org):
    response = await as_alice.post(f"/admin/people/{org['alice'].id}/deactivate")
    assert "You cannot deactivate your own account." in response.text
    assert (await as_alice.get("/")).status_code == 200


async def test_a_password_reset_ends_old_sessions(as_alice, as_charlie, org, make_client):
    url = f"/admin/people/{org['charlie'].id}/password"
    response = await as_alice.post(url, data={"password": "brand new password", "password_confirm": "other"})
    assert "The two passwords are not the same." in response.text
    response = await as_alice.post(url, data={"password": "brand new password",
                                              "password_confirm": "brand new password"})
    assert response.status_code == 303
    assert (await as_charlie.get("/")).status_code == 303
    assert (await sign_in(make_client(), "charlie@example.org", "brand new password")).status_code == 303


async def test_it_searches_by_name_and_email(as_alice, org):
    response = await as_alice.get("/admin/people?q=char")
    assert "charlie@example.org" in response.text and "dave@example.org" not in response.text
    response = await as_alice.get("/admin/people?q=dave%20test")
    assert "dave@example.org" in response.text and "charlie@example.org" not in response.text
    assert "charlie@example.org" in (await as_alice.get("/admin/people?q=char&department=&status=active")).text
    assert "charlie@example.org" in (await as_alice.get("/admin/people?department=abc")).text
    response = await as_alice.get("/admin/people?q=nobody-like-this")
    assert "Nobody matches this search" in response.text


async def test_the_search_box_answers_htmx_with_the_results_fragment(as_alice, org):
    response = await as_alice.get("/admin/people?q=char", headers={"HX-Request": "true", "HX-Target": "results"})
    assert response.text.lstrip().startswith('<div id="results">')
    assert "<html" not in response.text
    assert "HX-Request" in response.headers["vary"]


async def test_it_pages_through_many_people(as_alice, org):
    await Employee.insert(*(Employee(email=f"p{i:03}@example.org", first_name="Paged", last_name=f"P{i:03}",
                                     created_at=clock.now()) for i in range(60)))
    first = await as_alice.get("/admin/people?q=paged")
    assert "60 people" in first.text and "Page 1 of 3" in first.text
    assert "p000@example.org" in first.text and "p025@example.org" not in first.text
    third = await as_alice.get("/admin/people?q=paged&page=3")
    assert "p059@example.org" in third.text and "Page 3 of 3" in third.text
    assert (await as_alice.get("/admin/people?page=abc")).status_code == 400


async def test_a_job_profile_filter_is_shown_and_kept_while_searching(as_alice, org):
    from lms.people.tables import JobProfile

    profile = JobProfile(name="Operator")
    await profile.save()
    await Employee.update({Employee.job_profile: profile.id}).where(Employee.id == org["dave"].id)
    page = await as_alice.get(f"/admin/people?job_profile={profile.id}")
    assert "Only people with one job profile." in page.text
    assert f'name="job_profile" value="{profile.id}"' in page.text
    assert "dave@example.org" in page.text and "charlie@example.org" not in page.text


async def test_a_first_password_l_and_d_gives_is_held_to_the_same_rules(as_alice, org):
    await as_alice.get("/admin/people/new")
    response = await as_alice.post("/admin/people", data={**NEW_PERSON, "password": "Newhire2026!"})
    assert response.status_code == 200
    assert "The password may not contain your name or e-mail address." in response.text
    response = await as_alice.post("/admin/people", data={**NEW_PERSON, "password": "Password123!"})
    assert "This password is easy to guess" in response.text
    assert not await Employee.exists().where(Employee.email == "fay@example.org")
