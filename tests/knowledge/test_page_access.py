"""Who may do what with spaces and pages: department-restricted reading, named editors, L&D manages."""
import pytest

from lms.knowledge.tables import Page, Space, SpaceEditor
from lms.people.tables import Department
from tests.knowledge.documents_fixtures import make_page, make_spaces


@pytest.fixture
async def spaces(org):
    return await make_spaces(org)


async def test_a_department_space_is_hidden_from_other_departments(as_charlie, as_alice, spaces, org):
    page = await make_page(spaces["hr"], "Salary scales", "secret", org["alice"].id)
    for url in (f"/knowledge/spaces/{spaces['hr']}", f"/knowledge/pages/{page}", f"/knowledge/pages/{page}/history",
                f"/knowledge/pages/{page}/edit", f"/knowledge/spaces/{spaces['hr']}/pages/new",
                f"/knowledge/spaces/{spaces['hr']}/deleted"):
        assert (await as_charlie.get(url)).status_code == 404, url
    assert (await as_charlie.post(f"/knowledge/pages/{page}/edit", data={"version": "1", "title": "x"})).status_code == 404
    home = await as_charlie.get("/knowledge")
    assert "HR" not in home.text and "Salary scales" not in home.text
    assert "/knowledge/pages/" not in (await as_charlie.post("/knowledge/preview", data={"body": "[[Salary scales]]"})).text
    assert (await as_alice.get(f"/knowledge/pages/{page}")).status_code == 200


async def test_people_of_the_department_read_its_space(as_charlie, spaces):
    operations = await Department.select(Department.id).where(Department.name == "Operations").first()
    await Space.update({Space.read_department: operations["id"]}).where(Space.id == spaces["hr"])
    assert (await as_charlie.get(f"/knowledge/spaces/{spaces['hr']}")).status_code == 200


async def test_only_named_editors_and_l_and_d_write(as_charlie, as_bob, as_alice, spaces, org):
    page = await make_page(spaces["safety"], "Evacuation", "Leave by the stairs.", org["bob"].id)
    assert (await as_charlie.get(f"/knowledge/pages/{page}")).status_code == 200
    assert "/edit" not in (await as_charlie.get(f"/knowledge/pages/{page}")).text
    assert (await as_charlie.get(f"/knowledge/pages/{page}/edit")).status_code == 403
    assert (await as_charlie.post(f"/knowledge/pages/{page}/edit", data={"version": "1", "title": "Mine"})).status_code == 403
    assert (await as_charlie.post(f"/knowledge/spaces/{spaces['safety']}/pages", data={"title": "New"})).status_code == 403
    assert (await as_charlie.post(f"/knowledge/pages/{page}/delete")).status_code == 403
    assert (await as_charlie.post(f"/knowledge/pages/{page}/revisions/1/restore")).status_code == 403
    for client in (as_bob, as_alice):
        response = await client.post(f"/knowledge/pages/{page}/edit", data={"version": "1", "title": "Evacuation", "body": "ok"},
                                     follow_redirects=False)
        assert response.status_code in (303, 200)
    assert (await Page.select(Page.version).where(Page.id == page).first())["version"] >= 2


async def test_everyone_writes_in_an_open_space(as_charlie, spaces, org):
    page = await make_page(spaces["open"], "Lunch", "", org["bob"].id)
    response = await as_charlie.post(f"/knowledge/pages/{page}/edit", data={"version": "1", "title": "Lunch", "body": "12:00"},
                                     follow_redirects=False)
    assert response.status_code == 303


async def test_l_and_d_manages_spaces(as_alice, org):
    ops = await Department.select(Department.id).where(Department.name == "Operations").first()
    response = await as_alice.post("/knowledge/spaces/new", data={
        "name": "Warehouse", "description": "Forklifts", "read_department": str(ops["id"]),
        "editors": [str(org["bob"].id), str(org["erin"].id)]}, follow_redirects=False)
    assert response.status_code == 303
    space = await Space.select().where(Space.name == "Warehouse").first()
    assert space["read_department"] == ops["id"]
    assert {r["employee"] for r in await SpaceEditor.select(SpaceEditor.employee)} == {org["bob"].id, org["erin"].id}
    response = await as_alice.post(f"/knowledge/spaces/{space['id']}/settings",
                                   data={"name": "Warehouse", "read_department": "", "editors": str(org["bob"].id)},
                                   follow_redirects=False)
    assert response.status_code == 303
    assert (await Space.select(Space.read_department).where(Space.id == space["id"]).first())["read_department"] is None
    assert await SpaceEditor.count() == 1
    assert "Delete space" in (await as_alice.get(f"/knowledge/spaces/{space['id']}/delete")).text
    await as_alice.post(f"/knowledge/spaces/{space['id']}/delete")
    assert not await Space.exists().where(Space.id == space["id"])


async def test_space_forms_refuse_bad_input(as_alice, spaces):
    response = await as_alice.post("/knowledge/spaces/new", data={"name": ""})
    assert response.status_code == 200 and "Name is required." in response.text
    response = await as_alice.post("/knowledge/spaces/new", data={"name": "Handbook"})
    assert "A space with this name already exists." in response.text
    response = await as_alice.post("/knowledge/spaces/new", data={"name": "New", "read_department": "999999"})
    assert "Choose a department from the list." in response.text
    assert (await as_alice.get("/knowledge/spaces/999999/settings")).status_code == 404


async def test_only_l_and_d_manages_spaces(as_charlie, as_bob, spaces):
    for client in (as_charlie, as_bob):
        assert (await client.get("/knowledge/spaces/new")).status_code == 403
        assert (await client.post("/knowledge/spaces/new", data={"name": "Mine"})).status_code == 403
        assert (await client.post(f"/knowledge/spaces/{spaces['open']}/settings", data={"name": "Mine"})).status_code == 403
        assert (await client.post(f"/knowledge/spaces/{spaces['open']}/delete")).status_code == 403
    assert await Space.count() == 3


async def test_space_admin_requires_login(client, spaces):
    for url in ("/knowledge/spaces/new", f"/knowledge/spaces/{spaces['open']}/settings"):
        assert (await client.get(url, follow_redirects=False)).status_code in (302, 303, 401)


async def test_wrong_ids_are_404(as_charlie):
    for url in ("/knowledge/pages/999999", "/knowledge/spaces/999999", "/knowledge/pages/999999/history",
                "/knowledge/pages/999999/edit", "/knowledge/pages/999999/diff?old=1&new=1"):
        assert (await as_charlie.get(url)).status_code == 404, url
