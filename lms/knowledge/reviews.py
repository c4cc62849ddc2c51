"""Knowledge that stays true: every page, and every document in a space's library, has an owner and a
review date set by its space (every 12 months unless L&D says otherwise; a page's documents are
reviewed with their page). The owner is reminded before it lapses (reminders.planner) and confirms
with one click that it is still right, or edits it; readers see when it was last reviewed, or that
its review is overdue; a space lists the reviews that are due."""
from datetime import date, datetime, timedelta

from piccolo.table import Table

from lms import clock
from lms.courses.certificates import add_months
from lms.errors import Forbidden
from lms.forms import FieldError
from lms.i18n import gettext as _
from lms.knowledge.access import can_write
from lms.knowledge.tables import Document, Page, Space
from lms.people.sessions import SignedIn
from lms.people.tables import Employee

DUE_SOON = timedelta(days=30)  # listed in the space, and the owner is reminded, this long before


async def next_due(space_id: int, reviewed: datetime) -> date | None:
    """When a page of this space reviewed at that moment is due again; None when the space asks no review."""
    row = await Space.select(Space.review_months).where(Space.id == space_id).first()
    return add_months(reviewed.date(), row["review_months"]) if row and row["review_months"] else None


async def reviewed_values(table: type[Table], space_id: int) -> dict:
    """The columns a review sets on a page or document: now, and the next date."""
    now = clock.now()
    return {table.reviewed_at: now, table.review_due: await next_due(space_id, now)}


async def may_review(user: SignedIn, row: dict, space: dict) -> bool:
    """Its owner, and whoever may write in its space."""
    return row["owner"] == user.id or await can_write(user, space)


async def confirm(user: SignedIn, table: type[Table], row: dict, space: dict) -> None:
    """"Still right": the page or document counts as reviewed now."""
    if not await may_review(user, row, space):
        raise Forbidden
    await table.update(await reviewed_values(table, space["id"])).where(table.id == row["id"])


async def hand_over(user: SignedIn, table: type[Table], row: dict, space: dict, email: str) -> None:
    """Another active colleague owns the page or document from now on."""
    if not await may_review(user, row, space):
        raise Forbidden
    owner = await Employee.select(Employee.id, Employee.department, Employee.role).where(
        Employee.email == email.strip().lower(), Employee.active.eq(True)).first()
    if owner is None:
        raise FieldError("owner", _("No active colleague has this e-mail address."))
    if space["read_department"] and owner["department"] != space["read_department"] and owner["role"] != "admin":
        raise FieldError("owner", _("This colleague cannot read this space."))
    await table.update({table.owner: owner["id"]}).where(table.id == row["id"])


def state(row: dict, today: date) -> str:
    """"overdue", "soon" or "" for a page or document with its review_due."""
    due = row["review_due"]
    if due is None:
        return ""
    return "overdue" if due < today else "soon" if due <= today + DUE_SOON else ""


async def due_in_space(space_id: int) -> list[dict]:
    """The space's pages and library documents whose review is overdue or due within DUE_SOON, oldest
    first, with their owner and where to review them."""
    today = clock.now().date()
    rows = []
    for table, where, link in ((Page, [Page.space == space_id], "/knowledge/pages/{id}"),
                               (Document, [Document.space == space_id, Document.page.is_null()],
                                "/knowledge/spaces/{space}/documents#document-{id}")):
        for row in await table.select(table.id, table.title, table.review_due,
                                      table.owner.first_name.as_alias("first_name"),
                                      table.owner.last_name.as_alias("last_name")).where(
                *where, table.deleted_at.is_null(), table.review_due <= today + DUE_SOON):
            rows.append({**row, "state": state(row, today), "url": link.format(id=row["id"], space=space_id)})
    return sorted(rows, key=lambda row: (row["review_due"], row["url"]))
