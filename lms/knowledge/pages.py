"""Wiki pages: view, save (every save a revision, a stale save a conflict), soft delete and restore."""
from collections.abc import Awaitable, Callable

from lms import markdown
from lms import clock
from lms.courses.tables import Course
from lms.db import is_valid_id, write_transaction
from lms.errors import Forbidden, NotFound
from lms.forms import FieldError
from lms.i18n import gettext as _
from lms.knowledge import reading, reviews
from lms.knowledge.access import can_write, manages_space, readable_space, readable_space_ids
from lms.knowledge.tables import Page, PageCourse, PageTag, Revision
from lms.people.sessions import SignedIn
from lms.people.tables import Employee

# called with the page id after every create, edit, delete and restore (the search index registers here)
on_page_saved: list[Callable[[int], Awaitable[None]]] = []
MAX_TITLE = 200
MAX_TAGS = 10


class Conflict(Exception):
    """The page moved on since the editor loaded it; the save was not applied."""

    def __init__(self, current: dict):
        self.current = current


async def _changed(page_id: int) -> None:
    """Inside the write's transaction: the search index holds the page exactly when the page is saved."""
    for callback in on_page_saved:
        await callback(page_id)


def page_url(page_id: int) -> str:
    return f"/knowledge/pages/{page_id}"


async def readable_page(user: SignedIn, page_id: int, *, deleted: bool = False) -> dict:
    """The page and its space, or 404 when missing, deleted (unless asked) or unreadable."""
    page = await Page.select().where(Page.id == page_id).first() if is_valid_id(page_id) else None
    if page is None or (page["deleted_at"] is not None) != deleted:
        raise NotFound
    page["space"] = await readable_space(user, page["space"])
    return page


async def writable_page(user: SignedIn, page_id: int) -> dict:
    page = await readable_page(user, page_id)
    if not await can_write(user, page["space"]):
        raise Forbidden
    return page


def parse_tags(text: str) -> list[str]:
    tags = []
    for tag in (part.strip().lower()[:50] for part in text.split(",")):
        if tag and tag not in tags:
            tags.append(tag)
    return tags[:MAX_TAGS]


async def _check(space_id: int, page_id: int | None, title: str, parent_id: int | None) -> None:
    if not title.strip():
        raise FieldError("title", _("%(field)s is required.", field=_("Title")))
    if len(title) > MAX_TITLE:
        raise FieldError("title", _("%(field)s can be at most %(max)s characters.", field=_("Title"), max=MAX_TITLE))
    if parent_id is None:
        return
    parent = await Page.select(Page.space, Page.parent).where(Page.id == parent_id, Page.deleted_at.is_null()).first() \
        if is_valid_id(parent_id) else None
    if parent is None:
        raise FieldError("parent", _("The parent page does not exist."))
    if parent["space"] != space_id:
        raise FieldError("parent", _("The parent page must be in the same space."))
    seen, current = set(), parent_id
    while current is not None and current not in seen:  # a page may not sit under itself
        if current == page_id:
            raise FieldError("parent", _("A page cannot be placed under itself."))
        seen.add(current)
        row = await Page.select(Page.parent).where(Page.id == current).first()
        current = row["parent"] if row else None


async def _write_tags(page_id: int, tags: list[str]) -> None:
    await PageTag.delete().where(PageTag.page == page_id)
    if tags:
        await PageTag.insert(*(PageTag(page=page_id, tag=tag) for tag in tags))


async def create_page(user: SignedIn, space_id: int, title: str, body: str, tags: list[str] = (),
                      parent_id: int | None = None) -> int:
    space = await readable_space(user, space_id)
    if not await can_write(user, space):
        raise Forbidden
    title = title.strip()
    await _check(space_id, None, title, parent_id)
    now = clock.now()
    async with write_transaction():
        row = (await Page.insert(Page(space=space_id, parent=parent_id, title=title, body=body, version=1,
                                      author=user.id, created_at=now, updated_at=now, owner=user.id,
                                      reviewed_at=now, review_due=await reviews.next_due(space_id, now)))
               .returning(Page.id))[0]
        await Revision.insert(Revision(page=row["id"], version=1, title=title, body=body, author=user.id, created_at=now))
        await _write_tags(row["id"], list(tags))
        await _changed(row["id"])
    return row["id"]


