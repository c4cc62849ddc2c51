"""Learning needs through their life: raised (by the employee, their manager, L&D for a group, a
gap in the job profile, a lapsed certificate or a check-in), planned with an enrolment or a
request, met when that training completes, or dropped."""
import hashlib
from dataclasses import dataclass

from lms import clock
from lms.competencies import profile
from lms.competencies.tables import Competency, LearningNeed
from lms.courses.tables import Course, Enrolment, TrainingRequest
from lms.db import is_valid_id, write_transaction
from lms.errors import Conflict, NotFound
from lms.forms import FieldError
from lms.i18n import gettext as _
from lms.people import visibility
from lms.people.sessions import SignedIn
from lms.people.tables import Department, Employee, JobProfile

MAX_TITLE = 200
MAX_NOTE = 2000
MAX_PROGRAMME = 200
EXPERTS_PER_COMPETENCY = 5
GROUP_CHUNK = 500  # rows per insert: well under SQLite's limit of bound values
COLUMNS = (
    *LearningNeed.all_columns(),
    LearningNeed.competency.name.as_alias("competency_name"),
    LearningNeed.raised_by.first_name.as_alias("raiser_first_name"),
    LearningNeed.raised_by.last_name.as_alias("raiser_last_name"),
)


class NotOpen(Conflict):
    def __init__(self) -> None:
        super().__init__(_("This learning need is no longer open."))


@dataclass(frozen=True)
class NeedInput:
    title: str
    competency_id: int | None = None
    note: str = ""


async def raise_need(employee_id: int, title: str, source: str, note: str = "", dedupe_key: str | None = None,
                     competency_id: int | None = None, raised_by: int | None = None, group_name: str = "") -> bool:
    """Adds an open need; with a dedupe key, once per cause however often it is raised."""
    if dedupe_key and await LearningNeed.exists().where(LearningNeed.dedupe_key == dedupe_key):
        return False
    row = LearningNeed(employee=employee_id, title=title[:MAX_TITLE], source=source, note=note,
                       dedupe_key=dedupe_key, competency=competency_id, raised_by=raised_by,
                       group_name=group_name[:MAX_PROGRAMME], created_at=clock.now())
    query = LearningNeed.insert(row)
    if dedupe_key:  # two clicks at once still raise it once
        query = query.on_conflict(target=LearningNeed.dedupe_key, action="DO NOTHING")
    return bool(await query.returning(LearningNeed.id))


async def open_needs(employee_id: int) -> list[dict]:
    return await LearningNeed.select(LearningNeed.id, LearningNeed.title, LearningNeed.source,
                                     LearningNeed.created_at).where(
        LearningNeed.employee == employee_id, LearningNeed.status == "open").order_by(
        LearningNeed.created_at, ascending=False)


async def lapse_need(certificate_id: int) -> int | None:
    """The open need raised when this certificate lapsed, for its renewal to meet."""
    need = await LearningNeed.select(LearningNeed.id).where(
        LearningNeed.dedupe_key == f"expired:{certificate_id}", LearningNeed.status == "open").first()
    return need["id"] if need else None


async def mark_met(need_id: int) -> None:
    """The training that answers a need was completed."""
    await LearningNeed.update({LearningNeed.status: "met", LearningNeed.updated_at: clock.now()}).where(
        LearningNeed.id == need_id, LearningNeed.status.is_in(["open", "planned"]))


# --- choices and checks -------------------------------------------------------------------------

async def competency_choices() -> list[dict]:
    return await Competency.select(Competency.id, Competency.name, Competency.area.name.as_alias("area")).order_by(
        Competency.area.position).order_by(Competency.area.name).order_by(Competency.name)


async def _check_competency(competency_id: int | None) -> None:
    if competency_id is not None and not (is_valid_id(competency_id) and await Competency.exists().where(
            Competency.id == competency_id)):
        raise FieldError("competency", _("Choose a competency from the list."))


async def department_choices() -> list[dict]:
    return await Department.select(Department.id, Department.name).order_by(Department.name)


async def job_profile_choices() -> list[dict]:
    return await JobProfile.select(JobProfile.id, JobProfile.name).order_by(JobProfile.name)


# --- raising ------------------------------------------------------------------------------------

async def create(actor: SignedIn, employee_id: int, data: NeedInput) -> int:
    """The employee raises one for themself (source employee); their manager line or L&D for them
    (source manager)."""
    person = await visibility.visible_employee(actor, employee_id)
    await _check_competency(data.competency_id)
    source = "employee" if person["id"] == actor.id else "manager"
    row = LearningNeed(employee=person["id"], title=data.title[:MAX_TITLE], source=source,
                       competency=data.competency_id, note=data.note, raised_by=actor.id, created_at=clock.now())
    await row.save()
    return row.id


def group_key_prefix(programme: str) -> str:
    """The start of a group need's dedupe key: the same programme, however it is capitalised."""
    digest = hashlib.sha256(" ".join(programme.split()).casefold().encode()).hexdigest()[:20]
    return f"group:{digest}:"


