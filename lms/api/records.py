"""What the API reads and writes, through the domains' own services and with the pages' rules:
people, enrolments, needs and levels of yourself and your line (L&D: everyone), the published
catalogue (L&D: drafts too), courses added by L&D, enrolments as the assign form makes them,
ratings as the competency pages take them."""
from datetime import date, datetime, timezone

from lms import clock
from lms.competencies import assessments
from lms.competencies.tables import CurrentLevel, LearningNeed
from lms.courses import assigning, authoring, certificates, corrections, learning
from lms.courses.forms import COURSE_DEFAULTS, course_form
from lms.courses.tables import Certificate, Course, Enrolment
from lms.db import is_valid_id
from lms.errors import Conflict, Forbidden, NotFound
from lms.forms import FieldError
from lms.pagination import PER_PAGE, Page, clamp_page
from lms.people import visibility
from lms.people.sessions import SignedIn
from lms.people.tables import Employee
from lms.reminders import notify

PERSON = (Employee.id, Employee.email, Employee.first_name, Employee.last_name, Employee.role, Employee.active,
          Employee.department.name.as_alias("department"), Employee.job_profile.name.as_alias("job_profile"),
          Employee.manager.as_alias("manager_id"))
COURSE = (Course.id, Course.title, Course.summary, Course.format, Course.minutes, Course.mandatory, Course.published,
          Course.validity_months)
NEED = (LearningNeed.id, LearningNeed.employee.as_alias("person_id"), LearningNeed.title, LearningNeed.source,
        LearningNeed.status, LearningNeed.competency.as_alias("competency_id"), LearningNeed.created_at,
        LearningNeed.updated_at)
LEVEL = (CurrentLevel.employee.as_alias("person_id"), CurrentLevel.competency.as_alias("competency_id"),
         CurrentLevel.competency.name.as_alias("competency"), CurrentLevel.level, CurrentLevel.source,
         CurrentLevel.assessed_at)
ENROLMENT = (Enrolment.id, Enrolment.employee.as_alias("person_id"), Enrolment.course.as_alias("course_id"),
             Enrolment.attempt, Enrolment.source, Enrolment.due_date, Enrolment.enrolled_at, Enrolment.completed_at,
             Enrolment.score)


def _utc(moment: datetime) -> datetime:
    """A `since` without a zone is taken as UTC, as the API writes its times."""
    return moment.replace(tzinfo=timezone.utc) if moment.tzinfo is None else moment.astimezone(timezone.utc)


def _seen_by(actor: SignedIn, column=Employee.id) -> list:
    """The where clause for people the actor may see: everyone for L&D, else themselves and their line."""
    return [] if actor.is_admin else [(column == actor.id) | visibility.in_line_of(actor.id, column)]


async def _page(table, columns: tuple, where: list, page: int) -> Page:
    """One page of the table's rows (oldest first) and how many there are in all."""
    number = clamp_page(page)
    rows = await table.select(*columns).where(*where).order_by(table.id).limit(PER_PAGE).offset(
        (number - 1) * PER_PAGE)
    return Page(rows=rows, total=await table.count().where(*where), number=number)


async def people(actor: SignedIn, page: int) -> Page:
    where = _seen_by(actor)
    return await _page(Employee, PERSON, where, page)


async def person(actor: SignedIn, person_id: int) -> dict:
    row = await Employee.select(*PERSON).where(Employee.id == person_id, *_seen_by(actor)).first() \
        if is_valid_id(person_id) else None
    if row is None:
        raise NotFound("No such person, or not one you may see")
    return row


def _catalogue(actor: SignedIn) -> list:
    return [] if actor.is_admin else [Course.published.eq(True)]


async def courses(actor: SignedIn, page: int) -> Page:
    where = _catalogue(actor)
    return await _page(Course, COURSE, where, page)


async def course(actor: SignedIn, course_id: int) -> dict:
    row = await Course.select(*COURSE).where(Course.id == course_id, *_catalogue(actor)).first() \
        if is_valid_id(course_id) else None
    if row is None:
        raise NotFound("No such course in the catalogue")
    return row


async def add_course(actor: SignedIn, data) -> dict:
    """A draft, checked by the course form's own rules; L&D publishes it after adding lessons."""
    if not actor.is_admin:
        raise Forbidden("Only L&D adds courses")
    given = {**COURSE_DEFAULTS, "title": data.title, "summary": data.summary, "format": data.format,
             "minutes": str(data.minutes), "mandatory": "yes" if data.mandatory else "",
             "validity_months": str(data.validity_months)}
    values, form = course_form(given)
    if not form.ok:
        field, message = next(iter(form.errors.items()))
        raise FieldError(field, message)
    return await course(actor, await authoring.create(values))


