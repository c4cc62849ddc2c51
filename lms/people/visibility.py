"""Who may see whose records: yourself, your manager line, and L&D."""
from lms.errors import Forbidden
from lms.people.accounts import get_employee
from lms.people.sessions import SignedIn


async def visible_employee(actor: SignedIn, employee_id: int) -> dict:
    person = await get_employee(employee_id)
    if actor.is_admin or person["id"] == actor.id or person["manager"] == actor.id:
        return person
    raise Forbidden
