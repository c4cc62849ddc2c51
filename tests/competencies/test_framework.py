"""The competency framework L&D keeps: areas, competencies, the scale, job profile requirements."""
import pytest

from lms import i18n
from lms.competencies.framework import scale
from lms.competencies.tables import Competency, CompetencyArea, JobRequirement, ProficiencyLevel
from lms.people.tables import JobProfile


async def make_area(name="Safety", position=10) -> CompetencyArea:
    area = CompetencyArea(name=name, position=position)
    await area.save()
    return area


async def make_competency(area, name="Fire safety", kind="hard") -> Competency:
    competency = Competency(area=area.id, name=name, kind=kind, description="")
    await competency.save()
    return competency


async def make_profile(name="Warehouse operator") -> JobProfile:
    profile = JobProfile(name=name)
    await profile.save()
    return profile


def competency_form(the_area, **changes) -> dict:
    return {"area": str(the_area.id), "name": "Forklift driving", "kind": "hard",
            "description": "Drives a forklift safely.", **changes}


@pytest.mark.parametrize("method, url", [
    ("get", "/admin/competencies"), ("post", "/admin/competencies/areas"), ("get", "/admin/competencies/new"),
    ("post", "/admin/competencies/new"), ("get", "/admin/competencies/scale"), ("post", "/admin/competencies/scale"),
    ("get", "/admin/job-profiles/1/requirements"), ("post", "/admin/job-profiles/1/requirements"),
])
async def test_it_requires_login(client, method, url):
    response = await getattr(client, method)(url)
    assert response.status_code == 303 and response.headers["location"].startswith("/sign-in?next=")


async def test_only_l_and_d_keeps_the_framework(as_charlie, as_bob, org):
    area = await make_area()
    competency = await make_competency(area)
    profile = await make_profile()
    for client in (as_charlie, as_bob):
        for url in ("/admin/competencies", "/admin/competencies/new", "/admin/competencies/scale",
                    f"/admin/competencies/{competency.id}/edit", f"/admin/job-profiles/{profile.id}/requirements"):
            assert (await client.get(url)).status_code == 403
        assert (await client.post("/admin/competencies/areas", data={"name": "X", "position": "1"})).status_code == 403
        assert (await client.post(f"/admin/competencies/{competency.id}/delete")).status_code == 403
        assert (await client.post(f"/admin/job-profiles/{profile.id}/requirements",
                                  data={"competency": str(competency.id), "level": "2"})).status_code == 403
    assert await CompetencyArea.count() == 1 and await Competency.count() == 1 and await JobRequirement.count() == 0


async def test_the_admin_page_lists_it_among_the_tools(as_alice):
    page = await as_alice.get("/admin")
    assert 'href="/admin/competencies"' in page.text


async def test_l_and_d_adds_renames_and_orders_areas(as_alice):
    assert "No areas yet" in (await as_alice.get("/admin/competencies")).text
    for name, position in (("Safety", "20"), ("Customer care", "10")):
        response = await as_alice.post("/admin/competencies/areas", data={"name": name, "position": position})
        assert response.status_code == 303
    page = (await as_alice.get("/admin/competencies")).text
    assert page.index("Customer care") < page.index("Safety")
    safety = await CompetencyArea.objects().get(CompetencyArea.name == "Safety")
    response = await as_alice.post(f"/admin/competencies/areas/{safety.id}", data={"name": "Health & safety",
                                                                                 "position": "5"})
    assert response.status_code == 303
    page = (await as_alice.get("/admin/competencies")).text
    assert page.index("Health &amp; safety") < page.index("Customer care")


@pytest.mark.parametrize("changes, message", [
    ({"name": ""}, "Name is required."),
    ({"name": "x" * 121}, "Name can be at most 120 characters."),
    ({"name": "safety"}, "An area with this name already exists."),
    ({"position": "x"}, "Position must be a whole number from 0 to 10000."),
    ({"position": "-1"}, "Position must be a whole number from 0 to 10000."),
])
async def test_a_bad_area_is_shown_again(as_alice, changes, message):
    await make_area()
    response = await as_alice.post("/admin/competencies/areas", data={"name": "Leadership", "position": "3",
                                                                      **changes})
    assert response.status_code == 200 and message in response.text
    assert await CompetencyArea.count() == 1


async def test_renaming_an_area_to_another_ones_name_is_refused(as_alice):
    await make_area()
    other = await make_area("Leadership", 20)
    response = await as_alice.post(f"/admin/competencies/areas/{other.id}", data={"name": "SAFETY", "position": "1"})
    assert response.status_code == 200 and "An area with this name already exists." in response.text
    assert (await CompetencyArea.objects().get(CompetencyArea.id == other.id)).name == "Leadership"


