"""The audit log of training records, assessments and certificates: append and read, nothing else."""
from datetime import date, datetime

from lms import clock
from lms.pagination import PER_PAGE, Page, clamp_page
from lms.people.tables import AUDITED, AuditEntry


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
