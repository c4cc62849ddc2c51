"""My competencies against my job profile, rating them, and their history; the same for a
manager's reports and, for L&D, anyone."""

from litestar import Request, get, post
from litestar.params import FromPath, FromQuery
from litestar.response import Redirect, Template

from lms.competencies import assessments, framework
from lms.competencies.profile import job_profile_name
from lms.forms import FieldError, Form, FormData
from lms.i18n import gettext as _
from lms.people import visibility
from lms.web.auth import signed_in



def _base(request: Request, employee_id: int) -> str:
    return "/me/competencies" if employee_id == request.user.id else f"/people/{employee_id}/competencies"


async def _page(request: Request, employee_id: int, values: dict | None = None,
                errors: dict | None = None) -> Template:
    person = await visibility.visible_employee(request.user, employee_id)
    levels = await framework.scale()
    return Template(template_name="competencies/person.html", context={
        "person": person, "is_me": employee_id == request.user.id, "base": _base(request, employee_id),
        "rows": await assessments.competencies_of(employee_id), "job_profile": await job_profile_name(employee_id),
        "scale": levels, "level_options": framework.level_options(levels),
        "competencies": await framework.competency_choices(),
        "source": assessments.rating_source(request.user, employee_id),
        "values": values or {}, "errors": errors or {}})


async def _rate(request: Request, employee_id: int, data: dict) -> Template | Redirect:
    form = Form(data)
    competency = form.optional_id("competency", _("Competency"))
    if competency is None and "competency" not in form.errors:
        form.add_error("competency", _("%(field)s is required.", field=_("Competency")))
    level = form.whole_number("level", _("Level"), 0, 4)
    note = form.text("note", _("Note"), required=False, max_length=1000)
    if form.ok:
        try:
            await assessments.rate(request.user, employee_id, competency, level, note)
            return Redirect(status_code=303, path=f"{_base(request, employee_id)}?notice=saved")
        except FieldError as error:
            form.add_error(error.field, error.message)
    return await _page(request, employee_id, data, form.errors)


async def _history(request: Request, employee_id: int, competency_id: int, page: int) -> Template:
    person = await visibility.visible_employee(request.user, employee_id)
    competency = await framework.get_competency(competency_id)
    return Template(template_name="competencies/history.html", context={
        "person": person, "is_me": employee_id == request.user.id, "competency": competency,
        "base": _base(request, employee_id), "scale": await framework.scale(),
        "current": await assessments.current_level(employee_id, competency_id),
        "page": await assessments.history(employee_id, competency_id, page)})


@get("/me/competencies", name="competencies:mine", guards=[signed_in])
async def mine(request: Request) -> Template:
    return await _page(request, request.user.id)


@post("/me/competencies", name="competencies:rate_myself", guards=[signed_in])
async def rate_myself(request: Request, data: FormData) -> Template | Redirect:
    return await _rate(request, request.user.id, data)


@get("/me/competencies/{competency_id:int}", name="competencies:my_history", guards=[signed_in])
async def my_history(request: Request, competency_id: FromPath[int], page: FromQuery[int] = 1) -> Template:
    return await _history(request, request.user.id, competency_id, page)


@get("/people/{employee_id:int}/competencies", name="competencies:person", guards=[signed_in])
async def person(request: Request, employee_id: FromPath[int]) -> Template:
    return await _page(request, employee_id)


@post("/people/{employee_id:int}/competencies", name="competencies:rate", guards=[signed_in])
async def rate(request: Request, employee_id: FromPath[int], data: FormData) -> Template | Redirect:
    return await _rate(request, employee_id, data)


@get("/people/{employee_id:int}/competencies/{competency_id:int}", name="competencies:history", guards=[signed_in])
async def person_history(request: Request, employee_id: FromPath[int], competency_id: FromPath[int],
                         page: FromQuery[int] = 1) -> Template:
    return await _history(request, employee_id, competency_id, page)


ASSESSMENT_ROUTES = [mine, rate_myself, my_history, person, rate, person_history]
