"""L&D's connections page: tokens for other systems, made, shown once and revoked."""
from litestar import Controller, Request, get, post
from litestar.params import FromPath
from litestar.response import Redirect, Template

from lms.forms import Form, FormData
from lms.i18n import gettext as _
from lms.people import tokens
from lms.web.auth import admin_only


async def _page(request: Request, values: dict, errors: dict, created: dict | None = None,
                status: int = 200) -> Template:
    base = request.app.state.settings.base_url
    return Template(template_name="people/tokens.html", status_code=status, context={
        "tokens": await tokens.list_tokens(), "scopes": tokens.SCOPES, "values": values, "errors": errors,
        "created": created, "scim_address": f"{base}/scim/v2", "api_address": f"{base}/api/v1"})


class TokensAdmin(Controller):
    path = "/admin/tokens"
    guards = [admin_only]

    @get("", name="people:tokens")
    async def index(self, request: Request) -> Template:
        return await _page(request, {"name": "", "scopes": []}, {})

    @post("", name="people:token_create")
    async def create(self, request: Request, data: FormData) -> Template:
        form = Form(data)
        name = form.text("name", _("Name"))
        chosen = form.several("scopes", tokens.SCOPES, _("Choose what the token may do."))
        if not form.ok:
            return await _page(request, {"name": name, "scopes": chosen}, form.errors, status=400)
        token = await tokens.create_token(name, chosen, request.user.id)
        return await _page(request, {"name": "", "scopes": []}, {}, created={"name": name, "token": token})

    @get("/{token_id:int}/revoke", name="people:token_revoke_confirm")
    async def confirm_revoke(self, token_id: FromPath[int]) -> Template:
        token = await tokens.get_token(token_id)
        return Template(template_name="confirm.html", context={
            "title": _("Revoke the token for %(name)s?", name=token["name"]),
            "explanation": _("The system that uses it is refused from its next request on. This cannot be undone; "
                             "make a new token if it needs access again."),
            "button": _("Revoke"), "action": f"/admin/tokens/{token_id}/revoke", "cancel": "/admin/tokens"})

    @post("/{token_id:int}/revoke", name="people:token_revoke")
    async def revoke(self, token_id: FromPath[int]) -> Redirect:
        await tokens.revoke(token_id)
        return Redirect(status_code=303, path="/admin/tokens?notice=revoked")
