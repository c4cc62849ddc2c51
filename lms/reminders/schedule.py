"""Adding reminders: once per dedupe key, however often the planner runs."""
from datetime import datetime

from lms import clock
from lms.reminders.tables import Reminder


async def add(kind: str, employee_id: int, due_at: datetime, dedupe_key: str, payload: dict) -> bool:
    """True when the reminder is new. Two planners racing on the same key: the unique key
    lets one insert win; the other's error is swallowed, as the reminder exists."""
    if await Reminder.exists().where(Reminder.dedupe_key == dedupe_key):
        return False
    try:
        await Reminder.insert(Reminder(kind=kind, employee=employee_id, dedupe_key=dedupe_key, payload=payload,
                                       due_at=due_at, next_attempt_at=due_at, created_at=clock.now()))
    except Exception:
        if await Reminder.exists().where(Reminder.dedupe_key == dedupe_key):
            return False
        raise
    return True
