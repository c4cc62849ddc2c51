"""A short-lived cache, in each process, for what many people see alike and may be a minute old
(the catalogue's organisation-wide rows). Concurrent misses share one computation, so a burst of
visitors after an announcement mail costs one query, not two hundred. Values are shared: callers
must not change what they get."""
import asyncio
import time
from collections.abc import Awaitable, Callable, Hashable
from typing import Any


class ShortCache:
    def __init__(self, seconds: float):
        self.seconds = seconds
        self.entries: dict[Hashable, tuple[float, asyncio.Future]] = {}

    async def get(self, key: Hashable, compute: Callable[[], Awaitable[Any]]) -> Any:
        entry = self.entries.get(key)
        if entry is None or entry[0] < time.monotonic() or entry[1].get_loop() is not asyncio.get_running_loop():
            entry = (time.monotonic() + self.seconds, asyncio.ensure_future(compute()))
            self.entries[key] = entry
        try:
            return await asyncio.shield(entry[1])
        except Exception:
            if self.entries.get(key) is entry:  # a failure is not kept: the next visitor tries again
                del self.entries[key]
            raise

    def clear(self) -> None:
        self.entries.clear()
