"""Learning needs: mine and my reports', raising one, a group's, gap suggestions, planning and dropping."""

from litestar import Request, get, post
from litestar.params import FromPath
from litestar.response import Redirect, Template

from lms.competencies import needs
from lms.courses import learning
from lms.errors import NotFound
from lms.forms import FieldError, Form, FormData
from lms.i18n import gettext as _
from lms.people import visibility
from lms.web.auth import admin_only, signed_in



def _needs_url(user_id: int, employee_id: int) -> str:
    return "/me/needs" if user_id == employee_id else f"/people/{employee_id}/needs"


async def _needs_page(request: Request, employee_id: int) -> Template:
    person = await visibility.visible_employee(request.user, employee_id)
    return Template(template_name="competencies/needs.html", context={
        "person": person, "own": person["id"] == request.user.id,
        "needs": await needs.needs_of(person["id"]),
        "suggestions": await needs.suggestions(person["id"]),
        "courses": await needs.suggested_courses(person["id"]),
        "experts": await needs.experts_for_needs(person["id"]),
        "requests": await needs.linkable_requests(person["id"]),
    })


@get("/me/needs", name="competencies:my_needs", guards=[signed_in])
async def my_needs(request: Request) -> Template:
    return await _needs_page(request, request.user.id)


@get("/people/{employee_id:int}/needs", name="competencies:needs_of", guards=[signed_in])
async def needs_of(request: Request, employee_id: FromPath[int]) -> Template:
    return await _needs_page(request, employee_id)


async def _form_page(request: Request, employee_id: int, values: dict, errors: dict | None = None) -> Template:
    person = await visibility.visible_employee(request.user, employee_id)
    return Template(template_name="competencies/need_form.html", context={
        "person": person, "own": person["id"] == request.user.id, "values": values, "errors": errors or {},
        "competency_options": await _competency_options()})


async def _competency_options() -> list[tuple[int, str]]:
    return [(c["id"], f"{c['area']} · {c['name']}") for c in await needs.competency_choices()]


def _read_need(form: Form) -> needs.NeedInput:
    return needs.NeedInput(title=form.text("title", _("What to learn"), max_length=needs.MAX_TITLE),
                           competency_id=form.optional_id("competency", _("Competency")),
                           note=form.text("note", _("Note"), required=False, max_length=needs.MAX_NOTE))


async def _create(request: Request, employee_id: int, data: dict) -> Template | Redirect:
    await visibility.visible_employee(request.user, employee_id)  # 403 before reading anything
    form = Form(data)
    need = _read_need(form)
    if form.ok:
        try:
            await needs.create(request.user, employee_id, need)
        except FieldError as error:
            form.add_error(error.field, error.message)
    if not form.ok:
        return await _form_page(request, employee_id, data, form.errors)
    return Redirect(status_code=303, path=_needs_url(request.user.id, employee_id) + "?notice=raised")


@get("/me/needs/new", name="competencies:need_new", guards=[signed_in])
async def need_new(request: Request) -> Template:
    return await _form_page(request, request.user.id, {})


@post("/me/needs/new", name="competencies:need_create", guards=[signed_in])
async def need_create(request: Request, data: FormData) -> Template | Redirect:
    return await _create(request, request.user.id, data)


@get("/people/{employee_id:int}/needs/new", name="competencies:need_new_for", guards=[signed_in])
async def need_new_for(request: Request, employee_id: FromPath[int]) -> Template:
    return await _form_page(request, employee_id, {})


@post("/people/{employee_id:int}/needs/new", name="competencies:need_create_for", guards=[signed_in])
async def need_create_for(request: Request, employee_id: FromPath[int], data: FormData) -> Template | Redirect:
    return await _create(request, employee_id, data)


@post("/people/{employee_id:int}/needs/suggested", name="competencies:need_suggested", guards=[signed_in])
async def need_suggested(request: Request, employee_id: FromPath[int], data: FormData) -> Redirect:
    await visibility.visible_employee(request.user, employee_id)
    form = Form(data)
    competency_id = form.optional_id("competency", _("Competency"))
    if competency_id is None:
        raise NotFound
    added = await needs.add_suggestion(request.user, employee_id, competency_id)
    notice = "added" if added else "already"
    return Redirect(status_code=303, path=f"{_needs_url(request.user.id, employee_id)}?notice={notice}")


