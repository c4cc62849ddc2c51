"""Who reads and who writes in a space: the one place the wiki, documents and search ask.

Everyone reads open spaces (no read_department); a space limited to a department is read by
that department and L&D only. A space with named editors is written by them and L&D only;
any other readable space by everyone who reads it. L&D (is_admin) manages spaces."""
from piccolo.columns.combination import Or

from lms.errors import NotFound
from lms.knowledge.tables import Space, SpaceEditor
from lms.people.sessions import SignedIn
from lms.people.tables import Employee


async def department_of(user: SignedIn) -> int | None:
    row = await Employee.select(Employee.department).where(Employee.id == user.id).first()
    return row["department"] if row else None


async def readable_space_ids(user: SignedIn) -> list[int]:
    query = Space.select(Space.id)
    if not user.is_admin:
        query = query.where(Or(Space.read_department.is_null(), Space.read_department == (await department_of(user) or 0)))
    return [row["id"] for row in await query]


async def can_read(user: SignedIn, space: dict) -> bool:
    return user.is_admin or not space["read_department"] or space["read_department"] == await department_of(user)


async def can_write(user: SignedIn, space: dict) -> bool:
    if not await can_read(user, space):
        return False
    if user.is_admin:
        return True
    editors = await SpaceEditor.select(SpaceEditor.employee).where(SpaceEditor.space == space["id"])
    return not editors or user.id in {row["employee"] for row in editors}


async def manages_space(user: SignedIn, space: dict) -> bool:
    """L&D and the space's named editors: they decide what is required reading in it, and see who read it."""
    return user.is_admin or await SpaceEditor.exists().where(SpaceEditor.space == space["id"],
                                                             SpaceEditor.employee == user.id)


async def readable_space(user: SignedIn, space_id: int) -> dict:
    """The space, or 404 when it does not exist or the user may not read it."""
    space = await Space.select().where(Space.id == space_id).first()
    if space is None or not await can_read(user, space):
        raise NotFound
    return space