async def save_page(user: SignedIn, page_id: int, base_version: int, title: str, body: str,
                    tags: list[str], parent_id: int | None) -> None:
    """A new revision, unless the page moved past base_version: then Conflict with the current text."""
    page = await writable_page(user, page_id)
    title = title.strip()
    await _check(page["space"]["id"], page_id, title, parent_id)
    now = clock.now()
    async with write_transaction():
        values = {Page.title: title, Page.body: body, Page.parent: parent_id, Page.version: Page.version + 1,
                  Page.author: user.id, Page.updated_at: now}
        if page["owner"] == user.id:  # the owner editing it has looked at it
            values.update(await reviews.reviewed_values(Page, page["space"]["id"]))
        moved = await Page.update(values) \
            .where(Page.id == page_id, Page.version == base_version, Page.deleted_at.is_null()).returning(Page.version)
        if moved:
            await Revision.insert(Revision(page=page_id, version=moved[0]["version"], title=title, body=body,
                                           author=user.id, created_at=now))
            await _write_tags(page_id, tags)
            await _changed(page_id)
    if not moved:
        raise Conflict(await Page.select().where(Page.id == page_id).first())


async def delete_page(user: SignedIn, page_id: int) -> dict:
    page = await writable_page(user, page_id)
    async with write_transaction():
        await Page.update({Page.deleted_at: clock.now(), Page.deleted_by: user.id}).where(Page.id == page_id)
        await _changed(page_id)
    return page


async def restore_page(user: SignedIn, page_id: int) -> None:
    """Back from the deleted list: by L&D or the page's author."""
    await readable_page(user, page_id, deleted=True)  # NotFound unless the user may see it
    first = await Revision.select(Revision.author).where(Revision.page == page_id).order_by(Revision.version).first()
    if not user.is_admin and (first or {}).get("author") != user.id:
        raise Forbidden
    async with write_transaction():
        await Page.update({Page.deleted_at: None, Page.deleted_by: None}).where(Page.id == page_id)
        await _changed(page_id)


async def wiki_links(user: SignedIn, text: str) -> dict[str, str]:
    """Case-folded title → URL of every readable page a text links to by [[title]]."""
    titles = markdown.wiki_titles(text)
    if not titles:
        return {}
    rows = await Page.select(Page.id, Page.title).where(
        Page.space.is_in(await readable_space_ids(user) or [0]), Page.deleted_at.is_null()).order_by(Page.id)
    links: dict[str, str] = {}
    for row in rows:
        links.setdefault(row["title"].casefold(), page_url(row["id"]))
    return {title: url for title, url in links.items() if title in titles}


async def rendered(user: SignedIn, body: str):
    return markdown.render(body, await wiki_links(user, body))


async def _breadcrumbs(page: dict) -> list[dict]:
    trail, parent, seen = [], page["parent"], set()
    while parent is not None and parent not in seen:
        seen.add(parent)
        row = await Page.select(Page.id, Page.title, Page.parent).where(Page.id == parent, Page.deleted_at.is_null()).first()
        if row is None:
            break
        trail.insert(0, row)
        parent = row["parent"]
    return trail


async def page_view(user: SignedIn, page_id: int) -> dict:
    page = await readable_page(user, page_id)
    names = {row["id"]: f"{row['first_name']} {row['last_name']}" for row in await Employee.select(
        Employee.id, Employee.first_name, Employee.last_name).where(
        Employee.id.is_in([person for person in (page["author"], page["owner"]) if person] or [0]))}
    linked = await PageCourse.select(PageCourse.course).where(PageCourse.page == page_id).output(as_list=True)
    may_write = await can_write(user, page["space"])
    may_require = await manages_space(user, page["space"])
    audiences = await reading.audiences(page_id)
    return {
        "audiences": audiences,
        "to_read": next((row for row in await reading.waiting_for(user.id) if row["id"] == page_id), None),
        "may_require": may_require,
        "audience_choices": await reading.audience_choices() if may_require else [],
        "owner": names.get(page["owner"], ""),
        "review": reviews.state(page, clock.now().date()),
        "may_review": await reviews.may_review(user, page, page["space"]),
        "page": page,
        "space": page["space"],
        "parents": await _breadcrumbs(page),
        "toc": markdown.headings(page["body"]),
        "html": await rendered(user, page["body"]),
        "tags": [row["tag"] for row in await PageTag.select(PageTag.tag).where(PageTag.page == page_id).order_by(PageTag.tag)],
        "courses": await Course.select(Course.id, Course.title).where(
            Course.id.is_in(linked), *([] if user.is_admin else [Course.published.eq(True)])) if linked else [],
        "editor": names.get(page["author"], ""),
        "may_write": may_write,
        "may_see_readers": bool(audiences) and (may_require or user.is_manager),
    }


async def edit_form(user: SignedIn, page_id: int) -> dict:
    page = await writable_page(user, page_id)
    tags = await PageTag.select(PageTag.tag).where(PageTag.page == page_id).order_by(PageTag.id)
    return {"page": page, "space": page["space"], "title": page["title"], "body": page["body"],
            "tags": ", ".join(row["tag"] for row in tags), "parent": page["parent"], "version": page["version"]}


async def parent_choices(space_id: int, exclude: int | None = None) -> list[dict]:
    return await Page.select(Page.id, Page.title).where(
        Page.space == space_id, Page.deleted_at.is_null(), Page.id != (exclude or 0)).order_by(Page.title)
