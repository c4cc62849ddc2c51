"""Learning needs: where the loop starts again. (#4 builds the rest: gaps, groups, planning.)"""
from lms import clock
from lms.competencies.tables import LearningNeed


async def raise_need(employee_id: int, title: str, source: str, note: str = "", dedupe_key: str | None = None) -> bool:
    """Adds an open need; with a dedupe key, once per cause however often it is raised."""
    if dedupe_key and await LearningNeed.exists().where(LearningNeed.dedupe_key == dedupe_key):
        return False
    await LearningNeed.insert(LearningNeed(employee=employee_id, title=title[:200], source=source, note=note,
                                           dedupe_key=dedupe_key, created_at=clock.now()))
    return True


async def open_needs(employee_id: int) -> list[dict]:
    return await LearningNeed.select(LearningNeed.id, LearningNeed.title, LearningNeed.source,
                                     LearningNeed.created_at).where(
        LearningNeed.employee == employee_id, LearningNeed.status == "open").order_by(
        LearningNeed.created_at, ascending=False)


async def mark_met(need_id: int) -> None:
    """The training that answers a need was completed."""
    await LearningNeed.update({LearningNeed.status: "met", LearningNeed.updated_at: clock.now()}).where(
        LearningNeed.id == need_id, LearningNeed.status.is_in(["open", "planned"]))
