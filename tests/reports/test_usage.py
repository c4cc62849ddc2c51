"""Catalogue use: enrolments, completions, completion rate and ratings per course."""
import csv
import io

import pytest

from lms import clock
from lms.courses.tables import Course, Enrolment, Evaluation
from lms.pagination import PER_PAGE
from tests.helpers import sign_in

SCRIPT = "<script>alert(1)</script>"


@pytest.fixture
async def used(org, course):
    """Fire safety: Charlie completed (rating 4), Dave completed (rating 2), Erin still busy.
    The script course: Bob busy. Empty course: nobody."""
    now = clock.now()
    fire = course["course"]
    script = Course(title=SCRIPT, published=True, created_at=now)
    empty = Course(title="Empty course", published=False, created_at=now)
    await Course.insert(script, empty)
    enrolments = {}
    for key, course_id, done in (("charlie", fire.id, True), ("dave", fire.id, True), ("erin", fire.id, False),
                                 ("bob", script.id, False)):
        row = Enrolment(employee=org[key].id, course=course_id, enrolled_at=now, last_activity_at=now,
                        completed_at=now if done else None)
        await row.save()
        enrolments[key] = row
    await Evaluation.insert(*(Evaluation(enrolment=enrolments[key].id, rating=rating, relevance=3, recommend=True,
                                         created_at=now) for key, rating in (("charlie", 4), ("dave", 2))))
    return {"fire": fire, "script": script, "empty": empty}


def titles(page) -> list[str]:
    return [row["title"] for row in page.rows]


async def test_figures_per_course(used):
    from lms.reports import usage

    page = await usage.usage()
    assert page.total == 3
    assert [(r["title"], r["enrolments"], r["completions"], r["rate"], r["rating"], r["ratings"]) for r in page.rows] == [
        ("Fire safety basics", 3, 2, 67, 3.0, 2), (SCRIPT, 1, 0, 0, None, 0), ("Empty course", 0, 0, None, None, 0)]


@pytest.mark.parametrize("sort, direction, expected", [
    ("rating", "desc", ["Fire safety basics", SCRIPT, "Empty course"]),  # no rating comes last
    ("rate", "asc", [SCRIPT, "Fire safety basics", "Empty course"]),
    ("rate", "desc", ["Fire safety basics", SCRIPT, "Empty course"]),
    ("title", "asc", [SCRIPT, "Empty course", "Fire safety basics"]),
    ("completions", "asc", [SCRIPT, "Empty course", "Fire safety basics"]),
    ("ratings", "desc", ["Fire safety basics", SCRIPT, "Empty course"]),
    ("enrolments", "asc", ["Empty course", SCRIPT, "Fire safety basics"]),
    ("id; DROP TABLE course", "sideways", ["Fire safety basics", SCRIPT, "Empty course"]),  # the default
])
async def test_sorted_by_any_column_of_the_whitelist(as_alice, used, sort, direction, expected):
    from lms.reports import usage

    assert titles(await usage.usage(sort, direction)) == expected
    page = await as_alice.get("/admin/reports/catalogue", params={"sort": sort, "dir": direction})
    assert page.status_code == 200
    positions = [page.text.index(f"<td>{title}") for title in
                 ("Fire safety basics", "&lt;script&gt;alert(1)&lt;/script&gt;", "Empty course")]
    order = {"Fire safety basics": 0, SCRIPT: 1, "Empty course": 2}
    assert sorted(range(3), key=lambda n: positions[n]) == [order[t] for t in expected]


async def test_a_course_title_is_escaped_in_the_table_and_the_chart(as_alice, used):
    page = await as_alice.get("/admin/reports/catalogue")
    assert SCRIPT not in page.text
    svg = page.text.split("<svg", 1)[1].split("</svg>", 1)[0]
    assert "<script" not in svg and "&lt;script&gt;alert(1)&lt;/script&gt;" in svg
    assert "2 of 3" in svg and 'width="100%"' in page.text


async def test_pages_of_courses(as_alice, org):
    now = clock.now()
    await Course.insert(*(Course(title=f"Course {n:02d}", created_at=now) for n in range(PER_PAGE + 2)))
    first = await as_alice.get("/admin/reports/catalogue?sort=title&dir=asc")
    assert "Course 00" in first.text and "Course 26" not in first.text and "Page 1 of 2" in first.text
    second = await as_alice.get("/admin/reports/catalogue?sort=title&dir=asc&page=2")
    assert "Course 25" in second.text and "Course 26" in second.text and "Course 00" not in second.text
    assert (await as_alice.get("/admin/reports/catalogue?page=abc")).status_code == 400


async def test_a_csv_download_with_every_course(as_alice, used):
    await Course.insert(Course(title="=HYPERLINK(\"http://evil\")", created_at=clock.now()))
    response = await as_alice.get("/admin/reports/catalogue.csv?sort=title&dir=asc")
    assert response.status_code == 200 and response.headers["content-type"].startswith("text/csv")
    assert "attachment" in response.headers["content-disposition"]
    rows = list(csv.reader(io.StringIO(response.text.lstrip("\ufeff"))))
    assert rows[0] == ["Course", "Published", "Enrolments", "Completions", "Completion rate (%)", "Average rating",
                       "Ratings"]
    assert ["Fire safety basics", "yes", "3", "2", "67", "3.0", "2"] in rows
    assert ["Empty course", "no", "0", "0", "", "", "0"] in rows
    assert [row[0] for row in rows[1:3]] == [SCRIPT, "'=HYPERLINK(\"http://evil\")"]  # never run as a formula
    assert len(rows) == 5


async def test_no_courses_is_an_empty_state(as_alice):
    page = await as_alice.get("/admin/reports/catalogue")
    assert page.status_code == 200 and "The catalogue has no courses yet." in page.text


@pytest.mark.parametrize("who", ["bob", "charlie"])
@pytest.mark.parametrize("url", ["/admin/reports/catalogue", "/admin/reports/catalogue.csv"])
async def test_only_ld_sees_catalogue_use(make_client, org, who, url):
    client = make_client()
    await sign_in(client, f"{who}@example.org")
    assert (await client.get(url)).status_code == 403
