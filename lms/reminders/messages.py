"""What each kind of reminder says, in the recipient's language."""
from dataclasses import dataclass, field
from datetime import datetime

from babel.dates import format_date, format_datetime

from lms import clock, i18n
from lms.competencies.tables import DevelopmentReview
from lms.courses.tables import Certificate, Enrolment, RecallCard, Registration, TrainingRequest
from lms.i18n import gettext as _
from lms.i18n import ngettext
from lms.knowledge.tables import Document, Page, RequiredReading
from lms.people import password_links
from lms.reminders import calendar, checkins
from lms.reminders.tables import Notification
from lms.settings import Settings


@dataclass(frozen=True)
class Message:
    title: str
    body: str
    app_path: str  # where the inbox entry leads
    email_url: str  # where the e-mail's button leads (may be a signed link)
    attachments: tuple[tuple[str, str, bytes], ...] = field(default=())  # (file name, media type, content)


def _checkin(checkin: dict, settings: Settings) -> Message:
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


async def _certificate(payload: dict, settings: Settings, employee_id: int) -> Message:
    """The holder is asked to renew it on the course page; their manager to plan it from the compliance panel."""
    row = await Certificate.select(Certificate.title, Certificate.expires_on, Certificate.course, Certificate.employee,
                                   Certificate.employee.first_name.as_alias("first_name")).where(
        Certificate.id == payload["certificate"]).first()
    names = {"name": row["first_name"], "course": row["title"], "date": format_date(row["expires_on"],
             locale=i18n.current_language.get())}
    holder = employee_id == row["employee"]
    if payload["notice"] == "expired":
        title = _("The certificate %(course)s of %(name)s has expired", **names)
        body = _("It lapsed on %(date)s. Renew it now: follow the course again for a new certificate.", **names) \
            if holder else _("It lapsed on %(date)s. Assign the renewal from the compliance panel.", **names)
    else:
        title = _("The certificate %(course)s of %(name)s expires on %(date)s", **names)
        body = _("Renew it in time, so the certificate stays valid: the course page has a Renew button.") \
            if holder else _("Assign the renewal in time from the compliance panel, so the certificate stays valid.")
    path = (f"/courses/{row['course']}" if row["course"] else "/me/learning") if holder else "/team/compliance"
    return Message(title, body, path, settings.base_url + path)


async def _registered_session(registration_id: int) -> dict:
    session = Registration.session
    return await Registration.select(
        session.id.as_alias("id"), session.course.as_alias("course"), session.starts_at.as_alias("starts_at"),
        session.ends_at.as_alias("ends_at"), session.location.as_alias("location"),
        session.online_url.as_alias("online_url"), session.sequence.as_alias("sequence"),
        session.cancelled_at.as_alias("cancelled_at"), session.course.title.as_alias("title"),
    ).where(Registration.id == registration_id).first()


def _session_message(row: dict, title: str, settings: Settings) -> Message:
    """A message about a session with its calendar entry attached: when, where, and the entry."""
    when = format_datetime(row["starts_at"], "EEEE d MMMM, HH:mm", tzinfo=settings.timezone,
                           locale=i18n.current_language.get())
    body = _("%(when)s, %(where)s. The calendar entry is attached.", when=when,
             where=row["location"] or row["online_url"] or _("place to be announced"))
    path = f"/courses/{row['course']}"
    invitation = calendar.session_invitation(row, row["title"], settings.base_url)
    return Message(title, body, path, settings.base_url + path, (("session.ics", "text/calendar", invitation),))


async def _session(payload: dict, settings: Settings) -> Message:
    row = await _registered_session(payload["registration"])
    return _session_message(row, _("Tomorrow: %(course)s", course=row["title"]), settings)


async def _seat(payload: dict, settings: Settings) -> Message:
    """Someone on the waiting list moved up into a seat."""
    row = await _registered_session(payload["registration"])
    return _session_message(row, _("A seat is free for you: %(course)s", course=row["title"]), settings)


async def _session_changed(payload: dict, settings: Settings) -> Message:
    row = await _registered_session(payload["registration"])
    if row["cancelled_at"]:
        return _session_message(row, _("Cancelled: %(course)s", course=row["title"]), settings)
    return _session_message(row, _("Changed: %(course)s", course=row["title"]), settings)


async def _decision(payload: dict, settings: Settings) -> Message:
    """The requester hears the manager's decision, with the comment."""
    row = await TrainingRequest.select(TrainingRequest.id, TrainingRequest.title, TrainingRequest.status,
                                       TrainingRequest.decision_comment,
                                       TrainingRequest.decided_by.first_name.as_alias("by")).where(
        TrainingRequest.id == payload["request"]).first()
    names = {"course": row["title"], "name": row["by"] or _("L&D"), "comment": row["decision_comment"]}
    if row["status"] == "approved":
        title = _("Approved: %(course)s", **names)
    else:
        title = _("Not approved: %(course)s", **names)
    body = _("%(name)s wrote: %(comment)s", **names) if row["decision_comment"] else _("Decided by %(name)s.", **names)
    path = f"/requests/{row['id']}"
    return Message(title, body, path, settings.base_url + path)


