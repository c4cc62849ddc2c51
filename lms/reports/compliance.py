"""The compliance panel: every mandatory training per person and the state of their latest
certificate for it. Mandatory for a person are the published courses marked mandatory (for
everyone) and the published courses assigned to them (by a manager, L&D or a learning path).
A page is five queries whatever its size: the count, the people, the columns, the cells, the
counts per state."""
from dataclasses import dataclass, field
from datetime import date, timedelta

from lms import clock
from lms.courses.tables import Certificate
from lms.i18n import N_, day
from lms.i18n import gettext as _
from lms.pagination import Page
from lms.reports.scope import PER_PAGE, Scope, as_date, last_page

EXPIRING_DAYS = 60  # as the certificate pages and the expiry reminders say
STATES = ("valid", "expiring", "expired", "missing")
STATE_LABELS = {"valid": N_("valid"), "expiring": N_("expiring"), "expired": N_("expired"), "missing": N_("missing")}

# who must follow which course: (employee, course) pairs for the people of the CTE "people"; each
# pair is joined to its certificates and ranked there, so the certificate index serves the join
# (ranking all certificates first and joining that made SQLite scan it per pair: 79 s for 10,000 people)
REQUIRED = """
required AS (
  SELECT p.id AS employee, c.id AS course FROM people p CROSS JOIN course c
  WHERE c.published = {} AND c.mandatory = {}
  UNION
  SELECT n.employee AS employee, n.course AS course FROM enrolment n JOIN course c ON c.id = n.course
  WHERE c.published = {} AND n.source IN ('assigned', 'path') AND n.employee IN (SELECT id FROM people)
),
ranked AS (
  SELECT q.employee AS employee, q.course AS course, l.id AS certificate, l.issued_on AS issued_on,
         l.expires_on AS expires_on,
         ROW_NUMBER() OVER (PARTITION BY q.employee, q.course ORDER BY l.issued_on DESC, l.id DESC) AS n
  FROM required q LEFT JOIN certificate l ON l.employee = q.employee AND l.course = q.course
),
states AS (
  SELECT employee, course, issued_on, expires_on,
         CASE WHEN certificate IS NULL THEN 'missing'
              WHEN expires_on IS NULL THEN 'valid'
              WHEN expires_on < {} THEN 'expired'
              WHEN expires_on <= {} THEN 'expiring'
              ELSE 'valid' END AS state
  FROM ranked WHERE n = 1
)
"""

# a pair someone is following (an open attempt, a renewal too) says so, with its due date, instead of "assign"
CELLS = ("WITH people AS ({people}), {required} SELECT s.employee AS employee, s.course AS course, "
         "s.issued_on AS issued_on, s.expires_on AS expires_on, s.state AS state, "
         "(SELECT COUNT(*) FROM enrolment e WHERE e.employee = s.employee AND e.course = s.course "
         "AND e.completed_at IS NULL) AS following, "
         "(SELECT MIN(e.due_date) FROM enrolment e WHERE e.employee = s.employee AND e.course = s.course "
         "AND e.completed_at IS NULL) AS due_date FROM states s")
# courses required of anyone in scope: every mandatory one, and those assigned to someone in it
COLUMNS = ("WITH people AS ({people}) SELECT c.id AS id, c.title AS title, c.mandatory AS mandatory FROM course c "
           "WHERE c.published = {} AND (c.mandatory = {} OR c.id IN (SELECT n.course FROM enrolment n "
           "WHERE n.source IN ('assigned', 'path') AND n.employee IN (SELECT id FROM people))) ORDER BY c.title, c.id")

