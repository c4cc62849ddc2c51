"""The audit log of training records, assessments, certificates and people: append and read, nothing else."""
from datetime import date, datetime

from piccolo.columns.combination import Where

from lms import clock
from lms.pagination import PER_PAGE, Page, clamp_page
from lms.people.tables import AUDITED, AuditEntry, Employee

# What is logged of a person, as L&D reads it (names, not ids); never a password, only that it changed.
PERSON = (Employee.email, Employee.role, Employee.department.name.as_alias("department"),
          Employee.job_profile.name.as_alias("job_profile"), Employee.manager.email.as_alias("manager"),
          Employee.active)


def _plain(values: dict | None) -> dict:
    """JSON-safe copies: dates as ISO text, everything else as it is."""
    return {key: value.isoformat() if isinstance(value, date | datetime) else value
            for key, value in (values or {}).items()}


async def record(actor_id: int | None, employee_id: int | None, kind: str, record_id: int, action: str,
                 before: dict | None = None, after: dict | None = None) -> None:
    """Logs one change; call it inside the transaction that makes the change, so both or neither stay."""
    assert kind in AUDITED, kind
    await AuditEntry.insert(AuditEntry(at=clock.now(), actor=actor_id, employee=employee_id, record=kind,
                                       record_id=record_id, action=action, before=_plain(before),
                                       after=_plain(after)))


async def people_now(where: Where) -> dict[int, dict]:
    """The logged fields of the people `where` selects, by id: take it before and after a change."""
    return {row.pop("id"): row for row in await Employee.select(Employee.id, *PERSON).where(where)}


async def record_people(actor_id: int | None, before: dict[int, dict], after: dict[int, dict]) -> None:
    """Logs who was added and what changed of whom between two `people_now` taken in one transaction."""
    entries = []
    for person_id, now in after.items():
        was = before.get(person_id)
        changed = [key for key in now if was is not None and was[key] != now[key]]
        if was is None or changed:
            entries.append(AuditEntry(at=clock.now(), actor=actor_id, employee=person_id, record="person",
                                      record_id=person_id, action="created" if was is None else "changed",
                                      before={key: was[key] for key in changed} if was else {},
                                      after={key: now[key] for key in changed} if was else now))
    if entries:
        await AuditEntry.insert(*entries)


COLUMNS = (*AuditEntry.all_columns(),
           AuditEntry.actor.first_name.as_alias("actor_first_name"),
           AuditEntry.actor.last_name.as_alias("actor_last_name"),
           AuditEntry.employee.first_name.as_alias("employee_first_name"),
           AuditEntry.employee.last_name.as_alias("employee_last_name"))


async def entries(kind: str = "", employee_id: int | None = None, page: int = 1) -> Page:
    """Newest first, optionally of one kind of record or one person."""
    where = []
    if kind in AUDITED:
        where.append(AuditEntry.record == kind)
    if employee_id:
        where.append(AuditEntry.employee == employee_id)
    number = clamp_page(page)
    rows = await AuditEntry.select(*COLUMNS).where(*where).order_by(AuditEntry.at, AuditEntry.id, ascending=False).limit(
        PER_PAGE).offset((number - 1) * PER_PAGE).output(load_json=True)
    return Page(rows=rows, total=await AuditEntry.count().where(*where), number=number)
