"""Required reading: L&D or a space's named editors ask a department, a job profile or everyone to read a
page (a policy, a procedure) by a date. Each reader acknowledges "I have read and understood" the
version they read; a new revision may ask everyone again, and then only acknowledgements of that
version or later count. Who acknowledged which version is for L&D and the space's named editors
(everyone) and managers (their reports)."""
from datetime import date

from piccolo.columns.combination import Or

from lms import clock
from lms.errors import Conflict, Forbidden
from lms.forms import FieldError, optional_int
from lms.i18n import gettext as _
from lms.knowledge.access import manages_space
from lms.knowledge.tables import Acknowledgement, Page, RequiredReading
from lms.people import visibility
from lms.people.sessions import SignedIn
from lms.people.tables import Department, Employee, JobProfile


async def audiences(page_id: int) -> list[dict]:
    """Who must read the page and by when: one row per audience, named."""
    return await RequiredReading.select(
        RequiredReading.id, RequiredReading.due_date, RequiredReading.from_version,
        RequiredReading.department.name.as_alias("department_name"),
        RequiredReading.job_profile.name.as_alias("job_profile_name")).where(
        RequiredReading.page == page_id).order_by(RequiredReading.due_date, RequiredReading.id)


async def audience_choices() -> list[tuple[str, str]]:
    """(value, label) for the audience select: everyone, each department, each job profile."""
    departments = await Department.select(Department.id, Department.name).order_by(Department.name)
    profiles = await JobProfile.select(JobProfile.id, JobProfile.name).order_by(JobProfile.name)
    return [("everyone", _("Everyone")),
            *((f"department:{row['id']}", _("Department: %(name)s", name=row["name"])) for row in departments),
            *((f"job_profile:{row['id']}", _("Job profile: %(name)s", name=row["name"])) for row in profiles)]


async def require(user: SignedIn, page: dict, audience: str, due: date | None) -> list[int]:
    """Adds an audience ("everyone", "department:<id>" or "job_profile:<id>") with a due date; returns
    who is asked now (to tell them)."""
    if not await manages_space(user, page["space"]):
        raise Forbidden
    kind, _colon, number = audience.partition(":")
    number = optional_int(number)
    department = job_profile = None
    if kind == "department" and number and await Department.exists().where(Department.id == number):
        department = number
    elif kind == "job_profile" and number and await JobProfile.exists().where(JobProfile.id == number):
        job_profile = number
    elif kind != "everyone":
        raise FieldError("audience", _("Choose who must read the page from the list."))
    read_by = page["space"]["read_department"]
    if read_by and department and department != read_by:
        raise FieldError("audience", _("That department cannot read this space."))
    if due is None or due < clock.now().date():
        raise FieldError("due_date", _("Choose a due date from today on."))
    current = await RequiredReading.select(RequiredReading.from_version).where(
        RequiredReading.page == page["id"]).first()
    await RequiredReading.insert(RequiredReading(
        page=page["id"], department=department, job_profile=job_profile, due_date=due,
        from_version=current["from_version"] if current else page["version"], created_by=user.id,
        created_at=clock.now()))
    return [person["id"] for person in await unacknowledged(page["id"])]


async def remove(user: SignedIn, page: dict, reading_id: int) -> None:
    if not await manages_space(user, page["space"]):
        raise Forbidden
    await RequiredReading.delete().where(RequiredReading.id == reading_id, RequiredReading.page == page["id"])


async def ask_again(page_id: int, version: int) -> list[int]:
    """After a new revision: only acknowledgements of this version count; returns who is asked again."""
    await RequiredReading.update({RequiredReading.from_version: version}).where(
        RequiredReading.page == page_id, RequiredReading.from_version < version)
    return [person["id"] for person in await unacknowledged(page_id)]


def _in_audience(rows: list[dict], read_by: int | None) -> list:
    """The WHERE of the active people the audiences name (everyone, when one audience names no group),
    of those who may read the page's space (`read_by`: its department, with L&D)."""
    where = [Employee.active.eq(True)]
    if read_by:
        where.append(Or(Employee.department == read_by, Employee.role == "admin"))
    if any(row["department"] is None and row["job_profile"] is None for row in rows):
        return where
    departments = [row["department"] for row in rows if row["department"]]
    profiles = [row["job_profile"] for row in rows if row["job_profile"]]
    return where + [Or(Employee.department.is_in(departments or [0]), Employee.job_profile.is_in(profiles or [0]))]


