"""Documents in a space's library or on a page: list, upload, download, delete."""
from collections.abc import AsyncIterator
from typing import Annotated, Any

from litestar import Controller, Request, Response, get, post
from litestar.datastructures import UploadFile
from litestar.enums import RequestEncodingType
from litestar.params import Body, FromPath
from litestar.response import Redirect, Template

from lms.forms import FieldError, Form, FormData
from lms.i18n import gettext as _
from lms.knowledge import documents, reviews
from lms.knowledge.tables import Document
from lms.storage import CHUNK
from lms.web.auth import signed_in
from lms.web.media import stored_file
from lms.web.security import CONTENT_SECURITY_POLICY

Upload = Annotated[dict[str, Any], Body(media_type=RequestEncodingType.MULTI_PART)]
# the file and the other fields; a larger body is refused with 413 before it is read
MAX_BODY = documents.MAX_BYTES + 64 * 1024


async def _chunks(upload: UploadFile) -> AsyncIterator[bytes]:
    while chunk := await upload.read(CHUNK):
        yield chunk


def _list_url(space_id: int | None = None, page_id: int | None = None) -> str:
    return f"/knowledge/pages/{page_id}/documents" if page_id else f"/knowledge/spaces/{space_id}/documents"


async def _page(request: Request, errors: dict | None = None, title: str = "", owner_of: int | None = None,
                owner_error: str = "", **where: int) -> Template:
    """The list with its upload form; `owner_of`: the document whose new owner was refused, and why."""
    listing = await documents.listing(request.user, **where)
    return Template(template_name="knowledge/documents.html", status_code=400 if owner_of else 200,
                    context={"listing": listing, "errors": errors or {}, "title": title, "action": _list_url(**where),
                             "owner_of": owner_of, "owner_error": owner_error})


async def _upload(request: Request, data: dict[str, Any], **where: int) -> Template | Redirect:
    form = Form({key: value for key, value in data.items() if isinstance(value, str)})
    title = form.text("title", _("Title"), required=False, max_length=200)
    upload = data.get("file")
    if not isinstance(upload, UploadFile) or not upload.filename:
        form.add_error("file", _("Choose a file to upload."))
    if not form.ok:
        return await _page(request, form.errors, title, **where)
    try:
        await documents.upload(request.user, title, upload.filename, _chunks(upload), **where)
    except FieldError as error:
        return await _page(request, {error.field: error.message}, title, **where)
    finally:
        await upload.close()
    return Redirect(status_code=303, path=f"{_list_url(**where)}?notice=uploaded")


class Documents(Controller):
    path = "/knowledge"
    guards = [signed_in]

    @get("/spaces/{space_id:int}/documents", name="knowledge:library")
    async def library(self, request: Request, space_id: FromPath[int]) -> Template:
        return await _page(request, space_id=space_id)

    @post("/spaces/{space_id:int}/documents", name="knowledge:library_upload", request_max_body_size=MAX_BODY)
    async def library_upload(self, request: Request, space_id: FromPath[int], data: Upload) -> Template | Redirect:
        return await _upload(request, data, space_id=space_id)

    @get("/pages/{page_id:int}/documents", name="knowledge:page_documents")
    async def page_documents(self, request: Request, page_id: FromPath[int]) -> Template:
        return await _page(request, page_id=page_id)

    @post("/pages/{page_id:int}/documents", name="knowledge:page_upload", request_max_body_size=MAX_BODY)
    async def page_upload(self, request: Request, page_id: FromPath[int], data: Upload) -> Template | Redirect:
        return await _upload(request, data, page_id=page_id)

    @get("/documents/{document_id:int}/file", name="knowledge:document_file")
    async def file(self, request: Request, document_id: FromPath[int]) -> Response:
        found = await documents.document_file(request.user, document_id)
        # sandbox: even a file a browser would render cannot run script or reach our origin
        return await stored_file(request, found.key, {
            "content-type": found.media_type, "content-disposition": found.disposition,
            "content-security-policy": f"{CONTENT_SECURITY_POLICY}; sandbox", "cache-control": "private, no-store"})

    @get("/documents/{document_id:int}/delete", name="knowledge:document_delete_confirm")
    async def confirm_delete(self, request: Request, document_id: FromPath[int]) -> Template:
        row = await documents.deletable_document(request.user, document_id)
        return Template(template_name="confirm.html", context={
            "title": _("Delete %(title)s?", title=row["title"]),
            "explanation": _("The document leaves the list and the search results."),
            "button": _("Delete document"), "action": f"/knowledge/documents/{document_id}/delete",
            "cancel": _list_url(row["space"], row["page"])})

    @post("/documents/{document_id:int}/reviewed", name="knowledge:document_reviewed")
    async def reviewed(self, request: Request, document_id: FromPath[int]) -> Redirect:
        row, space = await documents.library_document(request.user, document_id)
        await reviews.confirm(request.user, Document, row, space)
        return Redirect(status_code=303, path=f"{_list_url(row['space'])}?notice=reviewed#document-{document_id}")

    @post("/documents/{document_id:int}/owner", name="knowledge:document_owner")
    async def hand_over(self, request: Request, document_id: FromPath[int], data: FormData) -> Template | Redirect:
        row, space = await documents.library_document(request.user, document_id)
        try:
            await reviews.hand_over(request.user, Document, row, space, Form(data).raw("owner")[:254])
        except FieldError as error:
            return await _page(request, owner_of=document_id, owner_error=error.message, space_id=row["space"])
        return Redirect(status_code=303, path=f"{_list_url(row['space'])}?notice=owner_changed#document-{document_id}")

    @post("/documents/{document_id:int}/delete", name="knowledge:document_delete")
    async def delete(self, request: Request, document_id: FromPath[int]) -> Redirect:
        row = await documents.delete_document(request.user, document_id)
        return Redirect(status_code=303, path=f"{_list_url(row['space'], row['page'])}?notice=deleted")


DOCUMENT_ROUTES = [Documents]
