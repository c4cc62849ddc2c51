"""The compliance panel against a hand-made organisation: the mandatory courses and the assigned
ones, each person's latest certificate, valid / expiring within 60 days / expired / missing."""
import pytest

from lms import clock
from lms.i18n import day  # exports write dates as the reader's language does
from lms.courses.tables import Certificate, Course, Enrolment
from lms.reports import compliance
from lms.reports.scope import Scope
from tests.conftest import signed_in_client
from tests.reports.overview_org import build, column_names, compliance_cells, days, read_csv, read_xlsx

BOB_COLUMNS = ["Fire safety", "First aid", "Forklift"]
BOB_CELLS = {
    "Adams, Frank": ["valid", "missing", "valid"],
    "Test, Charlie": ["expiring", "expired", "none"],  # Forklift is not required of Charlie
    "Zeller, Gina": ["valid", "expiring", "none"],
}
BOB_COUNTS = {"valid": 3, "expiring": 2, "expired": 1, "missing": 1}


async def course(title: str, mandatory: bool, published: bool = True) -> Course:
    row = Course(title=title, mandatory=mandatory, published=published, validity_months=12, created_at=clock.now())
    await row.save()
    return row


async def certificate(employee, course_row, issued: int, expires: int | None, code: str) -> None:
    await Certificate.insert(Certificate(employee=employee, course=course_row.id, title=course_row.title, code=code,
                                         issued_on=days(issued), expires_on=None if expires is None else days(expires)))


async def enrol(employee, course_row, source: str) -> None:
    await Enrolment.insert(Enrolment(employee=employee, course=course_row.id, source=source, enrolled_at=clock.now(),
                                     last_activity_at=clock.now()))


@pytest.fixture
async def made(org):
    made = await build(org)
    fire, aid = await course("Fire safety", True), await course("First aid", True)
    forklift, excel = await course("Forklift", False), await course("Excel basics", False)
    draft = await course("Draft rules", True, published=False)  # not published: nobody's yet
    charlie, dave, frank, gina, hank = (org["charlie"].id, org["dave"].id, made["frank"].id, made["gina"].id,
                                        made["hank"].id)
    await enrol(frank, forklift, "assigned")
    await enrol(frank, excel, "self")  # chosen, not mandatory
    await enrol(gina, excel, "request")
    await enrol(frank, draft, "assigned")
    # Charlie: an old expired Fire safety certificate, renewed: the latest (expiring in 30 days) counts
    await certificate(charlie, fire, -700, -335, "C1")
    await certificate(charlie, fire, -335, 30, "C2")
    await certificate(charlie, aid, -375, -10, "C3")  # expired ten days ago
    await certificate(frank, fire, -100, 265, "F1")  # valid
    await certificate(frank, forklift, -30, None, "F2")  # never lapses
    await certificate(gina, fire, -304, 61, "G1")  # 61 days left: still valid
    await certificate(gina, aid, -305, 60, "G2")  # 60 days left: expiring
    await certificate(dave, fire, -400, -35, "D1")  # Erin's team: expired
    await certificate(hank, aid, -400, -35, "H1")  # deactivated: never counted
    return {**made, "fire": fire, "aid": aid, "forklift": forklift}


async def test_a_manager_sees_the_state_of_every_mandatory_training_in_their_line(as_bob, made):
    page = await as_bob.get("/team/compliance")
    assert page.status_code == 200
    assert column_names(page.text) == BOB_COLUMNS
    assert compliance_cells(page.text) == BOB_CELLS
    assert "Dave" not in page.text and "Hank" not in page.text and "Draft rules" not in page.text
    assert "Excel basics" not in page.text
    counts = page.text.split('class="compliance-counts"', 1)[1].split("</ul>", 1)[0]
    for state, n in BOB_COUNTS.items():
        assert f'<li class="state-{state}"><strong>{n}</strong> {state}</li>' in counts
    # words as well as colour, and the date that matters
    assert 'class="cell state-expiring">expiring<small>' in page.text


async def test_the_service_gives_the_exact_states_and_dates(made, org):
    found = await compliance.panel_page(Scope.line_of(org["bob"].id))
    assert found.counts == BOB_COUNTS
    charlie = next(row for row in found.rows if row["first_name"] == "Charlie")
    assert [c and (c["state"], c["expires_on"]) for c in charlie["cells"]] == [
        ("expiring", days(30)), ("expired", days(-10)), None]
    assert [c["mandatory"] for c in found.columns] == [True, True, False]


