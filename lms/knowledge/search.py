"""The search index: one SearchEntry per page, document and course, kept up to date on every save.

The full-text index over search_entry (FTS5 on SQLite, GIN on PostgreSQL) follows the rows by
itself (see the knowledge migrations), so these functions only upsert rows, each write with a new stamp (see search_engine). Pages are indexed on
every save; courses do not import knowledge, so the course editor's routes index a course on every
save and (un)publish, and `lms reindex` rebuilds everything."""
import secrets
from collections.abc import Iterable

from markdown_it import MarkdownIt

from lms.courses.tables import Caption, Course
from lms.db import write_transaction
from lms.knowledge.tables import Document, Page, PageTag, SearchEntry, SearchState

MAX_BODY = 100_000  # characters of a long document worth searching; PostgreSQL caps a tsvector at 1 MB
BATCH = 500
_markdown = MarkdownIt("js-default").enable("table").enable("strikethrough")


def plain_text(markdown: str) -> str:
    """The words of a Markdown text without its marks, so snippets read as prose."""
    words: list[str] = []
    for token in _markdown.parse(markdown or ""):
        if token.type == "inline":
            words.extend(child.content for child in token.children or [] if child.content)
            words.append("\n")
        elif token.type in ("fence", "code_block"):
            words.append(token.content)
    return " ".join(words).replace(" \n ", "\n").strip()


def _entry(kind: str, ref: int, space: int | None, title: str, body: str, hidden: bool) -> SearchEntry:
    return SearchEntry(kind=kind, ref=ref, space=space, title=title[:200], body=body[:MAX_BODY], hidden=hidden)


async def _stamped() -> int:
    """A new stamp for this write, also set on SearchState so every copy of the index sees the change."""
    stamp = secrets.randbits(62)
    await SearchState.insert(SearchState(id=1, stamp=stamp)).on_conflict(
        target=SearchState.id, action="DO UPDATE", values=[SearchState.stamp])
    return stamp


async def _upsert(entries: Iterable[SearchEntry]) -> None:
    entries = list(entries)
    async with write_transaction():
        stamp = await _stamped()
        for entry in entries:
            entry.stamp = stamp
        for start in range(0, len(entries), BATCH):
            await SearchEntry.insert(*entries[start:start + BATCH]).on_conflict(
                target=(SearchEntry.kind, SearchEntry.ref), action="DO UPDATE",
                values=(SearchEntry.space, SearchEntry.title, SearchEntry.body, SearchEntry.hidden, SearchEntry.stamp))


async def _forget(kind: str, ref: int) -> None:
    async with write_transaction():
        await _stamped()
        await SearchEntry.delete().where(SearchEntry.kind == kind, SearchEntry.ref == ref)


async def _page_entries(*where) -> list[SearchEntry]:
    pages = await Page.select(Page.id, Page.space, Page.title, Page.body, Page.deleted_at).where(*where)
    tags: dict[int, list[str]] = {}
    if pages:
        for row in await PageTag.select(PageTag.page, PageTag.tag).where(PageTag.page.is_in([p["id"] for p in pages])):
            tags.setdefault(row["page"], []).append(row["tag"])
    return [_entry("page", p["id"], p["space"], p["title"],
                   f"{plain_text(p['body'])}\n{' '.join(tags.get(p['id'], []))}", p["deleted_at"] is not None)
            for p in pages]


async def _document_entries(*where) -> list[SearchEntry]:
    rows = await Document.select(
        Document.id, Document.space, Document.page, Document.title, Document.filename, Document.text,
        Document.deleted_at, Document.page.space.as_alias("page_space"),
        Document.page.deleted_at.as_alias("page_deleted_at")).where(*where)
    return [_entry("document", d["id"], d["space"] or d["page_space"], d["title"], f"{d['filename']}\n{d['text']}",
                   d["deleted_at"] is not None or d["page_deleted_at"] is not None) for d in rows]


async def _course_entries(*where) -> list[SearchEntry]:
    """A course's entry holds its summary, description and its videos' captions."""
    rows = await Course.select(Course.id, Course.title, Course.summary, Course.description, Course.published).where(
        *where)
    spoken: dict[int, list[str]] = {}
    if rows:
        for caption in await Caption.select(Caption.lesson.course.as_alias("course"), Caption.words).where(
                Caption.lesson.course.is_in([c["id"] for c in rows])):
            spoken.setdefault(caption["course"], []).append(caption["words"])
    return [_entry("course", c["id"], None, c["title"],
                   "\n".join([c["summary"], plain_text(c["description"]), *spoken.get(c["id"], [])]),
                   not c["published"]) for c in rows]


async def index_page(page_id: int) -> None:
    """The page's entry, hidden once deleted; its documents follow it in and out of sight."""
    entries = await _page_entries(Page.id == page_id)
    if not entries:
        await _forget("page", page_id)
        return
    await _upsert(entries + await _document_entries(Document.page == page_id))


async def index_document(document_id: int) -> None:
    entries = await _document_entries(Document.id == document_id)
    await (_upsert(entries) if entries else _forget("document", document_id))


async def index_course(course_id: int) -> None:
    """Unpublished courses stay in the index, hidden, so publishing only flips a flag."""
    entries = await _course_entries(Course.id == course_id)
    await (_upsert(entries) if entries else _forget("course", course_id))


async def reindex_all() -> int:
    """Rebuilds every entry from the pages, documents and courses; returns how many there are."""
    entries = [*await _page_entries(), *await _document_entries(), *await _course_entries()]
    async with write_transaction():
        await _stamped()  # the state row first, as every save takes it: no deadlock with a save
        await SearchEntry.delete(force=True)
        await _upsert(entries)
    return len(entries)


def _listen_to_page_saves() -> None:
    """Registers index_page with the pages service, which calls it after every save."""
    try:
        from lms.knowledge import pages
    except ImportError:  # the wiki pages are not installed yet
        return
    if index_page not in pages.on_page_saved:
        pages.on_page_saved.append(index_page)


_listen_to_page_saves()
