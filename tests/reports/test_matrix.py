"""The competency matrix against a small hand-made organisation (tests/reports/overview_org.py),
for a manager's line and for L&D, on the page and in the exports."""
import pytest

from lms.people.tables import Employee
from lms import spreadsheets
from lms.reports.matrix import matrix_page
from lms.reports.scope import Scope
from tests.reports.overview_org import build, column_names, matrix_cells, read_csv, read_xlsx
from tests.conftest import signed_in_client

BOB_COLUMNS = ["Hygiene", "Communication", "Excel"]  # Care (position 1) first, then General by name
BOB_ROWS = {
    "Adams, Frank": [("none", "–"), ("unassessed", "– / 3"), ("met", "2 / 2 ✓")],
    "Test, Charlie": [("gap", "2 / 3 ▼1"), ("met", "3 / 2 ✓"), ("extra", "1")],
    "Zeller, Gina": [("met", "4 / 3 ✓"), ("gap", "0 / 2 ▼2"), ("none", "–")],
}


@pytest.fixture
async def made(org):
    return await build(org)


async def test_a_manager_sees_their_whole_line_and_nobody_else(as_bob, made):
    page = await as_bob.get("/team/matrix")
    assert page.status_code == 200
    assert column_names(page.text) == BOB_COLUMNS
    cells = matrix_cells(page.text)
    assert cells == BOB_ROWS  # Frank reports to Charlie: in; Dave (Erin's), Hank (deactivated), Bob: out
    assert list(cells) == sorted(cells)
    assert "Dave" not in page.text and "Hank" not in page.text and "Juggling" not in page.text
    # colour and words: the full sentence for screen readers and as the cell's tooltip
    assert 'title="level 2 of 3 required: 1 short"' in page.text
    assert "not assessed, 3 required" in page.text and "level 1, no requirement" in page.text


async def test_erin_sees_only_dave(make_client, made, org):
    as_erin = await signed_in_client(make_client, "erin@example.org")
    page = await as_erin.get("/team/matrix")
    assert matrix_cells(page.text) == {"Test, Dave": [("gap", "1 / 3 ▼2"), ("unassessed", "– / 2")]}
    assert column_names(page.text) == ["Communication", "Excel"]


async def test_l_and_d_sees_everyone_active_and_filters(as_alice, made, org):
    page = await as_alice.get("/admin/reports/matrix")
    cells = matrix_cells(page.text)
    assert list(cells) == ["Adams, Frank", "Test, Alice", "Test, Bob", "Test, Charlie", "Test, Dave", "Test, Erin",
                           "Zeller, Gina"]
    assert cells["Test, Alice"] == [("none", "–")] * 3
    assert cells["Test, Dave"] == [("none", "–"), ("gap", "1 / 3 ▼2"), ("unassessed", "– / 2")]
    sales = await as_alice.get(f"/admin/reports/matrix?department={made['sales'].id}")
    assert matrix_cells(sales.text) == {"Zeller, Gina": [("met", "4 / 3 ✓"), ("gap", "0 / 2 ▼2")]}
    assert column_names(sales.text) == ["Hygiene", "Communication"]  # only what Nurse requires
    assert f'<option value="{made["sales"].id}" selected>' in sales.text
    planners = await as_alice.get(f"/admin/reports/matrix?job_profile={made['planner'].id}")
    assert list(matrix_cells(planners.text)) == ["Adams, Frank", "Test, Dave"]
    assert column_names(planners.text) == ["Communication", "Excel"]
    both = await as_alice.get(f"/admin/reports/matrix?department={made['ops']}&job_profile={made['nurse'].id}")
    assert list(matrix_cells(both.text)) == ["Test, Charlie"]


