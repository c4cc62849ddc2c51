"""Documents: files uploaded to a page or to a space's library, checked from their content,
searchable by their text, served so that none of them runs in our origin."""
import asyncio
import re
import unicodedata
from collections.abc import AsyncIterator
from dataclasses import dataclass
from urllib.parse import quote

from lms import clock
from lms.db import is_valid_id, write_transaction
from lms.errors import Forbidden, NotFound
from lms.forms import FieldError
from lms.i18n import gettext as _
from lms.knowledge import reviews
from lms.knowledge import space_access as access
from lms.knowledge.document_files import ACCEPTED, OFFICE, RASTER, extract_text, office_type
from lms.knowledge.search import index_document
from lms.knowledge.tables import Document, Page
from lms.people.sessions import SignedIn
from lms.storage import TooLarge, WrongType, storage

MAX_BYTES = 25 * 1024 * 1024
FOLDER = "documents"
LISTED = (Document.id, Document.title, Document.filename, Document.media_type, Document.size, Document.created_at,
          Document.uploaded_by, Document.uploaded_by.first_name.as_alias("first_name"),
          Document.uploaded_by.last_name.as_alias("last_name"), Document.owner, Document.reviewed_at,
          Document.review_due, Document.owner.first_name.as_alias("owner_first_name"),
          Document.owner.last_name.as_alias("owner_last_name"))


@dataclass(frozen=True)
class Target:
    """Where a document goes: a space's library (page None) or a page of that space."""

    space: int
    page: int | None
    title: str


@dataclass(frozen=True)
class Listing:
    target: Target
    documents: list[dict]
    may_upload: bool


@dataclass(frozen=True)
class DocumentFile:
    key: str
    media_type: str
    disposition: str  # the whole Content-Disposition header

    @property
    def inline(self) -> bool:
        return self.disposition.startswith("inline")


def display_name(name: str) -> str:
    """The name a person gave the file, without folders or control characters."""
    name = re.split(r"[\\/]", name or "")[-1]
    name = "".join(c for c in name if unicodedata.category(c)[0] != "C").strip()
    return name[:200] or "document"


def content_disposition(kind: str, name: str) -> str:
    """An ASCII name every browser reads safely, plus the original name as RFC 5987 filename*."""
    stem, dot, extension = name.rpartition(".")
    stem, extension = (stem, extension) if dot else (name, "")
    ascii_stem = unicodedata.normalize("NFKD", stem).encode("ascii", "ignore").decode()
    ascii_stem = re.sub(r"[^A-Za-z0-9._-]+", "-", ascii_stem).strip("-.")[:80] or "document"
    ascii_extension = re.sub(r"[^A-Za-z0-9]", "", extension)[:10]
    fallback = ascii_stem + (f".{ascii_extension}" if ascii_extension else "")
    return f"{kind}; filename=\"{fallback}\"; filename*=UTF-8''{quote(name, safe='')}"


async def target_for(actor: SignedIn, *, space_id: int | None = None, page_id: int | None = None) -> Target:
    """The library or page the actor reads; 404 when it is missing, deleted or out of their reach."""
    if page_id is not None:
        page = await Page.select(Page.space, Page.title).where(
            Page.id == page_id, Page.deleted_at.is_null()).first() if is_valid_id(page_id) else None
        if page is None:
            raise NotFound
        space = await access.readable_space(actor, page["space"])
        return Target(space=space["id"], page=page_id, title=page["title"])
    space = await access.readable_space(actor, space_id or 0)
    return Target(space=space["id"], page=None, title=space["name"])


async def listing(actor: SignedIn, *, space_id: int | None = None, page_id: int | None = None) -> Listing:
    """The documents of a space's library or of one page, newest first."""
    target = await target_for(actor, space_id=space_id, page_id=page_id)
    where = [Document.deleted_at.is_null()]
    if target.page:
        where.append(Document.page == target.page)
    else:
        where += [Document.space == target.space, Document.page.is_null()]
    rows = await Document.select(*LISTED).where(*where).order_by(Document.created_at, ascending=False)
    today = clock.now().date()
    for row in rows:
        row["review"] = reviews.state(row, today)
    return Listing(target=target, documents=rows, may_upload=await access.may_write(actor, target.space))