@dataclass(frozen=True)
class GroupResult:
    raised: int
    already: int


async def raise_for_group(actor_id: int, department_id: int | None, job_profile_id: int | None, title: str,
                          competency_id: int | None, programme: str) -> GroupResult:
    """One need per active person of the department and/or job profile, once per person per
    programme, all in one transaction."""
    if department_id is None and job_profile_id is None:
        raise FieldError("department", _("Choose a department, a job profile or both."))
    if department_id is not None and not (is_valid_id(department_id) and await Department.exists().where(
            Department.id == department_id)):
        raise FieldError("department", _("Choose a department from the list."))
    if job_profile_id is not None and not (is_valid_id(job_profile_id) and await JobProfile.exists().where(
            JobProfile.id == job_profile_id)):
        raise FieldError("job_profile", _("Choose a job profile from the list."))
    await _check_competency(competency_id)
    where = [Employee.active.eq(True)]
    if department_id is not None:
        where.append(Employee.department == department_id)
    if job_profile_id is not None:
        where.append(Employee.job_profile == job_profile_id)
    prefix = group_key_prefix(programme)
    now = clock.now()
    raised = 0
    async with write_transaction():
        members = await Employee.select(Employee.id).where(*where).output(as_list=True)
        having = set(await LearningNeed.select(LearningNeed.employee).where(
            LearningNeed.dedupe_key.like(prefix + "%")).output(as_list=True))
        new = [member for member in members if member not in having]
        for start in range(0, len(new), GROUP_CHUNK):
            rows = [LearningNeed(employee=member, title=title[:MAX_TITLE], source="group", competency=competency_id,
                                 dedupe_key=f"{prefix}{member}", raised_by=actor_id,
                                 group_name=programme[:MAX_PROGRAMME], created_at=now)
                    for member in new[start:start + GROUP_CHUNK]]
            added = await LearningNeed.insert(*rows).on_conflict(
                target=LearningNeed.dedupe_key, action="DO NOTHING").returning(LearningNeed.id)
            raised += len(added)
    return GroupResult(raised=raised, already=len(members) - raised)


# --- gaps suggest needs -------------------------------------------------------------------------

def gap_key(employee_id: int, competency_id: int) -> str:
    """A gap becomes a need once per person and competency, whatever happens to it later."""
    return f"gap:{employee_id}:{competency_id}"


async def suggestions(employee_id: int) -> list[dict]:
    """Gaps between the job profile's required level and the level that counts, not yet a need."""
    gaps = [row for row in await profile.profile_levels(employee_id) if row["gap"] > 0]
    if not gaps:
        return []
    taken = set(await LearningNeed.select(LearningNeed.dedupe_key).where(
        LearningNeed.dedupe_key.is_in([gap_key(employee_id, g["competency"]) for g in gaps])).output(
        as_list=True))
    covered = set(await LearningNeed.select(LearningNeed.competency).where(
        LearningNeed.employee == employee_id, LearningNeed.status.is_in(["open", "planned"]),
        LearningNeed.competency.is_not_null()).output(as_list=True))
    return [g for g in gaps if gap_key(employee_id, g["competency"]) not in taken
            and g["competency"] not in covered]


async def add_suggestion(actor: SignedIn, employee_id: int, competency_id: int) -> bool:
    """Adds a suggested gap as a need (source gap), once; False if it already was."""
    person = await visibility.visible_employee(actor, employee_id)
    row = next((g for g in await profile.profile_levels(person["id"])
                if g["competency"] == competency_id and g["gap"] > 0), None)
    if row is None:
        raise NotFound
    note = _("Your job profile asks for level %(required)s; the level that counts now is %(level)s.",
             required=row["required"], level=row["level"] or 0)
    return await raise_need(person["id"], row["name"], "gap", note=note,
                            dedupe_key=gap_key(person["id"], competency_id),
                            competency_id=competency_id, raised_by=actor.id)


# --- reading ------------------------------------------------------------------------------------

async def visible_need(actor: SignedIn, need_id: int) -> dict:
    """A need for its person, their manager line and L&D: 404 if unknown, 403 for anyone else."""
    row = None
    if is_valid_id(need_id):
        row = await LearningNeed.select(*COLUMNS).where(LearningNeed.id == need_id).first()
    if row is None:
        raise NotFound
    await visibility.visible_employee(actor, row["employee"])
    return row


async def needs_of(employee_id: int) -> dict[str, list[dict]]:
    """Everyone's needs by status, each with the trainings that answer it."""
    rows = await LearningNeed.select(*COLUMNS).where(LearningNeed.employee == employee_id).order_by(
        LearningNeed.created_at, ascending=False)
    ids = [r["id"] for r in rows] or [0]
    enrolments = await Enrolment.select(Enrolment.id, Enrolment.need, Enrolment.course,
                                        Enrolment.course.title.as_alias("title"), Enrolment.completed_at).where(
        Enrolment.need.is_in(ids))
    trainings = await TrainingRequest.select(TrainingRequest.id, TrainingRequest.need, TrainingRequest.title,
                                             TrainingRequest.status).where(TrainingRequest.need.is_in(ids))
    grouped: dict[str, list[dict]] = {"open": [], "planned": [], "met": [], "dropped": []}
    for row in rows:
        row["enrolments"] = [e for e in enrolments if e["need"] == row["id"]]
        row["requests"] = [t for t in trainings if t["need"] == row["id"]]
        grouped.setdefault(row["status"], []).append(row)
    return grouped


