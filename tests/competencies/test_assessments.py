"""Assessments: I rate myself, a manager rates their line, L&D rates anyone, a completed course
records its level; the level that counts follows one rule and every assessment stays in the history."""
from datetime import timedelta

import pytest

from lms import clock
from lms.competencies.assessments import assess
from lms.competencies.tables import Assessment, Competency, CompetencyArea, CurrentLevel, JobRequirement
from lms.courses.learning import complete_enrolment, enrol
from lms.people.tables import Employee, JobProfile
from tests.helpers import sign_in


@pytest.fixture
async def skills(org):
    """Charlie is a warehouse operator: Fire safety at level 2 and Forklift driving at level 3 required."""
    area = CompetencyArea(name="Warehouse", position=1)
    await area.save()
    fire = Competency(area=area.id, name="Fire safety", kind="hard")
    forklift = Competency(area=area.id, name="Forklift driving", kind="hard")
    feedback = Competency(area=area.id, name="Giving feedback", kind="soft")
    for competency in (fire, forklift, feedback):
        await competency.save()
    profile = JobProfile(name="Warehouse operator")
    await profile.save()
    await JobRequirement.insert(JobRequirement(job_profile=profile.id, competency=fire.id, level=2),
                                JobRequirement(job_profile=profile.id, competency=forklift.id, level=3))
    await Employee.update({Employee.job_profile: profile.id}).where(Employee.id == org["charlie"].id)
    return {"fire": fire, "forklift": forklift, "feedback": feedback}


@pytest.fixture
async def frank(org, password_hash):
    """Frank reports to Charlie, who reports to Bob."""
    person = Employee(email="frank@example.org", first_name="Frank", last_name="Test", role="employee",
                      password_hash=password_hash, manager=org["charlie"].id, created_at=clock.now())
    await person.save()
    return person


async def signed_in_as(make_client, email):
    client = make_client()
    await sign_in(client, email)
    return client


def rating(the_competency, **changes) -> dict:
    return {"competency": str(the_competency.id), "level": "2", "note": "After the review", **changes}


async def current(person, competency) -> tuple[int, str] | None:
    row = await CurrentLevel.select().where(CurrentLevel.employee == person.id,
                                            CurrentLevel.competency == competency.id).first()
    return row and (row["level"], row["source"])


@pytest.mark.parametrize("method, url", [
    ("get", "/me/competencies"), ("post", "/me/competencies"), ("get", "/me/competencies/1"),
    ("get", "/people/1/competencies"), ("post", "/people/1/competencies"), ("get", "/people/1/competencies/1"),
])
async def test_it_requires_login(client, method, url):
    response = await getattr(client, method)(url)
    assert response.status_code == 303 and response.headers["location"].startswith("/sign-in?next=")


async def test_my_competencies_against_my_job_profile(as_charlie, skills, org):
    await assess(org["charlie"].id, skills["fire"].id, 3, "self", org["charlie"].id)
    page = await as_charlie.get("/me/competencies")
    assert page.status_code == 200
    assert "Against the job profile Warehouse operator." in page.text
    rows = page.text.split('id="competency-levels"')[1].split("</table>")[0].split("<tr>")[2:]
    fire, forklift = (next(r for r in rows if name in r) for name in ("Fire safety", "Forklift driving"))
    assert "2 · Practitioner" in fire and "3 · Proficient" in fire and "Self-rating" in fire
    assert '<span class="badge good">Meets the requirement</span>' in fire
    assert "Not assessed" in forklift and '<span class="badge bad">3 levels short</span>' in forklift
    assert f'href="/competencies/{skills["fire"].id}"' in fire
    assert f'href="/me/competencies/{skills["fire"].id}"' in fire
    assert "Giving feedback" not in "".join(rows)


async def test_without_a_job_profile_nothing_is_required(make_client, skills, org):
    dave = await signed_in_as(make_client, "dave@example.org")
    page = await dave.get("/me/competencies")
    assert "No job profile yet" in page.text and "No competencies required or assessed yet." in page.text