# The counts over a whole scope without building every (person, course) pair (550,000 for 10,000
# people and 55 mandatory courses): the pairs are counted by multiplying, only the pairs that have a
# certificate are looked at (their latest one: no newer one exists, by the certificate_latest index),
# and "missing" is what is left.
COUNTS = """
WITH people AS ({people}),
mandatory AS (SELECT id FROM course WHERE published = {} AND mandatory = {}),
assigned AS (
  SELECT DISTINCT n.employee AS employee, n.course AS course FROM enrolment n JOIN course c ON c.id = n.course
  WHERE c.published = {} AND c.mandatory = {} AND n.source IN ('assigned', 'path')
    AND n.employee IN (SELECT id FROM people)
),
latest AS (
  SELECT l.expires_on AS expires_on FROM certificate l
  WHERE l.employee IN (SELECT id FROM people)
    AND (l.course IN (SELECT id FROM mandatory)
         OR EXISTS (SELECT 1 FROM assigned a WHERE a.employee = l.employee AND a.course = l.course))
    AND NOT EXISTS (SELECT 1 FROM certificate newer WHERE newer.employee = l.employee AND newer.course = l.course
                    AND (newer.issued_on > l.issued_on OR (newer.issued_on = l.issued_on AND newer.id > l.id)))
)
SELECT (SELECT COUNT(*) FROM people) * (SELECT COUNT(*) FROM mandatory) + (SELECT COUNT(*) FROM assigned) AS pairs,
  COUNT(*) AS certified,
  COALESCE(SUM(CASE WHEN expires_on < {} THEN 1 ELSE 0 END), 0) AS expired,
  COALESCE(SUM(CASE WHEN expires_on >= {} AND expires_on <= {} THEN 1 ELSE 0 END), 0) AS expiring
FROM latest
"""


@dataclass
class Panel:
    columns: list[dict]
    rows: list[dict]  # each person, with "cells" in the order of the columns (None: not required of them)
    counts: dict[str, int] = field(default_factory=dict)
    page: Page | None = None


def _required_args(today: date) -> list:
    return [True, True, True, today, today + timedelta(days=EXPIRING_DAYS)]


def cell_label(cell: dict) -> str:
    state, expires = cell["state"], cell["expires_on"]
    if state == "missing":
        return _("missing")
    if state == "expired":
        return _("expired %(date)s", date=day(expires))
    if state == "expiring":
        return _("expires %(date)s", date=day(expires))
    return _("valid until %(date)s", date=day(expires)) if expires else _("valid")


async def _query(template: str, scope: Scope, page: int | None, today: date, per_page: int = PER_PAGE) -> list[dict]:
    people, people_args = scope.people(page, per_page)
    return await Certificate.raw(template.format(people=people, required=REQUIRED),
                                 *people_args, *_required_args(today))


def _grid(people: list[dict], columns: list[dict], cells: list[dict], labelled: bool = False) -> list[dict]:
    """Each person's cells in column order; with each cell's label in words for an export."""
    found = {}
    for cell in cells:
        cell = {**cell, "issued_on": as_date(cell["issued_on"]), "expires_on": as_date(cell["expires_on"]),
                "due_date": as_date(cell["due_date"])}
        found[(cell["employee"], cell["course"])] = {**cell, "label": cell_label(cell)} if labelled else cell
    return [{**person, "cells": [found.get((person["id"], column["id"])) for column in columns]} for person in people]


async def counts(scope: Scope, today: date | None = None) -> dict[str, int]:
    """How many (person, mandatory training) pairs are in each state, over the whole scope."""
    today = today or clock.now().date()
    people, args = scope.ids()
    found = (await Certificate.raw(COUNTS.replace("{people}", people), *args, True, True, True, False, today, today,
                                   today + timedelta(days=EXPIRING_DAYS)))[0]
    valid = found["certified"] - found["expired"] - found["expiring"]
    return {"valid": valid, "expiring": found["expiring"], "expired": found["expired"],
            "missing": found["pairs"] - found["certified"]}


async def _columns(scope: Scope) -> list[dict]:
    people, args = scope.ids()
    return await Certificate.raw(COLUMNS.replace("{people}", people), *args, True, True)


async def panel_page(scope: Scope, page: int = 1, per_page: int = PER_PAGE) -> Panel:
    today = clock.now().date()
    count_sql, count_args = scope.count()
    total = (await Certificate.raw(count_sql, *count_args))[0]["n"]
    number = min(max(page, 1), last_page(total, per_page))
    people_sql, people_args = scope.people(number, per_page)
    people = await Certificate.raw(people_sql, *people_args)
    columns = await _columns(scope)
    cells = await _query(CELLS, scope, number, today, per_page) if people and columns else []
    rows = _grid(people, columns, cells)
    return Panel(columns=columns, rows=rows, counts=await counts(scope, today),
                 page=Page(rows=rows, total=total, number=number, per_page=per_page))


async def panel_all(scope: Scope) -> Panel:
    """Everyone in scope, for an export."""
    today = clock.now().date()
    people_sql, people_args = scope.people()
    people = await Certificate.raw(people_sql, *people_args)
    columns = await _columns(scope) if people else []
    cells = await _query(CELLS, scope, None, today) if people and columns else []
    return Panel(columns=columns, rows=_grid(people, columns, cells, labelled=True))