async def test_l_and_d_counts_everyone_active_and_filters(as_alice, made, org):
    found = await compliance.panel_page(Scope.organisation())
    # Alice, Bob and Erin have neither mandatory certificate; Dave's Fire safety lapsed, First aid missing
    assert found.counts == {"valid": 3, "expiring": 2, "expired": 2, "missing": 8}
    page = await as_alice.get("/admin/reports/compliance")
    cells = compliance_cells(page.text)
    assert cells["Test, Dave"] == ["expired", "missing", "none"] and cells["Test, Alice"] == ["missing", "missing", "none"]
    sales = await as_alice.get(f"/admin/reports/compliance?department={made['sales'].id}")
    assert compliance_cells(sales.text) == {"Zeller, Gina": ["valid", "expiring"]}
    assert column_names(sales.text) == ["Fire safety", "First aid"]
    planners = await as_alice.get(f"/admin/reports/compliance?job_profile={made['planner'].id}")
    assert compliance_cells(planners.text) == {"Adams, Frank": ["valid", "missing", "valid"],
                                               "Test, Dave": ["expired", "missing", "none"]}
    assert '<li class="state-expired"><strong>1</strong> expired</li>' in planners.text


async def test_a_course_no_longer_mandatory_leaves_the_panel(as_bob, made):
    await Course.update({Course.mandatory: False}).where(Course.id == made["aid"].id)
    page = await as_bob.get("/team/compliance")
    assert column_names(page.text) == ["Fire safety", "Forklift"]


async def test_empty_states(as_bob, make_client, org):
    page = await as_bob.get("/team/compliance")  # Charlie, no mandatory course at all
    assert "No training is mandatory for these people" in page.text
    as_alice = await signed_in_client(make_client, "alice@example.org")  # L&D, but nobody reports to her
    assert "Nobody reports to you" in (await as_alice.get("/team/compliance")).text


@pytest.mark.parametrize("url", ["/team/compliance", "/team/compliance.csv", "/team/compliance.xlsx",
                                 "/admin/reports/compliance", "/admin/reports/compliance.csv",
                                 "/admin/reports/compliance.xlsx"])
async def test_an_employee_may_not_open_any_of_it(as_charlie, made, url):
    assert (await as_charlie.get(url)).status_code == 403


@pytest.mark.parametrize("url", ["/admin/reports/compliance", "/admin/reports/compliance.csv"])
async def test_a_manager_may_not_open_the_organisation_view(as_bob, made, url):
    assert (await as_bob.get(url)).status_code == 403


@pytest.mark.parametrize("query", ["page=abc", "page=-3", "department=xyz", "job_profile=abc&department=",
                                   "department=99999999999"])
async def test_bad_query_input_never_breaks_a_page(as_alice, as_bob, made, query):
    for client, url in ((as_alice, f"/admin/reports/compliance?{query}"),
                        (as_alice, f"/admin/reports/compliance.xlsx?{query}"), (as_bob, f"/team/compliance?{query}")):
        assert (await client.get(url)).status_code == 200, url


async def test_the_csv_export_has_the_same_states_and_the_same_line(as_bob, made):
    response = await as_bob.get("/team/compliance.csv")
    assert response.status_code == 200
    assert response.headers["content-disposition"].startswith('attachment; filename="compliance-')
    assert response.headers["cache-control"] == "private, no-store"
    rows = read_csv(response.content)
    assert rows[0] == ["Last name", "First name", "E-mail", "Department", "Job profile", *BOB_COLUMNS]
    assert rows[1:] == [
        ["Adams", "Frank", "frank@example.org", "Operations", "Planner", f"valid until {day(days(265))}",
         "missing", "valid"],
        ["Test", "Charlie", "charlie@example.org", "Operations", "Nurse", f"expires {day(days(30))}",
         f"expired {day(days(-10))}", ""],
        ["Zeller", "Gina", "gina@example.org", "Sales", "Nurse", f"valid until {day(days(61))}",
         f"expires {day(days(60))}", ""],
    ]


async def test_the_xlsx_export_of_l_and_d_obeys_the_filter(as_alice, made):
    response = await as_alice.get(f"/admin/reports/compliance.xlsx?job_profile={made['planner'].id}")
    assert response.headers["content-disposition"].endswith('.xlsx"')
    rows = read_xlsx(response.content)
    assert rows[0][5:] == BOB_COLUMNS
    assert [row[:2] for row in rows[1:]] == [["Adams", "Frank"], ["Test", "Dave"]]
    assert rows[2][5] == f"expired {day(days(-35))}" and rows[2][6] == "missing"


async def test_erin_exports_only_her_team(make_client, made):
    as_erin = await signed_in_client(make_client, "erin@example.org")
    rows = read_csv((await as_erin.get("/team/compliance.csv")).content)
    assert [row[:2] for row in rows[1:]] == [["Test", "Dave"]]
    assert rows[0][5:] == ["Fire safety", "First aid"]
