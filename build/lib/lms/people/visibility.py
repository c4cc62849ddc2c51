"""Who may see whose records: yourself, everyone down your manager line, and L&D."""
from piccolo.columns import Column
from piccolo.query import WhereRaw

from lms.errors import Forbidden
from lms.people.accounts import get_employee
from lms.people.sessions import SignedIn
from lms.people.tables import Employee

# everyone below a manager, however deep the line goes; UNION (not UNION ALL) ends any circle
LINE = ("WITH RECURSIVE line(id) AS (SELECT id FROM employee WHERE manager = {} "
        "UNION SELECT employee.id FROM employee JOIN line ON employee.manager = line.id) SELECT id FROM line")


def in_line_of(manager_id: int, column: Column = Employee.id) -> WhereRaw:
    """A where clause: the column holds someone in the manager's line (direct reports and theirs)."""
    return WhereRaw(f"{column._meta.get_full_name(with_alias=False)} IN ({LINE})", manager_id)


async def reports_to(manager_id: int, employee_id: int) -> bool:
    return await Employee.exists().where(Employee.id == employee_id, in_line_of(manager_id))


async def visible_employee(actor: SignedIn, employee_id: int) -> dict:
    person = await get_employee(employee_id)
    if actor.is_admin or person["id"] == actor.id or await reports_to(actor.id, person["id"]):
        return person
    raise Forbidden