COURSES = """
SELECT n.id AS need, c.id AS course, c.title AS title, cc.level AS level, e.id AS enrolment
FROM learning_need n
JOIN course_competency cc ON cc.competency = n.competency
JOIN course c ON c.id = cc.course AND c.published = {}
LEFT JOIN enrolment e ON e.course = c.id AND e.employee = n.employee
WHERE n.employee = {} AND n.status = 'open'
UNION
SELECT n.id AS need, c.id AS course, c.title AS title, NULL AS level, e.id AS enrolment
FROM learning_need n
JOIN certificate cert ON n.dedupe_key = 'expired:' || cert.id
JOIN course c ON c.id = cert.course AND c.published = {}
LEFT JOIN enrolment e ON e.course = c.id AND e.employee = n.employee
WHERE n.employee = {} AND n.status = 'open' AND n.source = 'compliance'
ORDER BY need, level DESC, title
"""


async def suggested_courses(employee_id: int) -> dict[int, list[dict]]:
    """Per open need: the published courses that develop its competency (with the level they
    bring); for a lapsed certificate, its course again."""
    found: dict[int, list[dict]] = {}
    for row in await Course.raw(COURSES, True, employee_id, True, employee_id):
        found.setdefault(row["need"], []).append(row)
    return found


async def experts_for_needs(employee_id: int) -> dict[int, list[dict]]:
    """Per competency of an open need: colleagues (never the person) at level 3 or more or who
    completed a course that develops it, from "who knows this"."""
    from lms.competencies import experts

    competencies = await LearningNeed.select(LearningNeed.competency).where(
        LearningNeed.employee == employee_id, LearningNeed.status == "open",
        LearningNeed.competency.is_not_null()).distinct().output(as_list=True)
    return {c: await experts.experts(c, exclude_employee=employee_id, limit=EXPERTS_PER_COMPETENCY)
            for c in competencies}


async def linkable_requests(employee_id: int) -> list[dict]:
    """The person's pending or approved requests that answer no need yet."""
    return await TrainingRequest.select(TrainingRequest.id, TrainingRequest.title, TrainingRequest.status).where(
        TrainingRequest.employee == employee_id, TrainingRequest.need.is_null(),
        TrainingRequest.status.is_in(["pending", "approved"])).order_by(TrainingRequest.created_at, ascending=False)


# --- planning and dropping ----------------------------------------------------------------------

async def open_need(actor: SignedIn, need_id: int) -> dict:
    need = await visible_need(actor, need_id)
    if need["status"] != "open":
        raise NotOpen
    return need


async def set_planned(need_id: int) -> None:
    done = await LearningNeed.update({LearningNeed.status: "planned", LearningNeed.updated_at: clock.now()}).where(
        LearningNeed.id == need_id, LearningNeed.status == "open").returning(LearningNeed.id)
    if not done:
        raise NotOpen


async def plan_with_request(actor: SignedIn, need_id: int, request_id: int) -> None:
    """Links one of the person's pending or approved requests to the need: it becomes planned."""
    need = await open_need(actor, need_id)
    async with write_transaction():
        request = None
        if is_valid_id(request_id):
            request = await TrainingRequest.select().where(
                TrainingRequest.id == request_id, TrainingRequest.employee == need["employee"]).first()
        if request is None:
            raise NotFound
        if request["need"] or request["status"] not in ("pending", "approved"):
            raise Conflict(_("This request cannot answer this need: it is rejected or already answers one."))
        await TrainingRequest.update({TrainingRequest.need: need_id}).where(TrainingRequest.id == request_id)
        if request["course"]:  # an approved request already enrolled them: completing it meets the need
            await Enrolment.update({Enrolment.need: need_id}).where(
                Enrolment.employee == need["employee"], Enrolment.course == request["course"],
                Enrolment.completed_at.is_null(), Enrolment.need.is_null())
        await set_planned(need_id)


async def drop(actor: SignedIn, need_id: int, reason: str = "") -> dict:
    """An open or planned need is no longer needed; the reason is kept in its note."""
    need = await visible_need(actor, need_id)
    if need["status"] not in ("open", "planned"):
        raise NotOpen
    note = need["note"]
    if reason:
        dropped = _("Dropped by %(name)s: %(reason)s", name=actor.name, reason=reason)
        note = f"{note}\n\n{dropped}" if note else dropped
    done = await LearningNeed.update({LearningNeed.status: "dropped", LearningNeed.note: note,
                                      LearningNeed.updated_at: clock.now()}).where(
        LearningNeed.id == need_id, LearningNeed.status.is_in(["open", "planned"])).returning(LearningNeed.id)
    if not done:
        raise NotOpen
    return need
