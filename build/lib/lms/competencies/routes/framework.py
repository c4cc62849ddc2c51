"""L&D keeps the framework: areas, competencies and the proficiency scale."""

from litestar import Controller, get, post
from litestar.params import FromPath, FromQuery
from litestar.response import Redirect, Template

from lms.competencies import framework
from lms.competencies.tables import KINDS, LEVELS
from lms.forms import FieldError, Form, FormData, optional_int
from lms.i18n import gettext as _
from lms.web.auth import admin_only

HOME = "/admin/competencies"


def _read_area(form: Form) -> framework.AreaInput:
    return framework.AreaInput(name=form.text("name", _("Name"), max_length=120),
                               position=form.whole_number("position", _("Position"), 0, 10000))


def _read_competency(form: Form) -> framework.CompetencyInput:
    area = form.optional_id("area", _("Area"))
    if area is None and "area" not in form.errors:
        form.add_error("area", _("%(field)s is required.", field=_("Area")))
    return framework.CompetencyInput(
        area=area or 0, name=form.text("name", _("Name"), max_length=120),
        kind=form.choice("kind", _("Kind"), KINDS),
        description=form.text("description", _("Description"), required=False, max_length=2000))


async def _index_page(page: int = 1, area: str = "", q: str = "", values: dict | None = None,
                      errors: dict | None = None) -> Template:
    area_id = optional_int(area)
    search = q.strip()[:100]
    return Template(template_name="competencies/admin_index.html", context={
        "areas": await framework.areas(), "page": await framework.competencies(page, area_id, search),
        "area_filter": area_id, "q": search, "kind_labels": framework.KIND_LABELS,
        "values": values or {"position": await framework.next_area_position()}, "errors": errors or {}})


async def _competency_page(values: dict, errors: dict | None = None, competency_id: int | None = None) -> Template:
    return Template(template_name="competencies/competency_form.html", context={
        "values": values, "errors": errors or {}, "competency_id": competency_id, "areas": await framework.areas(),
        "kind_labels": framework.KIND_LABELS})


