"""L&D's fixes to one enrolment: due date, quiz attempts, unenrol, mark complete with reason and proof."""
from typing import Annotated, Any

from litestar import Request, Response, get, post
from litestar.datastructures import UploadFile
from litestar.enums import RequestEncodingType
from litestar.params import Body, FromPath
from litestar.response import Redirect, Template

from lms.courses import corrections
from lms.courses.routes.authoring import chunks
from lms.courses.external import MAX_CERTIFICATE_BYTES
from lms.forms import FieldError, Form, FormData
from lms.i18n import gettext as _
from lms.web.auth import admin_only
from lms.web.media import stored_file

Upload = Annotated[dict[str, Any], Body(media_type=RequestEncodingType.MULTI_PART)]


def _url(enrolment_id: int, notice: str = "") -> str:
    return f"/admin/enrolments/{enrolment_id}" + (f"?notice={notice}" if notice else "")


async def _page(enrolment_id: int, values: dict | None = None, errors: dict | None = None) -> Template:
    row = await corrections.enrolment(enrolment_id)
    return Template(template_name="courses/admin_enrolment.html", status_code=400 if errors else 200, context={
        "e": row, "values": values or {"due_date": row["due_date"].isoformat() if row["due_date"] else ""},
        "errors": errors or {}})


@get("/admin/enrolments/{enrolment_id:int}", name="courses:enrolment_fix", guards=[admin_only])
async def fix_page(enrolment_id: FromPath[int]) -> Template:
    return await _page(enrolment_id)


@post("/admin/enrolments/{enrolment_id:int}/due", name="courses:enrolment_due", guards=[admin_only])
async def change_due(request: Request, enrolment_id: FromPath[int], data: FormData) -> Template | Redirect:
    form = Form(data)
    due = form.optional_date("due_date", _("Due date"))
    if not form.ok:
        return await _page(enrolment_id, data, form.errors)
    await corrections.change_due_date(request.user.id, enrolment_id, due)
    return Redirect(status_code=303, path=_url(enrolment_id, "saved"))


def _confirm(enrolment: dict, title: str, explanation: str, button: str, action: str) -> Template:
    return Template(template_name="confirm.html", context={
        "title": title, "explanation": explanation, "button": button,
        "action": f"/admin/enrolments/{enrolment['id']}/{action}", "cancel": _url(enrolment["id"])})


@get("/admin/enrolments/{enrolment_id:int}/reset", name="courses:enrolment_reset_confirm", guards=[admin_only])
async def reset_confirm(enrolment_id: FromPath[int]) -> Template:
    e = await corrections.enrolment(enrolment_id)
    return _confirm(e, _("Reset the quiz attempts of %(name)s?", name=f"{e['first_name']} {e['last_name']}"),
                    _("They can take the quiz of %(course)s again from the first attempt. The scores so far stay "
                      "in the audit log.", course=e["title"]), _("Reset attempts"), "reset")


@post("/admin/enrolments/{enrolment_id:int}/reset", name="courses:enrolment_reset", guards=[admin_only])
async def reset(request: Request, enrolment_id: FromPath[int]) -> Redirect:
    await corrections.reset_attempts(request.user.id, enrolment_id)
    return Redirect(status_code=303, path=_url(enrolment_id, "attempts_reset"))


@get("/admin/enrolments/{enrolment_id:int}/unenrol", name="courses:enrolment_unenrol_confirm", guards=[admin_only])
async def unenrol_confirm(enrolment_id: FromPath[int]) -> Template:
    e = await corrections.enrolment(enrolment_id)
    return _confirm(e, _("Unenrol %(name)s from %(course)s?", name=f"{e['first_name']} {e['last_name']}",
                         course=e["title"]),
                    _("Their progress in this course is removed. The audit log keeps what it was."),
                    _("Unenrol"), "unenrol")


@post("/admin/enrolments/{enrolment_id:int}/unenrol", name="courses:enrolment_unenrol", guards=[admin_only])
async def unenrol(request: Request, enrolment_id: FromPath[int]) -> Redirect:
    e = await corrections.unenrol(request.user.id, enrolment_id)
    return Redirect(status_code=303, path=f"/admin/courses/{e['course']}/enrolments?notice=unenrolled")


@post("/admin/enrolments/{enrolment_id:int}/complete", name="courses:enrolment_complete", guards=[admin_only],
      request_max_body_size=MAX_CERTIFICATE_BYTES + 64 * 1024)
async def complete(request: Request, enrolment_id: FromPath[int], data: Upload) -> Template | Redirect:
    form = Form({k: v for k, v in data.items() if isinstance(v, str)})
    reason = form.text("reason", _("Reason"), max_length=1000)
    upload = data.get("evidence")
    evidence = chunks(upload) if isinstance(upload, UploadFile) and upload.filename else None
    if form.ok:
        try:
            await corrections.mark_complete(request.user.id, enrolment_id, reason, evidence)
        except FieldError as error:
            form.add_error(error.field, error.message)
    if not form.ok:
        return await _page(enrolment_id, {"reason": reason}, form.errors)
    return Redirect(status_code=303, path=_url(enrolment_id, "marked_complete"))


@get("/admin/enrolments/{enrolment_id:int}/evidence", name="courses:enrolment_evidence", guards=[admin_only])
async def evidence(request: Request, enrolment_id: FromPath[int]) -> Response:
    found = await corrections.evidence(enrolment_id)
    return await stored_file(request, found.key, {
        "content-type": found.media_type, "content-disposition": f'attachment; filename="{found.filename}"',
        "cache-control": "private, no-store"})


CORRECTION_ROUTES = [fix_page, change_due, reset_confirm, reset, unenrol_confirm, unenrol, complete, evidence]
