"""Notification settings and the personal calendar feed."""

from litestar import Request, Response, get, post
from litestar.params import FromPath
from litestar.response import Redirect, Template

from babel.dates import get_day_names

from lms import i18n
from lms.errors import NotFound
from lms.forms import FieldError, FormData, optional_int
from lms.i18n import gettext as _
from lms.courses import agenda
from lms.reminders import calendar, preferences, push
from lms.web.auth import signed_in



def _moments() -> list[tuple[str | int, str]]:
    """Weekday mornings, middays and afternoons, as hours of the week."""
    days = get_day_names("wide", locale=i18n.current_language.get())
    return [("", _("No weekly learning moment"))] + [
        (day * 24 + hour, f"{days[day].capitalize()} {hour}:00") for day in range(5) for hour in (9, 13, 16)]


def _hours() -> list[tuple[int, str]]:
    return [(hour, f"{hour:02d}:00") for hour in range(24)]


async def _page(request: Request, errors: dict | None = None, typed: dict | None = None) -> Template:
    settings = request.app.state.settings
    preference = await preferences.of(request.user.id)
    return Template(template_name="reminders/preferences.html", context={
        "preference": {**preference, **(typed or {})}, "errors": errors or {}, "moments": _moments(),
        "hours": _hours(), "base_url": settings.base_url, "push_key": await push.application_server_key(settings),
        "devices": await push.devices(request.user.id)})


@get("/me/notifications", name="reminders:preferences", guards=[signed_in])
async def show(request: Request) -> Template:
    return await _page(request)


@post("/me/notifications", name="reminders:preferences_save", guards=[signed_in])
async def save(request: Request, data: FormData) -> Template | Redirect:
    # a form without the quiet hours (an older page) keeps them
    quiet = (str(data["quiet_from"]), str(data.get("quiet_until", ""))) if "quiet_from" in data else None
    try:
        await preferences.save(request.user.id, str(data.get("email", "")),
                               optional_int(str(data.get("weekly_moment", ""))), quiet,
                               recall_reminder=data.get("recall_reminder") == "on")
    except FieldError as error:
        typed = {"quiet_from": quiet[0], "quiet_until": quiet[1]} if quiet else {}
        return await _page(request, {error.field: error.message}, typed)
    return Redirect(status_code=303, path="/me/notifications?notice=saved")


@post("/me/notifications/calendar", name="reminders:calendar_renew", guards=[signed_in])
async def renew(request: Request) -> Redirect:
    await preferences.renew_calendar(request.user.id)
    return Redirect(status_code=303, path="/me/notifications?notice=saved")


@get("/calendar/{token:str}", name="reminders:calendar_feed")
async def feed(request: Request, token: FromPath[str]) -> Response:
    """Public by its secret address, for calendar apps that cannot sign in."""
    data = await preferences.calendar_of(token.removesuffix(".ics"))
    if data is None:
        raise NotFound
    body = calendar.feed(data["sessions"], data["due"], data["weekly_moment"], request.app.state.settings.base_url,
                         _("Learning moment"), data["today"])
    return Response(content=body, media_type="text/calendar; charset=utf-8",
                    headers={"cache-control": "private, max-age=900"})


@get("/calendar/agenda/{token:str}", name="reminders:agenda_feed")
async def agenda_feed(request: Request, token: FromPath[str]) -> Response:
    """The organisation's sessions of the next three months, behind the same secret address."""
    data = await preferences.calendar_of(token.removesuffix(".ics"))
    if data is None:
        raise NotFound
    body = calendar.feed(await agenda.all_upcoming(), [], None, request.app.state.settings.base_url, "", data["today"])
    return Response(content=body, media_type="text/calendar; charset=utf-8",
                    headers={"cache-control": "private, max-age=900"})


PREFERENCE_ROUTES = [show, save, renew, feed, agenda_feed]