@post("/needs/{need_id:int}/enrol", name="competencies:need_enrol", guards=[signed_in])
async def need_enrol(request: Request, need_id: FromPath[int], data: FormData) -> Redirect:
    form = Form(data)
    course_id = form.optional_id("course", _("Course"))
    need = await needs.visible_need(request.user, need_id)
    if course_id is None:
        raise NotFound
    await learning.plan_need_with_course(request.user, need_id, course_id)
    return Redirect(status_code=303, path=f"{_needs_url(request.user.id, need['employee'])}?notice=planned")


@post("/needs/{need_id:int}/request", name="competencies:need_request", guards=[signed_in])
async def need_request(request: Request, need_id: FromPath[int], data: FormData) -> Redirect:
    form = Form(data)
    request_id = form.optional_id("request", _("Request"))
    need = await needs.visible_need(request.user, need_id)
    if request_id is None:
        raise NotFound
    await needs.plan_with_request(request.user, need_id, request_id)
    return Redirect(status_code=303, path=f"{_needs_url(request.user.id, need['employee'])}?notice=planned")


async def _drop_page(request: Request, need: dict, values: dict, errors: dict | None = None) -> Template:
    return Template(template_name="competencies/need_drop.html", context={
        "need": need, "values": values, "errors": errors or {},
        "back": _needs_url(request.user.id, need["employee"])})


@get("/needs/{need_id:int}/drop", name="competencies:need_drop_confirm", guards=[signed_in])
async def need_drop_confirm(request: Request, need_id: FromPath[int]) -> Template:
    need = await needs.visible_need(request.user, need_id)
    if need["status"] not in ("open", "planned"):
        raise needs.NotOpen
    return await _drop_page(request, need, {})


@post("/needs/{need_id:int}/drop", name="competencies:need_drop", guards=[signed_in])
async def need_drop(request: Request, need_id: FromPath[int], data: FormData) -> Template | Redirect:
    need = await needs.visible_need(request.user, need_id)
    form = Form(data)
    reason = form.text("reason", _("Reason"), required=False, max_length=500)
    if not form.ok:
        return await _drop_page(request, need, data, form.errors)
    await needs.drop(request.user, need_id, reason)
    return Redirect(status_code=303, path=f"{_needs_url(request.user.id, need['employee'])}?notice=dropped")


async def _group_page(values: dict, errors: dict | None = None, result: needs.GroupResult | None = None) -> Template:
    return Template(template_name="competencies/need_group.html", context={
        "values": values, "errors": errors or {}, "result": result,
        "departments": await needs.department_choices(), "job_profiles": await needs.job_profile_choices(),
        "competency_options": await _competency_options()})


@get("/admin/needs/group", name="competencies:need_group", guards=[admin_only])
async def need_group() -> Template:
    return await _group_page({})


@post("/admin/needs/group", name="competencies:need_group_create", guards=[admin_only])
async def need_group_create(request: Request, data: FormData) -> Template:
    form = Form(data)
    department_id = form.optional_id("department", _("Department"))
    job_profile_id = form.optional_id("job_profile", _("Job profile"))
    need = _read_need(form)
    programme = form.text("programme", _("Programme"), max_length=needs.MAX_PROGRAMME)
    if form.ok and department_id is None and job_profile_id is None:
        form.add_error("department", _("Choose a department, a job profile or both."))
    result = None
    if form.ok:
        try:
            result = await needs.raise_for_group(request.user.id, department_id, job_profile_id, need.title,
                                                 need.competency_id, programme)
        except FieldError as error:
            form.add_error(error.field, error.message)
    if not form.ok:
        return await _group_page(data, form.errors)
    return await _group_page(data, result=result)


NEED_ROUTES = [my_needs, needs_of, need_new, need_create, need_new_for, need_create_for, need_suggested, need_enrol,
               need_request, need_drop_confirm, need_drop, need_group, need_group_create]
