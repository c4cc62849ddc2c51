"""Training requests: ask, follow your own, decide for your team, and L&D's overview."""

from litestar import Request, get, post
from litestar.params import FromPath, FromQuery
from litestar.response import Redirect, Template

from lms import clock
from lms.courses import requests
from lms.forms import Form, FormData
from lms.i18n import gettext as _
from lms.reminders import notify
from lms.web.auth import admin_only, manager_only, signed_in



def _form_page(values: dict, errors: dict | None = None) -> Template:
    return Template(template_name="courses/request_form.html", context={"values": values, "errors": errors or {}})


def _read_request(form: Form) -> requests.RequestInput:
    starts_on = form.optional_date("starts_on", _("Start date"))
    if starts_on and starts_on < clock.now().date():
        form.add_error("starts_on", _("The start date cannot be in the past."))
    return requests.RequestInput(
        title=form.text("title", _("Training"), max_length=200),
        provider=form.text("provider", _("Provider"), required=False, max_length=200),
        cost_cents=form.money("cost", _("Cost")),
        starts_on=starts_on,
        reason=form.text("reason", _("Reason"), max_length=2000),
        course_id=form.optional_id("course_id", _("Course")),
    )


async def _request_page(request: Request, request_id: int, errors: dict | None = None,
                        values: dict | None = None) -> Template:
    training_request = await requests.visible_request(request.user, request_id)
    return Template(template_name="courses/request.html", context={
        "r": training_request, "may_decide": requests.may_decide(request.user, training_request),
        "errors": errors or {}, "values": values or {}})


@get("/requests/new", name="courses:request_new", guards=[signed_in])
async def request_new(course_id: FromQuery[int | None] = None) -> Template:
    return _form_page(await requests.prefill(course_id) if course_id else {})


@post("/requests/new", name="courses:request_create", guards=[signed_in])
async def request_create(request: Request, data: FormData) -> Template | Redirect:
    form = Form(data)
    training = _read_request(form)
    if not form.ok:
        return _form_page(data, form.errors)
    await requests.create_request(request.user.id, training)
    return Redirect(status_code=303, path="/requests?notice=requested")


@get("/requests", name="courses:my_requests", guards=[signed_in])
async def my_requests(request: Request) -> Template:
    return Template(template_name="courses/my_requests.html",
                    context={"rows": await requests.my_requests(request.user.id)})


@get("/requests/{request_id:int}", name="courses:request_detail", guards=[signed_in])
async def request_detail(request: Request, request_id: FromPath[int]) -> Template:
    return await _request_page(request, request_id)


@post("/requests/{request_id:int}/decide", name="courses:request_decide", guards=[signed_in])
async def request_decide(request: Request, request_id: FromPath[int], data: FormData) -> Template | Redirect:
    form = Form(data)
    decision = form.choice("decision", _("Decision"), requests.DECISIONS)
    comment = form.text("comment", _("Comment"), required=decision == "reject", max_length=2000)
    if not form.ok:
        return await _request_page(request, request_id, form.errors, data)
    await requests.decide(request.user, request_id, decision, comment)
    await notify.decided(request_id)
    back = "/team/requests" if data.get("back") == "team" else f"/requests/{request_id}"
    return Redirect(status_code=303, path=f"{back}?notice=decided")


@get("/team/requests", name="courses:team_requests", guards=[manager_only])
async def team_requests(request: Request) -> Template:
    return Template(template_name="courses/team_requests.html",
                    context=await requests.team_requests(request.user.id))


@get("/admin/requests", name="courses:requests_admin", guards=[admin_only])
async def requests_admin(status: FromQuery[str] = "", page: FromQuery[int] = 1) -> Template:
    status = status if status in requests.STATUSES else ""
    return Template(template_name="courses/requests_admin.html",
                    context={"page": await requests.all_requests(status, page), "status": status})


REQUEST_ROUTES = [request_new, request_create, my_requests, request_detail, request_decide, team_requests,
                  requests_admin]