async def _store(chunks: AsyncIterator[bytes]) -> tuple[str, str, int]:
    """Saves the file and returns its storage key, real media type and size; a refused file leaves nothing."""
    try:
        stored = await storage().save(chunks, FOLDER, ACCEPTED, MAX_BYTES)
    except WrongType:
        raise FieldError("file", _("This file type is not accepted: upload a PDF, an office file (Word, Excel, "
                                   "PowerPoint, OpenDocument text), an image (PNG, JPEG, WebP, GIF) or a "
                                   "WebM or MP4 video.")) from None
    except TooLarge:
        raise FieldError("file", _("The file is larger than 25 MB.")) from None
    if stored.media_type not in OFFICE and stored.media_type != "application/zip":
        return stored.key, stored.media_type, stored.size
    async with storage().local(stored.key) as file:
        media_type = office_type(file)
    if media_type is None:
        await storage().delete(stored.key)
        raise FieldError("file", _("This zip file is not a Word, Excel, PowerPoint or OpenDocument file."))
    key = f"{stored.key.rpartition('.')[0]}.{OFFICE[media_type]}"
    await storage().rename(stored.key, key)
    return key, media_type, stored.size


async def upload(actor: SignedIn, title: str, filename: str, chunks: AsyncIterator[bytes], *,
                 space_id: int | None = None, page_id: int | None = None) -> int:
    target = await target_for(actor, space_id=space_id, page_id=page_id)
    if not await access.may_write(actor, target.space):
        raise Forbidden
    key, media_type, size = await _store(chunks)
    try:
        async with storage().local(key) as file:
            text = await asyncio.to_thread(extract_text, file, media_type)
        name = display_name(filename)
        async with write_transaction():
            now = clock.now()
            document = Document(space=None if target.page else target.space, page=target.page,
                                title=title or name.rpartition(".")[0] or name, filename=name, file=key,
                                media_type=media_type, size=size, text=text, uploaded_by=actor.id, created_at=now)
            if target.page is None:  # a page's documents are reviewed with their page
                document.owner, document.reviewed_at = actor.id, now
                document.review_due = await reviews.next_due(target.space, now)
            await document.save()
            await index_document(document.id)  # searchable exactly when saved, even across a crash
    except BaseException:
        await storage().delete(key)
        raise
    return document.id


async def readable_document(actor: SignedIn, document_id: int) -> dict:
    """A document that is not deleted, in a space (and on a page) the actor may read, or 404."""
    row = None
    if is_valid_id(document_id):
        row = await Document.select(*Document.all_columns(), Document.page.space.as_alias("page_space"),
                                    Document.page.deleted_at.as_alias("page_deleted_at")).where(
            Document.id == document_id, Document.deleted_at.is_null()).first()
    if row is None or row["page_deleted_at"] is not None:
        raise NotFound
    await access.readable_space(actor, row["space"] or row["page_space"])
    return row


async def library_document(actor: SignedIn, document_id: int) -> tuple[dict, dict]:
    """A document of a space's library and that space, or 404: a page's documents are reviewed with their page."""
    row = await readable_document(actor, document_id)
    if row["page"] is not None:
        raise NotFound
    return row, await access.readable_space(actor, row["space"])


async def document_file(actor: SignedIn, document_id: int) -> DocumentFile:
    """Raster images are shown inline; everything else is a download."""
    row = await readable_document(actor, document_id)
    kind = "inline" if row["media_type"] in RASTER else "attachment"
    return DocumentFile(key=row["file"], media_type=row["media_type"],
                        disposition=content_disposition(kind, row["filename"]))


async def deletable_document(actor: SignedIn, document_id: int) -> dict:
    """The uploader and L&D may delete a document."""
    row = await readable_document(actor, document_id)
    if row["uploaded_by"] != actor.id and not actor.is_admin:
        raise Forbidden
    return row


async def delete_document(actor: SignedIn, document_id: int) -> dict:
    """Soft delete: the file stays on disk; the document leaves lists and search. Returns the row."""
    row = await deletable_document(actor, document_id)
    async with write_transaction():
        await Document.update({Document.deleted_at: clock.now()}).where(Document.id == document_id,
                                                                         Document.deleted_at.is_null())
        await index_document(document_id)
    return row