async def _due(payload: dict, settings: Settings) -> Message:
    """The learner's own assigned training, due within a week or overdue."""
    row = await Enrolment.select(Enrolment.course, Enrolment.due_date, Enrolment.course.title.as_alias("title")).where(
        Enrolment.id == payload["enrolment"]).first()
    names = {"course": row["title"], "date": format_date(row["due_date"], locale=i18n.current_language.get())}
    if payload["notice"] == "overdue":
        title = _("Overdue: %(course)s", **names)
        body = _("It was due on %(date)s. A few minutes today get you going again.", **names)
    else:
        title = _("Due on %(date)s: %(course)s", **names)
        body = _("Complete it before %(date)s.", **names)
    path = f"/courses/{row['course']}"
    return Message(title, body, path, settings.base_url + path)


async def _recall(payload: dict, settings: Settings, employee_id: int) -> Message:
    """Questions of completed courses are back on the home page (asked for in the notification settings)."""
    waiting = await RecallCard.count().where(RecallCard.employee == employee_id, RecallCard.due <= clock.now())
    title = ngettext("%(num)s question to keep fresh", "%(num)s questions to keep fresh", waiting) if waiting \
        else _("Keep what you learned fresh")
    return Message(title, _("A minute on your home page keeps what you learned in your courses fresh."), "/",
                   settings.base_url + "/")


async def _review(payload: dict, settings: Settings) -> Message:
    """The owner of a page or library document whose review is due within a month, or overdue."""
    table, key = (Page, payload.get("page")) if "page" in payload else (Document, payload.get("document"))
    columns = [table.title, table.review_due, table.deleted_at] + ([Document.space] if table is Document else [])
    row = await table.select(*columns).where(table.id == key).first()
    if row is None or row["deleted_at"] is not None or row["review_due"] is None:
        return Message(_("Something you own no longer needs a review"), _("It was deleted or its space asks no review."),
                       "/knowledge", settings.base_url + "/knowledge")
    names = {"title": row["title"], "date": format_date(row["review_due"], locale=i18n.current_language.get())}
    if payload["notice"] == "overdue":
        title = _("Review overdue: %(title)s", **names)
        body = _("Its review was due on %(date)s. Is it still right? Confirm it with one click, or edit it.", **names)
    else:
        title = _("Is %(title)s still right?", **names)
        body = _("You own it; its review is due on %(date)s. Confirm it with one click, or edit what changed.",
                 **names)
    path = f"/knowledge/pages/{key}" if table is Page else f"/knowledge/spaces/{row['space']}/documents#document-{key}"
    return Message(title, body, path, settings.base_url + path)


async def _reading(payload: dict, settings: Settings) -> Message:
    """Someone asked to read a page (again, after a new version) and acknowledge it by a date."""
    row = await Page.select(Page.title).where(Page.id == payload["page"]).first()
    due = await RequiredReading.select(RequiredReading.due_date).where(
        RequiredReading.page == payload["page"]).order_by(RequiredReading.due_date).first()
    path = f"/knowledge/pages/{payload['page']}"
    if row is None or due is None:
        return Message(_("A page is no longer required reading"), _("Nothing to do."), "/knowledge",
                       settings.base_url + "/knowledge")
    names = {"title": row["title"], "date": format_date(due["due_date"], locale=i18n.current_language.get())}
    return Message(_("Required reading: %(title)s", **names),
                   _("Read it and confirm that you have read and understood it, by %(date)s.", **names),
                   path, settings.base_url + path)


async def _development_review(payload: dict, settings: Settings) -> Message:
    """The employee's development review, saved by their manager."""
    row = await DevelopmentReview.select(DevelopmentReview.period,
                                        DevelopmentReview.manager.first_name.as_alias("manager")).where(
        DevelopmentReview.id == payload["review"]).first()
    names = {"period": row["period"] if row else "", "name": (row or {}).get("manager") or _("your manager")}
    return Message(_("Your development review %(period)s with %(name)s", **names),
                   _("Read what you agreed: what went well, what to learn next, and the actions with their dates."),
                   "/me/reviews", settings.base_url + "/me/reviews")


async def _training_behind(payload: dict, settings: Settings) -> Message:
    """A manager, late in the year: people in their line are under half their yearly training right
    (counted when planned: a batch of messages reads no year of training)."""
    behind = payload["behind"]
    return Message(ngettext("%(num)s person in your team is far behind on training days",
                            "%(num)s people in your team are far behind on training days", behind),
                   _("Their yearly training right is %(days)s days and the year ends soon: plan a training with them.",
                     days=settings.training_days), "/team/training-days", settings.base_url + "/team/training-days")


