"""Registering for sessions, and L&D's session lists with attendance."""
from datetime import datetime, time
from zoneinfo import ZoneInfo

from litestar import Request, get, post
from litestar.params import FromPath
from litestar.response import Redirect, Template

from lms import clock
from lms.courses import sessions
from lms.courses.tables import Course
from lms.errors import NotFound
from lms.forms import FieldError, Form, FormData
from lms.i18n import gettext as _
from lms.i18n import ngettext
from lms.reminders import notify
from lms.web.auth import admin_only, signed_in



@post("/courses/{course_id:int}/sessions/{session_id:int}/register", name="courses:session_register",
      guards=[signed_in])
async def register(request: Request, course_id: FromPath[int], session_id: FromPath[int]) -> Redirect:
    status = await sessions.register(request.user.id, course_id, session_id)
    return Redirect(status_code=303, path=f"/courses/{course_id}?notice={status}#sessions")


@post("/courses/{course_id:int}/sessions/{session_id:int}/cancel", name="courses:session_cancel", guards=[signed_in])
async def cancel(request: Request, course_id: FromPath[int], session_id: FromPath[int]) -> Redirect:
    moved_up = await sessions.cancel(request.user.id, course_id, session_id)
    await notify.seat_given([moved_up] if moved_up else [])
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


def _session_form(data: dict, zone: str) -> tuple[dict, Form]:
    """The session as typed (starts_at, ends_at, location, online_url, capacity); use it only when form.ok."""
    form = Form(data)
    if not form.raw("day").strip():
        form.add_error("day", _("%(field)s is required.", field=_("Date")))
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
    return {"starts_at": starts, "ends_at": ends, "location": location, "online_url": link,
            "capacity": capacity}, form


@post("/admin/courses/{course_id:int}/sessions", name="courses:session_create", guards=[admin_only])
async def session_create(request: Request, course_id: FromPath[int], data: FormData) -> Template | Redirect:
    await _course(course_id)
    fields, form = _session_form(data, request.app.state.settings.timezone)
    if not form.ok:
        return await _admin_page(course_id, data, form.errors)
    await sessions.create(course_id, **fields)
    return Redirect(status_code=303, path=f"/admin/courses/{course_id}/sessions?notice=created")


def _typed(session: dict, zone: str) -> dict:
    """A saved session as its form shows it, in the organisation's time zone."""
    starts, ends = session["starts_at"].astimezone(ZoneInfo(zone)), session["ends_at"].astimezone(ZoneInfo(zone))
    return {"day": starts.date().isoformat(), "start": starts.strftime("%H:%M"), "end": ends.strftime("%H:%M"),
            "location": session["location"], "online_url": session["online_url"], "capacity": session["capacity"]}


async def _attendance_page(request: Request, session_id: int, values: dict | None = None,
                           errors: dict | None = None) -> Template:
    session, people = await sessions.attendance_list(session_id)
    return Template(template_name="courses/attendance.html", status_code=400 if errors else 200, context={
        "session": session, "people": people, "errors": errors or {},
        "values": values or _typed(session, request.app.state.settings.timezone)})


@get("/admin/sessions/{session_id:int}", name="courses:attendance", guards=[admin_only])
async def attendance(request: Request, session_id: FromPath[int]) -> Template:
    return await _attendance_page(request, session_id)


@post("/admin/sessions/{session_id:int}/edit", name="courses:session_change", guards=[admin_only])
async def session_change(request: Request, session_id: FromPath[int], data: FormData) -> Template | Redirect:
    await sessions.attendance_list(session_id)
    fields, form = _session_form(data, request.app.state.settings.timezone)
    if form.ok:
        try:
            told, moved = await sessions.change(session_id, **fields)
        except FieldError as error:
            form.add_error(error.field, error.message)
    if not form.ok:
        return await _attendance_page(request, session_id, data, form.errors)
    await notify.session_changed(session_id, told)
    await notify.seat_given(moved)
    return Redirect(status_code=303, path=f"/admin/sessions/{session_id}?notice=session_changed")


@get("/admin/sessions/{session_id:int}/cancel", name="courses:session_cancel_confirm", guards=[admin_only])
async def session_cancel_confirm(session_id: FromPath[int]) -> Template:
    session, people = await sessions.attendance_list(session_id)
    return Template(template_name="confirm.html", context={
        "title": _("Cancel this session of %(course)s?", course=session["title"]),
        "explanation": ngettext("The %(num)s person registered or waiting is told, with a calendar cancellation.",
                                "The %(num)s people registered or waiting are told, with a calendar cancellation.",
                                len(people)),
        "button": _("Cancel the session"), "action": f"/admin/sessions/{session_id}/cancel",
        "cancel": f"/admin/sessions/{session_id}", "keep": _("Keep the session")})


@post("/admin/sessions/{session_id:int}/cancel", name="courses:session_cancel_all", guards=[admin_only])
async def session_cancel_all(session_id: FromPath[int]) -> Redirect:
    told = await sessions.cancel_session(session_id)
    await notify.session_changed(session_id, told)
    return Redirect(status_code=303, path=f"/admin/sessions/{session_id}?notice=session_cancelled")


@post("/admin/sessions/{session_id:int}", name="courses:attendance_save", guards=[admin_only])
async def attendance_save(session_id: FromPath[int], data: FormData) -> Redirect:
    marks = {int(name[1:]): str(value) for name, value in data.items()
             if name.startswith("r") and name[1:].isdigit() and value in ("present", "absent")}
    await sessions.mark_attendance(session_id, marks)
    return Redirect(status_code=303, path=f"/admin/sessions/{session_id}?notice=saved")


SESSION_ROUTES = [register, cancel, sessions_admin, session_create, attendance, attendance_save, session_change,
                  session_cancel_confirm, session_cancel_all]
