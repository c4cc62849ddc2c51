"""Catalogue use for L&D: per course its enrolments, completions, completion rate and ratings, in
one grouped query sorted by any of those columns (a whitelist), a page at a time or as CSV."""
import csv
import io

from lms.courses.tables import Course
from lms.i18n import gettext as _
from lms.pagination import PER_PAGE, Page, clamp_page
from lms.reports import charts
from lms.spreadsheets import neutralise

RATE = "CASE WHEN COUNT(en.id) = 0 THEN NULL ELSE 1.0 * COUNT(en.completed_at) / COUNT(en.id) END"
# the only texts that reach ORDER BY: a column name picks one of these
SORTS = {
    "title": "LOWER(co.title)",
    "enrolments": "COUNT(en.id)",
    "completions": "COUNT(en.completed_at)",
    "rate": RATE,
    "rating": "AVG(ev.rating)",
    "ratings": "COUNT(ev.id)",
}
DEFAULT_SORT = "enrolments"
USAGE = """
SELECT co.id AS id, co.title AS title, co.published AS published,
       COUNT(en.id) AS enrolments, COUNT(en.completed_at) AS completions,
       AVG(ev.rating) AS rating, COUNT(ev.id) AS ratings, COUNT(*) OVER () AS total_rows
FROM course co
LEFT JOIN enrolment en ON en.course = co.id
LEFT JOIN evaluation ev ON ev.enrolment = en.id
GROUP BY co.id, co.title, co.published
ORDER BY ({sort}) IS NULL, {sort} {direction}, LOWER(co.title), co.id
"""


def sort_order(sort: str, direction: str) -> tuple[str, str]:
    """A known column and asc or desc; anything else falls back to the default (most enrolled first)."""
    sort = sort if sort in SORTS else DEFAULT_SORT
    if direction not in ("asc", "desc"):
        direction = "asc" if sort == "title" else "desc"
    return sort, direction


def _query(sort: str, direction: str) -> str:
    expression = SORTS[sort]
    return USAGE.replace("{sort}", expression).replace("{direction}", direction.upper())


def _figures(row: dict) -> dict:
    enrolments, completions = int(row["enrolments"]), int(row["completions"])
    return {"id": row["id"], "title": row["title"], "published": bool(row["published"]),
            "enrolments": enrolments, "completions": completions,
            "rate": round(100 * completions / enrolments) if enrolments else None,
            "rating": round(float(row["rating"]), 1) if row["rating"] is not None else None,
            "ratings": int(row["ratings"])}


async def usage(sort: str = DEFAULT_SORT, direction: str = "", page: int = 1) -> Page:
    sort, direction = sort_order(sort, direction)
    number = clamp_page(page)
    rows = await Course.raw(_query(sort, direction) + " LIMIT {} OFFSET {}", PER_PAGE, (number - 1) * PER_PAGE)
    total = int(rows[0]["total_rows"]) if rows else await Course.count()
    return Page(rows=[_figures(row) for row in rows], total=total, number=number)


async def usage_csv(sort: str = DEFAULT_SORT, direction: str = "") -> str:
    sort, direction = sort_order(sort, direction)
    rows = [_figures(row) for row in await Course.raw(_query(sort, direction))]
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow([_("Course"), _("Published"), _("Enrolments"), _("Completions"), _("Completion rate (%)"),
                     _("Average rating"), _("Ratings")])
    for row in rows:
        writer.writerow([neutralise(row["title"]), _("yes") if row["published"] else _("no"), row["enrolments"],
                         row["completions"], neutralise(row["rate"]), neutralise(row["rating"]), row["ratings"]])
    return out.getvalue()


def chart(rows: list[dict]) -> charts.Chart:
    """Enrolments per course on this page, the completed part darker."""
    bars = [charts.Bar(label=row["title"], segments=(
        charts.Segment(row["completions"], "bar-b", _("%(n)s completed", n=row["completions"])),
        charts.Segment(row["enrolments"] - row["completions"], "bar-a",
                       _("%(n)s not completed yet", n=row["enrolments"] - row["completions"]))),
        text=_("%(completions)s of %(enrolments)s", completions=row["completions"], enrolments=row["enrolments"]))
        for row in rows if row["enrolments"]]
    return charts.horizontal(bars, _("Enrolments per course; the completed part in green"))