async def _evaluation(payload: dict, settings: Settings) -> Message:
    row = await Enrolment.select(Enrolment.course, Enrolment.course.title.as_alias("title")).where(
        Enrolment.id == payload["enrolment"]).first()
    path = f"/courses/{row['course']}/completed"
    return Message(_("How was %(course)s?", course=row["title"]),
                   _("Five quick questions help colleagues choose, and help L&D improve the course."),
                   path, settings.base_url + path)


async def _assignment(payload: dict, settings: Settings) -> Message:
    row = await Enrolment.select(Enrolment.course, Enrolment.due_date, Enrolment.attempt,
                                 Enrolment.course.title.as_alias("title"),
                                 Enrolment.assigned_by.first_name.as_alias("by")).where(
        Enrolment.id == payload["enrolment"]).first()
    names = {"course": row["title"], "name": row["by"] or _("L&D"),
             "date": format_date(row["due_date"], locale=i18n.current_language.get()) if row["due_date"] else ""}
    title = _("Renew %(course)s", **names) if row["attempt"] > 1 else _("New training for you: %(course)s", **names)
    body = _("%(name)s asks you to complete it by %(date)s.", **names) if row["due_date"] \
        else _("%(name)s asks you to complete it.", **names)
    path = f"/courses/{row['course']}"
    return Message(title, body, path, settings.base_url + path)


async def _request(payload: dict, settings: Settings) -> Message:
    row = await TrainingRequest.select(TrainingRequest.title,
                                       TrainingRequest.employee.first_name.as_alias("first_name")).where(
        TrainingRequest.id == payload["request"]).first()
    return Message(_("%(name)s is waiting for your answer", name=row["first_name"]),
                   _("The request for %(course)s has been waiting three days.", course=row["title"]),
                   "/team/requests", settings.base_url + "/team/requests")


async def _overdue(payload: dict, settings: Settings) -> Message:
    rows = await Enrolment.select(Enrolment.course.title.as_alias("title"), Enrolment.due_date,
                                  Enrolment.employee.first_name.as_alias("first_name")).where(
        Enrolment.id.is_in(payload["enrolments"] or [0]), Enrolment.completed_at.is_null())
    lines = "; ".join(f"{r['first_name']}: {r['title']}" for r in rows)
    return Message(_("Overdue trainings in your team"), lines or _("Everything has been caught up."),
                   "/team", settings.base_url + "/team")


async def _digest(payload: dict, settings: Settings, employee_id: int) -> Message:
    rows = await Notification.select(Notification.title).where(
        Notification.employee == employee_id,
        Notification.created_at > datetime.fromisoformat(payload["since"])).order_by(Notification.created_at)
    return Message(_("Your day in lms"), "\n".join(f"- {r['title']}" for r in rows), "/inbox",
                   settings.base_url + "/inbox")


async def _invitation(payload: dict, settings: Settings, employee_id: int) -> Message:
    path = await password_links.link_path(settings.secret_key, employee_id, password_links.INVITATION_VALID)
    return Message(_("Welcome to lms: set your password"),
                   _("Your organisation invites you to lms, for its trainings and knowledge. Set your password "
                     "within seven days with the button below; the link works once."), "/", settings.base_url + path)


async def _password_reset(payload: dict, settings: Settings, employee_id: int) -> Message:
    path = await password_links.link_path(settings.secret_key, employee_id, password_links.RESET_VALID)
    return Message(_("Set a new password for lms"),
                   _("Someone asked for a new password for your account. If it was you, choose one within the hour "
                     "with the button below; the link works once. If not, ignore this mail: nothing changes."),
                   "/", settings.base_url + path)


RENDERERS = {"session": _session, "assignment": _assignment, "evaluation": _evaluation,
             "request": _request, "overdue": _overdue, "seat": _seat, "session_changed": _session_changed,
             "decision": _decision, "due": _due, "review": _review,
             "reading": _reading, "development_review": _development_review,
             "training_behind": _training_behind}
PERSONAL = {"digest": _digest, "certificate": _certificate, "invitation": _invitation, "recall": _recall,
            "password_reset": _password_reset}
# by e-mail only, whatever the person's mail setting: the digest is the mail, and a link to set a
# password is for someone who cannot sign in yet (and never sits in an inbox)
EMAIL_ONLY = {"digest", "invitation", "password_reset"}  # renderers that need to know whose inbox to read


async def render(kind: str, payload: dict, settings: Settings, employee_id: int,
                 known_checkins: dict[int, dict] | None = None) -> Message:
    """Renders in the language that is current: the caller sets the recipient's. A sweep passes the
    check-ins of its batch, fetched at once."""
    if kind == "checkin":
        found = (known_checkins or {}).get(payload["checkin"]) or await checkins.get(payload["checkin"])
        return _checkin(found, settings)
    if kind in PERSONAL:
        return await PERSONAL[kind](payload, settings, employee_id)
    return await RENDERERS[kind](payload, settings)