async def test_rows_are_paginated_by_name_and_the_filters_stay_in_the_links(as_alice, made, org):
    found = await matrix_page(Scope.organisation(), page=2, per_page=3)
    assert [r["last_name"] + r["first_name"] for r in found.rows] == ["TestCharlie", "TestDave", "TestErin"]
    assert found.page.total == 7 and found.page.pages == 3
    assert [c["state"] for c in found.rows[0]["cells"]] == ["gap", "met", "extra"]
    last = await matrix_page(Scope.organisation(), page=99, per_page=3)  # past the end: the last page
    assert last.page.number == 3 and [r["first_name"] for r in last.rows] == ["Gina"]
    await Employee.insert(*[Employee(email=f"p{i}@example.org", first_name="P", last_name=f"Zz{i:02}",
                                     department=made["ops"], created_at=org["bob"].created_at) for i in range(50)])
    page = await as_alice.get(f"/admin/reports/matrix?department={made['ops']}")
    assert f'href="/admin/reports/matrix?department={made["ops"]}&amp;page=2"' in page.text
    assert f'href="/admin/reports/matrix.csv?department={made["ops"]}"' in page.text
    second = await as_alice.get(f"/admin/reports/matrix?department={made['ops']}&page=2")
    assert list(matrix_cells(second.text)) == [f"Zz{i:02}, P" for i in range(44, 50)]


async def test_a_page_takes_the_same_few_queries_however_many_people(made, org, monkeypatch):
    from lms.competencies.tables import Competency, CurrentLevel

    calls = []
    for table in (Competency, CurrentLevel):
        original = table.raw.__func__

        def counting(cls, sql, *args, _original=original):
            calls.append(sql)
            return _original(cls, sql, *args)

        monkeypatch.setattr(table, "raw", classmethod(counting))
    await matrix_page(Scope.organisation(), per_page=2)
    few = len(calls)
    calls.clear()
    await matrix_page(Scope.organisation(), per_page=50)
    assert few == len(calls) == 4


async def test_a_cell_opens_its_history_as_a_fragment_or_a_page(as_bob, made, org):
    url = f"/team/matrix/{org['charlie'].id}/{made['hygiene'].id}"
    matrix = await as_bob.get("/team/matrix")
    assert f'href="{url}"' in matrix.text and f'hx-get="{url}"' in matrix.text
    fragment = await as_bob.get(url, headers={"HX-Request": "true"})
    assert fragment.status_code == 200 and "<html" not in fragment.text
    assert fragment.text.index("I think I am better") < fragment.text.index("Review 2026")  # newest first
    assert "self-assessment" in fragment.text and "Bob Test" in fragment.text
    page = await as_bob.get(url)
    assert "<html" in page.text and "Assessment history" in page.text and "Review 2026" in page.text
    deeper = await as_bob.get(f"/team/matrix/{made['frank'].id}/{made['excel'].id}")
    assert deeper.status_code == 200 and "Charlie Test" in deeper.text


async def test_history_of_someone_outside_the_line_is_refused(as_bob, made, org):
    assert (await as_bob.get(f"/team/matrix/{org['dave'].id}/{made['communication'].id}")).status_code == 403
    assert (await as_bob.get(f"/team/matrix/{org['charlie'].id}/999999")).status_code == 404
    assert (await as_bob.get(f"/team/matrix/999999/{made['hygiene'].id}")).status_code == 404
    assert (await as_bob.get(f"/team/matrix/{org['charlie'].id}/99999999999")).status_code in (400, 404)


@pytest.mark.parametrize("url", ["/team/matrix", "/team/matrix.csv", "/team/matrix.xlsx", "/team/matrix/1/1",
                                 "/admin/reports/matrix", "/admin/reports/matrix.csv", "/admin/reports/matrix.xlsx",
                                 "/admin/reports/matrix/1/1"])
async def test_an_employee_may_not_open_any_of_it(as_charlie, made, url):
    assert (await as_charlie.get(url)).status_code == 403


@pytest.mark.parametrize("url", ["/admin/reports/matrix", "/admin/reports/matrix.csv", "/admin/reports/matrix.xlsx"])
async def test_a_manager_may_not_open_the_organisation_view(as_bob, made, url):
    assert (await as_bob.get(url)).status_code == 403


async def test_signed_out_goes_to_sign_in(client):
    response = await client.get("/team/matrix.csv")
    assert response.status_code == 303 and response.headers["location"].startswith("/sign-in?next=")


@pytest.mark.parametrize("query", ["page=abc", "page=-1", "page=0", "page=99999999999999", "department=xyz",
                                   "job_profile=1.5", "department=99999&job_profile=", "department=%00",
                                   "page=2&page=3"])
async def test_bad_query_input_never_breaks_a_page(as_alice, as_bob, made, query):
    for url in (f"/admin/reports/matrix?{query}", f"/admin/reports/matrix.csv?{query}", f"/team/matrix?{query}"):
        response = await (as_alice if url.startswith("/admin") else as_bob).get(url)
        assert response.status_code in (200, 400), url


