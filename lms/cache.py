"""A short-lived cache, in each process, for what may be a minute old: what many people see alike
(the catalogue's organisation-wide rows, the team and L&D overviews) and the answers of the pages a
session comes back to. Concurrent misses share one computation, so a burst of visitors after an
announcement mail costs one query, not two hundred. Values are shared: callers must not change what
they get."""
import asyncio
import time
import weakref
from collections.abc import Awaitable, Callable, Hashable
from datetime import datetime
from typing import Any

from lms import clock

_every_cache: "weakref.WeakSet[ShortCache]" = weakref.WeakSet()


def forget_everything() -> None:
    """After a course edit: nothing kept in this process still shows the course as it was (a card
    pointing at a cover that is deleted, a lesson that is gone)."""
    for cache in _every_cache:
        cache.clear()


class ShortCache:
    def __init__(self, seconds: float, max_entries: int = 4096):
        self.seconds, self.max_entries = seconds, max_entries
        self.entries: dict[Hashable, tuple[float, datetime, asyncio.Future]] = {}
        _every_cache.add(self)

    async def get(self, key: Hashable, compute: Callable[[], Awaitable[Any]],
                  fresh_after: datetime | None = None, keep: Callable[[Any], bool] | None = None) -> Any:
        """The kept value, or a new one; fresh_after (the viewer's own last change) refuses a value
        whose computation started before it, so people always see what they just did. A new value
        that keep refuses goes to those who asked for it meanwhile, and is then let go."""
        entry = self.entries.get(key)
        if (entry is None or entry[0] < time.monotonic() or (fresh_after is not None and entry[1] <= fresh_after)
                or entry[2].get_loop() is not asyncio.get_running_loop()):
            self._make_room(key)
            future = asyncio.ensure_future(compute())
            entry = (time.monotonic() + self.seconds, clock.now(), future)
            self.entries[key] = entry
            # judged when done, whoever still waits: a failure or a refused value is not kept
            future.add_done_callback(lambda done: self._settle(key, entry, keep))
        return await asyncio.shield(entry[2])

    def _settle(self, key: Hashable, entry: tuple, keep: Callable[[Any], bool] | None) -> None:
        done = entry[2]
        kept = not done.cancelled() and done.exception() is None and (keep is None or keep(done.result()))
        if not kept and self.entries.get(key) is entry:
            del self.entries[key]

    def _make_room(self, key: Hashable) -> None:
        """What nobody asked for within the time is let go, and past max_entries the oldest go first.
        Every entry lives as long, so the oldest are at the front: expired ones are found there."""
        self.entries.pop(key, None)
        now = time.monotonic()
        while self.entries and (len(self.entries) >= self.max_entries or next(iter(self.entries.values()))[0] < now):
            del self.entries[next(iter(self.entries))]

    def clear(self) -> None:
        self.entries.clear()
