"""Who knows this: colleagues at a high level in a competency, or who completed a course that
develops it, so an employee finds an in-house expert, a mentor or a buddy."""
from piccolo.columns.combination import Or

from lms.competencies.tables import Competency, CurrentLevel
from lms.db import contains

EXPERT_LEVEL = 3
# candidates first (from the level index and the completions), so the query never walks everyone
EXPERTS = """
WITH followed AS (
    SELECT en.employee, COUNT(DISTINCT en.course) AS courses
    FROM enrolment en JOIN course_competency cc ON cc.course = en.course AND cc.competency = {}
    WHERE en.completed_at IS NOT NULL
    GROUP BY en.employee
),
candidates AS (
    SELECT employee FROM current_level WHERE competency = {} AND level >= {}
    UNION SELECT employee FROM followed
)
SELECT e.id, e.first_name, e.last_name, e.job_title, d.name AS department, cl.level AS level,
       cl.source AS source, COALESCE(f.courses, 0) AS courses
FROM candidates k
JOIN employee e ON e.id = k.employee
LEFT JOIN department d ON d.id = e.department
LEFT JOIN current_level cl ON cl.employee = e.id AND cl.competency = {}
LEFT JOIN followed f ON f.employee = e.id
WHERE e.active = {} AND e.id <> {}
ORDER BY COALESCE(cl.level, 0) DESC, COALESCE(f.courses, 0) DESC, e.last_name, e.first_name, e.id
LIMIT {}
"""
COURSES = """
SELECT c.id, c.title, c.summary, c.minutes, cc.level
FROM course_competency cc JOIN course c ON c.id = cc.course
WHERE cc.competency = {} AND c.published = {}
ORDER BY cc.level DESC, c.title, c.id
"""


async def competencies_named(query: str, limit: int = 5) -> list[dict]:
    """Competencies whose name or description holds every word, for the search box."""
    where = [Or(contains(Competency.name, word[:50]), contains(Competency.description, word[:50]))
             for word in query.split()[:5]]
    if not where:
        return []
    return await Competency.select(Competency.id, Competency.name, Competency.area.name.as_alias("area")).where(
        *where).order_by(Competency.name).limit(limit)


async def experts(competency_id: int, exclude_employee: int | None = None, limit: int = 50) -> list[dict]:
    """Active colleagues at level 3 or higher, or who completed a course that develops the
    competency, the highest level first (one query)."""
    return await CurrentLevel.raw(EXPERTS, competency_id, competency_id, EXPERT_LEVEL, competency_id, True,
                                  exclude_employee or 0, limit)


async def courses_developing(competency_id: int) -> list[dict]:
    """The published courses that develop the competency, and to which level (raw SQL: the
    courses domain builds on this one, not the other way round)."""
    return await CurrentLevel.raw(COURSES, competency_id, True)
