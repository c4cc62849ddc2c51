import base64
import binascii
from typing import Annotated, Any

from litestar import Controller, Request, get, post
from litestar.datastructures import UploadFile
from litestar.enums import RequestEncodingType
from litestar.params import Body
from litestar.response import Redirect, Template

from lms.i18n import gettext as _
from lms.people import importer
from lms.reminders import notify
from lms.web.auth import admin_only
from lms.forms import FormData

MAX_FILE = 5 * 1024 * 1024
Upload = Annotated[dict[str, Any], Body(media_type=RequestEncodingType.MULTI_PART)]


def _page(error: str = "", preview: importer.Preview | None = None, encoded: str = "") -> Template:
    return Template(template_name="people/import.html",
                    context={"error": error, "preview": preview, "encoded": encoded})


class ImportPeople(Controller):
    """Upload, preview every row with its errors, then import all rows or none."""

    path = "/admin/import"
    guards = [admin_only]

    @get("", name="people:import")
    async def form(self) -> Template:
        return _page()

    @post("/preview", name="people:import_preview", request_max_body_size=MAX_FILE + 64 * 1024)
    async def preview(self, data: Upload) -> Template:
        upload = data.get("file")
        if not isinstance(upload, UploadFile):
            return _page(_("Choose a CSV file to import."))
        raw = await upload.read(MAX_FILE + 1)
        if len(raw) > MAX_FILE:
            return _page(_("The file is larger than 5 MB. Split it, or use the command line: lms import-people FILE."))
        return _page(preview=await importer.preview(raw), encoded=base64.b64encode(raw).decode())

    @post("", name="people:import_apply", request_max_body_size=2 * MAX_FILE)
    async def apply(self, request: Request, data: FormData) -> Template | Redirect:
        try:
            raw = base64.b64decode(str(data.get("file", "")), validate=True)
        except (binascii.Error, ValueError):
            raw = b""
        if not raw:
            return _page(_("The file did not come through. Choose it again."))
        result = await importer.apply(raw, actor_id=request.user.id)
        if not result.ok:
            return _page(preview=result, encoded=base64.b64encode(raw).decode())
        await notify.invited(await importer.new_people(result))
        return Redirect(status_code=303, path="/admin/people?notice=imported")
