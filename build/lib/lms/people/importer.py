"""Import people from an HR export (CSV): a preview first, then all rows or none.

The same file imported twice updates people instead of duplicating them (matched by
e-mail); departments and job profiles named in it are created when missing."""
import csv
import io
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, datetime

from lms import clock
from lms.db import write_transaction
from lms.forms import EMAIL
from lms.i18n import gettext as _
from lms.people import audit
from lms.people.tables import Department, Employee, JobProfile

COLUMNS = {
    "email": ("email", "e-mail", "mail", "email address", "work email", "e-mailadres"),
    "first_name": ("first name", "firstname", "given name", "voornaam"),
    "last_name": ("last name", "lastname", "surname", "family name", "achternaam"),
    "department": ("department", "dept", "afdeling", "dienst"),
    "job_title": ("job title", "title", "function", "position", "job", "functie", "jobtitel"),
    "manager_email": ("manager email", "manager e-mail", "manager", "leidinggevende",
                      "e-mail leidinggevende"),
    "hire_date": ("hire date", "start date", "date of hire", "in dienst", "datum in dienst",
                  "indiensttreding"),
}
REQUIRED = ("email", "first_name", "last_name")
LIMITS = {"email": 254, "first_name": 100, "last_name": 100, "department": 120, "job_title": 120}
DATE_FORMATS = ("%Y-%m-%d", "%d/%m/%Y", "%d-%m-%Y", "%d.%m.%Y")
BATCH = 500


def _key(header: str) -> str:
    return re.sub(r"[^a-z]", "", header.lower())


ALIASES = {_key(alias): name for name, aliases in COLUMNS.items() for alias in (name, *aliases)}


@dataclass
class Row:
    line: int
    values: dict[str, str]
    errors: list[str] = field(default_factory=list)
    hire_date: date | None = None
    is_new: bool = True


@dataclass
class Preview:
    rows: list[Row] = field(default_factory=list)
    columns: set[str] = field(default_factory=set)
    file_error: str = ""
    new_departments: set[str] = field(default_factory=set)
    new_job_profiles: set[str] = field(default_factory=set)

    @property
    def error_count(self) -> int:
        return sum(1 for row in self.rows if row.errors) + bool(self.file_error)

    @property
    def ok(self) -> bool:
        return self.error_count == 0 and bool(self.rows)

    @property
    def new_count(self) -> int:
        return sum(row.is_new for row in self.rows)


def _read(raw: bytes) -> tuple[list[Row], set[str], str]:
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        return [], set(), _("The file is not UTF-8 text. Save it from your spreadsheet as \"CSV UTF-8\".")
    if not text.strip():
        return [], set(), _("The file is empty.")
    first_line = text.split("\n", 1)[0]
    delimiter = ";" if first_line.count(";") > first_line.count(",") else ","
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter, strict=True)
    try:
        header = [ALIASES.get(_key(h), "") for h in next(reader)]
        missing = [name for name in REQUIRED if name not in header]
        if missing:
            return [], set(), _("The file has no column for: %(columns)s.", columns=", ".join(missing))
        rows = []
        for values in reader:
            if any(v.strip() for v in values):
                cells = {name: v.strip() for name, v in zip(header, values) if name}
                rows.append(Row(line=reader.line_num, values=cells))
    except csv.Error as error:
        return [], set(), _("The file is not valid CSV: %(error)s", error=str(error))
    if not rows:
        return [], set(), _("The file has a header but no people.")
    return rows, set(header) - {""}, ""


def _parse_date(text: str) -> date | None:
    for fmt in DATE_FORMATS:
        try:
            return datetime.strptime(text, fmt).date()
        except ValueError:
            continue
    raise ValueError


def _check_row(row: Row, seen: dict[str, int]) -> None:
    v = row.values
    v["email"] = v.get("email", "").lower()
    v["manager_email"] = v.get("manager_email", "").lower()  # "" when the column is absent
    for name in REQUIRED:
        if not v.get(name):
            row.errors.append(_("%(column)s is empty.", column=name.replace("_", " ")))
    for name, limit in LIMITS.items():
        if len(v.get(name, "")) > limit:
            row.errors.append(_("%(column)s is longer than %(max)s characters.", column=name.replace("_", " "), max=limit))
    for name in ("email", "manager_email"):
        if v.get(name) and not EMAIL.match(v[name]):
            row.errors.append(_("%(value)s is not a valid e-mail address.", value=v[name]))
    if v["email"] in seen:
        row.errors.append(_("%(email)s is also on line %(line)s.", email=v["email"], line=seen[v["email"]]))
    elif v["email"]:
        seen[v["email"]] = row.line
    if v["manager_email"] and v["manager_email"] == v["email"]:
        row.errors.append(_("Someone cannot be their own manager."))
    if v.get("hire_date"):
        try:
            row.hire_date = _parse_date(v["hire_date"])
        except ValueError:
            row.errors.append(_("Hire date %(value)s is not a date like 2025-03-31 or 31/03/2025.", value=v["hire_date"]))


