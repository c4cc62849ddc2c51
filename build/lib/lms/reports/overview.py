"""A manager's overview of their line: trainings planned and overdue, requests waiting for their
decision, open learning needs."""
from lms import clock
from lms.competencies.tables import LearningNeed
from lms.courses.tables import Enrolment, TrainingRequest
from lms.pagination import PER_PAGE, Page, clamp_page
from lms.reports.scope import Scope, as_date

PLANNED = """
SELECT n.id AS id, n.employee AS employee, e.first_name AS first_name, e.last_name AS last_name,
       c.id AS course, c.title AS title, n.source AS source, n.due_date AS due_date, n.enrolled_at AS enrolled_at,
       CASE WHEN n.due_date IS NOT NULL AND n.due_date < {} THEN 1 ELSE 0 END AS overdue
FROM enrolment n JOIN employee e ON e.id = n.employee JOIN course c ON c.id = n.course
WHERE n.completed_at IS NULL AND {where}
ORDER BY CASE WHEN n.due_date IS NULL THEN 1 ELSE 0 END, n.due_date, e.last_name, e.first_name, n.id
LIMIT {} OFFSET {}
"""
PLANNED_COUNT = """
SELECT COUNT(*) AS n, COALESCE(SUM(CASE WHEN n.due_date IS NOT NULL AND n.due_date < {} THEN 1 ELSE 0 END), 0) AS overdue
FROM enrolment n JOIN employee e ON e.id = n.employee
WHERE n.completed_at IS NULL AND {where}
"""
NEEDS = """
SELECT ln.id AS id, ln.employee AS employee, e.first_name AS first_name, e.last_name AS last_name,
       ln.title AS title, ln.source AS source, ln.created_at AS created_at, c.name AS competency
FROM learning_need ln JOIN employee e ON e.id = ln.employee LEFT JOIN competency c ON c.id = ln.competency
WHERE ln.status = 'open' AND {where}
ORDER BY ln.created_at DESC, ln.id DESC
LIMIT {} OFFSET {}
"""
NEEDS_COUNT = ("SELECT COUNT(*) AS n FROM learning_need ln JOIN employee e ON e.id = ln.employee "
               "WHERE ln.status = 'open' AND {where}")


async def planned(scope: Scope, page: int = 1) -> tuple[Page, int]:
    """Enrolments not completed yet, soonest due first (overdue ones marked), and how many are overdue."""
    today = clock.now().date()
    where, args = scope.where()
    totals = (await Enrolment.raw(PLANNED_COUNT.replace("{where}", where), today, *args))[0]
    number = min(clamp_page(page), max(1, -(-totals["n"] // PER_PAGE)))
    rows = await Enrolment.raw(PLANNED.replace("{where}", where), today, *args, PER_PAGE, (number - 1) * PER_PAGE)
    rows = [{**row, "due_date": as_date(row["due_date"]), "overdue": bool(row["overdue"])} for row in rows]
    return Page(rows=rows, total=totals["n"], number=number), int(totals["overdue"] or 0)


async def open_needs(scope: Scope, page: int = 1) -> Page:
    where, args = scope.where()
    total = (await LearningNeed.raw(NEEDS_COUNT.replace("{where}", where), *args))[0]["n"]
    number = min(clamp_page(page), max(1, -(-total // PER_PAGE)))
    rows = await LearningNeed.raw(NEEDS.replace("{where}", where), *args, PER_PAGE, (number - 1) * PER_PAGE)
    return Page(rows=rows, total=total, number=number)


async def requests_waiting(manager_id: int) -> int:
    """Pending requests of their direct reports: the ones /team/requests asks them to decide."""
    return await TrainingRequest.count().where(TrainingRequest.employee.manager == manager_id,
                                               TrainingRequest.status == "pending")