class FrameworkAdmin(Controller):
    path = HOME
    guards = [admin_only]

    @get("", name="competencies:admin")
    async def index(self, page: FromQuery[int] = 1, area: FromQuery[str] = "", q: FromQuery[str] = "") -> Template:
        return await _index_page(page, area, q)

    # areas

    @post("/areas", name="competencies:area_create")
    async def area_create(self, data: FormData) -> Template | Redirect:
        form = Form(data)
        area = _read_area(form)
        if form.ok:
            try:
                await framework.create_area(area)
                return Redirect(status_code=303, path=f"{HOME}?notice=created")
            except FieldError as error:
                form.add_error(error.field, error.message)
        return await _index_page(values=data, errors=form.errors)

    @get("/areas/{area_id:int}/edit", name="competencies:area_edit")
    async def area_edit(self, area_id: FromPath[int]) -> Template:
        area = await framework.get_area(area_id)
        return Template(template_name="competencies/area_edit.html",
                        context={"area_id": area_id, "values": area, "errors": {}})

    @post("/areas/{area_id:int}", name="competencies:area_update")
    async def area_update(self, area_id: FromPath[int], data: FormData) -> Template | Redirect:
        await framework.get_area(area_id)
        form = Form(data)
        area = _read_area(form)
        if form.ok:
            try:
                await framework.update_area(area_id, area)
                return Redirect(status_code=303, path=f"{HOME}?notice=saved")
            except FieldError as error:
                form.add_error(error.field, error.message)
        return Template(template_name="competencies/area_edit.html",
                        context={"area_id": area_id, "values": data, "errors": form.errors})

    @get("/areas/{area_id:int}/delete", name="competencies:area_delete_confirm")
    async def area_delete_confirm(self, area_id: FromPath[int]) -> Template:
        area = await framework.check_area_deletable(area_id)
        return Template(template_name="confirm.html", context={
            "title": _("Delete the area %(name)s?", name=area["name"]),
            "explanation": _("The area is empty. This cannot be undone."),
            "button": _("Delete"), "action": f"{HOME}/areas/{area_id}/delete", "cancel": HOME})

    @post("/areas/{area_id:int}/delete", name="competencies:area_delete")
    async def area_delete(self, area_id: FromPath[int]) -> Redirect:
        await framework.delete_area(area_id)
        return Redirect(status_code=303, path=f"{HOME}?notice=deleted")

    # competencies

    @get("/new", name="competencies:new")
    async def new(self, area: FromQuery[str] = "") -> Template:
        return await _competency_page({"kind": "hard", "area": optional_int(area) or ""})

    @post("/new", name="competencies:create")
    async def create(self, data: FormData) -> Template | Redirect:
        form = Form(data)
        competency = _read_competency(form)
        if form.ok:
            try:
                await framework.create_competency(competency)
                return Redirect(status_code=303, path=f"{HOME}?notice=created")
            except FieldError as error:
                form.add_error(error.field, error.message)
        return await _competency_page(data, form.errors)

    @get("/{competency_id:int}/edit", name="competencies:edit")
    async def edit(self, competency_id: FromPath[int]) -> Template:
        return await _competency_page(await framework.get_competency(competency_id), competency_id=competency_id)

    @post("/{competency_id:int}", name="competencies:update")
    async def update(self, competency_id: FromPath[int], data: FormData) -> Template | Redirect:
        await framework.get_competency(competency_id)
        form = Form(data)
        competency = _read_competency(form)
        if form.ok:
            try:
                await framework.update_competency(competency_id, competency)
                return Redirect(status_code=303, path=f"{HOME}?notice=saved")
            except FieldError as error:
                form.add_error(error.field, error.message)
        return await _competency_page(data, form.errors, competency_id)

    @get("/{competency_id:int}/delete", name="competencies:delete_confirm")
    async def delete_confirm(self, competency_id: FromPath[int]) -> Template:
        competency = await framework.get_competency(competency_id)
        return Template(template_name="confirm.html", context={
            "title": _("Delete the competency %(name)s?", name=competency["name"]),
            "explanation": _("Every assessment of it, the job profiles that require it and the courses that develop "
                             "it lose it too. This cannot be undone."),
            "button": _("Delete"), "action": f"{HOME}/{competency_id}/delete", "cancel": HOME})

    @post("/{competency_id:int}/delete", name="competencies:delete")
    async def delete(self, competency_id: FromPath[int]) -> Redirect:
        await framework.delete_competency(competency_id)
        return Redirect(status_code=303, path=f"{HOME}?notice=deleted")

    # the scale

    @get("/scale", name="competencies:scale")
    async def scale_form(self) -> Template:
        custom = await framework.custom_scale()
        values = {}
        for level, row in custom.items():
            values[f"name_{level}"], values[f"description_{level}"] = row["name"], row["description"]
        return await _scale_page(values)

    @post("/scale", name="competencies:scale_save")
    async def scale_save(self, data: FormData) -> Template | Redirect:
        form = Form(data)
        levels = {level: (form.text(f"name_{level}", _("Name of level %(level)s", level=level), required=False,
                                    max_length=60),
                          form.text(f"description_{level}", _("Description of level %(level)s", level=level),
                                    required=False, max_length=500))
                  for level in LEVELS}
        if not form.ok:
            return await _scale_page(data, form.errors)
        await framework.save_scale(levels)
        return Redirect(status_code=303, path=f"{HOME}/scale?notice=saved")


async def _scale_page(values: dict, errors: dict | None = None) -> Template:
    built_in = [{"level": level, "name": _(name), "description": _(description)}
                for level, (name, description) in framework.BUILT_IN_SCALE.items()]
    return Template(template_name="competencies/scale_form.html",
                    context={"values": values, "errors": errors or {}, "built_in": built_in})


FRAMEWORK_ROUTES = [FrameworkAdmin]
