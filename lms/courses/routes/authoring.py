"""L&D's catalogue editor: courses, their competencies, cover and publishing."""
from typing import Annotated, Any

from litestar import Controller, get, post
from litestar.datastructures import UploadFile
from litestar.enums import RequestEncodingType
from litestar.params import Body, FromPath, FromQuery
from litestar.response import Redirect, Template

from lms.courses import authoring, captions, lessons, videos
from lms.courses.forms import COURSE_DEFAULTS, course_form
from lms.forms import Form, FormData, money_text, optional_int
from lms.i18n import gettext as _
from lms.knowledge import search
from lms.people.accounts import manager_choices
from lms.settings import load_settings
from lms.storage import TooLarge, WrongType, storage
from lms.web.auth import admin_only

Upload = Annotated[dict[str, Any], Body(media_type=RequestEncodingType.MULTI_PART)]
IMAGES = {"image/png": "png", "image/jpeg": "jpg", "image/webp": "webp"}
COVER_LIMIT = 2 * 1024 * 1024


async def chunks(upload: UploadFile):
    while chunk := await upload.read(256 * 1024):
        yield chunk


async def _form_page(values: dict, errors: dict, course_id: int | None = None, notice: str = "") -> Template:
    context = {"values": values, "errors": errors, "course_id": course_id, "notice_text": notice,
               "trainers": await manager_choices(optional_int(str(values.get("trainer") or "")))}
    if course_id:
        context |= {"course": await authoring.get(course_id), **await lesson_list(course_id),
                    "competencies": await authoring.competencies(course_id),
                    "competency_choices": await authoring.competency_choices(),
                    "problems": await authoring.problems(course_id)}
    return Template(template_name="courses/admin_course.html", context=context)


async def lesson_list(course_id: int) -> dict:
    """What the editor's list of lessons shows (courses/_partials/admin_lessons.html)."""
    return {"course_id": course_id, "lessons": await lessons.of_course(course_id), "video_failure": videos.failure,
            "upload_max_mb": load_settings().upload_max_mb,
            "caption_languages": await captions.languages_by_lesson(course_id)}


def _values(course: dict) -> dict:
    return {**course, "cost": money_text(course["cost_cents"]), "mandatory": "yes" if course["mandatory"] else ""}


class CourseEditor(Controller):
    path = "/admin/courses"
    guards = [admin_only]

    @get("", name="courses:admin_list")
    async def index(self, q: FromQuery[str] = "", status: FromQuery[str] = "", page: FromQuery[int] = 1) -> Template:
        return Template(template_name="courses/admin_courses.html", context={
            "page": await authoring.list_courses(q[:200], status, page), "q": q, "status": status})

    @get("/new", name="courses:admin_new")
    async def new(self) -> Template:
        return await _form_page(COURSE_DEFAULTS, {})

    @post("", name="courses:admin_create")
    async def create(self, data: FormData) -> Template | Redirect:
        course, form = course_form(data)
        if not form.ok:
            return await _form_page(data, form.errors)
        course_id = await authoring.create(course)
        await search.index_course(course_id)  # searchable at once (hidden until published)
        return Redirect(status_code=303, path=f"/admin/courses/{course_id}/edit?notice=created")

    @get("/{course_id:int}/edit", name="courses:admin_edit")
    async def edit(self, course_id: FromPath[int]) -> Template:
        return await _form_page(_values(await authoring.get(course_id)), {}, course_id)

    @post("/{course_id:int}", name="courses:admin_update")
    async def update(self, course_id: FromPath[int], data: FormData) -> Template | Redirect:
        await authoring.get(course_id)
        course, form = course_form(data)
        if not form.ok:
            return await _form_page(data, form.errors, course_id)
        await authoring.update(course_id, course)
        await search.index_course(course_id)
        return Redirect(status_code=303, path=f"/admin/courses/{course_id}/edit?notice=saved")

    @post("/{course_id:int}/publish", name="courses:admin_publish")
    async def publish(self, course_id: FromPath[int], data: FormData) -> Redirect:
        await authoring.set_published(course_id, data.get("published") == "yes")
        await search.index_course(course_id)
        return Redirect(status_code=303, path=f"/admin/courses/{course_id}/edit?notice=saved")

    @post("/{course_id:int}/cover", name="courses:admin_cover", request_max_body_size=COVER_LIMIT + 64 * 1024)
    async def cover(self, course_id: FromPath[int], data: Upload) -> Template | Redirect:
        course = await authoring.get(course_id)
        upload = data.get("cover")
        if not isinstance(upload, UploadFile):
            return await _form_page(_values(course), {"cover": _("Choose an image.")}, course_id)
        try:
            stored = await storage().save(chunks(upload), "covers", IMAGES, COVER_LIMIT)
        except TooLarge:
            return await _form_page(_values(course), {"cover": _("The image can be at most 2 MB.")}, course_id)
        except WrongType:
            return await _form_page(_values(course), {"cover": _("The cover must be a PNG, JPEG or WebP image.")},
                                    course_id)
        await storage().delete(await authoring.set_cover(course_id, stored.key))
        return Redirect(status_code=303, path=f"/admin/courses/{course_id}/edit?notice=saved")

    @post("/{course_id:int}/competencies", name="courses:admin_competency_add")
    async def add_competency(self, course_id: FromPath[int], data: FormData) -> Template | Redirect:
        form = Form(data)
        competency = form.optional_id("competency", _("Competency"))
        level = form.whole_number("level", _("Level"), 1, 4)
        if competency is None or not form.ok:
            errors = form.errors or {"competency": _("Choose a competency.")}
            return await _form_page(_values(await authoring.get(course_id)), errors, course_id)
        await authoring.add_competency(course_id, competency, level)
        return Redirect(status_code=303, path=f"/admin/courses/{course_id}/edit?notice=saved#competencies")

    @post("/{course_id:int}/competencies/{link_id:int}/delete", name="courses:admin_competency_remove")
    async def remove_competency(self, course_id: FromPath[int], link_id: FromPath[int]) -> Redirect:
        await authoring.remove_competency(course_id, link_id)
        return Redirect(status_code=303, path=f"/admin/courses/{course_id}/edit?notice=saved#competencies")

    @get("/{course_id:int}/enrolments", name="courses:enrolments")
    async def enrolments(self, course_id: FromPath[int], page: FromQuery[int] = 1) -> Template:
        return Template(template_name="courses/admin_enrolments.html", context={
            "course": await authoring.get(course_id), "page": await authoring.enrolments(course_id, page)})
