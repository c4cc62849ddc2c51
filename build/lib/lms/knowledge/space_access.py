"""Who reads and who writes in a space, as documents and search need it.

Everyone reads open spaces; a space limited to a department is read by that department and
L&D only. Writing needs the space to have no named editors, or the actor to be one, or L&D.
(Stands in until the wiki's lms.knowledge.access lands; then these three move there.)"""
from piccolo.columns.combination import Or

from lms.db import is_valid_id
from lms.errors import NotFound
from lms.knowledge.tables import Space, SpaceEditor
from lms.people.sessions import SignedIn
from lms.people.tables import Employee


async def _department(actor: SignedIn) -> int | None:
    row = await Employee.select(Employee.department).where(Employee.id == actor.id).first()
    return row["department"] if row else None


async def readable_space(actor: SignedIn, space_id: int) -> dict:
    """The space, or 404 when it does not exist or the actor may not read it."""
    space = await Space.select().where(Space.id == space_id).first() if is_valid_id(space_id) else None
    if space is None:
        raise NotFound
    if space["read_department"] and not actor.is_admin and space["read_department"] != await _department(actor):
        raise NotFound
    return space


async def may_write(actor: SignedIn, space_id: int) -> bool:
    if actor.is_admin:
        return True
    editors = await SpaceEditor.select(SpaceEditor.employee).where(SpaceEditor.space == space_id)
    return not editors or actor.id in {row["employee"] for row in editors}


async def readable_spaces(actor: SignedIn) -> list[dict]:
    """Id and name of every space the actor reads, by name."""
    query = Space.select(Space.id, Space.name).order_by(Space.name)
    if not actor.is_admin:
        department = await _department(actor) or 0
        query = query.where(Or(Space.read_department.is_null(), Space.read_department == department))
    return await query
