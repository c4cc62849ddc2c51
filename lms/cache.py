"""A short-lived cache, in each process, for what many people see alike and may be a minute old
(the catalogue's organisation-wide rows, the team and L&D overviews). Concurrent misses share one
computation, so a burst of visitors after an announcement mail costs one query, not two hundred.
Values are shared: callers must not change what they get."""
import asyncio
import time
from collections.abc import Awaitable, Callable, Hashable
from datetime import datetime
from typing import Any

from lms import clock


class ShortCache:
    def __init__(self, seconds: float, max_entries: int = 4096):
        self.seconds, self.max_entries = seconds, max_entries
        self.entries: dict[Hashable, tuple[float, datetime, asyncio.Future]] = {}

    async def get(self, key: Hashable, compute: Callable[[], Awaitable[Any]],
                  fresh_after: datetime | None = None, keep: Callable[[Any], bool] = lambda value: True) -> Any:
        """The kept value, or a new one; fresh_after (the viewer's own last change) refuses a value
        whose computation started before it, so people always see what they just did. A new value
        that keep refuses is given to those who asked for it meanwhile, and then let go."""
        entry = self.entries.get(key)
        if (entry is None or entry[0] < time.monotonic() or (fresh_after is not None and entry[1] <= fresh_after)
                or entry[2].get_loop() is not asyncio.get_running_loop()):
            self._make_room(key)
            entry = (time.monotonic() + self.seconds, clock.now(), asyncio.ensure_future(compute()))
            self.entries[key] = entry
        try:
            value = await asyncio.shield(entry[2])
        except Exception:
            self._let_go(key, entry)  # a failure is not kept: the next visitor tries again
            raise
        if not keep(value):
            self._let_go(key, entry)
        return value

    def _let_go(self, key: Hashable, entry: tuple) -> None:
        if self.entries.get(key) is entry:
            del self.entries[key]

    def _make_room(self, key: Hashable) -> None:
        """Pages of an overview are large: what nobody asked for within the time is let go, and past
        max_entries the oldest go first (page numbers past the last page each make an entry)."""
        self.entries.pop(key, None)
        now = time.monotonic()
        for old in [old for old, entry in self.entries.items() if entry[0] < now and entry[2].done()]:
            del self.entries[old]
        while len(self.entries) >= self.max_entries:
            del self.entries[next(iter(self.entries))]

    def clear(self) -> None:
        self.entries.clear()
