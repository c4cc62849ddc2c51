"""Departments and job profiles."""
from lms.people.tables import Department, Employee, JobProfile


async def test_it_lists_departments_with_their_people(as_alice, org):
    response = await as_alice.get("/admin/org/departments")
    assert "Operations" in response.text
    assert ">5</a>" in response.text


async def test_it_explains_an_empty_list(as_alice, org):
    response = await as_alice.get("/admin/org/job-profiles")
    assert "No job profiles yet." in response.text


async def test_it_creates_renames_and_deletes_a_job_profile(as_alice, org):
    response = await as_alice.post("/admin/org/job-profiles", data={"name": "Forklift driver",
                                                                    "description": "Drives forklifts"})
    assert response.status_code == 303
    profile = await JobProfile.objects().get(JobProfile.name == "Forklift driver")
    await Employee.update({Employee.job_profile: profile.id}).where(Employee.id == org["dave"].id)
    response = await as_alice.post(f"/admin/org/job-profiles/{profile.id}", data={"name": "Reach truck driver"})
    assert response.status_code == 303
    confirm = await as_alice.get(f"/admin/org/job-profiles/{profile.id}/delete")
    assert "Delete Reach truck driver?" in confirm.text
    assert (await as_alice.post(f"/admin/org/job-profiles/{profile.id}/delete")).status_code == 303
    assert not await JobProfile.exists().where(JobProfile.id == profile.id)
    dave = await Employee.objects().get(Employee.id == org["dave"].id)
    assert dave.active and dave.job_profile is None


async def test_it_refuses_a_duplicate_or_empty_name(as_alice, org):
    response = await as_alice.post("/admin/org/departments", data={"name": "operations"})
    assert "This name is already in use." in response.text
    response = await as_alice.post("/admin/org/departments", data={"name": "  "})
    assert "Name is required." in response.text
    response = await as_alice.post("/admin/org/departments", data={"name": "x" * 121})
    assert "Name can be at most 120 characters." in response.text
    assert await Department.count() == 1


async def test_a_wrong_kind_or_id_is_a_404(as_alice, org):
    assert (await as_alice.get("/admin/org/planets")).status_code == 404
    assert (await as_alice.get("/admin/org/departments/999/edit")).status_code == 404
    assert (await as_alice.post("/admin/org/departments/999/delete")).status_code == 404
