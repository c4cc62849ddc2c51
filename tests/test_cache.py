"""lms.cache.ShortCache: concurrent misses share one computation, the viewer's own change asks for a new
one, a failure or a value refused for keeping is let go, and the entries stay bounded."""
import asyncio

from lms import clock
from lms.cache import ShortCache


def counting(computed: list):
    """A computation that answers how many times it ran, slowly enough for others to wait on it."""
    async def compute() -> int:
        computed.append(1)
        await asyncio.sleep(0.01)
        return len(computed)

    return compute


async def test_a_computation_is_shared_and_a_later_change_asks_for_a_new_one():
    kept, computed = ShortCache(seconds=60), []
    compute = counting(computed)
    before = clock.now()
    assert await asyncio.gather(*(kept.get("page", compute, fresh_after=before) for _ in range(50))) == [1] * 50
    assert await kept.get("page", compute, fresh_after=None) == 1
    assert await kept.get("page", compute, fresh_after=clock.now()) == 2  # changed since it was computed
    assert await kept.get("page", compute, fresh_after=before) == 2


async def test_what_nobody_asked_for_within_the_time_is_let_go():
    kept = ShortCache(seconds=0.05)

    async def page() -> str:
        return "x" * 1000

    for number in range(20):
        await kept.get(number, page)
    await asyncio.sleep(0.06)
    await kept.get("next", page)
    assert list(kept.entries) == ["next"]
    few = ShortCache(seconds=60, max_entries=3)  # pages past the last one each make an entry: bounded
    for number in range(10):
        await few.get(number, page)
    assert list(few.entries) == [7, 8, 9]


async def test_a_value_refused_for_keeping_goes_to_who_waited_for_it_and_is_then_let_go():
    kept, computed = ShortCache(seconds=60), []
    compute = counting(computed)

    def odd(value: int) -> bool:
        return value % 2 == 1

    assert await asyncio.gather(*(kept.get("page", compute, keep=odd) for _ in range(5))) == [1] * 5
    assert await kept.get("page", compute, keep=odd) == 1  # kept
    kept.clear()
    assert await asyncio.gather(*(kept.get("page", compute, keep=odd) for _ in range(5))) == [2] * 5
    assert await kept.get("page", compute, keep=odd) == 3  # 2 was refused, so let go

    waiter = asyncio.ensure_future(kept.get("left", compute, keep=odd))
    await asyncio.sleep(0)
    waiter.cancel()  # nobody waits any more: the computation ends all the same, and is judged
    await asyncio.sleep(0.02)
    assert "left" not in kept.entries and len(computed) == 4
