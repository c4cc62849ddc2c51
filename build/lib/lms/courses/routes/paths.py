"""L&D assigns courses and runs learning paths."""
import re

from litestar import Controller, Request, get, post
from litestar.params import FromPath
from litestar.response import Redirect, Template

from lms.courses import authoring, paths
from lms.forms import FieldError, Form, FormData
from lms.i18n import gettext as _
from lms.people import organisation
from lms.people.tables import Department, JobProfile
from lms.reminders import notify
from lms.web.auth import admin_only



async def _chooser() -> dict:
    return {"departments": await organisation.unit_choices(Department),
            "job_profiles": await organisation.unit_choices(JobProfile)}


async def _people(data: dict) -> tuple[list[int], Form]:
    """Whom a form names: a department, a job profile, e-mail addresses; and the due date."""
    form = Form(data)
    department = form.optional_id("department", _("Department"))
    job_profile = form.optional_id("job_profile", _("Job profile"))
    emails = [e.lower() for e in re.split(r"[\s,;]+", form.text("emails", _("E-mail addresses"), required=False,
                                                                  max_length=20000)) if e]
    form.optional_date("due_date", _("Due date"))
    people: list[int] = []
    if form.ok:
        try:
            people = await paths.people_for(department, job_profile, emails)
        except FieldError as error:
            form.add_error(error.field, error.message)
    return people, form


@get("/admin/courses/{course_id:int}/assign", name="courses:assign", guards=[admin_only])
async def assign_page(course_id: FromPath[int]) -> Template:
    return Template(template_name="courses/admin_assign.html", context={
        "course": await authoring.get(course_id), "values": {}, "errors": {}, **await _chooser()})


@post("/admin/courses/{course_id:int}/assign", name="courses:assign_save", guards=[admin_only])
async def assign(request: Request, course_id: FromPath[int], data: FormData) -> Template | Redirect:
    course = await authoring.get(course_id)
    people, form = await _people(data)
    if not course["published"]:
        form.add_error("emails", _("Publish the course before assigning it."))
    if not form.ok or "preview" in data:
        return Template(template_name="courses/admin_assign.html", status_code=400 if form.errors else 200, context={
            "course": course, "values": data, "errors": form.errors, **await _chooser(),
            "preview": await paths.names_of(people) if form.ok else None, "total": len(people)})
    await notify.assigned(await paths.assign_course(course_id, people, form.optional_date("due_date", ""),
                                                    request.user.id))
    return Redirect(status_code=303, path=f"/admin/courses/{course_id}/enrolments?notice=saved")


class PathEditor(Controller):
    path = "/admin/paths"
    guards = [admin_only]

    @get("", name="courses:paths")
    async def index(self) -> Template:
        return Template(template_name="courses/admin_paths.html", context={
            "paths": await paths.list_paths(), "values": {}, "errors": {}, **await _chooser()})

    @post("", name="courses:path_create")
    async def create(self, data: FormData) -> Template | Redirect:
        return await self._save(None, data)

    @get("/{path_id:int}", name="courses:path_edit")
    async def edit(self, path_id: FromPath[int]) -> Template:
        return await _path_page(path_id, {}, {})

    @post("/{path_id:int}", name="courses:path_update")
    async def update(self, path_id: FromPath[int], data: FormData) -> Template | Redirect:
        await paths.get_path(path_id)
        return await self._save(path_id, data)

    async def _save(self, path_id: int | None, data: dict) -> Template | Redirect:
        form = Form(data)
        name = form.text("name", _("Name"), max_length=200)
        description = form.text("description", _("Description"), required=False, max_length=2000)
        job_profile = form.optional_id("job_profile", _("Job profile"))
        if form.ok:
            try:
                path_id = await paths.save_path(path_id, name, description, job_profile)
                return Redirect(status_code=303, path=f"/admin/paths/{path_id}?notice=saved")
            except FieldError as error:
                form.add_error(error.field, error.message)
        if path_id:
            return await _path_page(path_id, data, form.errors)
        return Template(template_name="courses/admin_paths.html", context={
            "paths": await paths.list_paths(), "values": data, "errors": form.errors, **await _chooser()})

    @post("/{path_id:int}/courses", name="courses:path_course_add")
    async def add_course(self, path_id: FromPath[int], data: FormData) -> Template | Redirect:
        form = Form(data)
        course = form.optional_id("course", _("Course"))
        try:
            if course is None:
                raise FieldError("course", _("Choose a course."))
            await paths.add_course(path_id, course)
        except FieldError as error:
            return await _path_page(path_id, data, {error.field: error.message})
        return Redirect(status_code=303, path=f"/admin/paths/{path_id}?notice=saved")

    @post("/{path_id:int}/courses/{link_id:int}/delete", name="courses:path_course_remove")
    async def remove_course(self, path_id: FromPath[int], link_id: FromPath[int]) -> Redirect:
        await paths.remove_course(path_id, link_id)
        return Redirect(status_code=303, path=f"/admin/paths/{path_id}?notice=saved")

    @post("/{path_id:int}/assign", name="courses:path_assign")
    async def assign(self, path_id: FromPath[int], data: FormData) -> Template | Redirect:
        await paths.get_path(path_id)
        people, form = await _people(data)
        if not form.ok:
            return await _path_page(path_id, data, form.errors)
        await paths.assign_path(path_id, people, form.optional_date("due_date", ""))
        return Redirect(status_code=303, path=f"/admin/paths/{path_id}?notice=saved")


async def _path_page(path_id: int, values: dict, errors: dict) -> Template:
    path = await paths.get_path(path_id)
    return Template(template_name="courses/admin_path.html", context={
        "path": path, "values": values or path, "errors": errors, "courses": await paths.courses_of(path_id),
        "progress": await paths.progress(path_id),
        "catalogue": await paths.published_choices(),
        **await _chooser()})


PATH_ROUTES = [assign_page, assign, PathEditor]
