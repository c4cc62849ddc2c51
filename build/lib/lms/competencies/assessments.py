"""Assessments: a self-rating, a manager's rating, L&D's, or the level a completed course brings.
Each is kept (the history); the level that counts is kept beside it in CurrentLevel."""
from datetime import datetime

from lms import clock
from lms.competencies.profile import profile_levels
from lms.competencies.tables import ASSESSMENT_SOURCES, Assessment, Competency, CurrentLevel
from lms.db import write_transaction
from lms.forms import FieldError
from lms.i18n import gettext as _
from lms.pagination import PER_PAGE, Page, clamp_page
from lms.people import audit, visibility
from lms.people.sessions import SignedIn

JUDGES = ("manager", "admin")


def counts(current: dict | None, source: str, level: int) -> bool:
    """Whether a new assessment becomes the level that counts. A manager or L&D decides, up or
    down; a completed course raises a level but never lowers one; a self-rating counts only
    while nobody else has rated the competency."""
    if current is None or source in JUDGES:
        return True
    if source == "course":
        return current["source"] == "self" or level > current["level"]
    return current["source"] == "self"


async def assess(employee_id: int, competency_id: int, level: int, source: str, assessed_by: int | None,
                 note: str = "") -> int:
    """Saves one assessment, updates the level that counts and logs it for the audit, all or nothing."""
    assert source in ASSESSMENT_SOURCES and 0 <= level <= 4
    now = clock.now()
    async with write_transaction():
        row = Assessment(employee=employee_id, competency=competency_id, level=level, source=source,
                         assessed_by=assessed_by, note=note, created_at=now)
        await row.save()
        current = await CurrentLevel.select().where(CurrentLevel.employee == employee_id,
                                                    CurrentLevel.competency == competency_id).first()
        if counts(current, source, level):
            await CurrentLevel.insert(CurrentLevel(employee=employee_id, competency=competency_id, level=level,
                                                   source=source, assessed_at=now)).on_conflict(
                target=(CurrentLevel.employee, CurrentLevel.competency), action="DO UPDATE",
                values=(CurrentLevel.level, CurrentLevel.source, CurrentLevel.assessed_at))
        name = await Competency.select(Competency.name).where(Competency.id == competency_id).first()
        await audit.record(assessed_by, employee_id, "assessment", row.id, "created",
                           before=current and {"level": current["level"], "source": current["source"]},
                           after={"competency": name["name"], "level": level, "source": source, "note": note})
    return row.id


async def record_course_levels(employee_id: int, course_id: int, course_title: str,
                               developed: list[dict]) -> None:
    """Completing a course records the level it brings in each competency it develops."""
    for link in developed:
        await assess(employee_id, link["competency"], link["level"], "course", None, note=course_title)


# rating through the pages, and reading the history ----------------------------------------------

HISTORY_COLUMNS = (
    *Assessment.all_columns(),
    Assessment.assessed_by.first_name.as_alias("assessor_first_name"),
    Assessment.assessed_by.last_name.as_alias("assessor_last_name"),
)


def rating_source(actor: SignedIn, employee_id: int) -> str:
    """What a rating by this actor counts as; call it only after visibility.visible_employee."""
    if actor.id == employee_id:
        return "self"
    return "admin" if actor.is_admin else "manager"


async def rate(actor: SignedIn, employee_id: int, competency_id: int, level: int, note: str = "") -> int:
    """A rating from a page: by the person themself, by someone in whose line they are, or by L&D."""
    await visibility.visible_employee(actor, employee_id)
    if not await Competency.exists().where(Competency.id == competency_id):
        raise FieldError("competency", _("Choose a valid competency."))
    return await assess(employee_id, competency_id, level, rating_source(actor, employee_id), actor.id, note)


async def history(employee_id: int, competency_id: int, page: int = 1) -> Page:
    """Every assessment of one person's competency, newest first: who, when, the source, the level, the note."""
    where = (Assessment.employee == employee_id) & (Assessment.competency == competency_id)
    number = clamp_page(page)
    rows = await Assessment.select(*HISTORY_COLUMNS).where(where).order_by(
        Assessment.created_at, ascending=False).order_by(Assessment.id, ascending=False).limit(PER_PAGE).offset(
        (number - 1) * PER_PAGE)
    return Page(rows=rows, total=await Assessment.count().where(where), number=number)


async def current_level(employee_id: int, competency_id: int) -> dict | None:
    return await CurrentLevel.select().where(CurrentLevel.employee == employee_id,
                                             CurrentLevel.competency == competency_id).first()


def _moment(value: datetime | str | None) -> datetime | None:
    """Raw queries give timestamps as text on SQLite."""
    return datetime.fromisoformat(value) if isinstance(value, str) else value


async def competencies_of(employee_id: int) -> list[dict]:
    """The person's competencies against their job profile, each with the moment its level was set."""
    return [{**row, "assessed_at": _moment(row["assessed_at"])} for row in await profile_levels(employee_id)]
