"""The library's front page, a space with its page tree, deleted pages, and L&D's space settings."""
from typing import Any

from litestar import Controller, Request, get, post
from litestar.params import FromPath
from litestar.response import Redirect, Template

from lms.forms import FieldError, Form, FormData, optional_int
from lms.i18n import gettext as _
from lms.knowledge import spaces
from lms.knowledge.tables import Space
from lms.web.auth import admin_only, signed_in



def _editor_ids(data: dict[str, Any]) -> list[int]:
    raw = data.get("editors", [])
    values = raw if isinstance(raw, list) else [raw]
    return [number for number in (optional_int(value) for value in values if isinstance(value, str)) if number]


async def _space_form(request: Request, space_id: int | None, data: FormData) -> Template | Redirect:
    form = Form(data)
    name = form.text("name", _("Name"), max_length=120)
    description = form.text("description", _("Description"), required=False, max_length=2000)
    department = form.optional_id("read_department", _("Department"))
    review_months = form.whole_number("review_months", _("Review pages every (months)"), 0, 120) \
        if form.raw("review_months").strip() else Space.review_months.default
    editors = _editor_ids(data)
    if form.ok:
        try:
            space_id = await spaces.save_space(request.user, space_id, name, description, department, editors,
                                               review_months)
            return Redirect(status_code=303, path=f"/knowledge/spaces/{space_id}?notice=saved")
        except FieldError as error:
            form.add_error(error.field, error.message)
    context = await spaces.space_form(request.user, space_id)
    context.update(space={**context["space"], "name": name, "description": description, "read_department": department,
                          "review_months": form.raw("review_months")},
                   editors=editors, errors=form.errors)
    return Template(template_name="knowledge/space_form.html", context=context)


class Spaces(Controller):
    path = "/knowledge"
    guards = [signed_in]

    @get("", name="knowledge:home")
    async def home(self, request: Request) -> Template:
        return Template(template_name="knowledge/home.html", context=await spaces.library_home(request.user))

    @get("/spaces/{space_id:int}", name="knowledge:space")
    async def space(self, request: Request, space_id: FromPath[int]) -> Template:
        return Template(template_name="knowledge/space.html", context=await spaces.space_view(request.user, space_id))

    @get("/spaces/{space_id:int}/deleted", name="knowledge:deleted")
    async def deleted(self, request: Request, space_id: FromPath[int]) -> Template:
        return Template(template_name="knowledge/deleted.html", context=await spaces.deleted_pages(request.user, space_id))


class SpaceAdmin(Controller):
    path = "/knowledge/spaces"
    guards = [admin_only]

    @get("/new", name="knowledge:space_new")
    async def new(self, request: Request) -> Template:
        context = await spaces.space_form(request.user, None)
        return Template(template_name="knowledge/space_form.html", context={**context, "errors": {}})

    @post("/new", name="knowledge:space_create")
    async def create(self, request: Request, data: FormData) -> Template | Redirect:
        return await _space_form(request, None, data)

    @get("/{space_id:int}/settings", name="knowledge:space_settings")
    async def settings(self, request: Request, space_id: FromPath[int]) -> Template:
        context = await spaces.space_form(request.user, space_id)
        return Template(template_name="knowledge/space_form.html", context={**context, "errors": {}})

    @post("/{space_id:int}/settings", name="knowledge:space_save")
    async def save(self, request: Request, space_id: FromPath[int], data: FormData) -> Template | Redirect:
        return await _space_form(request, space_id, data)

    @get("/{space_id:int}/delete", name="knowledge:space_delete_confirm")
    async def confirm_delete(self, request: Request, space_id: FromPath[int]) -> Template:
        space = (await spaces.space_form(request.user, space_id))["space"]
        return Template(template_name="confirm.html", context={
            "title": _("Delete %(name)s?", name=space["name"]),
            "explanation": _("The space, all its pages and their history are deleted for good."),
            "button": _("Delete space"), "action": f"/knowledge/spaces/{space_id}/delete",
            "cancel": f"/knowledge/spaces/{space_id}"})

    @post("/{space_id:int}/delete", name="knowledge:space_delete")
    async def delete(self, request: Request, space_id: FromPath[int]) -> Redirect:
        await spaces.delete_space(request.user, space_id)
        return Redirect(status_code=303, path="/knowledge?notice=deleted")


SPACE_ROUTES = [Spaces, SpaceAdmin]
