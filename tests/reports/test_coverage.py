"""Competency coverage: how many active people reach the level their job profile requires."""
import pytest

from lms import clock
from lms.competencies.tables import Competency, CompetencyArea, CurrentLevel, JobRequirement
from lms.people.tables import Department, Employee, JobProfile
from lms.reports import coverage
from tests.helpers import sign_in


@pytest.fixture
async def framework(org):
    """Engineers need Python at 2 and Testing at 3; leads need Python at 1.
    Charlie (engineer): Python 3, Testing 2. Dave (engineer): Python 1. Erin (lead, in Sales): Python 1.
    Bob is an engineer too but no longer active: he does not count."""
    area = CompetencyArea(name="Engineering")
    await area.save()
    python, testing = Competency(area=area.id, name="Python"), Competency(area=area.id, name="Testing")
    await Competency.insert(python, testing)
    engineer, lead = JobProfile(name="Engineer"), JobProfile(name="Lead")
    await JobProfile.insert(engineer, lead)
    await JobRequirement.insert(JobRequirement(job_profile=engineer.id, competency=python.id, level=2),
                                JobRequirement(job_profile=engineer.id, competency=testing.id, level=3),
                                JobRequirement(job_profile=lead.id, competency=python.id, level=1))
    sales = Department(name="Sales")
    await sales.save()
    for key, profile in (("charlie", engineer), ("dave", engineer), ("erin", lead), ("bob", engineer)):
        await Employee.update({Employee.job_profile: profile.id}).where(Employee.id == org[key].id)
    await Employee.update({Employee.department: sales.id}).where(Employee.id == org["erin"].id)
    await Employee.update({Employee.active: False}).where(Employee.id == org["bob"].id)
    now = clock.now()
    await CurrentLevel.insert(*(CurrentLevel(employee=org[key].id, competency=competency.id, level=level,
                                             source="manager", assessed_at=now)
                                for key, competency, level in (("charlie", python, 3), ("charlie", testing, 2),
                                                               ("dave", python, 1), ("erin", python, 1),
                                                               ("bob", python, 4), ("bob", testing, 4))))
    return {"engineer": engineer, "lead": lead, "sales": sales, "python": python, "testing": testing}


def figures(rows):
    return [(row["name"], row["required"], row["reached"], row["share"]) for row in rows]


async def test_coverage_per_competency_worst_first(framework):
    rows = await coverage.coverage(coverage.Filters())
    assert figures(rows) == [("Testing", 2, 0, 0), ("Python", 3, 2, 67)]


async def test_filters_by_job_profile_and_department(framework, org):
    assert figures(await coverage.coverage(coverage.Filters(job_profile=framework["engineer"].id))) == [
        ("Testing", 2, 0, 0), ("Python", 2, 1, 50)]
    assert figures(await coverage.coverage(coverage.Filters(department=framework["sales"].id))) == [
        ("Python", 1, 1, 100)]
    assert figures(await coverage.coverage(coverage.Filters(department=org["charlie"].department,
                                                            job_profile=framework["lead"].id))) == []


async def test_the_page_shows_the_table_and_a_chart(as_alice, framework):
    page = await as_alice.get("/admin/reports/coverage")
    assert page.status_code == 200
    assert "<td>Testing</td>" in page.text and "0 of 2" in page.text and "67% (2 of 3)" in page.text
    assert page.text.index("<td>Testing</td>") < page.text.index("<td>Python</td>")
    svg = page.text.split("<svg", 1)[1].split("</svg>", 1)[0]
    assert 'viewBox="0 0 360' in svg and "<script" not in svg
    filtered = await as_alice.get(f"/admin/reports/coverage?department={framework['sales'].id}")
    assert "<td>Testing</td>" not in filtered.text and "100%" in filtered.text
    assert f'<option value="{framework["sales"].id}" selected' in filtered.text


async def test_nonsense_filters_show_everything(as_alice, framework):
    page = await as_alice.get("/admin/reports/coverage?department=abc&job_profile=-3")
    assert page.status_code == 200 and "<td>Testing</td>" in page.text and "<td>Python</td>" in page.text


async def test_no_requirements_is_an_empty_state(as_alice):
    page = await as_alice.get("/admin/reports/coverage")
    assert page.status_code == 200 and "No job profile requires a competency" in page.text


@pytest.mark.parametrize("who", ["bob", "charlie"])
async def test_only_ld_sees_coverage(make_client, org, who):
    client = make_client()
    await sign_in(client, f"{who}@example.org")
    assert (await client.get("/admin/reports/coverage")).status_code == 403
    assert (await client.get("/admin/reports")).status_code == 403


async def test_the_hub_links_every_report(as_alice):
    page = await as_alice.get("/admin/reports")
    for url in ("/admin/reports/coverage", "/admin/reports/catalogue", "/admin/budgets", "/admin/readiness",
                "/admin/reports/matrix", "/admin/reports/compliance", "/admin/audit", "/admin/impact"):
        assert f'href="{url}"' in page.text
    assert 'href="/admin/reports"' in (await as_alice.get("/admin")).text
