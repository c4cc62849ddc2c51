"""A page's history: its revisions, a readable diff between any two, and restoring an old one."""
import difflib

from lms.db import is_valid_id
from lms.errors import NotFound
from lms.knowledge.pages import readable_page, save_page, writable_page
from lms.knowledge.tables import PageTag, Revision
from lms.people.sessions import SignedIn


async def history(user: SignedIn, page_id: int) -> dict:
    page = await readable_page(user, page_id)
    revisions = await Revision.select(Revision.id, Revision.version, Revision.title, Revision.created_at,
                                      Revision.author.first_name, Revision.author.last_name) \
        .where(Revision.page == page_id).order_by(Revision.version, ascending=False)
    return {"page": page, "space": page["space"], "revisions": revisions}


async def _revision(page_id: int, version: int) -> dict:
    row = await Revision.select().where(Revision.page == page_id, Revision.version == version).first() \
        if is_valid_id(version) else None
    if row is None:
        raise NotFound
    return row


def diff_lines(old: str, new: str) -> list[dict]:
    """Unified diff lines, each with a kind (added, removed, context, hunk) for the template to colour."""
    lines = []
    for line in difflib.unified_diff(old.splitlines(), new.splitlines(), lineterm="", n=3):
        if line.startswith(("---", "+++")):
            continue
        kind = {"+": "added", "-": "removed", "@": "hunk"}.get(line[:1], "context")
        lines.append({"kind": kind, "text": line})
    return lines


async def compare(user: SignedIn, page_id: int, old_version: int, new_version: int) -> dict:
    page = await readable_page(user, page_id)
    old, new = await _revision(page_id, old_version), await _revision(page_id, new_version)
    title_changed = old["title"] != new["title"]
    return {"page": page, "space": page["space"], "old": old, "new": new, "title_changed": title_changed,
            "lines": diff_lines(old["body"], new["body"])}


async def restore_revision(user: SignedIn, page_id: int, version: int) -> None:
    """A new revision carrying the old title and text."""
    page = await writable_page(user, page_id)
    old = await _revision(page_id, version)
    tags = [row["tag"] for row in await PageTag.select(PageTag.tag).where(PageTag.page == page_id).order_by(PageTag.id)]
    await save_page(user, page_id, page["version"], old["title"], old["body"], tags, page["parent"])