async def test_an_unknown_department_shows_nobody(as_alice, made):
    page = await as_alice.get("/admin/reports/matrix?department=99999")
    assert page.status_code == 200 and "Nobody matches these filters." in page.text


async def test_the_csv_export_has_the_same_cells_and_the_same_line(as_bob, made):
    response = await as_bob.get("/team/matrix.csv")
    assert response.status_code == 200 and response.headers["content-type"].startswith("text/csv")
    disposition = response.headers["content-disposition"]
    assert disposition.startswith('attachment; filename="competency-matrix-') and disposition.endswith('.csv"')
    rows = read_csv(response.content)
    assert rows[0] == ["Last name", "First name", "E-mail", "Department", "Job profile", *BOB_COLUMNS]
    assert rows[1:] == [
        ["Adams", "Frank", "frank@example.org", "Operations", "Planner", "", "not assessed, 3 required",
         "level 2 of 2 required: met"],
        ["Test", "Charlie", "charlie@example.org", "Operations", "Nurse", "level 2 of 3 required: 1 short",
         "level 3 of 2 required: met", "level 1, no requirement"],
        ["Zeller", "Gina", "gina@example.org", "Sales", "Nurse", "level 4 of 3 required: met",
         "level 0 of 2 required: 2 short", ""],
    ]


async def test_the_xlsx_export_opens_with_the_same_cells(as_bob, made):
    response = await as_bob.get("/team/matrix.xlsx")
    assert response.status_code == 200
    assert response.headers["content-type"] == "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    assert response.headers["content-disposition"].endswith('.xlsx"')
    rows = read_xlsx(response.content)
    assert rows[0] == ["Last name", "First name", "E-mail", "Department", "Job profile", *BOB_COLUMNS]
    assert [row[:2] for row in rows[1:]] == [["Adams", "Frank"], ["Test", "Charlie"], ["Zeller", "Gina"]]
    assert rows[2][5] == "level 2 of 3 required: 1 short"
    assert "Dave" not in str(rows) and "Hank" not in str(rows)


async def test_the_organisation_export_obeys_the_filters(as_alice, made):
    rows = read_csv((await as_alice.get(f"/admin/reports/matrix.csv?department={made['sales'].id}")).content)
    assert rows == [["Last name", "First name", "E-mail", "Department", "Job profile", "Hygiene", "Communication"],
                    ["Zeller", "Gina", "gina@example.org", "Sales", "Nurse", "level 4 of 3 required: met",
                     "level 0 of 2 required: 2 short"]]
    everyone = read_xlsx((await as_alice.get("/admin/reports/matrix.xlsx")).content)
    assert len(everyone) == 8 and everyone[5][:2] == ["Test", "Dave"]


async def test_erin_exports_only_her_team(make_client, made):
    as_erin = await signed_in_client(make_client, "erin@example.org")
    rows = read_csv((await as_erin.get("/team/matrix.csv")).content)
    assert [row[:2] for row in rows[1:]] == [["Test", "Dave"]]


async def test_cells_a_spreadsheet_would_run_are_neutralised(as_bob, made):
    await Employee.update({Employee.first_name: "=HYPERLINK(\"http://evil\")", Employee.last_name: "+Adams"}).where(
        Employee.id == made["frank"].id)
    rows = read_csv((await as_bob.get("/team/matrix.csv")).content)
    assert rows[1][:2] == ["'+Adams", "'=HYPERLINK(\"http://evil\")"]
    xlsx = await as_bob.get("/team/matrix.xlsx")
    assert b"<f>" not in xlsx.content  # written as text, never as a formula


def test_neutralise():
    assert [spreadsheets.neutralise(v) for v in ("=1+2", "+1", "-1", "@SUM(A1)", "\tx", "a=b", "", None, 3)] == [
        "'=1+2", "'+1", "'-1", "'@SUM(A1)", "'\tx", "a=b", "", "", "3"]


def test_safe_filename():
    from datetime import date

    assert spreadsheets.safe_filename('Compétency "matrix"\r\n/../x', date(2026, 12, 2), "csv") == \
        "competency-matrix-x-2026-12-02.csv"
    assert spreadsheets.safe_filename("***", date(2026, 12, 2), "xlsx") == "export-2026-12-02.xlsx"
