"""Adding reminders: once per dedupe key, however often (and however many at once) the planners run."""
from datetime import datetime

from lms import clock
from lms.reminders.tables import Reminder


async def add(kind: str, employee_id: int, due_at: datetime, dedupe_key: str, payload: dict) -> bool:
    """True when the reminder is new. Planners racing on the same key: the unique key lets one
    insert win and the others do nothing, without an error that would spoil their transaction."""
    saved = await Reminder.insert(Reminder(
        kind=kind, employee=employee_id, dedupe_key=dedupe_key, payload=payload, due_at=due_at,
        next_attempt_at=due_at, created_at=clock.now(),
    )).on_conflict(target=Reminder.dedupe_key, action="DO NOTHING").returning(Reminder.id)
    return bool(saved)