async def _existing(table, column, values: set[str]) -> dict[str, int]:
    found: dict[str, int] = {}
    items = sorted(values)
    for start in range(0, len(items), BATCH):
        rows = await table.select(table.id, column).where(column.is_in(items[start:start + BATCH]))
        found.update({r[column._meta.name]: r["id"] for r in rows})
    return found


async def preview(raw: bytes) -> Preview:
    rows, columns, file_error = _read(raw)
    result = Preview(rows=rows, columns=columns, file_error=file_error)
    seen: dict[str, int] = {}
    for row in rows:
        _check_row(row, seen)
    emails = {r.values["email"] for r in rows} | {r.values["manager_email"] for r in rows}
    known = await _existing(Employee, Employee.email, emails - {""})
    for row in rows:
        row.is_new = row.values["email"] not in known
        manager = row.values["manager_email"]
        if manager and manager not in seen and manager not in known:
            row.errors.append(_("Manager %(email)s is neither in the file nor in lms.", email=manager))
    departments = {r.values.get("department", "") for r in rows} - {""}
    profiles = {r.values.get("job_title", "") for r in rows} - {""}
    result.new_departments = departments - set(await _existing(Department, Department.name, departments))
    result.new_job_profiles = profiles - set(await _existing(JobProfile, JobProfile.name, profiles))
    return result


async def apply(raw: bytes, progress: Callable[[int], None] = lambda done: None,
                actor_id: int | None = None) -> Preview:
    """Saves every row, or nothing when any row has an error (returned in the preview); the audit log
    gets who was added and what changed of whom."""
    result = await preview(raw)
    if not result.ok:
        return result
    touched = Employee.email.is_in(list({value for row in result.rows for key, value in row.values.items()
                                         if key in ("email", "manager_email") and value}) or [""])
    async with write_transaction():
        before = await audit.people_now(touched)
        for table, names in ((Department, result.new_departments), (JobProfile, result.new_job_profiles)):
            if names:
                await table.insert(*(table(name=name) for name in sorted(names)))
        departments = await _existing(Department, Department.name, {r.values.get("department", "") for r in result.rows})
        profiles = await _existing(JobProfile, JobProfile.name, {r.values.get("job_title", "") for r in result.rows})
        await _save_people(result.rows, departments, profiles, progress)
        if "manager_email" in result.columns:
            await _link_managers(result.rows)
        await audit.record_people(actor_id, before, await audit.people_now(touched))
    return result


async def new_people(result: Preview) -> list[int]:
    """Who the import added, for their invitations."""
    emails = [row.values["email"] for row in result.rows if row.is_new]
    return await Employee.select(Employee.id).where(Employee.email.is_in(emails or [""])).output(as_list=True)


def _fields(row: Row, departments: dict[str, int], profiles: dict[str, int]) -> dict:
    """The fields the file speaks about; a column the file lacks leaves that field alone."""
    v = row.values
    fields = {"first_name": v["first_name"], "last_name": v["last_name"]}
    if "department" in v:
        fields["department"] = departments.get(v["department"])
    if "job_title" in v:
        fields.update(job_title=v["job_title"], job_profile=profiles.get(v["job_title"]))
    if "hire_date" in v:
        fields["hire_date"] = row.hire_date
    return fields


async def _save_people(rows: list[Row], departments, profiles, progress) -> None:
    now = clock.now()
    for start in range(0, len(rows), BATCH):
        batch = rows[start:start + BATCH]
        new = [Employee(email=r.values["email"], created_at=now, **_fields(r, departments, profiles))
               for r in batch if r.is_new]
        if new:
            await Employee.insert(*new)
        for row in batch:
            if not row.is_new:
                await Employee.update(_fields(row, departments, profiles)).where(Employee.email == row.values["email"])
        progress(len(batch))


async def _link_managers(rows: list[Row]) -> None:
    managers = {r.values["manager_email"] for r in rows} - {""}
    ids = await _existing(Employee, Employee.email, managers)
    for row in rows:
        manager = row.values["manager_email"]
        await Employee.update({Employee.manager: ids.get(manager)}).where(Employee.email == row.values["email"])
    await Employee.update({Employee.role: "manager"}).where(
        Employee.id.is_in(list(ids.values()) or [0]), Employee.role == "employee"
    )
