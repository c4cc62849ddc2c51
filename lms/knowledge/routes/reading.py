"""Required reading: ask an audience to read a page by a date, acknowledge it, see who has (and export it)."""
from litestar import Request, Response, get, post
from litestar.params import FromPath, FromQuery
from litestar.response import Redirect, Template

from lms import clock
from lms.errors import BadRequest, Forbidden
from lms.forms import FieldError, Form, FormData
from lms.i18n import gettext as _
from lms.knowledge import pages, reading
from lms.knowledge.access import manages_space
from lms.reminders import notify
from lms.spreadsheets import csv_bytes, safe_filename
from lms.web.auth import signed_in


@post("/knowledge/pages/{page_id:int}/required", name="knowledge:require_reading", guards=[signed_in])
async def require(request: Request, page_id: FromPath[int], data: FormData) -> Template | Redirect:
    page = await pages.readable_page(request.user, page_id)
    form = Form(data)
    due = form.optional_date("due_date", _("Due date"))
    try:
        if not form.ok:
            raise FieldError("due_date", form.errors["due_date"])
        asked = await reading.require(request.user, page, form.raw("audience"), due)
    except FieldError as error:
        context = {**await pages.page_view(request.user, page_id), "reading_errors": {error.field: error.message},
                   "reading_form": {"audience": form.raw("audience"), "due_date": form.raw("due_date")}}
        return Template(template_name="knowledge/page.html", context=context, status_code=400)
    await notify.reading_required(page_id, asked)
    return Redirect(status_code=303, path=f"{pages.page_url(page_id)}?notice=required#reading")


@post("/knowledge/pages/{page_id:int}/required/{reading_id:int}/delete", name="knowledge:unrequire_reading",
      guards=[signed_in])
async def unrequire(request: Request, page_id: FromPath[int], reading_id: FromPath[int]) -> Redirect:
    await reading.remove(request.user, await pages.readable_page(request.user, page_id), reading_id)
    return Redirect(status_code=303, path=f"{pages.page_url(page_id)}?notice=saved#reading")


@post("/knowledge/pages/{page_id:int}/acknowledge", name="knowledge:acknowledge", guards=[signed_in])
async def acknowledge(request: Request, page_id: FromPath[int], data: FormData) -> Redirect:
    await pages.readable_page(request.user, page_id)
    version = Form(data).raw("version")
    if not (version.isascii() and version.isdigit() and len(version) < 10):
        raise BadRequest(_("Reload the page, read it, then acknowledge it."))
    await reading.acknowledge(request.user, page_id, int(version))
    return Redirect(status_code=303, path=f"{pages.page_url(page_id)}?notice=acknowledged")


async def _readers(request: Request, page_id: int) -> tuple[dict, list[dict]]:
    """Everyone asked for L&D and the space's named editors; their own reports for a manager; else 403."""
    page = await pages.readable_page(request.user, page_id)
    if await manages_space(request.user, page["space"]):
        return page, await reading.readers(page_id)
    if request.user.is_manager:
        return page, await reading.readers(page_id, team_of=request.user.id)
    raise Forbidden


@get("/knowledge/pages/{page_id:int}/readers", name="knowledge:readers", guards=[signed_in])
async def readers(request: Request, page_id: FromPath[int], format: FromQuery[str] = "") -> Template | Response:
    page, people = await _readers(request, page_id)
    if format == "csv":
        return _csv(page, people)
    return Template(template_name="knowledge/readers.html", context={
        "page": page, "people": people, "audiences": await reading.audiences(page_id),
        "counted": sum(person["counts"] for person in people)})


def _csv(page: dict, people: list[dict]) -> Response:
    header = [_("Last name"), _("First name"), _("E-mail"), _("Department"), _("Version acknowledged"),
              _("Acknowledged on"), _("Counts")]
    rows = [[person["last_name"], person["first_name"], person["email"], person["department_name"] or "",
             person["version"] or "", person["acknowledged_at"].date().isoformat() if person["acknowledged_at"] else "",
             _("yes") if person["counts"] else _("no")] for person in people]
    filename = safe_filename(f"read-{page['title']}", clock.now().date(), "csv")
    return Response(content=csv_bytes(header, rows), media_type="text/csv; charset=utf-8",
                    headers={"Content-Disposition": f'attachment; filename="{filename}"',
                             "Cache-Control": "private, no-store"})


READING_ROUTES = [require, unrequire, acknowledge, readers]
