
from litestar import Controller, Request, get, post
from litestar.params import FromPath
from litestar.response import Redirect, Template

from lms.forms import FieldError, Form, FormData
from lms.i18n import gettext as _
from lms.people import accounts, sessions, tokens
from lms.people.forms import password_form
from lms.web.auth import SESSION_COOKIE, signed_in



async def _page(request: Request, errors: dict | None = None, token: str = "", status: int = 200) -> Template:
    return Template(template_name="people/settings.html", status_code=status, context={
        "errors": errors or {}, "seen_in_courses": await accounts.seen_in_courses(request.user.id),
        "tokens": await tokens.list_tokens(made_by=request.user.id), "scopes": {
            scope: tokens.SCOPES[scope] for scope in tokens.PERSONAL}, "new_token": token})


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

    @post("/tokens", name="people:my_token_create")
    async def make_token(self, request: Request, data: FormData) -> Template:
        """A personal API token: it acts as you, with the rights you have on the pages."""
        form = Form(data)
        name = form.text("token_name", _("Name"))
        chosen = form.several("token_scopes", tokens.PERSONAL, _("Choose what the token may do."))
        if not form.ok:
            return await _page(request, form.errors, status=400)
        return await _page(request, token=await tokens.create_token(name, chosen, request.user.id))

    @get("/tokens/{token_id:int}/revoke", name="people:my_token_revoke_confirm")
    async def confirm_revoke(self, request: Request, token_id: FromPath[int]) -> Template:
        token = await tokens.get_token(token_id, made_by=request.user.id)
        return Template(template_name="confirm.html", context={
            "title": _("Revoke the token for %(name)s?", name=token["name"]),
            "explanation": _("The program that uses it is refused from its next request on. This cannot be undone."),
            "button": _("Revoke"), "action": f"/me/tokens/{token_id}/revoke", "cancel": "/me/settings#tokens"})

    @post("/tokens/{token_id:int}/revoke", name="people:my_token_revoke")
    async def revoke_token(self, request: Request, token_id: FromPath[int]) -> Redirect:
        await tokens.revoke(token_id, made_by=request.user.id)
        return Redirect(status_code=303, path="/me/settings?notice=revoked")

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
