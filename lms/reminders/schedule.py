"""Adding reminders: once per dedupe key, however often (and however many at once) the planners run."""
from datetime import datetime

from lms import clock
from lms.reminders.tables import Reminder

BATCH = 500  # rows per INSERT: PostgreSQL takes at most 32,767 arguments


async def add(kind: str, employee_id: int, due_at: datetime, dedupe_key: str, payload: dict) -> bool:
    """True when the reminder is new. Planners racing on the same key: the unique key lets one
    insert win and the others do nothing, without an error that would spoil their transaction."""
    saved = await Reminder.insert(Reminder(
        kind=kind, employee=employee_id, dedupe_key=dedupe_key, payload=payload, due_at=due_at,
        next_attempt_at=due_at, created_at=clock.now(),
    )).on_conflict(target=Reminder.dedupe_key, action="DO NOTHING").returning(Reminder.id)
    return bool(saved)


async def add_many(kind: str, due_at: datetime, reminders: list[tuple[int, str, dict]]) -> int:
    """(employee, dedupe key, payload) of one kind at once, in batches: telling a whole organisation
    is a few statements, not ten thousand. Returns how many are new."""
    added = 0
    for start in range(0, len(reminders), BATCH):
        added += len(await Reminder.insert(*(Reminder(
            kind=kind, employee=employee, dedupe_key=key, payload=payload, due_at=due_at, next_attempt_at=due_at,
            created_at=clock.now()) for employee, key, payload in reminders[start:start + BATCH])).on_conflict(
            target=Reminder.dedupe_key, action="DO NOTHING").returning(Reminder.id))
    return added