async def readers(page_id: int, team_of: int | None = None) -> list[dict]:
    """Everyone asked to read the page (a manager: their reports), with the latest version each
    acknowledged and when, and whether that still counts."""
    rows = await RequiredReading.select(RequiredReading.department, RequiredReading.job_profile,
                                        RequiredReading.from_version,
                                        RequiredReading.page.space.read_department.as_alias("read_by")).where(
        RequiredReading.page == page_id)
    if not rows:
        return []
    where = _in_audience(rows, rows[0]["read_by"]) + ([visibility.in_line_of(team_of)] if team_of is not None else [])
    people = await Employee.select(Employee.id, Employee.first_name, Employee.last_name, Employee.email,
                                   Employee.department.name.as_alias("department_name")).where(*where).order_by(
        Employee.last_name, Employee.first_name, Employee.id)
    latest: dict[int, dict] = {}
    for ack in await Acknowledgement.select(Acknowledgement.employee, Acknowledgement.version,
                                            Acknowledgement.acknowledged_at).where(
            Acknowledgement.page == page_id).order_by(Acknowledgement.version):
        latest[ack["employee"]] = ack
    since = rows[0]["from_version"]
    for person in people:
        ack = latest.get(person["id"])
        person.update(version=ack["version"] if ack else None, acknowledged_at=ack["acknowledged_at"] if ack else None,
                      counts=bool(ack) and ack["version"] >= since)
    return people


async def status(team_of: int | None = None) -> list[dict]:
    """Per required page, how many of the people asked (a manager: of their reports) have confirmed the
    version that counts: the compliance panel's required reading."""
    rows = await RequiredReading.select(RequiredReading.page, RequiredReading.page.title.as_alias("title"),
                                        RequiredReading.due_date).where(
        RequiredReading.page.deleted_at.is_null()).order_by(RequiredReading.due_date)
    found: dict[int, dict] = {}
    for row in rows:
        if row["page"] in found:
            continue
        people = await readers(row["page"], team_of)
        if people:
            found[row["page"]] = {"id": row["page"], "title": row["title"], "due_date": row["due_date"],
                                  "done": sum(person["counts"] for person in people), "total": len(people)}
    return list(found.values())


async def unacknowledged(page_id: int) -> list[dict]:
    return [person for person in await readers(page_id) if not person["counts"]]


# The home page and every wiki page ask this: one statement written out, instead of three built by the ORM
# (1.9 ms a call). A reader of a space (L&D reads all), in the audience (everyone, their department or
# their job profile), with no acknowledgement of a version that counts.
WAITING = """
SELECT r.page AS id, p.title AS title, r.due_date AS due_date
FROM required_reading r JOIN page p ON p.id = r.page JOIN space s ON s.id = p.space JOIN employee e ON e.id = {}
WHERE p.deleted_at IS NULL
  AND (e.role = 'admin' OR s.read_department IS NULL OR s.read_department = e.department)
  AND ((r.department IS NULL AND r.job_profile IS NULL) OR r.department = e.department
       OR r.job_profile = e.job_profile)
  AND NOT EXISTS (SELECT 1 FROM acknowledgement a
                  WHERE a.employee = e.id AND a.page = r.page AND a.version >= r.from_version)
ORDER BY r.due_date, r.page"""


async def waiting_for(employee_id: int) -> list[dict]:
    """The pages this person must still acknowledge, soonest due first (the home page, the page banner)."""
    waiting: dict[int, dict] = {}
    today = clock.now().date()
    for row in await RequiredReading.raw(WAITING, employee_id):
        waiting.setdefault(row["id"], {**row, "overdue": row["due_date"] < today})
    return list(waiting.values())


async def acknowledge(user: SignedIn, page_id: int, version: int) -> None:
    """The version the reader had in front of them; a version older than the one asked for (the page
    changed while they read) is refused with what to do."""
    page = await Page.select(Page.version).where(Page.id == page_id).first()
    asked = await RequiredReading.select(RequiredReading.from_version).where(RequiredReading.page == page_id).first()
    if page is None or asked is None:
        raise Conflict(_("This page is not required reading (any more)."))
    if not asked["from_version"] <= version <= page["version"]:
        raise Conflict(_("The page changed while you read it: read the new version, then acknowledge it."))
    await Acknowledgement.insert(Acknowledgement(page=page_id, employee=user.id, version=version,
                                                 acknowledged_at=clock.now())).on_conflict(
        target=(Acknowledgement.page, Acknowledgement.employee, Acknowledgement.version), action="DO NOTHING")