async def test_an_empty_area_is_deleted_after_a_confirm_step(as_alice):
    area = await make_area()
    confirm = await as_alice.get(f"/admin/competencies/areas/{area.id}/delete")
    assert confirm.status_code == 200 and "Delete the area Safety?" in confirm.text
    assert await CompetencyArea.count() == 1
    assert (await as_alice.post(f"/admin/competencies/areas/{area.id}/delete")).status_code == 303
    assert await CompetencyArea.count() == 0


async def test_an_area_with_competencies_is_not_deleted(as_alice):
    area = await make_area()
    await make_competency(area)
    for response in (await as_alice.get(f"/admin/competencies/areas/{area.id}/delete"),
                     await as_alice.post(f"/admin/competencies/areas/{area.id}/delete")):
        assert response.status_code == 409
        assert "This area still has 1 competency. Move it to another area or delete it first." in response.text
    assert await CompetencyArea.count() == 1


async def test_unknown_areas_and_competencies_are_not_found(as_alice):
    for url in ("/admin/competencies/areas/999999/edit", "/admin/competencies/areas/999999/delete",
                "/admin/competencies/999999/edit", "/admin/competencies/999999/delete",
                "/admin/competencies/99999999999/edit"):
        assert (await as_alice.get(url)).status_code == 404
    assert (await as_alice.post("/admin/competencies/999999", data={"name": "x"})).status_code == 404
    assert (await as_alice.post("/admin/competencies/areas/999999/delete")).status_code == 404


async def test_l_and_d_adds_and_edits_a_competency(as_alice):
    area = await make_area()
    soft = await make_area("Collaboration", 20)
    response = await as_alice.post("/admin/competencies/new", data=competency_form(area))
    assert response.status_code == 303
    saved = await Competency.objects().get(Competency.name == "Forklift driving")
    assert saved.area == area.id and saved.kind == "hard" and saved.description == "Drives a forklift safely."
    response = await as_alice.post(f"/admin/competencies/{saved.id}", data=competency_form(
        soft, name="Giving feedback", kind="soft", description=""))
    assert response.status_code == 303
    saved = await Competency.objects().get(Competency.id == saved.id)
    assert (saved.name, saved.area, saved.kind, saved.description) == ("Giving feedback", soft.id, "soft", "")
    page = await as_alice.get("/admin/competencies")
    assert "Giving feedback" in page.text and "Soft skill" in page.text
    filtered = await as_alice.get(f"/admin/competencies?area={area.id}")
    assert "Giving feedback" not in filtered.text and "No competency matches this filter." in filtered.text


@pytest.mark.parametrize("changes, field, message", [
    ({"name": ""}, "name", "Name is required."),
    ({"name": "x" * 121}, "name", "Name can be at most 120 characters."),
    ({"name": "FIRE SAFETY"}, "name", "A competency with this name already exists."),
    ({"kind": "medium"}, "kind", "Kind: choose one of the options."),
    ({"area": ""}, "area", "Area is required."),
    ({"area": "x"}, "area", "Choose a valid area."),
    ({"area": "999999"}, "area", "This area no longer exists."),
    ({"description": "x" * 2001}, "description", "Description can be at most 2000 characters."),
])
async def test_a_bad_competency_is_shown_again_naming_the_field(as_alice, changes, field, message):
    area = await make_area()
    await make_competency(area)
    response = await as_alice.post("/admin/competencies/new", data=competency_form(area, **changes))
    assert response.status_code == 200
    assert f'<p class="field-error" id="{field}-error">{message}</p>' in response.text
    assert await Competency.count() == 1


async def test_a_competency_is_deleted_after_a_confirm_step(as_alice):
    area = await make_area()
    competency = await make_competency(area)
    confirm = await as_alice.get(f"/admin/competencies/{competency.id}/delete")
    assert confirm.status_code == 200 and "Delete the competency Fire safety?" in confirm.text
    assert (await as_alice.post(f"/admin/competencies/{competency.id}/delete")).status_code == 303
    assert await Competency.count() == 0


async def test_the_scale_has_built_in_words_in_each_language(org):
    levels = await scale()
    assert [(row["level"], row["name"]) for row in levels] == [
        (0, "Not yet"), (1, "Beginner"), (2, "Practitioner"), (3, "Proficient"), (4, "Expert")]
    assert all(row["description"] for row in levels)
    with i18n.using("nl"):
        dutch = await scale()
    assert [row["level"] for row in dutch] == [0, 1, 2, 3, 4]


async def test_l_and_d_words_override_the_built_in_scale(as_alice):
    form = {f"name_{level}": "" for level in range(5)} | {f"description_{level}": "" for level in range(5)}
    response = await as_alice.post("/admin/competencies/scale", data={
        **form, "name_3": "Senior", "description_3": "Coaches others on it."})
    assert response.status_code == 303
    levels = await scale()
    assert levels[3] == {"level": 3, "name": "Senior", "description": "Coaches others on it."}
    assert levels[2]["name"] == "Practitioner"
    page = await as_alice.get("/admin/competencies/scale")
    assert 'value="Senior"' in page.text and "Built-in: Proficient" in page.text
    response = await as_alice.post("/admin/competencies/scale", data=form)
    assert response.status_code == 303 and (await scale())[3]["name"] == "Proficient"
    assert await ProficiencyLevel.count() == 5


