"""Inbox, impact check-ins (signed in, or by the signed link from the e-mail) and L&D's outbox."""

from litestar import Request, get, post
from litestar.params import FromPath, FromQuery
from litestar.response import Redirect, Template

from lms import clock
from lms.courses import recall
from lms.errors import NotFound
from lms.forms import Form, FormData
from lms.i18n import gettext as _
from lms.reminders import checkins, impact, inbox
from lms.reminders.routes_preferences import PREFERENCE_ROUTES
from lms.reminders.routes_push import PUSH_ROUTES
from lms.web.auth import admin_only, manager_only, signed_in



@get("/inbox", name="reminders:inbox", guards=[signed_in])
async def inbox_page(request: Request, page: FromQuery[int] = 1) -> Template:
    notifications = await inbox.page_of(request.user.id, page)
    return Template(template_name="reminders/inbox.html", context={"page": notifications})


@get("/inbox/badge", name="reminders:badge", guards=[signed_in])
async def badge(request: Request) -> Template:
    return Template(template_name="reminders/_partials/badge.html",
                    context={"unread": await inbox.unread_count(request.user.id)})


@post("/inbox/read", name="reminders:read_all", guards=[signed_in])
async def read_all(request: Request) -> Redirect:
    await inbox.mark_all_read(request.user.id)
    return Redirect(status_code=303, path="/inbox")


IMPACT = ["1", "2", "3", "4", "5"]


def _answer_form(data: dict) -> tuple[dict, Form]:
    form = Form(data)
    obstacles = data.get("obstacles", [])
    obstacles = obstacles if isinstance(obstacles, list) else [obstacles]
    values = {
        "applied": form.choice("applied", _("Have you applied it?"), checkins.APPLIED),
        "example": form.text("example", _("An example"), required=False, max_length=2000),
        "impact": int(value) if (value := form.choice("impact", _("Impact on your work"), IMPACT)) in IMPACT else 0,
        "obstacles": ",".join(o for o in obstacles if o in checkins.OBSTACLES),
        "obstacle_other": form.text("obstacle_other", _("Something else"), required=False, max_length=300),
        "need_more": data.get("need_more") == "yes",
    }
    return values, form


def _form_page(checkin: dict, action: str, errors: dict | None = None, values: dict | None = None) -> Template:
    return Template(template_name="reminders/checkin.html", context={
        "checkin": checkin, "action": action, "errors": errors or {}, "values": values or {},
        "obstacles": checkins.OBSTACLES})


@get("/checkins/{checkin_id:int}", name="reminders:checkin", guards=[signed_in])
async def checkin_page(request: Request, checkin_id: FromPath[int]) -> Template:
    checkin = await checkins.of_respondent(checkin_id, request.user.id)
    return _form_page(checkin, f"/checkins/{checkin_id}")


@post("/checkins/{checkin_id:int}", name="reminders:checkin_answer", guards=[signed_in])
async def checkin_answer(request: Request, checkin_id: FromPath[int], data: FormData) -> Template | Redirect:
    checkin = await checkins.of_respondent(checkin_id, request.user.id)
    return await _answer(checkin, f"/checkins/{checkin_id}", data)


async def _answer(checkin: dict, action: str, data: dict) -> Template | Redirect:
    values, form = _answer_form(data)
    if not form.ok:
        return _form_page(checkin, action, form.errors, data)
    await checkins.answer(checkin["id"], values)
    return Redirect(status_code=303, path="/checkins/thanks")


@get("/checkins/thanks", name="reminders:checkin_thanks")
async def thanks() -> Template:
    return Template(template_name="reminders/checkin_thanks.html")


@get("/checkins/{checkin_id:int}/{expires:int}/{signature:str}", name="reminders:checkin_link")
async def checkin_by_link(request: Request, checkin_id: FromPath[int], expires: FromPath[int],
                          signature: FromPath[str]) -> Template:
    """From the e-mail, without a password: this one check-in only, until the link expires."""
    checkin = await _linked(request, checkin_id, expires, signature)
    if isinstance(checkin, Template):
        return checkin
    return _form_page(checkin, request.url.path)


@post("/checkins/{checkin_id:int}/{expires:int}/{signature:str}", name="reminders:checkin_link_answer")
async def checkin_by_link_answer(request: Request, checkin_id: FromPath[int], expires: FromPath[int],
                                 signature: FromPath[str], data: FormData) -> Template | Redirect:
    checkin = await _linked(request, checkin_id, expires, signature)
    if isinstance(checkin, Template):
        return checkin
    return await _answer(checkin, request.url.path, data)


async def _linked(request: Request, checkin_id: int, expires: int, signature: str) -> dict | Template:
    try:
        checkin = await checkins.by_link(request.app.state.settings.secret_key, checkin_id, expires, signature)
    except (checkins.LinkNotValid, NotFound):
        return Template(template_name="reminders/link_invalid.html", status_code=404)
    if checkin["answered_at"]:
        return Template(template_name="reminders/link_invalid.html", status_code=409, context={"answered": True})
    return checkin


@get("/admin/impact", name="reminders:impact", guards=[admin_only])
async def impact_all() -> Template:
    return Template(template_name="reminders/impact.html", context={"courses": await impact.per_course(),
                                                                   "kept": await recall.retention(), "team": False})


@get("/team/impact", name="reminders:team_impact", guards=[manager_only])
async def impact_team(request: Request) -> Template:
    return Template(template_name="reminders/impact.html",
                    context={"courses": await impact.per_course(team_of=request.user.id), "team": True})


@get("/admin/outbox", name="reminders:outbox", guards=[admin_only])
async def outbox(page: FromQuery[int] = 1) -> Template:
    return Template(template_name="reminders/outbox.html", context={"page": await inbox.outbox(page),
                                                                    "now": clock.now()})


@post("/admin/outbox/{reminder_id:int}/retry", name="reminders:retry", guards=[admin_only])
async def retry(reminder_id: FromPath[int]) -> Redirect:
    await inbox.retry_now(reminder_id)
    return Redirect(status_code=303, path="/admin/outbox")


ROUTES = [*PREFERENCE_ROUTES, *PUSH_ROUTES, impact_all, impact_team, inbox_page, badge, read_all, checkin_page, checkin_answer, thanks, checkin_by_link, checkin_by_link_answer,
          outbox, retry]
