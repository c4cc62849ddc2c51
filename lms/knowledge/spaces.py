"""Spaces: the library's front page, one space with its page tree, and L&D's management of spaces."""
from lms import clock
from lms.db import write_transaction
from lms.errors import Forbidden, NotFound
from lms.forms import FieldError
from lms.i18n import gettext as _
from lms.knowledge import reviews
from lms.knowledge.access import can_write, department_of, readable_space, readable_space_ids
from lms.knowledge.tables import Page, PageTag, Space, SpaceEditor
from lms.people.sessions import SignedIn
from lms.people.tables import Department, Employee

RECENT = 10


async def library_home(user: SignedIn) -> dict:
    ids = await readable_space_ids(user) or [0]
    live = (Page.space.is_in(ids), Page.deleted_at.is_null())
    columns = (Page.id, Page.title, Page.updated_at, Page.space.name, Page.author.first_name, Page.author.last_name)
    department = await department_of(user)
    colleagues = []
    if department:
        colleagues = await Page.select(*columns).where(*live, Page.author.department == department, Page.author != user.id) \
            .order_by(Page.updated_at, ascending=False).limit(RECENT)
    return {
        "spaces": await Space.select(Space.id, Space.name, Space.description, Space.read_department.name)
        .where(Space.id.is_in(ids)).order_by(Space.name),
        "recent": await Page.select(*columns).where(*live).order_by(Page.updated_at, ascending=False).limit(RECENT),
        "colleagues": colleagues,
    }


def _tree(pages: list[dict]) -> list[dict]:
    """Nested pages: each with its children, roots first; a page whose parent is gone becomes a root."""
    by_id = {page["id"]: {**page, "children": []} for page in pages}
    roots = []
    for page in by_id.values():
        parent = by_id.get(page["parent"])
        (parent["children"] if parent else roots).append(page)
    return roots


async def space_view(user: SignedIn, space_id: int) -> dict:
    space = await readable_space(user, space_id)
    pages = await Page.select(Page.id, Page.title, Page.parent).where(
        Page.space == space_id, Page.deleted_at.is_null()).order_by(Page.title)
    tags = await PageTag.select(PageTag.tag).where(PageTag.page.space == space_id, PageTag.page.deleted_at.is_null()) \
        .distinct().order_by(PageTag.tag)
    may_write = await can_write(user, space)
    return {"space": space, "pages_tree": _tree(pages), "tags": [row["tag"] for row in tags], "may_write": may_write,
            "reviews_due": await reviews.due_in_space(space_id) if may_write else []}


async def deleted_pages(user: SignedIn, space_id: int) -> dict:
    space = await readable_space(user, space_id)
    pages = await Page.select(Page.id, Page.title, Page.deleted_at, Page.deleted_by.first_name).where(
        Page.space == space_id, Page.deleted_at.is_not_null()).order_by(Page.deleted_at, ascending=False)
    return {"space": space, "pages": pages}


def _admin(user: SignedIn) -> None:
    if not user.is_admin:
        raise Forbidden


async def space_form(user: SignedIn, space_id: int | None) -> dict:
    _admin(user)
    space = {"id": None, "name": "", "description": "", "read_department": None,
             "review_months": Space.review_months.default}
    editors: list[int] = []
    if space_id is not None:
        space = await Space.select().where(Space.id == space_id).first()
        if space is None:
            raise NotFound
        editors = [r["employee"] for r in await SpaceEditor.select(SpaceEditor.employee).where(SpaceEditor.space == space_id)]
    return {"space": space, "editors": editors,
            "departments": await Department.select(Department.id, Department.name).order_by(Department.name),
            "people": await Employee.select(Employee.id, Employee.first_name, Employee.last_name)
            .order_by(Employee.first_name, Employee.last_name)}


async def save_space(user: SignedIn, space_id: int | None, name: str, description: str,
                     read_department: int | None, editors: list[int], review_months: int) -> int:
    """A new or changed space. A new review interval applies from each page's next review."""
    _admin(user)
    taken = await Space.select(Space.id).where(Space.name == name, Space.id != (space_id or 0)).first()
    if taken:
        raise FieldError("name", _("A space with this name already exists."))
    if read_department is not None and not await Department.exists().where(Department.id == read_department):
        raise FieldError("read_department", _("Choose a department from the list."))
    known = {row["id"] for row in await Employee.select(Employee.id).where(Employee.id.is_in(editors or [0]))}
    values = {Space.name: name, Space.description: description, Space.read_department: read_department,
              Space.review_months: review_months}
    async with write_transaction():
        if space_id is None:
            space_id = (await Space.insert(Space(created_at=clock.now(), **{c._meta.name: v for c, v in values.items()}))
                        .returning(Space.id))[0]["id"]
        elif not await Space.update(values).where(Space.id == space_id).returning(Space.id):
            raise NotFound
        await SpaceEditor.delete().where(SpaceEditor.space == space_id)
        if known:
            await SpaceEditor.insert(*(SpaceEditor(space=space_id, employee=employee) for employee in sorted(known)))
    return space_id


async def delete_space(user: SignedIn, space_id: int) -> None:
    _admin(user)
    if not await Space.delete().where(Space.id == space_id).returning(Space.id):
        raise NotFound
