"""What reminders, webhook deliveries and xAPI statements share: rows waiting to be sent elsewhere,
claimed by locking a batch of them (lms.db.locked_ids) and marking it, so sweeps in several
processes never send one row twice at once, taken over when the sweep that claimed them died
(claimed longer ago than `stale`), and tried again later with a growing wait.

A table used here has the columns status (pending, sending, retry, delivered, failed), attempts,
next_attempt_at and claimed_at."""
import json
from datetime import datetime, timedelta

from piccolo.columns import JSON
from piccolo.columns.combination import And, Or

from lms.db import locked_ids, write_transaction


async def claim(table, now: datetime, batch: int, stale: timedelta, *columns) -> list[dict]:
    """Up to `batch` rows due now, marked as being sent by this sweep; with id, attempts and `columns`."""
    due = table.select(table.id).where(Or(
        And(table.status.is_in(["pending", "retry"]), table.next_attempt_at <= now),
        And(table.status == "sending", table.claimed_at < now - stale),
    )).order_by(table.next_attempt_at).limit(batch)
    async with write_transaction():
        ids = await locked_ids(due)
        if not ids:
            return []
        rows = await table.update({
            table.status: "sending", table.claimed_at: now, table.attempts: table.attempts + 1,
        }).where(table.id.is_in(ids)).returning(table.id, table.attempts, *columns)
    # RETURNING gives JSON columns as text on both engines
    texts = [column._meta.name for column in columns if isinstance(column, JSON)]
    return [{**row, **{name: json.loads(row[name]) for name in texts if isinstance(row[name], str)}} for row in rows]


def backoff(attempts: int) -> timedelta:
    return timedelta(minutes=min(2 ** attempts, 360))
