"""Impact roll-ups: per course and moment, how many answered, how many apply it, how much it helps."""
from piccolo.query.functions.aggregate import Avg, Count

from lms.i18n import gettext as _
from lms.people.tables import Employee
from lms.reports import charts
from lms.reminders.tables import CheckIn

APPLYING = ["sometimes", "regularly"]


async def per_course(team_of: int | None = None) -> list[dict]:
    """One entry per course, with one row per moment (days after completion). For a manager,
    only their reports' answers count; their own manager check-ins stay out of the learners' figures."""
    where = [CheckIn.for_manager.eq(False)]
    if team_of is not None:
        where.append(CheckIn.respondent.is_in(Employee.select(Employee.id).where(Employee.manager == team_of)))
    group = (CheckIn.enrolment.course, CheckIn.offset_days)
    columns = (CheckIn.enrolment.course.as_alias("course"), CheckIn.offset_days)
    asked = await CheckIn.select(*columns, CheckIn.enrolment.course.title.as_alias("title"), Count(alias="asked")).where(
        *where, CheckIn.due_at.is_not_null()).group_by(*group, CheckIn.enrolment.course.title)
    answered = await CheckIn.select(*columns, Count(alias="answered"), Avg(CheckIn.impact, alias="impact")).where(
        *where, CheckIn.answered_at.is_not_null()).group_by(*group)
    applying = await CheckIn.select(*columns, Count(alias="applying")).where(
        *where, CheckIn.applied.is_in(APPLYING)).group_by(*group)
    key = lambda row: (row["course"], row["offset_days"])  # noqa: E731
    answers, applied = {key(r): r for r in answered}, {key(r): r["applying"] for r in applying}
    courses: dict[int, dict] = {}
    for row in sorted(asked, key=key):
        got = answers.get(key(row), {"answered": 0, "impact": None})
        course = courses.setdefault(row["course"], {"course": row["course"], "title": row["title"], "moments": []})
        course["moments"].append({
            "days": row["offset_days"], "asked": row["asked"], "answered": got["answered"],
            "response_rate": round(100 * got["answered"] / row["asked"]),
            "applying_share": round(100 * applied.get(key(row), 0) / got["answered"]) if got["answered"] else None,
            "impact": round(float(got["impact"]), 1) if got["impact"] is not None else None,
        })
    for course in courses.values():
        course["chart"] = moments_chart(course["moments"])
    return sorted(courses.values(), key=lambda c: c["title"])


def moments_chart(moments: list[dict]) -> charts.Chart:
    """Bars per moment: the share of learners applying it (blue) and the average impact out of 5 (green)."""
    return charts.columns([charts.Column(label=_("%(days)s d", days=m["days"]), segments=(
        charts.Segment(m["applying_share"] or 0, "bar-a", f"{m['applying_share'] or 0}%"),
        charts.Segment((m["impact"] or 0) / 5 * 100, "bar-b", f"{m['impact'] or '–'} / 5"))) for m in moments],
        _("Share applying it and average impact, per moment"), maximum=100, kind="")
