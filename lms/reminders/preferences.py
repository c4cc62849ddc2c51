"""How often someone gets mail, their calendar feed, a weekly learning moment, and quiet hours for push."""
import secrets
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from lms import clock
from lms.courses.tables import Enrolment, Registration
from lms.db import write_transaction
from lms.forms import FieldError
from lms.i18n import gettext as _
from lms.reminders.tables import EMAIL_MODES, Preference


async def of(employee_id: int) -> dict:
    """The person's preferences, created with defaults on first use."""
    async with write_transaction():
        row = await Preference.select().where(Preference.employee == employee_id).first()
        if row is None:
            await Preference.insert(Preference(employee=employee_id, calendar_token=secrets.token_urlsafe(24)))
            row = await Preference.select().where(Preference.employee == employee_id).first()
    return row


def _hour(text: str) -> int | None:
    text = text.strip()
    return int(text) if text.isascii() and text.isdigit() and len(text) <= 2 and int(text) < 24 else None


def quiet_hours(quiet_from: str, quiet_until: str) -> tuple[int | None, int | None]:
    """The hours as the form gives them: no start is no quiet hours; else both, and different."""
    if not quiet_from.strip():
        return None, None
    start, end = _hour(quiet_from), _hour(quiet_until)
    if start is None:
        raise FieldError("quiet_from", _("Choose when the quiet hours start, or no quiet hours."))
    if end is None:
        raise FieldError("quiet_until", _("Choose when the quiet hours end."))
    if start == end:
        raise FieldError("quiet_until", _("The quiet hours must end at another hour than they start."))
    return start, end


async def save(employee_id: int, email: str, weekly_moment: int | None,
               quiet: tuple[str, str] | None = None, recall_reminder: bool = False) -> None:
    """`quiet` is the form's (from, until); None keeps the quiet hours as they are."""
    if email not in EMAIL_MODES:
        raise FieldError("email", _("Choose how often you want e-mail."))
    if weekly_moment is not None and not 0 <= weekly_moment < 7 * 24:
        raise FieldError("weekly_moment", _("Choose a day and hour for your learning moment."))
    values = {Preference.email: email, Preference.weekly_moment: weekly_moment,
              Preference.recall_reminder: recall_reminder}
    if quiet is not None:
        values[Preference.quiet_from], values[Preference.quiet_until] = quiet_hours(*quiet)
    await of(employee_id)
    await Preference.update(values).where(Preference.employee == employee_id)


def after_quiet_hours(now: datetime, quiet_from: int | None, quiet_until: int | None, zone: str) -> datetime:
    """`now`, or when the quiet hours `now` falls in end (hours on the clock of `zone`, which may wrap
    past midnight: 21 to 7)."""
    if quiet_from is None or quiet_until is None or quiet_from == quiet_until:
        return now
    local = now.astimezone(ZoneInfo(zone))
    wraps = quiet_from > quiet_until
    if not (local.hour >= quiet_from or local.hour < quiet_until if wraps else quiet_from <= local.hour < quiet_until):
        return now
    end = local.replace(hour=quiet_until, minute=0, second=0, microsecond=0)
    if end <= local:
        end += timedelta(days=1)  # on the wall clock: 7:00 the next day, also across a change to summer time
    return end.astimezone(now.tzinfo)


async def renew_calendar(employee_id: int) -> None:
    """A new secret address; the old one stops working at once."""
    await of(employee_id)
    await Preference.update({Preference.calendar_token: secrets.token_urlsafe(24)}).where(
        Preference.employee == employee_id)


async def calendar_of(token: str) -> dict | None:
    """What the feed shows, for the owner of a calendar token (or None for an unknown token, or one
    of a person no longer active)."""
    if not token or len(token) > 64:
        return None
    owner = await Preference.select(Preference.employee, Preference.weekly_moment).where(
        Preference.calendar_token == token, Preference.employee.active.eq(True)).first()
    if owner is None:
        return None
    sessions = await Registration.select(
        Registration.session.id.as_alias("id"), Registration.session.course.as_alias("course"),
        Registration.session.starts_at.as_alias("starts_at"), Registration.session.ends_at.as_alias("ends_at"),
        Registration.session.location.as_alias("location"), Registration.session.online_url.as_alias("online_url"),
        Registration.session.course.title.as_alias("title"),
    ).where(Registration.employee == owner["employee"], Registration.status == "registered")
    due = await Enrolment.select(Enrolment.id, Enrolment.course, Enrolment.due_date,
                                 Enrolment.course.title.as_alias("title")).where(
        Enrolment.employee == owner["employee"], Enrolment.due_date.is_not_null(), Enrolment.completed_at.is_null())
    return {"sessions": sessions, "due": due, "weekly_moment": owner["weekly_moment"], "today": clock.now().date()}
