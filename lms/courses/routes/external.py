"""Logging a training followed elsewhere, its certificate file, and L&D's verification."""
from collections.abc import AsyncIterator
from typing import Annotated, Any

from litestar import Request, Response, get, post
from litestar.datastructures import UploadFile
from litestar.enums import RequestEncodingType
from litestar.params import Body, FromPath, FromQuery
from litestar.response import Redirect, Template

from lms import clock
from lms.courses import external
from lms.courses.tables import ROUTES
from lms.forms import FieldError, Form
from lms.i18n import gettext as _
from lms.storage import CHUNK
from lms.web.auth import admin_only, signed_in
from lms.web.media import stored_file

Upload = Annotated[dict[str, Any], Body(media_type=RequestEncodingType.MULTI_PART)]
MAX_BODY = external.MAX_CERTIFICATE_BYTES + 64 * 1024  # the file and the other fields


def _form_page(values: dict, errors: dict | None = None) -> Template:
    return Template(template_name="courses/external_form.html", context={"values": values, "errors": errors or {}})


def _read_training(form: Form) -> external.ExternalInput:
    today = clock.now().date()
    started_on = form.optional_date("started_on", _("Start date"))
    ended_on = form.optional_date("ended_on", _("End date"))
    for name, label, day in (("started_on", _("Start date"), started_on), ("ended_on", _("End date"), ended_on)):
        if day is None:
            form.add_error(name, _("%(field)s is required.", field=label))
        elif day > today:
            form.add_error(name, _("%(field)s cannot be in the future: log a training once you have followed it.",
                                   field=label))
    if started_on and ended_on and ended_on < started_on:
        form.add_error("ended_on", _("The end date cannot be before the start date."))
    return external.ExternalInput(
        title=form.text("title", _("Training"), max_length=200),
        provider=form.text("provider", _("Provider or organiser"), required=False, max_length=200),
        route=form.choice("route", _("Kind of training"), ROUTES),
        started_on=started_on or today, ended_on=ended_on or today,
        hours=form.whole_number("hours", _("Hours"), 0, 1000),
        cost_cents=form.money("cost", _("Cost")),
    )


async def _chunks(upload: UploadFile) -> AsyncIterator[bytes]:
    while chunk := await upload.read(CHUNK):
        yield chunk


@get("/me/trainings/new", name="courses:external_new", guards=[signed_in])
async def external_new() -> Template:
    return _form_page({"route": "external_provider"})


@post("/me/trainings/new", name="courses:external_create", guards=[signed_in], request_max_body_size=MAX_BODY)
async def external_create(request: Request, data: Upload) -> Template | Redirect:
    upload = data.get("certificate")
    values = {key: value for key, value in data.items() if isinstance(value, str)}
    form = Form(values)
    training = _read_training(form)
    if not form.ok:
        return _form_page(values, form.errors)
    chosen = isinstance(upload, UploadFile) and upload.filename
    try:
        await external.log_training(request.user.id, training, _chunks(upload) if chosen else None)
    except FieldError as error:
        return _form_page(values, {error.field: error.message})
    return Redirect(status_code=303, path="/me/trainings?notice=logged")


@get("/me/trainings", name="courses:my_trainings", guards=[signed_in])
async def my_trainings(request: Request) -> Template:
    return Template(template_name="courses/my_trainings.html",
                    context={"rows": await external.my_trainings(request.user.id)})


@get("/me/trainings/{training_id:int}/certificate", name="courses:external_file", guards=[signed_in])
async def external_file(request: Request, training_id: FromPath[int]) -> Response:
    found = await external.certificate_file(request.user, training_id)
    return await stored_file(request, found.key, {  # nosniff comes with every response
        "content-type": found.media_type, "content-disposition": f'attachment; filename="{found.filename}"',
        "cache-control": "private, no-store"})


@get("/admin/external", name="courses:external_admin", guards=[admin_only])
async def external_admin(page: FromQuery[int] = 1) -> Template:
    return Template(template_name="courses/external_admin.html", context={"page": await external.unverified(page)})


@post("/admin/external/{training_id:int}/verify", name="courses:external_verify", guards=[admin_only])
async def external_verify(request: Request, training_id: FromPath[int]) -> Redirect:
    await external.verify(request.user.id, training_id)
    return Redirect(status_code=303, path="/admin/external?notice=verified")


EXTERNAL_ROUTES = [external_new, external_create, my_trainings, external_file, external_admin, external_verify]
