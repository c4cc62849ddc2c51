
from litestar import Controller, Request, get, post
from litestar.response import Redirect, Template

from lms.forms import FieldError, FormData
from lms.people import accounts, sessions
from lms.people.forms import password_form
from lms.web.auth import SESSION_COOKIE, signed_in



async def _page(request: Request, errors: dict | None = None) -> Template:
    return Template(template_name="people/settings.html", context={
        "errors": errors or {}, "seen_in_courses": await accounts.seen_in_courses(request.user.id)})


class MySettings(Controller):
    path = "/me"
    guards = [signed_in]

    @get("/settings", name="people:settings")
    async def show(self, request: Request) -> Template:
        return await _page(request)

    @post("/language", name="people:language")
    async def language(self, request: Request, data: FormData) -> Template | Redirect:
        try:
            await accounts.set_language(request.user.id, str(data.get("language", "")))
        except FieldError as error:
            return await _page(request, {error.field: error.message})
        return Redirect(status_code=303, path="/me/settings?notice=saved")

    @post("/visibility", name="people:visibility")
    async def visibility(self, request: Request, data: FormData) -> Redirect:
        await accounts.set_seen_in_courses(request.user.id, data.get("seen_in_courses") == "yes")
        return Redirect(status_code=303, path="/me/settings?notice=saved")

    @post("/password", name="people:password")
    async def password(self, request: Request, data: FormData) -> Template | Redirect:
        user = request.user
        new, form = password_form(data, user.email, (user.first_name, user.last_name))
        if new is None:
            return await _page(request, form.errors)
        try:
            await accounts.change_own_password(request.user.id, str(data.get("current_password", "")), new)
        except FieldError as error:
            return await _page(request, {error.field: error.message})
        await sessions.end_other_sessions(request.user.id, request.cookies.get(SESSION_COOKIE, ""))
        return Redirect(status_code=303, path="/me/settings?notice=password")
