"""Registering for sessions, and L&D's session lists with attendance."""
from datetime import datetime, time
from typing import Annotated, Any
from zoneinfo import ZoneInfo

from litestar import Request, get, post
from litestar.enums import RequestEncodingType
from litestar.params import Body, FromPath
from litestar.response import Redirect, Template

from lms import clock
from lms.courses import sessions
from lms.courses.tables import Course
from lms.errors import NotFound
from lms.forms import Form
from lms.i18n import gettext as _
from lms.web.auth import admin_only, signed_in

FormData = Annotated[dict[str, Any], Body(media_type=RequestEncodingType.URL_ENCODED)]


@post("/courses/{course_id:int}/sessions/{session_id:int}/register", name="courses:session_register",
      guards=[signed_in])
async def register(request: Request, course_id: FromPath[int], session_id: FromPath[int]) -> Redirect:
    status = await sessions.register(request.user.id, course_id, session_id)
    return Redirect(status_code=303, path=f"/courses/{course_id}?notice={status}#sessions")


@post("/courses/{course_id:int}/sessions/{session_id:int}/cancel", name="courses:session_cancel", guards=[signed_in])
async def cancel(request: Request, course_id: FromPath[int], session_id: FromPath[int]) -> Redirect:
    await sessions.cancel(request.user.id, course_id, session_id)
    return Redirect(status_code=303, path=f"/courses/{course_id}?notice=cancelled#sessions")


async def _course(course_id: int) -> dict:
    row = await Course.select(Course.id, Course.title).where(Course.id == course_id).first()
    if row is None:
        raise NotFound
    return row


async def _admin_page(course_id: int, values: dict | None = None, errors: dict | None = None) -> Template:
    return Template(template_name="courses/sessions_admin.html", context={
        "course": await _course(course_id), "sessions": await sessions.of_course(course_id),
        "values": values or {"capacity": "12"}, "errors": errors or {}})


@get("/admin/courses/{course_id:int}/sessions", name="courses:sessions_admin", guards=[admin_only])
async def sessions_admin(course_id: FromPath[int]) -> Template:
    return await _admin_page(course_id)


def _when(form: Form, day: str, at: str, label: str, zone: str) -> datetime | None:
    moment = form.optional_date(day, _("Date"))
    text = form.raw(at).strip()
    try:
        clock_time = time.fromisoformat(text)
    except ValueError:
        form.add_error(at, _("%(field)s must be a time like 09:30.", field=label))
        return None
    return datetime.combine(moment, clock_time, ZoneInfo(zone)) if moment else None


@post("/admin/courses/{course_id:int}/sessions", name="courses:session_create", guards=[admin_only])
async def session_create(request: Request, course_id: FromPath[int], data: FormData) -> Template | Redirect:
    await _course(course_id)
    form = Form(data)
    if not form.raw("day").strip():
        form.add_error("day", _("%(field)s is required.", field=_("Date")))
    zone = request.app.state.settings.timezone
    starts = _when(form, "day", "start", _("Start"), zone)
    ends = _when(form, "day", "end", _("End"), zone)
    location = form.text("location", _("Place"), required=False, max_length=200)
    link = form.text("online_url", _("Online link"), required=False, max_length=500)
    capacity = form.whole_number("capacity", _("Capacity"), 1, 1000)
    if link and not link.startswith(("https://", "http://")):
        form.add_error("online_url", _("The online link must start with https://."))
    if not location and not link:
        form.add_error("location", _("Give a place, an online link, or both."))
    if starts and starts <= clock.now():
        form.add_error("day", _("A session cannot start in the past."))
    if starts and ends and ends <= starts:
        form.add_error("end", _("The end must come after the start."))
    if not form.ok:
        return await _admin_page(course_id, data, form.errors)
    await sessions.create(course_id, starts, ends, location, link, capacity)
    return Redirect(status_code=303, path=f"/admin/courses/{course_id}/sessions?notice=created")


@get("/admin/sessions/{session_id:int}", name="courses:attendance", guards=[admin_only])
async def attendance(session_id: FromPath[int]) -> Template:
    session, people = await sessions.attendance_list(session_id)
    return Template(template_name="courses/attendance.html", context={"session": session, "people": people})


@post("/admin/sessions/{session_id:int}", name="courses:attendance_save", guards=[admin_only])
async def attendance_save(session_id: FromPath[int], data: FormData) -> Redirect:
    marks = {int(name[1:]): str(value) for name, value in data.items()
             if name.startswith("r") and name[1:].isdigit() and value in ("present", "absent")}
    await sessions.mark_attendance(session_id, marks)
    return Redirect(status_code=303, path=f"/admin/sessions/{session_id}?notice=saved")


SESSION_ROUTES = [register, cancel, sessions_admin, session_create, attendance, attendance_save]
