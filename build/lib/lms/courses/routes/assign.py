"""Managers (for their line) and L&D (for anyone) assign a course with a due date, e.g. a renewal
from the compliance panel or a course for a gap; the assignees are told."""
from typing import Any

from litestar import Request, get, post
from litestar.response import Redirect, Template

from lms import clock
from lms.courses import assigning
from lms.forms import Form, FormData, optional_int
from lms.i18n import gettext as _
from lms.reminders import notify
from lms.web.auth import manager_only

BACK = ("/team/", "/admin/reports/")  # where the form may send people back to


def _back(path: str) -> str:
    return path if path.startswith(BACK) and "//" not in path else "/team/overview"


def _ids(values: Any) -> list[int]:
    values = values if isinstance(values, list) else [values] if values else []
    return [n for n in (optional_int(str(v)) for v in values) if n is not None]


async def _page(request: Request, values: dict, errors: dict, chosen: list[int]) -> Template:
    people = await assigning.people_for(request.user, chosen)
    return Template(template_name="courses/assign.html", context={
        "courses": await assigning.course_choices(), "people": people, "chosen": set(chosen),
        "following": await assigning.following(optional_int(str(values.get("course", ""))), people),
        "values": values, "errors": errors}, status_code=400 if errors else 200)


@get("/assign", name="courses:assign_people", guards=[manager_only])
async def assign_form(request: Request) -> Template:
    query = request.query_params
    chosen = _ids(query.getall("person", []))
    values = {"course": query.get("course", ""), "due_date": assigning.default_due().isoformat(),
              "back": _back(query.get("back", ""))}
    return await _page(request, values, {}, chosen)


@post("/assign", name="courses:assign_people_save", guards=[manager_only])
async def assign_save(request: Request, data: FormData) -> Template | Redirect:
    form = Form(data)
    people = _ids(data.get("person"))
    course_id = form.optional_id("course", _("Course"))
    due = form.optional_date("due_date", _("Due date"))
    if course_id is None and form.ok:
        form.add_error("course", _("%(field)s is required.", field=_("Course")))
    elif course_id not in {c["id"] for c in await assigning.course_choices()} and form.ok:
        form.add_error("course", _("Choose a valid %(field)s.", field=_("course")))
    if due and due < clock.now().date():
        form.add_error("due_date", _("The due date cannot be in the past."))
    if not people:
        form.add_error("person", _("Choose at least one person."))
    if not form.ok:
        return await _page(request, {**data, "back": _back(form.raw("back"))}, form.errors, people)
    enrolments = await assigning.assign(request.user, course_id, people, due)
    await notify.assigned(enrolments)
    return Redirect(status_code=303, path=f"{_back(form.raw('back'))}?notice=assigned")


ASSIGN_ROUTES = [assign_form, assign_save]
