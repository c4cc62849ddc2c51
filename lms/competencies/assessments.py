"""Assessments: a self-rating, a manager's rating, L&D's, or the level a completed course brings.
Each is kept (the history); the level that counts is kept beside it in CurrentLevel."""
from lms import clock
from lms.competencies.tables import ASSESSMENT_SOURCES, Assessment, CurrentLevel
from lms.db import write_transaction
from lms.people import audit

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
        await audit.record(assessed_by, employee_id, "assessment", row.id, "created",
                           before=current and {"level": current["level"], "source": current["source"]},
                           after={"competency": competency_id, "level": level, "source": source, "note": note})
    return row.id


async def record_course_levels(employee_id: int, course_id: int, course_title: str,
                               developed: list[dict]) -> None:
    """Completing a course records the level it brings in each competency it develops."""
    for link in developed:
        await assess(employee_id, link["competency"], link["level"], "course", None, note=course_title)
