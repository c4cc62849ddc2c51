"""Wiki pages: view, write with a live preview, history and diff, delete and restore, share after a course."""
from typing import Any

from litestar import Controller, Request, get, post
from litestar.params import FromPath, FromQuery
from litestar.response import Redirect, Template

from lms.forms import FieldError, Form, FormData, optional_int
from lms.i18n import gettext as _
from lms.knowledge import pages, reading, reviews, revisions, sharing
from lms.knowledge.access import manages_space, readable_space
from lms.knowledge.tables import Page
from lms.reminders import notify
from lms.web.auth import signed_in
from lms.web.kept_answers import KEEP_ANSWER



def _fields(data: dict[str, Any]) -> dict:
    form = Form(data)
    return {"title": form.raw("title").strip(), "body": form.raw("body").replace("\r\n", "\n"),
            "tags": form.raw("tags"), "parent": form.optional_id("parent", _("Parent page")),
            "version": form.raw("version"), "errors": form.errors}


async def _editor(request: Request, space: dict, action: str, values: dict, page: dict | None = None,
                  preview: bool = False, conflict: dict | None = None) -> Template:
    context = {**values, "space": space, "page": page, "action": action, "conflict": conflict,
               "required": bool(page) and await manages_space(request.user, space)
               and bool(await reading.audiences(page["id"])),
               "parents": await pages.parent_choices(space["id"], page["id"] if page else None),
               "preview": await pages.rendered(request.user, values["body"]) if preview else None}
    return Template(template_name="knowledge/page_form.html", context=context)


