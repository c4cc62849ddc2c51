
from litestar import Controller, get, post
from litestar.params import FromPath
from litestar.response import Redirect, Template

from lms.errors import NotFound
from lms.forms import FieldError, FormData
from lms.i18n import gettext as _
from lms.people import organisation
from lms.people.forms import unit_form
from lms.people.tables import JobProfile
from lms.web.auth import admin_only



def _table(kind: str):
    if kind not in organisation.UNITS:
        raise NotFound
    return organisation.UNITS[kind]


async def _list_page(kind: str, values: dict | None = None, errors: dict | None = None) -> Template:
    units = await organisation.list_units(_table(kind))
    return Template(template_name="people/units.html", context={
        "kind": kind, "units": units, "values": values or {}, "errors": errors or {},
        "with_description": _table(kind) is JobProfile})


class UnitsAdmin(Controller):
    """Departments and job profiles share these pages: both are named lists of people."""

    path = "/admin/org/{kind:str}"
    guards = [admin_only]

    @get("", name="people:units")
    async def index(self, kind: FromPath[str]) -> Template:
        return await _list_page(kind)

    @post("", name="people:unit_create")
    async def create(self, kind: FromPath[str], data: FormData) -> Template | Redirect:
        table = _table(kind)
        values, form = unit_form(data, table is JobProfile)
        if values:
            try:
                await organisation.create_unit(table, values)
                return Redirect(status_code=303, path=f"/admin/org/{kind}?notice=created")
            except FieldError as error:
                form.add_error(error.field, error.message)
        return await _list_page(kind, data, form.errors)

    @get("/{unit_id:int}/edit", name="people:unit_edit")
    async def edit(self, kind: FromPath[str], unit_id: FromPath[int]) -> Template:
        unit = await organisation.get_unit(_table(kind), unit_id)
        return self._edit_page(kind, unit_id, unit, {})

    @post("/{unit_id:int}", name="people:unit_update")
    async def update(self, kind: FromPath[str], unit_id: FromPath[int], data: FormData) -> Template | Redirect:
        table = _table(kind)
        await organisation.get_unit(table, unit_id)
        values, form = unit_form(data, table is JobProfile)
        if values:
            try:
                await organisation.update_unit(table, unit_id, values)
                return Redirect(status_code=303, path=f"/admin/org/{kind}?notice=saved")
            except FieldError as error:
                form.add_error(error.field, error.message)
        return self._edit_page(kind, unit_id, data, form.errors)

    @get("/{unit_id:int}/delete", name="people:unit_delete_confirm")
    async def confirm_delete(self, kind: FromPath[str], unit_id: FromPath[int]) -> Template:
        unit = await organisation.get_unit(_table(kind), unit_id)
        return Template(template_name="confirm.html", context={
            "title": _("Delete %(name)s?", name=unit["name"]),
            "explanation": _("The people in it keep their account; this field becomes empty for them. "
                             "This cannot be undone."),
            "button": _("Delete"), "action": f"/admin/org/{kind}/{unit_id}/delete", "cancel": f"/admin/org/{kind}"})

    @post("/{unit_id:int}/delete", name="people:unit_delete")
    async def delete(self, kind: FromPath[str], unit_id: FromPath[int]) -> Redirect:
        await organisation.delete_unit(_table(kind), unit_id)
        return Redirect(status_code=303, path=f"/admin/org/{kind}?notice=deleted")

    @staticmethod
    def _edit_page(kind: str, unit_id: FromPath[int], values: dict, errors: dict) -> Template:
        return Template(template_name="people/unit_edit.html", context={
            "kind": kind, "unit_id": unit_id, "values": values, "errors": errors,
            "with_description": _table(kind) is JobProfile})
