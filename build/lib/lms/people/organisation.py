"""Departments and job profiles: named lists that L&D keeps."""
from piccolo.query.functions.aggregate import Count
from piccolo.table import Table

from lms.db import is_valid_id
from lms.errors import NotFound
from lms.forms import FieldError
from lms.i18n import gettext as _
from lms.people.tables import Department, Employee, JobProfile

UNITS: dict[str, type[Table]] = {"departments": Department, "job-profiles": JobProfile}
EMPLOYEE_LINK = {Department: Employee.department, JobProfile: Employee.job_profile}


async def list_units(table: type[Table]) -> list[dict]:
    """Every unit with the number of active people in it."""
    rows = await table.select().order_by(table.name)
    link = EMPLOYEE_LINK[table]
    counts = await Employee.select(link.as_alias("unit"), Count(alias="people")).where(
        Employee.active.eq(True), link.is_not_null()
    ).group_by(link)
    people = {c["unit"]: c["people"] for c in counts}
    return [{**row, "people": people.get(row["id"], 0)} for row in rows]


async def get_unit(table: type[Table], unit_id: int) -> dict:
    row = await table.select().where(table.id == unit_id).first() if is_valid_id(unit_id) else None
    if row is None:
        raise NotFound
    return row


async def _check_name(table: type[Table], name: str, unit_id: int = 0) -> None:
    names = await table.select(table.name).where(table.id != unit_id).output(as_list=True)
    if name.casefold() in {other.casefold() for other in names}:
        raise FieldError("name", _("This name is already in use."))


async def create_unit(table: type[Table], values: dict) -> int:
    await _check_name(table, values["name"])
    row = table(**values)
    await row.save()
    return row.id


async def update_unit(table: type[Table], unit_id: int, values: dict) -> None:
    await get_unit(table, unit_id)
    await _check_name(table, values["name"], unit_id)
    await table.update(values).where(table.id == unit_id)


async def delete_unit(table: type[Table], unit_id: int) -> None:
    """People in it keep their account; their department or profile becomes empty."""
    await get_unit(table, unit_id)
    await table.delete().where(table.id == unit_id)


async def unit_choices(table: type[Table]) -> list[dict]:
    return await table.select(table.id, table.name).order_by(table.name)
