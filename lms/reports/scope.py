"""Whose records an overview or export shows: a manager's line (direct reports and theirs, as deep
as it goes) or, for L&D, everyone active; either narrowed by department and job profile. Every
overview and every export asks this one place, so a page and its export can never disagree."""
from dataclasses import dataclass
from datetime import date

from lms.forms import optional_int
from lms.people.visibility import LINE

PER_PAGE = 50
ORDER = "e.last_name, e.first_name, e.id"
PERSON = ("e.id AS id, e.first_name AS first_name, e.last_name AS last_name, e.email AS email, "
          "d.name AS department_name, j.name AS job_profile_name, e.job_profile AS job_profile")
JOINS = "LEFT JOIN department d ON d.id = e.department LEFT JOIN job_profile j ON j.id = e.job_profile"


def parse_page(value: str | None) -> int:
    return min(optional_int(value or "") or 1, 100_000)


@dataclass(frozen=True)
class Scope:
    """manager_id None is L&D's view of the whole organisation."""

    manager_id: int | None = None
    department_id: int | None = None
    job_profile_id: int | None = None

    @classmethod
    def line_of(cls, manager_id: int) -> "Scope":
        return cls(manager_id=manager_id)

    @classmethod
    def organisation(cls, department: str | None = None, job_profile: str | None = None) -> "Scope":
        return cls(department_id=optional_int(department or ""), job_profile_id=optional_int(job_profile or ""))

    def where(self) -> tuple[str, list]:
        """A condition on the employee aliased e, with its arguments for Table.raw's {} placeholders."""
        parts, args = ["e.active = {}"], [True]
        if self.manager_id is not None:
            parts.append(f"e.id IN ({LINE})")
            args.append(self.manager_id)
        if self.department_id is not None:
            parts.append("e.department = {}")
            args.append(self.department_id)
        if self.job_profile_id is not None:
            parts.append("e.job_profile = {}")
            args.append(self.job_profile_id)
        return " AND ".join(parts), args

    def ids(self) -> tuple[str, list]:
        """A SELECT of the ids of everyone in scope, unsorted, to use as a CTE or a subquery."""
        where, args = self.where()
        return f"SELECT e.id AS id FROM employee e WHERE {where}", args

    def people(self, page: int | None = None, per_page: int = PER_PAGE) -> tuple[str, list]:
        """A SELECT of the people in scope sorted by name (one page of them, or all for an export),
        to use as a CTE or a subquery: id, names, e-mail, department, job profile."""
        where, args = self.where()
        sql = f"SELECT {PERSON} FROM employee e {JOINS} WHERE {where} ORDER BY {ORDER}"
        if page is not None:
            sql += " LIMIT {} OFFSET {}"
            args = [*args, per_page, (page - 1) * per_page]
        return sql, args

    def count(self) -> tuple[str, list]:
        where, args = self.where()
        return f"SELECT COUNT(*) AS n FROM employee e WHERE {where}", args

    def query(self) -> dict[str, str]:
        """The filters as query-string values, for links that keep them (pagination, exports)."""
        values = {}
        if self.department_id is not None:
            values["department"] = str(self.department_id)
        if self.job_profile_id is not None:
            values["job_profile"] = str(self.job_profile_id)
        return values


def last_page(total: int, per_page: int = PER_PAGE) -> int:
    return max(1, -(-total // per_page))


def as_date(value) -> date | None:
    """SQLite hands back a date that went through a CTE or a CASE as its ISO text."""
    return date.fromisoformat(value[:10]) if isinstance(value, str) else value
