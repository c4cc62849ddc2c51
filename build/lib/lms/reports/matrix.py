"""The competency matrix: people against the competencies their job profiles require, each cell
the level that counts and the gap against the person's own required level. A page is four
queries whatever its size: the count, the people, the columns and every cell at once."""
from dataclasses import dataclass, field

from lms.competencies import experts
from lms.competencies.tables import Assessment, Competency, CurrentLevel, JobRequirement
from lms.db import is_valid_id
from lms.errors import NotFound
from lms.i18n import gettext as _
from lms.pagination import Page
from lms.people.tables import Employee
from lms.reports.scope import PER_PAGE, Scope, last_page

STATES = ("met", "gap", "unassessed", "extra", "none")

# the competencies required by the job profile of anyone in scope
REQUIRED = "SELECT r.competency FROM job_requirement r JOIN employee e ON e.job_profile = r.job_profile WHERE {where}"

COLUMNS = """
SELECT c.id AS id, c.name AS name, a.name AS area
FROM competency c JOIN competency_area a ON a.id = c.area
WHERE c.id IN ({required})
ORDER BY a.position, a.name, c.name, c.id
"""

CELLS = """
WITH people AS ({people}), wanted AS ({required})
SELECT p.id AS employee, c.id AS competency, r.level AS required, cl.level AS level, cl.source AS source,
       CASE WHEN r.level IS NULL THEN (CASE WHEN cl.level IS NULL THEN 'none' ELSE 'extra' END)
            WHEN cl.level IS NULL THEN 'unassessed'
            WHEN cl.level >= r.level THEN 'met'
            ELSE 'gap' END AS state,
       CASE WHEN r.level IS NOT NULL AND COALESCE(cl.level, 0) < r.level THEN r.level - COALESCE(cl.level, 0)
            ELSE 0 END AS gap
FROM people p
CROSS JOIN competency c
LEFT JOIN job_requirement r ON r.job_profile = p.job_profile AND r.competency = c.id
LEFT JOIN current_level cl ON cl.employee = p.id AND cl.competency = c.id
WHERE c.id IN (SELECT competency FROM wanted)
"""


@dataclass
class Matrix:
    columns: list[dict]
    rows: list[dict]  # each person, with "cells" in the order of the columns
    page: Page | None = None
    counts: dict[str, int] = field(default_factory=dict)


def cell_text(cell: dict) -> str:
    """What a cell says, in words as well as colour: "2 / 3 ▼1", "3 / 3 ✓", "– / 3"."""
    state, level, required = cell["state"], cell["level"], cell["required"]
    if state == "gap":
        return f"{level} / {required} ▼{cell['gap']}"
    if state == "met":
        return f"{level} / {required} ✓"
    if state == "unassessed":
        return f"– / {required}"
    if state == "extra":
        return str(level)
    return "–"


def cell_label(cell: dict) -> str:
    """The same cell said in full, for screen readers, tooltips and exports."""
    state, level, required = cell["state"], cell["level"], cell["required"]
    if state == "gap":
        return _("level %(level)s of %(required)s required: %(gap)s short", level=level, required=required,
                 gap=cell["gap"])
    if state == "met":
        return _("level %(level)s of %(required)s required: met", level=level, required=required)
    if state == "unassessed":
        return _("not assessed, %(required)s required", required=required)
    if state == "extra":
        return _("level %(level)s, no requirement", level=level)
    return _("no requirement, not assessed")


async def _columns(scope: Scope) -> list[dict]:
    where, args = scope.where()
    return await Competency.raw(COLUMNS.format(required=REQUIRED.format(where=where)), *args)


async def _cells(scope: Scope, page: int | None, per_page: int = PER_PAGE) -> list[dict]:
    people, people_args = scope.people(page, per_page)
    where, where_args = scope.where()
    sql = CELLS.format(people=people, required=REQUIRED.format(where=where))
    return await CurrentLevel.raw(sql, *people_args, *where_args)


def _grid(people: list[dict], columns: list[dict], cells: list[dict]) -> list[dict]:
    """Puts the cells (already computed by the query) in their row and column."""
    found = {(c["employee"], c["competency"]): c for c in cells}
    empty = {"state": "none", "level": None, "required": None, "gap": 0, "source": None}
    rows = []
    for person in people:
        row_cells = []
        for column in columns:
            cell = dict(found.get((person["id"], column["id"]), empty), competency=column["id"])
            row_cells.append({**cell, "text": cell_text(cell), "label": cell_label(cell)})
        rows.append({**person, "cells": row_cells})
    return rows


async def matrix_page(scope: Scope, page: int = 1, per_page: int = PER_PAGE) -> Matrix:
    count_sql, count_args = scope.count()
    total = (await Competency.raw(count_sql, *count_args))[0]["n"]
    number = min(max(page, 1), last_page(total, per_page))
    people_sql, people_args = scope.people(number, per_page)
    people = await Competency.raw(people_sql, *people_args)
    columns = await _columns(scope)
    cells = await _cells(scope, number, per_page) if people and columns else []
    rows = _grid(people, columns, cells)
    return Matrix(columns=columns, rows=rows, page=Page(rows=rows, total=total, number=number, per_page=per_page))


async def matrix_all(scope: Scope) -> Matrix:
    """Everyone in scope, for an export: three queries however many people."""
    people_sql, people_args = scope.people()
    people = await Competency.raw(people_sql, *people_args)
    columns = await _columns(scope)
    cells = await _cells(scope, None) if people and columns else []
    return Matrix(columns=columns, rows=_grid(people, columns, cells))


async def history(employee_id: int, competency_id: int) -> dict:
    """One person's assessments of one competency, newest first, with what counts now and what
    their job profile requires. The caller checks the person is visible to the actor."""
    competency = None
    if is_valid_id(competency_id):
        competency = await Competency.select(Competency.id, Competency.name, Competency.area.name.as_alias("area")).where(
            Competency.id == competency_id).first()
    if competency is None:
        raise NotFound
    rows = await Assessment.select(
        Assessment.id, Assessment.level, Assessment.source, Assessment.note, Assessment.created_at,
        Assessment.assessed_by.first_name.as_alias("by_first_name"),
        Assessment.assessed_by.last_name.as_alias("by_last_name"),
    ).where(Assessment.employee == employee_id, Assessment.competency == competency_id).order_by(
        Assessment.created_at, ascending=False).order_by(Assessment.id, ascending=False).limit(200)
    current = await CurrentLevel.select(CurrentLevel.level, CurrentLevel.source).where(
        CurrentLevel.employee == employee_id, CurrentLevel.competency == competency_id).first()
    required = await JobRequirement.select(JobRequirement.level).where(
        JobRequirement.competency == competency_id,
        JobRequirement.job_profile.is_in(Employee.select(Employee.job_profile).where(Employee.id == employee_id)),
    ).first()
    required = required and required["level"]
    gap = required is not None and (current is None or current["level"] < required)
    return {"competency": competency, "assessments": rows, "current": current, "required": required, "gap": gap,
            "courses": await experts.courses_developing(competency_id) if gap else []}
