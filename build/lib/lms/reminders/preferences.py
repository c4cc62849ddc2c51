"""How often someone gets mail, their calendar feed, and a weekly learning moment."""
import secrets

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


async def save(employee_id: int, email: str, weekly_moment: int | None) -> None:
    if email not in EMAIL_MODES:
        raise FieldError("email", _("Choose how often you want e-mail."))
    if weekly_moment is not None and not 0 <= weekly_moment < 7 * 24:
        raise FieldError("weekly_moment", _("Choose a day and hour for your learning moment."))
    await of(employee_id)
    await Preference.update({Preference.email: email, Preference.weekly_moment: weekly_moment}).where(
        Preference.employee == employee_id)


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
