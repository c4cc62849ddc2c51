"""L&D's webhooks page (an address per system that wants to hear of events, its secret shown once,
the last deliveries with their outcome) and the Learning Record Store that xAPI statements go to."""
from urllib.parse import urlparse

from litestar import Controller, Request, get, post
from litestar.params import FromPath
from litestar.response import Redirect, Template

from lms import clock
from lms.forms import Form, FormData
from lms.i18n import gettext as _
from lms.integrations import webhooks, xapi
from lms.web.auth import admin_only


async def _page(values: dict, errors: dict, created: dict | None = None, status: int = 200) -> Template:
    return Template(template_name="integrations/webhooks.html", status_code=status, context={
        "hooks": await webhooks.listing(), "events": webhooks.EVENTS, "values": values, "errors": errors,
        "created": created})


def _address(form: Form, name: str = "url", label: str = "") -> str:
    label = label or _("Address")
    url = form.text(name, label, max_length=500)
    parts = urlparse(url)
    if url and name not in form.errors and (parts.scheme not in ("http", "https") or not parts.hostname):
        form.add_error(name, _("%(field)s must start with https:// (or http://) and name a server.", field=label))
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




class RecordStoreAdmin(Controller):
    """L&D connects a Learning Record Store: learning is then sent to it as xAPI statements."""

    path = "/admin/record-store"
    guards = [admin_only]

    @get("", name="integrations:record_store")
    async def index(self) -> Template:
        store = await xapi.connection()
        values = {**store, "password": ""} if store else {"endpoint": "", "username": "", "pseudonymise": True}
        return await _store_page(values, {})

    @post("", name="integrations:record_store_save")
    async def save(self, request: Request, data: FormData) -> Template | Redirect:
        form = Form(data)
        endpoint = _address(form, "endpoint", _("Statement address"))
        username = form.text("username", _("Key (user name)"), max_length=200)
        password = form.text("password", _("Secret (password)"), max_length=200, required=await xapi.connection() is None)
        pseudonymise = data.get("pseudonymise") == "yes"
        if not form.ok:
            return await _store_page({"endpoint": endpoint, "username": username, "pseudonymise": pseudonymise},
                                     form.errors, status=400)
        await xapi.connect(endpoint, username, password, pseudonymise, request.user.id, clock.now())
        return Redirect(status_code=303, path="/admin/record-store?notice=saved")

    @get("/disconnect", name="integrations:record_store_disconnect_confirm")
    async def confirm_disconnect(self) -> Template:
        return Template(template_name="confirm.html", context={
            "title": _("Disconnect the Learning Record Store?"),
            "explanation": _("Nothing more is sent to it; statements not sent yet are dropped. What it holds stays there."),
            "button": _("Disconnect"), "action": "/admin/record-store/disconnect", "cancel": "/admin/record-store"})

    @post("/disconnect", name="integrations:record_store_disconnect")
    async def disconnect(self) -> Redirect:
        await xapi.disconnect()
        return Redirect(status_code=303, path="/admin/record-store?notice=deleted")


async def _store_page(values: dict, errors: dict, status: int = 200) -> Template:
    return Template(template_name="integrations/record_store.html", status_code=status, context={
        "values": values, "errors": errors, "connected": await xapi.connection() is not None,
        "progress": await xapi.progress()})


ROUTES = [WebhooksAdmin, RecordStoreAdmin]
