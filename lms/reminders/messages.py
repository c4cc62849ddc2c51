"""What each kind of reminder says, in the recipient's language."""
from dataclasses import dataclass

from lms.i18n import gettext as _
from lms.reminders import checkins
from lms.settings import Settings


@dataclass(frozen=True)
class Message:
    title: str
    body: str
    app_path: str  # where the inbox entry leads
    email_url: str  # where the e-mail's button leads (may be a signed link)


async def _checkin(payload: dict, settings: Settings) -> Message:
    checkin = await checkins.get(payload["checkin"])
    if checkin["for_manager"]:
        title = _("Is %(name)s applying %(course)s?", name=checkin["learner_first_name"], course=checkin["course_title"])
        body = _("%(name)s completed %(course)s. Tell us in a minute whether it shows in their work.",
                 name=checkin["learner_first_name"], course=checkin["course_title"])
    else:
        title = _("How is it going with %(course)s?", course=checkin["course_title"])
        body = _("You completed %(course)s. Do you apply it? Answering takes less than a minute.",
                 course=checkin["course_title"])
    return Message(title, body, f"/checkins/{checkin['id']}",
                   settings.base_url + checkins.signed_path(settings.secret_key, checkin))


RENDERERS = {"checkin": _checkin}


async def render(kind: str, payload: dict, settings: Settings) -> Message:
    """Renders in the language that is current: the caller sets the recipient's."""
    return await RENDERERS[kind](payload, settings)
