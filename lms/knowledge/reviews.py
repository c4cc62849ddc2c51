"""Knowledge that stays true: every page has an owner and a review date, set by its space (every 12
months unless L&D says otherwise). The owner is reminded before it lapses (reminders.planner) and
confirms with one click that the page is still right, or edits it; readers see when it was last
reviewed, or that its review is overdue; a space lists the reviews that are due."""
from datetime import date, datetime, timedelta

from lms import clock
from lms.courses.certificates import add_months
from lms.errors import Forbidden
from lms.forms import FieldError
from lms.i18n import gettext as _
from lms.knowledge.access import can_write
from lms.knowledge.tables import Page, Space
from lms.people.sessions import SignedIn
from lms.people.tables import Employee

DUE_SOON = timedelta(days=30)  # listed in the space, and the owner is reminded, this long before


async def next_due(space_id: int, reviewed: datetime) -> date | None:
    """When a page of this space reviewed at that moment is due again; None when the space asks no review."""
    row = await Space.select(Space.review_months).where(Space.id == space_id).first()
    return add_months(reviewed.date(), row["review_months"]) if row and row["review_months"] else None


async def reviewed_values(space_id: int) -> dict:
    """The columns a review sets: now, and the next date."""
    now = clock.now()
    return {Page.reviewed_at: now, Page.review_due: await next_due(space_id, now)}


async def may_review(user: SignedIn, page: dict) -> bool:
    """Its owner, and whoever may edit it."""
    return page["owner"] == user.id or await can_write(user, page["space"])


async def confirm(user: SignedIn, page: dict) -> None:
    """"Still right": the page counts as reviewed now."""
    if not await may_review(user, page):
        raise Forbidden
    await Page.update(await reviewed_values(page["space"]["id"])).where(Page.id == page["id"])


async def hand_over(user: SignedIn, page: dict, email: str) -> None:
    """Another active colleague owns the page from now on."""
    if not await may_review(user, page):
        raise Forbidden
    owner = await Employee.select(Employee.id).where(Employee.email == email.strip().lower(),
                                                     Employee.active.eq(True)).first()
    if owner is None:
        raise FieldError("owner", _("No active colleague has this e-mail address."))
    await Page.update({Page.owner: owner["id"]}).where(Page.id == page["id"])


def state(page: dict, today: date) -> str:
    """"overdue", "soon" or "" for a page with its review_due."""
    due = page["review_due"]
    if due is None:
        return ""
    return "overdue" if due < today else "soon" if due <= today + DUE_SOON else ""


async def due_in_space(space_id: int) -> list[dict]:
    """The space's pages whose review is overdue or due within DUE_SOON, oldest first, with their owner."""
    today = clock.now().date()
    rows = await Page.select(Page.id, Page.title, Page.review_due, Page.owner.first_name.as_alias("first_name"),
                             Page.owner.last_name.as_alias("last_name")).where(
        Page.space == space_id, Page.deleted_at.is_null(), Page.review_due <= today + DUE_SOON).order_by(
        Page.review_due, Page.id)
    for row in rows:
        row["state"] = state(row, today)
    return rows