async def enrolments(actor: SignedIn, person_id: int | None, course_id: int | None, since: datetime | None,
                     page: int) -> Page:
    """Oldest first; with `since`, those begun, worked on or completed from then on (for a sync)."""
    where = _seen_by(actor, Enrolment.employee)
    if person_id is not None:
        where.append(Enrolment.employee == person_id)
    if course_id is not None:
        where.append(Enrolment.course == course_id)
    if since is not None:
        since = _utc(since)
        where.append((Enrolment.last_activity_at >= since) | (Enrolment.completed_at >= since)
                     | (Enrolment.enrolled_at >= since))
    return await _page(Enrolment, ENROLMENT, where, page)


async def needs(actor: SignedIn, person_id: int | None, page: int) -> Page:
    where = _seen_by(actor, LearningNeed.employee)
    if person_id is not None:
        where.append(LearningNeed.employee == person_id)
    return await _page(LearningNeed, NEED, where, page)


async def levels(actor: SignedIn, person_id: int | None, since: datetime | None, page: int) -> Page:
    """The level that counts now per person and competency (self-ratings until someone else rates)."""
    where = _seen_by(actor, CurrentLevel.employee)
    if person_id is not None:
        where.append(CurrentLevel.employee == person_id)
    if since is not None:
        where.append(CurrentLevel.assessed_at >= _utc(since))
    return await _page(CurrentLevel, LEVEL, where, page)


async def rate(actor: SignedIn, person_id: int, competency_id: int, level: int, note: str) -> dict:
    """A rating as the pages make it: yourself, someone in your line, or anyone as L&D."""
    await assessments.rate(actor, person_id, competency_id, level, note)
    return await CurrentLevel.select(*LEVEL).where(CurrentLevel.employee == person_id,
                                                   CurrentLevel.competency == competency_id).first()


async def enrol(actor: SignedIn, person_id: int, course_id: int, due: date | None) -> dict:
    """As the assign form does: a manager for their line, L&D for anyone; renews a lapsed certificate."""
    await course(actor, course_id)
    if due is not None and due < clock.now().date():
        raise FieldError("due_date", "The due date is in the past")
    if not is_valid_id(person_id):
        raise NotFound("No such person, or not one you may see")
    ids = await assigning.assign(actor, course_id, [person_id], due)
    await notify.assigned(ids)  # the person hears of it as from the assign form
    return await Enrolment.select(*ENROLMENT).where(Enrolment.id == ids[0]).first()


async def record_completion(actor: SignedIn, person_id: int, course_id: int, note: str) -> dict:
    """A training done elsewhere, from an HR system: L&D's "mark complete" with the note as reason;
    the certificate, levels and check-ins follow as for any completion."""
    if not actor.is_admin:
        raise Forbidden("Only L&D records completions")
    await person(actor, person_id)
    await course(actor, course_id)
    current = await learning.enrolment_of(person_id, course_id)
    if current is None or current["completed_at"] is not None:
        enrolment_id = await learning.enrol(person_id, course_id, source="assigned", assigned_by=actor.id)
        if current is not None and enrolment_id == current["id"]:
            raise Conflict("This training is completed and its certificate is not due for renewal")
    else:
        enrolment_id = current["id"]
    await corrections.mark_complete(actor.id, enrolment_id, note, None)
    return await Enrolment.select(*ENROLMENT).where(Enrolment.id == enrolment_id).first()


CERTIFICATE = (Certificate.code, Certificate.employee.as_alias("person_id"), Certificate.course.as_alias("course_id"),
               Certificate.title.as_alias("course"), Certificate.issued_on, Certificate.expires_on)


async def certificates_of(actor: SignedIn, person_id: int | None, page: int) -> Page:
    """Certificates of the people the actor may see, newest first, each with its status today."""
    where = _seen_by(actor, Certificate.employee)
    if person_id is not None:
        where.append(Certificate.employee == person_id)
    found = await _page(Certificate, CERTIFICATE, where, page)
    today = clock.now().date()
    return Page(rows=[{**row, "status": certificates.status(row, today)} for row in found.rows], total=found.total,
                number=found.number)


async def certificate(code: str) -> dict:
    found = await certificates.by_code(code)
    if found is None:
        raise NotFound("No certificate has this code")
    superseded = await certificates.is_superseded(found)
    return {"code": found["code"], "person": f"{found['first_name']} {found['last_name']}", "course": found["title"],
            "issued_on": found["issued_on"], "expires_on": found["expires_on"],
            "status": "superseded" if superseded else certificates.status(found, clock.now().date())}