async def test_i_rate_myself_and_see_the_history(as_charlie, skills, org):
    response = await as_charlie.post("/me/competencies", data=rating(skills["forklift"], level="1", note="First try"))
    assert response.status_code == 303 and response.headers["location"] == "/me/competencies?notice=saved"
    clock.travel(timedelta(days=2))
    await as_charlie.post("/me/competencies", data=rating(skills["forklift"], level="2", note="Practised a lot"))
    assert await current(org["charlie"], skills["forklift"]) == (2, "self")
    saved = await Assessment.objects().order_by(Assessment.id)
    assert [(a.level, a.source, a.assessed_by, a.note) for a in saved] == [
        (1, "self", org["charlie"].id, "First try"), (2, "self", org["charlie"].id, "Practised a lot")]
    page = await as_charlie.get(f"/me/competencies/{skills['forklift'].id}")
    assert page.status_code == 200 and "Forklift driving" in page.text
    assert page.text.index("Practised a lot") < page.text.index("First try")
    assert "Charlie Test" in page.text and "Self-rating" in page.text


@pytest.mark.parametrize("changes, field, message", [
    ({"level": "7"}, "level", "Level must be a whole number from 0 to 4."),
    ({"level": "x"}, "level", "Level must be a whole number from 0 to 4."),
    ({"level": "-1"}, "level", "Level must be a whole number from 0 to 4."),
    ({"level": ""}, "level", "Level must be a whole number from 0 to 4."),
    ({"competency": ""}, "competency", "Competency is required."),
    ({"competency": "x"}, "competency", "Choose a valid competency."),
    ({"competency": "999999"}, "competency", "Choose a valid competency."),
    ({"note": "n" * 1001}, "note", "Note can be at most 1000 characters."),
])
async def test_a_bad_rating_is_shown_again_and_nothing_is_saved(as_charlie, as_bob, skills, org, changes, field,
                                                                 message):
    for client, url in ((as_charlie, "/me/competencies"), (as_bob, f"/people/{org['charlie'].id}/competencies")):
        response = await client.post(url, data=rating(skills["fire"], **changes))
        assert response.status_code == 200
        assert f'<p class="field-error" id="{field}-error">{message}</p>' in response.text
    assert await Assessment.count() == 0 and await CurrentLevel.count() == 0


async def test_history_of_an_unknown_competency_is_not_found(as_charlie, as_alice, skills, org):
    assert (await as_charlie.get("/me/competencies/999999")).status_code == 404
    assert (await as_alice.get(f"/people/{org['charlie'].id}/competencies/999999")).status_code == 404
    assert (await as_alice.get("/people/999999/competencies")).status_code == 404
    assert (await as_alice.post("/people/999999/competencies", data=rating(skills["fire"]))).status_code == 404


async def test_a_manager_rates_their_line_however_deep(as_bob, skills, frank, org):
    for person in (org["charlie"], frank):
        url = f"/people/{person.id}/competencies"
        page = await as_bob.get(url)
        assert page.status_code == 200 and "Rate as manager" in page.text
        assert (await as_bob.post(url, data=rating(skills["fire"], level="3"))).status_code == 303
        assert await current(person, skills["fire"]) == (3, "manager")
        history = await as_bob.get(f"{url}/{skills['fire'].id}")
        assert history.status_code == 200 and "Bob Test" in history.text and "After the review" in history.text
    assert {a.assessed_by for a in await Assessment.objects()} == {org["bob"].id}


async def test_a_manager_cannot_see_or_rate_another_team(make_client, skills, org):
    erin = await signed_in_as(make_client, "erin@example.org")
    url = f"/people/{org['charlie'].id}/competencies"
    assert (await erin.get(url)).status_code == 403
    assert (await erin.get(f"{url}/{skills['fire'].id}")).status_code == 403
    assert (await erin.post(url, data=rating(skills["fire"]))).status_code == 403
    assert await Assessment.count() == 0


