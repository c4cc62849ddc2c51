"""L&D says what each job profile requires: a competency at a level."""

from litestar import Controller, get, post
from litestar.params import FromPath
from litestar.response import Redirect, Template

from lms.competencies import framework, requirements
from lms.forms import FieldError, Form, FormData
from lms.i18n import gettext as _
from lms.web.auth import admin_only



def _read_level(form: Form) -> int:
    return form.whole_number("level", _("Required level"), 1, 4)


async def _page(profile_id: int, values: dict | None = None, errors: dict | None = None,
                row_errors: dict | None = None) -> Template:
    return Template(template_name="competencies/requirements.html", context={
        "profile": await requirements.job_profile(profile_id), "rows": await requirements.requirements_of(profile_id),
        "competencies": await framework.competency_choices(),
        "level_options": framework.level_options(await framework.scale(), minimum=1),
        "values": values or {"level": "2"}, "errors": errors or {}, "row_errors": row_errors or {}})


class RequirementsAdmin(Controller):
    path = "/admin/job-profiles/{profile_id:int}/requirements"
    guards = [admin_only]

    @get("", name="competencies:requirements")
    async def index(self, profile_id: FromPath[int]) -> Template:
        return await _page(profile_id)

    @post("", name="competencies:requirement_add")
    async def add(self, profile_id: FromPath[int], data: FormData) -> Template | Redirect:
        await requirements.job_profile(profile_id)
        form = Form(data)
        competency = form.optional_id("competency", _("Competency"))
        if competency is None and "competency" not in form.errors:
            form.add_error("competency", _("%(field)s is required.", field=_("Competency")))
        level = _read_level(form)
        if form.ok:
            try:
                await requirements.add_requirement(profile_id, competency, level)
                return Redirect(status_code=303, path=f"/admin/job-profiles/{profile_id}/requirements?notice=created")
            except FieldError as error:
                form.add_error(error.field, error.message)
        return await _page(profile_id, data, form.errors)

    @post("/{requirement_id:int}", name="competencies:requirement_level")
    async def change(self, profile_id: FromPath[int], requirement_id: FromPath[int], data: FormData) -> Template | Redirect:
        await requirements.get_requirement(profile_id, requirement_id)
        form = Form(data)
        level = _read_level(form)
        if not form.ok:
            return await _page(profile_id, row_errors={requirement_id: form.errors["level"]})
        await requirements.change_level(profile_id, requirement_id, level)
        return Redirect(status_code=303, path=f"/admin/job-profiles/{profile_id}/requirements?notice=saved")

    @get("/{requirement_id:int}/delete", name="competencies:requirement_remove_confirm")
    async def remove_confirm(self, profile_id: FromPath[int], requirement_id: FromPath[int]) -> Template:
        profile = await requirements.job_profile(profile_id)
        row = await requirements.get_requirement(profile_id, requirement_id)
        back = f"/admin/job-profiles/{profile_id}/requirements"
        return Template(template_name="confirm.html", context={
            "title": _("Remove %(competency)s from %(profile)s?", competency=row["name"], profile=profile["name"]),
            "explanation": _("People with this job profile are no longer measured against it. Their assessments stay."),
            "button": _("Remove"), "action": f"{back}/{requirement_id}/delete", "cancel": back})

    @post("/{requirement_id:int}/delete", name="competencies:requirement_remove")
    async def remove(self, profile_id: FromPath[int], requirement_id: FromPath[int]) -> Redirect:
        await requirements.remove_requirement(profile_id, requirement_id)
        return Redirect(status_code=303, path=f"/admin/job-profiles/{profile_id}/requirements?notice=deleted")


REQUIREMENT_ROUTES = [RequirementsAdmin]
