
from litestar import Controller, Request, get, post
from litestar.params import FromPath, FromQuery
from litestar.response import Redirect, Template

from lms.forms import FieldError, FormData, optional_int
from lms.i18n import N_
from lms.i18n import gettext as _
from lms.people import accounts, organisation
from lms.people.forms import employee_form, first_password, password_form
from lms.people.tables import Department, JobProfile
from lms.reminders import notify
from lms.web.auth import admin_only

ROLE_LABELS = {"employee": N_("Employee"), "manager": N_("Manager"), "admin": N_("L&D admin")}


async def _form_page(values: dict, errors: dict, employee_id: int | None = None) -> Template:
    context = {
        "values": values, "errors": errors, "employee_id": employee_id, "roles": ROLE_LABELS,
        "departments": await organisation.unit_choices(Department),
        "job_profiles": await organisation.unit_choices(JobProfile),
        "managers": await accounts.manager_choices(optional_int(str(values.get("manager") or "")), employee_id),
    }
    return Template(template_name="people/employee_form.html", context=context)


class PeopleAdmin(Controller):
    path = "/admin/people"
    guards = [admin_only]

    @get("", name="people:list")
    async def index(self, request: Request, q: FromQuery[str] = "", department: FromQuery[str] = "",
                    job_profile: FromQuery[str] = "", status: FromQuery[str] = "active",
                    page: FromQuery[int] = 1) -> Template:
        filters = {"department": optional_int(department), "job_profile": optional_int(job_profile)}
        people = await accounts.list_employees(q[:200], filters["department"], filters["job_profile"], status, page)
        context = {"page": people, "q": q, **filters, "status": status,
                   "departments": await organisation.unit_choices(Department), "roles": ROLE_LABELS}
        partial = request.headers.get("hx-target") == "results"
        return Template(template_name="people/_partials/results.html" if partial else "people/list.html",
                        context=context, headers={"Vary": "HX-Request, HX-Target"})

    @get("/new", name="people:new")
    async def new(self) -> Template:
        return await _form_page({"role": "employee"}, {})

    @post("", name="people:create")
    async def create(self, request: Request, data: FormData) -> Template | Redirect:
        employee, form = employee_form(data)
        password = first_password(form, employee)
        if form.ok:
            try:
                employee_id = await accounts.create_employee(employee, password, request.user.id)
                if not password:
                    await notify.invited([employee_id])
                return Redirect(status_code=303, path=f"/people/{employee_id}?notice={'created' if password else 'invited'}")
            except FieldError as error:
                form.add_error(error.field, error.message)
        return await _form_page(data, form.errors)

    @get("/{employee_id:int}/edit", name="people:edit")
    async def edit(self, employee_id: FromPath[int]) -> Template:
        return await _form_page(await accounts.get_employee(employee_id), {}, employee_id)

    @post("/{employee_id:int}", name="people:update")
    async def update(self, request: Request, employee_id: FromPath[int], data: FormData) -> Template | Redirect:
        await accounts.get_employee(employee_id)
        employee, form = employee_form(data)
        if form.ok:
            try:
                await accounts.update_employee(employee_id, employee, request.user.id)
                return Redirect(status_code=303, path=f"/people/{employee_id}?notice=saved")
            except FieldError as error:
                form.add_error(error.field, error.message)
        return await _form_page(data, form.errors, employee_id)

    @get("/{employee_id:int}/deactivate", name="people:deactivate_confirm")
    async def confirm_deactivate(self, employee_id: FromPath[int]) -> Template:
        person = await accounts.get_employee(employee_id)
        return Template(template_name="confirm.html", context={
            "title": _("Deactivate %(name)s?", name=f"{person['first_name']} {person['last_name']}"),
            "explanation": _("They are signed out everywhere at once and cannot sign in again. Their learning "
                             "record is kept, and you can activate the account again later."),
            "button": _("Deactivate"), "action": f"/admin/people/{employee_id}/deactivate",
            "cancel": f"/admin/people/{employee_id}/edit"})

    @post("/{employee_id:int}/deactivate", name="people:deactivate")
    async def deactivate(self, request: Request, employee_id: FromPath[int]) -> Template | Redirect:
        return await self._set_active(request, employee_id, False)

    @post("/{employee_id:int}/activate", name="people:activate")
    async def activate(self, request: Request, employee_id: FromPath[int]) -> Template | Redirect:
        return await self._set_active(request, employee_id, True)

    async def _set_active(self, request: Request, employee_id: int, active: bool) -> Template | Redirect:
        try:
            await accounts.set_active(employee_id, active, request.user.id)
        except FieldError as error:
            employee = await accounts.get_employee(employee_id)
            return await _form_page(employee, {error.field: error.message}, employee_id)
        return Redirect(status_code=303, path=f"/admin/people/{employee_id}/edit?notice={'activated' if active else 'deactivated'}")

    @post("/{employee_id:int}/invite", name="people:invite")
    async def invite(self, employee_id: FromPath[int]) -> Redirect:
        await accounts.get_employee(employee_id)
        await notify.invited([employee_id], again=True)
        return Redirect(status_code=303, path=f"/admin/people/{employee_id}/edit?notice=invited")

    @get("/{employee_id:int}/password", name="people:reset_password_form")
    async def password_page(self, employee_id: FromPath[int]) -> Template:
        person = await accounts.get_employee(employee_id)
        return Template(template_name="people/reset_password.html", context={"person": person, "errors": {}})

    @post("/{employee_id:int}/password", name="people:reset_password")
    async def reset_password(self, request: Request, employee_id: FromPath[int], data: FormData) -> Template | Redirect:
        person = await accounts.get_employee(employee_id)
        password, form = password_form(data, person["email"], (person["first_name"], person["last_name"]))
        if password is None:
            return Template(template_name="people/reset_password.html", context={"person": person, "errors": form.errors})
        await accounts.reset_password(employee_id, password, request.user.id)
        return Redirect(status_code=303, path=f"/admin/people/{employee_id}/edit?notice=password")
