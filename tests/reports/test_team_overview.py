"""A manager's team overview: planned and overdue trainings of their whole line, the requests
waiting for their decision, the team's open learning needs, links to the matrix and compliance."""
import re

import pytest

from lms import clock
from lms.competencies.tables import LearningNeed
from lms.courses.tables import Course, Enrolment, TrainingRequest
from lms.reports import overview
from lms.reports.scope import Scope
from tests.conftest import signed_in_client
from tests.reports.overview_org import build, days

PLANNED_ROW = re.compile(r'<tr(?: class="overdue")?><td><a href="/people/\d+">([^<]+)</a></td>\s*<td><a href="/courses/\d+">([^<]+)</a>')


async def course(title: str, mandatory: bool = False) -> Course:
    row = Course(title=title, mandatory=mandatory, published=True, created_at=clock.now())
    await row.save()
    return row


async def enrol(employee, course_row, source="assigned", due=None, completed=False) -> None:
    await Enrolment.insert(Enrolment(employee=employee, course=course_row.id, source=source, enrolled_at=clock.now(),
                                     last_activity_at=clock.now(), due_date=None if due is None else days(due),
                                     completed_at=clock.now() if completed else None))


async def request(employee, title, status="pending") -> None:
    await TrainingRequest.insert(TrainingRequest(employee=employee, title=title, status=status,
                                                 created_at=clock.now()))


async def need(employee, title, status="open") -> None:
    await LearningNeed.insert(LearningNeed(employee=employee, title=title, status=status, source="manager",
                                           created_at=clock.now()))


@pytest.fixture
async def made(org):
    made = await build(org)
    safety, excel, lean = await course("Safety walk", True), await course("Excel basics"), await course("Lean")
    charlie, dave, frank, gina, hank = (org["charlie"].id, org["dave"].id, made["frank"].id, made["gina"].id,
                                        made["hank"].id)
    await enrol(frank, safety, due=-1)  # overdue
    await enrol(gina, excel, due=10)
    await enrol(charlie, lean, source="self")  # no due date: last
    await enrol(charlie, safety, due=-30, completed=True)  # done: not planned any more
    await enrol(dave, safety, due=-5)  # Erin's team
    await enrol(hank, safety, due=-5)  # deactivated
    await request(charlie, "Negotiation course")
    await request(gina, "Spreadsheet course")
    await request(gina, "Old course", status="approved")
    await request(frank, "Frank's course")  # Charlie decides it, not Bob
    await request(dave, "Dave's course")
    await need(frank, "Plan with Excel")
    await need(charlie, "Hygiene to level 3")
    await need(gina, "Communication", status="met")
    await need(dave, "Dave's need")
    return made


async def test_the_overview_shows_the_whole_line_and_only_it(as_bob, made):
    page = await as_bob.get("/team/overview")
    assert page.status_code == 200
    assert PLANNED_ROW.findall(page.text) == [("Frank Adams", "Safety walk"), ("Gina Zeller", "Excel basics"),
                                              ("Charlie Test", "Lean")]
    assert page.text.count('<tr class="overdue">') == 1 and "1 overdue" in page.text
    assert "3 trainings not completed yet" in page.text
    assert "2 requests to decide" in page.text and 'href="/team/requests"' in page.text
    assert "Plan with Excel" in page.text and "Hygiene to level 3" in page.text
    assert "Communication</strong>" not in page.text  # met, not open
    for other in ("Dave", "Hank", "Frank&#39;s course"):
        assert other not in page.text
    assert 'href="/team/matrix"' in page.text and 'href="/team/compliance"' in page.text


async def test_the_services_give_the_exact_answers(made, org):
    scope = Scope.line_of(org["bob"].id)
    planned, overdue = await overview.planned(scope)
    assert overdue == 1 and planned.total == 3
    assert [(r["first_name"], r["due_date"], r["overdue"]) for r in planned.rows] == [
        ("Frank", days(-1), True), ("Gina", days(10), False), ("Charlie", None, False)]
    needs = await overview.open_needs(scope)
    assert sorted(r["title"] for r in needs.rows) == ["Hygiene to level 3", "Plan with Excel"]
    assert await overview.requests_waiting(org["bob"].id) == 2
    assert await overview.requests_waiting(org["charlie"].id) == 1  # Frank's, for Charlie
    erin_planned, erin_overdue = await overview.planned(Scope.line_of(org["erin"].id))
    assert [r["first_name"] for r in erin_planned.rows] == ["Dave"] and erin_overdue == 1


async def test_the_team_page_links_to_the_overview(as_bob, org):
    page = await as_bob.get("/team")
    assert 'href="/team/overview"' in page.text and 'href="/team/matrix"' in page.text


async def test_erin_sees_only_dave(make_client, made):
    as_erin = await signed_in_client(make_client, "erin@example.org")
    page = await as_erin.get("/team/overview")
    assert PLANNED_ROW.findall(page.text) == [("Dave Test", "Safety walk")]
    assert "Dave&#39;s need" in page.text and "Frank" not in page.text and "Plan with Excel" not in page.text
    assert "1 request to decide" in page.text  # Dave's, her direct report


async def test_empty_team(make_client, org):
    as_alice = await signed_in_client(make_client, "alice@example.org")
    page = await as_alice.get("/team/overview")
    assert page.status_code == 200
    assert "Nobody in your team has a training in progress" in page.text and "Nothing to decide" in page.text


async def test_an_employee_may_not_open_it(as_charlie, made):
    assert (await as_charlie.get("/team/overview")).status_code == 403


@pytest.mark.parametrize("query", ["page=abc", "needs_page=x", "page=-1&needs_page=99999", "page=1e9"])
async def test_bad_pages_never_break_it(as_bob, made, query):
    assert (await as_bob.get(f"/team/overview?{query}")).status_code == 200


async def test_planned_trainings_are_paginated(as_bob, made, org):
    lessons = [Course(title=f"Course {i:02}", published=True, created_at=clock.now()) for i in range(30)]
    await Course.insert(*lessons)
    await Enrolment.insert(*[Enrolment(employee=org["charlie"].id, course=c.id, source="assigned",
                                       due_date=days(100 + i), enrolled_at=clock.now(), last_activity_at=clock.now())
                             for i, c in enumerate(lessons)])
    first = await as_bob.get("/team/overview")
    assert len(PLANNED_ROW.findall(first.text)) == 25 and 'href="/team/overview?needs_page=1&amp;page=2"' in first.text
    second = await as_bob.get("/team/overview?page=2")
    titles = [title for _, title in PLANNED_ROW.findall(second.text)]
    assert titles == [f"Course {i:02}" for i in range(23, 30)] + ["Lean"]