class Pages(Controller):
    path = "/knowledge"
    guards = [signed_in]

    @get("/pages/{page_id:int}", name="knowledge:page", opt={KEEP_ANSWER: True})
    async def view(self, request: Request, page_id: FromPath[int]) -> Template:
        return Template(template_name="knowledge/page.html", context=await pages.page_view(request.user, page_id))

    @post("/pages/{page_id:int}/reviewed", name="knowledge:page_reviewed")
    async def reviewed(self, request: Request, page_id: FromPath[int]) -> Redirect:
        page = await pages.readable_page(request.user, page_id)
        await reviews.confirm(request.user, Page, page, page["space"])
        return Redirect(status_code=303, path=f"{pages.page_url(page_id)}?notice=reviewed")

    @post("/pages/{page_id:int}/owner", name="knowledge:page_owner")
    async def hand_over(self, request: Request, page_id: FromPath[int], data: FormData) -> Template | Redirect:
        email = Form(data).raw("owner")[:254]
        page = await pages.readable_page(request.user, page_id)
        try:
            await reviews.hand_over(request.user, Page, page, page["space"], email)
        except FieldError as error:
            context = {**await pages.page_view(request.user, page_id), "owner_error": error.message, "owner_email": email}
            return Template(template_name="knowledge/page.html", context=context, status_code=400)
        return Redirect(status_code=303, path=f"{pages.page_url(page_id)}?notice=owner_changed")

    @get("/spaces/{space_id:int}/pages/new", name="knowledge:page_new")
    async def new(self, request: Request, space_id: FromPath[int], parent: FromQuery[str] = "") -> Template:
        space = await readable_space(request.user, space_id)
        values = {"title": "", "body": "", "tags": "", "parent": parent, "version": "", "errors": {}}
        return await _editor(request, space, f"/knowledge/spaces/{space_id}/pages", values)

    @post("/spaces/{space_id:int}/pages", name="knowledge:page_create")
    async def create(self, request: Request, space_id: FromPath[int], data: FormData) -> Template | Redirect:
        space = await readable_space(request.user, space_id)
        values, action = _fields(data), f"/knowledge/spaces/{space_id}/pages"
        if "preview" in data or values["errors"]:
            return await _editor(request, space, action, values, preview=True)
        try:
            page_id = await pages.create_page(request.user, space_id, values["title"], values["body"],
                                              pages.parse_tags(values["tags"]), values["parent"])
        except FieldError as error:
            return await _editor(request, space, action, {**values, "errors": {error.field: error.message}})
        return Redirect(status_code=303, path=pages.page_url(page_id))

    @get("/pages/{page_id:int}/edit", name="knowledge:page_edit")
    async def edit(self, request: Request, page_id: FromPath[int]) -> Template:
        values = await pages.edit_form(request.user, page_id)
        return await _editor(request, values["space"], f"/knowledge/pages/{page_id}/edit", {**values, "errors": {}},
                             page=values["page"])

    @post("/pages/{page_id:int}/edit", name="knowledge:page_save")
    async def save(self, request: Request, page_id: FromPath[int], data: FormData) -> Template | Redirect:
        page = await pages.writable_page(request.user, page_id)
        values, action = _fields(data), f"/knowledge/pages/{page_id}/edit"
        if "preview" in data or values["errors"]:
            return await _editor(request, page["space"], action, values, page, preview=True)
        base = optional_int(values["version"]) or 0
        try:
            await pages.save_page(request.user, page_id, base, values["title"], values["body"],
                                  pages.parse_tags(values["tags"]), values["parent"])
        except FieldError as error:
            return await _editor(request, page["space"], action, {**values, "errors": {error.field: error.message}}, page)
        except pages.Conflict as conflict:
            return await _editor(request, page["space"], action, {**values, "version": conflict.current["version"]},
                                 page, conflict=conflict.current)
        if data.get("ask_again") == "on" and await manages_space(request.user, page["space"]):
            # required reading: only this new version counts from now on
            await notify.reading_required(page_id, await reading.ask_again(page_id, base + 1))
        return Redirect(status_code=303, path=pages.page_url(page_id))

    @post("/preview", name="knowledge:preview")
    async def preview(self, request: Request, data: FormData) -> Template:
        html = await pages.rendered(request.user, Form(data).raw("body"))
        return Template(template_name="knowledge/_partials/preview.html", context={"preview": html})

    @get("/pages/{page_id:int}/history", name="knowledge:history")
    async def history(self, request: Request, page_id: FromPath[int]) -> Template:
        return Template(template_name="knowledge/history.html", context=await revisions.history(request.user, page_id))

    @get("/pages/{page_id:int}/diff", name="knowledge:diff")
    async def diff(self, request: Request, page_id: FromPath[int], old: FromQuery[int] = 1, new: FromQuery[int] = 1) -> Template:
        context = await revisions.compare(request.user, page_id, old, new)
        return Template(template_name="knowledge/diff.html", context=context)

    @post("/pages/{page_id:int}/revisions/{version:int}/restore", name="knowledge:revision_restore")
    async def restore_revision(self, request: Request, page_id: FromPath[int], version: FromPath[int]) -> Redirect:
        await revisions.restore_revision(request.user, page_id, version)
        return Redirect(status_code=303, path=f"{pages.page_url(page_id)}?notice=restored")

    @get("/pages/{page_id:int}/delete", name="knowledge:page_delete_confirm")
    async def confirm_delete(self, request: Request, page_id: FromPath[int]) -> Template:
        page = await pages.writable_page(request.user, page_id)
        return Template(template_name="confirm.html", context={
            "title": _("Delete %(title)s?", title=page["title"]),
            "explanation": _("The page leaves the space and the search results; its author or L&D can restore it."),
            "button": _("Delete page"), "action": f"/knowledge/pages/{page_id}/delete", "cancel": pages.page_url(page_id)})

    @post("/pages/{page_id:int}/delete", name="knowledge:page_delete")
    async def delete(self, request: Request, page_id: FromPath[int]) -> Redirect:
        page = await pages.delete_page(request.user, page_id)
        return Redirect(status_code=303, path=f"/knowledge/spaces/{page['space']['id']}?notice=deleted")

    @post("/pages/{page_id:int}/restore", name="knowledge:page_restore")
    async def restore(self, request: Request, page_id: FromPath[int]) -> Redirect:
        await pages.restore_page(request.user, page_id)
        return Redirect(status_code=303, path=f"{pages.page_url(page_id)}?notice=restored")

    @get("/share/{course_id:int}", name="knowledge:share_new")
    async def share_new(self, request: Request, course_id: FromPath[int]) -> Template:
        draft = await sharing.draft(request.user, course_id)
        values = {"title": draft["title"], "body": draft["body"], "tags": "", "parent": "", "version": "",
                  "errors": {}, "course": draft["course"]}
        return await _editor(request, draft["space"], f"/knowledge/share/{course_id}", values)

    @post("/share/{course_id:int}", name="knowledge:share")
    async def share(self, request: Request, course_id: FromPath[int], data: FormData) -> Template | Redirect:
        draft = await sharing.draft(request.user, course_id)
        values, action = {**_fields(data), "course": draft["course"]}, f"/knowledge/share/{course_id}"
        if "preview" in data or values["errors"]:
            return await _editor(request, draft["space"], action, values, preview=True)
        try:
            page_id = await sharing.share(request.user, course_id, values["title"], values["body"],
                                          pages.parse_tags(values["tags"]))
        except FieldError as error:
            return await _editor(request, draft["space"], action, {**values, "errors": {error.field: error.message}})
        return Redirect(status_code=303, path=f"{pages.page_url(page_id)}?notice=shared")


PAGE_ROUTES = [Pages]
