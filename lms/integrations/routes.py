"""L&D's webhooks page: an address per system that wants to hear of events, its secret shown once,
the last deliveries with their outcome."""
from urllib.parse import urlparse

from litestar import Controller, Request, get, post
from litestar.params import FromPath
from litestar.response import Redirect, Template

from lms import clock
from lms.forms import Form, FormData
from lms.i18n import gettext as _
from lms.integrations import webhooks
from lms.web.auth import admin_only


async def _page(values: dict, errors: dict, created: dict | None = None, status: int = 200) -> Template:
    return Template(template_name="integrations/webhooks.html", status_code=status, context={
        "hooks": await webhooks.listing(), "events": webhooks.EVENTS, "values": values, "errors": errors,
        "created": created})


def _address(form: Form) -> str:
    url = form.text("url", _("Address"), max_length=500)
    parts = urlparse(url)
    if url and "url" not in form.errors and (parts.scheme not in ("http", "https") or not parts.hostname):
        form.add_error("url", _("Address must start with https:// (or http://) and name a server."))
    return url


class WebhooksAdmin(Controller):
    path = "/admin/webhooks"
    guards = [admin_only]

    @get("", name="integrations:webhooks")
    async def index(self) -> Template:
        return await _page({"url": "", "events": []}, {})

    @post("", name="integrations:webhook_create")
    async def create(self, request: Request, data: FormData) -> Template:
        form = Form(data)
        url = _address(form)
        chosen = form.several("events", webhooks.EVENTS, _("Choose the events to send."))
        if not form.ok:
            return await _page({"url": url, "events": chosen}, form.errors, status=400)
        secret = await webhooks.add(url, chosen, request.user.id, clock.now())
        return await _page({"url": "", "events": []}, {}, created={"url": url, "secret": secret})

    @get("/{webhook_id:int}/delete", name="integrations:webhook_delete_confirm")
    async def confirm_delete(self, webhook_id: FromPath[int]) -> Template:
        hook = await webhooks.get(webhook_id)
        return Template(template_name="confirm.html", context={
            "title": _("Stop sending events to %(url)s?", url=hook["url"]),
            "explanation": _("Its deliveries and their history are removed too."),
            "button": _("Remove"), "action": f"/admin/webhooks/{webhook_id}/delete", "cancel": "/admin/webhooks"})

    @post("/{webhook_id:int}/delete", name="integrations:webhook_delete")
    async def delete(self, webhook_id: FromPath[int]) -> Redirect:
        await webhooks.remove(webhook_id)
        return Redirect(status_code=303, path="/admin/webhooks?notice=deleted")


ROUTES = [WebhooksAdmin]