async def test_an_employee_sees_only_their_own_competencies(as_charlie, make_client, skills, frank, org):
    await assess(org["dave"].id, skills["fire"].id, 4, "self", org["dave"].id, note="Dave's secret")
    for url in (f"/people/{org['dave'].id}/competencies", f"/people/{org['dave'].id}/competencies/{skills['fire'].id}",
                f"/people/{org['bob'].id}/competencies"):
        response = await as_charlie.get(url)
        assert response.status_code == 403 and "Dave's secret" not in response.text
    assert (await as_charlie.post(f"/people/{org['dave'].id}/competencies", data=rating(skills["fire"]))
            ).status_code == 403
    assert await Assessment.count() == 1
    # a report does not see their manager's record
    frank_client = await signed_in_as(make_client, "frank@example.org")
    assert (await frank_client.get(f"/people/{org['charlie'].id}/competencies")).status_code == 403


async def test_l_and_d_rates_anyone_as_l_and_d(as_alice, skills, org):
    url = f"/people/{org['dave'].id}/competencies"
    page = await as_alice.get(url)
    assert page.status_code == 200 and "Rate as L&D" in page.text
    assert (await as_alice.post(url, data=rating(skills["feedback"], level="1"))).status_code == 303
    assert await current(org["dave"], skills["feedback"]) == (1, "admin")
    assert (await Assessment.objects().first()).assessed_by == org["alice"].id


async def test_rating_myself_through_my_profile_address_is_a_self_rating(as_alice, skills, org):
    url = f"/people/{org['alice'].id}/competencies"
    assert "Rate yourself" in (await as_alice.get(url)).text
    await as_alice.post(url, data=rating(skills["fire"], level="4"))
    assert await current(org["alice"], skills["fire"]) == (4, "self")


async def test_the_profile_page_links_to_the_competencies(as_bob, org):
    page = await as_bob.get(f"/people/{org['charlie'].id}")
    assert f'href="/people/{org["charlie"].id}/competencies"' in page.text


async def test_the_level_that_counts(as_charlie, as_bob, skills, org):
    """A self-rating counts until someone else rates; a manager decides up or down; a course
    raises a level but never lowers it."""
    charlie, fire = org["charlie"], skills["fire"]
    manager_url = f"/people/{charlie.id}/competencies"
    await as_charlie.post("/me/competencies", data=rating(fire, level="2", note="self 2"))
    assert await current(charlie, fire) == (2, "self")
    await as_bob.post(manager_url, data=rating(fire, level="1", note="manager 1"))
    assert await current(charlie, fire) == (1, "manager")
    await as_charlie.post("/me/competencies", data=rating(fire, level="4", note="self 4"))
    assert await current(charlie, fire) == (1, "manager")
    await assess(charlie.id, fire.id, 2, "course", None, note="course 2")
    assert await current(charlie, fire) == (2, "course")
    await as_bob.post(manager_url, data=rating(fire, level="3", note="manager 3"))
    await assess(charlie.id, fire.id, 2, "course", None, note="course 2 again")
    assert await current(charlie, fire) == (3, "manager")
    page = await as_charlie.get("/me/competencies")
    assert "3 · Proficient" in page.text and "Manager" in page.text
    history = await as_charlie.get(f"/me/competencies/{fire.id}")
    notes = ["course 2 again", "manager 3", "course 2", "self 4", "manager 1", "self 2"]
    positions = [history.text.index(f">{note}</div></td>") for note in notes]
    assert positions == sorted(positions), "newest first, every assessment kept"
    assert await Assessment.count() == 6


async def test_a_course_lifts_a_self_rating_even_to_a_lower_level(skills, org):
    await assess(org["charlie"].id, skills["fire"].id, 4, "self", org["charlie"].id)
    await assess(org["charlie"].id, skills["fire"].id, 2, "course", None)
    assert await current(org["charlie"], skills["fire"]) == (2, "course")


async def test_completing_a_course_records_the_level_it_brings(as_charlie, course, org):
    fire = course["competency"]
    enrolment_id = await enrol(org["charlie"].id, course["course"].id)
    assert await complete_enrolment(enrolment_id, score=100)
    assert await current(org["charlie"], fire) == (2, "course")
    saved = await Assessment.objects().get(Assessment.employee == org["charlie"].id)
    assert (saved.level, saved.source, saved.assessed_by, saved.note) == (2, "course", None, "Fire safety basics")
    history = await as_charlie.get(f"/me/competencies/{fire.id}")
    assert "Completed course" in history.text and "Fire safety basics" in history.text and "The course" in history.text
