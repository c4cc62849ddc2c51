"""The people forms: only the fields a user may set, each checked with a message."""
from collections.abc import Iterable, Mapping

from lms.forms import Form
from lms.i18n import gettext as _
from lms.people.accounts import EmployeeInput
from lms.people.passwords import weakness
from lms.people.tables import ROLES


def employee_form(data: Mapping) -> tuple[EmployeeInput, Form]:
    """The employee as typed; use it only when form.ok."""
    form = Form(data)
    employee = EmployeeInput(
        email=form.email("email", _("E-mail")),
        first_name=form.text("first_name", _("First name")),
        last_name=form.text("last_name", _("Last name")),
        role=form.choice("role", _("Role"), ROLES),
        department=form.optional_id("department", _("Department")),
        job_profile=form.optional_id("job_profile", _("Job profile")),
        manager=form.optional_id("manager", _("Manager")),
        job_title=form.text("job_title", _("Job title"), required=False, max_length=150),
        hire_date=form.optional_date("hire_date", _("Hire date")),
    )
    return employee, form


def unit_form(data: Mapping, with_description: bool) -> tuple[dict | None, Form]:
    form = Form(data)
    values = {"name": form.text("name", _("Name"), max_length=120)}
    if with_description:
        values["description"] = form.text("description", _("Description"), required=False, max_length=2000)
    return (values if form.ok else None), form


def first_password(form: Form, employee: EmployeeInput) -> str:
    """The password L&D may give a new account (none: an invitation goes out), held to the same rules."""
    password = form.optional_password("password")
    if password and form.ok and (problem := weakness(password, employee.email, (employee.first_name, employee.last_name))):
        form.add_error("password", problem)
    return password


def password_form(data: Mapping, email: str, names: Iterable[str]) -> tuple[str | None, Form]:
    """A new password for the person with this e-mail and these names, who may not use them in it."""
    form = Form(data)
    password = form.new_password("password", "password_confirm")
    if form.ok and (problem := weakness(password, email, names)):
        form.add_error("password", problem)
    return (password if form.ok else None), form
