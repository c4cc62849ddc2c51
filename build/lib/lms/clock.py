"""The one clock every service reads, so tests can move time instead of waiting."""
from datetime import datetime, timedelta, timezone

_offset = timedelta()


def now() -> datetime:
    return datetime.now(timezone.utc) + _offset


def travel(by: timedelta) -> None:
    global _offset
    _offset += by


def reset() -> None:
    global _offset
    _offset = timedelta()
