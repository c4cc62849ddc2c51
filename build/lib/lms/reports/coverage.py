"""Competency coverage for L&D: per competency that job profiles require, how many active people
must have it and how many reach the required level, worst covered first. One grouped query."""
from dataclasses import dataclass

from lms.competencies.tables import JobRequirement
from lms.i18n import gettext as _
from lms.people.tables import Department, JobProfile
from lms.reports import charts
from lms.reports.scope import Scope

# who must have each competency is counted per job profile (a few dozen rows), who reaches it
# from the levels: twice as fast as looking up every person's level for every requirement
COVERAGE = """
WITH people AS (SELECT e.id AS id, e.job_profile AS job_profile FROM employee e WHERE %s),
profiles AS (SELECT job_profile, COUNT(*) AS n FROM people GROUP BY job_profile),
required AS (SELECT r.competency AS competency, SUM(p.n) AS required
             FROM job_requirement r JOIN profiles p ON p.job_profile = r.job_profile GROUP BY r.competency),
reached AS (SELECT r.competency AS competency, COUNT(*) AS reached
            FROM current_level cl JOIN people e ON e.id = cl.employee
            JOIN job_requirement r ON r.job_profile = e.job_profile AND r.competency = cl.competency
            WHERE cl.level >= r.level GROUP BY r.competency)
SELECT c.id AS competency, c.name AS name, a.name AS area, q.required AS required,
       COALESCE(h.reached, 0) AS reached
FROM required q
JOIN competency c ON c.id = q.competency
JOIN competency_area a ON a.id = c.area
LEFT JOIN reached h ON h.competency = q.competency
ORDER BY 1.0 * COALESCE(h.reached, 0) / q.required, q.required DESC, c.name
"""


@dataclass(frozen=True)
class Filters:
    department: int | None = None
    job_profile: int | None = None


async def coverage(filters: Filters) -> list[dict]:
    where, args = Scope(department_id=filters.department, job_profile_id=filters.job_profile).where()
    rows = await JobRequirement.raw(COVERAGE % where, *args)
    for row in rows:
        row["reached"] = int(row["reached"] or 0)
        row["required"] = int(row["required"])
        row["share"] = round(100 * row["reached"] / row["required"])
        row["missing"] = row["required"] - row["reached"]
    return rows


def chart(rows: list[dict]) -> charts.Chart:
    bars = [charts.bar(row["name"], row["share"],
                       _("%(share)s%% (%(reached)s of %(required)s)", share=row["share"], reached=row["reached"],
                         required=row["required"]),
                       kind="bar-b" if row["share"] >= 80 else "bar-c" if row["share"] >= 50 else "bar-bad")
            for row in rows]
    return charts.horizontal(bars, _("Share of people who reach the required level, per competency"), maximum=100)


async def filter_options() -> dict[str, list[dict]]:
    return {"departments": await Department.select(Department.id, Department.name).order_by(Department.name),
            "job_profiles": await JobProfile.select(JobProfile.id, JobProfile.name).order_by(JobProfile.name)}