async def test_a_too_long_level_name_is_refused(as_alice):
    response = await as_alice.post("/admin/competencies/scale", data={"name_2": "x" * 61, "description_4": "y" * 501})
    assert response.status_code == 200
    assert "Name of level 2 can be at most 60 characters." in response.text
    assert "Description of level 4 can be at most 500 characters." in response.text
    assert await ProficiencyLevel.count() == 0


async def test_the_job_profiles_page_links_to_requirements(as_alice):
    profile = await make_profile()
    page = await as_alice.get("/admin/org/job-profiles")
    assert f'href="/admin/job-profiles/{profile.id}/requirements"' in page.text
    assert "/requirements" not in (await as_alice.get("/admin/org/departments")).text


async def test_l_and_d_sets_what_a_job_profile_requires(as_alice):
    area = await make_area()
    fire = await make_competency(area)
    profile = await make_profile()
    url = f"/admin/job-profiles/{profile.id}/requirements"
    assert "requires no competencies yet" in (await as_alice.get(url)).text
    assert (await as_alice.post(url, data={"competency": str(fire.id), "level": "3"})).status_code == 303
    requirement = await JobRequirement.objects().get(JobRequirement.job_profile == profile.id)
    assert (requirement.competency, requirement.level) == (fire.id, 3)
    page = await as_alice.get(url)
    assert "Fire safety" in page.text and '<option value="3" selected>3 · Proficient</option>' in page.text
    assert (await as_alice.post(f"{url}/{requirement.id}", data={"level": "4"})).status_code == 303
    assert (await JobRequirement.objects().get(JobRequirement.id == requirement.id)).level == 4
    confirm = await as_alice.get(f"{url}/{requirement.id}/delete")
    assert "Remove Fire safety from Warehouse operator?" in confirm.text
    assert (await as_alice.post(f"{url}/{requirement.id}/delete")).status_code == 303
    assert await JobRequirement.count() == 0


@pytest.mark.parametrize("changes, field, message", [
    ({"level": "7"}, "level", "Required level must be a whole number from 1 to 4."),
    ({"level": "x"}, "level", "Required level must be a whole number from 1 to 4."),
    ({"level": "0"}, "level", "Required level must be a whole number from 1 to 4."),
    ({"competency": ""}, "competency", "Competency is required."),
    ({"competency": "abc"}, "competency", "Choose a valid competency."),
    ({"competency": "999999"}, "competency", "Choose a valid competency."),
    ({}, "competency", "This job profile already requires this competency"),
])
async def test_a_bad_requirement_is_shown_again(as_alice, changes, field, message):
    area = await make_area()
    fire = await make_competency(area)
    profile = await make_profile()
    await JobRequirement.insert(JobRequirement(job_profile=profile.id, competency=fire.id, level=2))
    response = await as_alice.post(f"/admin/job-profiles/{profile.id}/requirements",
                                   data={"competency": str(fire.id), "level": "3", **changes})
    assert response.status_code == 200
    assert f'<p class="field-error" id="{field}-error">{message}' in response.text
    assert [r.level for r in await JobRequirement.objects()] == [2]


async def test_a_bad_level_change_is_refused(as_alice):
    area = await make_area()
    fire = await make_competency(area)
    profile = await make_profile()
    requirement = JobRequirement(job_profile=profile.id, competency=fire.id, level=2)
    await requirement.save()
    url = f"/admin/job-profiles/{profile.id}/requirements/{requirement.id}"
    for level in ("7", "x", ""):
        response = await as_alice.post(url, data={"level": level})
        assert response.status_code == 200 and "Required level must be a whole number from 1 to 4." in response.text
    assert (await JobRequirement.objects().first()).level == 2


async def test_requirements_of_unknown_profiles_are_not_found(as_alice):
    area = await make_area()
    fire = await make_competency(area)
    profile = await make_profile()
    other = await make_profile("Driver")
    requirement = JobRequirement(job_profile=profile.id, competency=fire.id, level=2)
    await requirement.save()
    assert (await as_alice.get("/admin/job-profiles/999999/requirements")).status_code == 404
    assert (await as_alice.post("/admin/job-profiles/999999/requirements",
                                data={"competency": str(fire.id), "level": "2"})).status_code == 404
    # a requirement of one profile cannot be changed through another's address
    assert (await as_alice.post(f"/admin/job-profiles/{other.id}/requirements/{requirement.id}",
                                data={"level": "4"})).status_code == 404
    assert (await as_alice.post(f"/admin/job-profiles/{other.id}/requirements/{requirement.id}/delete")
            ).status_code == 404
    assert (await JobRequirement.objects().first()).level == 2
