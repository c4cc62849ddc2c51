"""Video lessons are converted after upload, off the request, into a rendition every phone plays
(lms/courses/transcode.py); the lesson plays once it is ready and L&D sees the progress meanwhile.

Conversions run in `lms videos run-once`, which the scheduler starts as a process of its own, so the
CPU work never slows a web worker. Claiming locks the next waiting video (lms.db.locked_ids) and writes a
token on it, so processes side by side never convert one video twice at once. The
claim is renewed with each progress report; one not renewed for STALE belonged to a process that
died (kill -9, a restart) and is taken over. Finishing is conditional on the token, so a process
that lost its claim throws its work away; after MAX_ATTEMPTS claims the video is marked failed."""
import asyncio
import secrets
from collections import Counter
from datetime import datetime, timedelta

from piccolo.columns.combination import Or

from lms import clock
from lms.courses.tables import Lesson
from lms.courses.transcode import Unreadable, transcode
from lms.db import locked_ids, write_transaction
from lms.i18n import gettext as _
from lms.storage import storage

STALE = timedelta(minutes=2)
HEARTBEAT_SECONDS = 2.0
MAX_ATTEMPTS = 3


class LostClaim(Exception):
    """Another process took the conversion over, or the lesson was deleted."""


def _waiting(now: datetime):
    return (Lesson.video_status == "processing") & Or(
        Lesson.video_claimed_at.is_null(), Lesson.video_claimed_at < now - STALE)


async def waiting(now: datetime) -> bool:
    """Whether a video waits for conversion (or was left by a process that died)."""
    return await Lesson.exists().where(_waiting(now))


async def claim(now: datetime) -> dict | None:
    """The next video waiting for conversion, claimed for this process."""
    async with write_transaction():
        ids = await locked_ids(Lesson.select(Lesson.id).where(_waiting(now)).order_by(Lesson.id).limit(1))
        if not ids:
            return None
        rows = await Lesson.update({
            Lesson.video_claim: secrets.token_hex(16), Lesson.video_claimed_at: now,
            Lesson.video_attempts: Lesson.video_attempts + 1,
        }).where(Lesson.id == ids[0]).returning(
            Lesson.id, Lesson.video_source, Lesson.poster, Lesson.video_attempts, Lesson.video_claim)
    return rows[0]


async def _still_ours(lesson: dict, values: dict) -> bool:
    done = await Lesson.update(values).where(
        Lesson.id == lesson["id"], Lesson.video_claim == lesson["video_claim"]).returning(Lesson.id)
    return bool(done)


def failure(lesson: dict) -> str:
    """Why a video could not be converted, in words for L&D."""
    if lesson["video_attempts"] > MAX_ATTEMPTS:
        return _("The conversion stopped %(attempts)s times before it finished. Upload the video again.",
                 attempts=MAX_ATTEMPTS)
    return _("This file could not be converted (%(reason)s). Export it again as MP4 and upload that file.",
             reason=lesson["video_error"])


async def _fail(lesson: dict, reason: str) -> str:
    failed = {Lesson.video_status: "failed", Lesson.video_error: reason[:300], Lesson.video_claim: "",
              Lesson.video_claimed_at: None}
    return "failed" if await _still_ours(lesson, failed) else "lost"


async def _report(lesson: dict, percent: list[int], finished: asyncio.Event, lost: list[bool]) -> None:
    """Writes the progress and renews the claim every HEARTBEAT_SECONDS until the conversion ends."""
    while not finished.is_set():
        try:
            await asyncio.wait_for(finished.wait(), HEARTBEAT_SECONDS)
        except TimeoutError:
            if not await _still_ours(lesson, {Lesson.video_progress: percent[0],
                                              Lesson.video_claimed_at: clock.now()}):
                lost[0] = True
                return


async def convert(lesson: dict) -> str:
    """Converts one claimed video; the outcome: converted, failed or lost."""
    if lesson["video_attempts"] > MAX_ATTEMPTS:
        return await _fail(lesson, "")
    files = storage()
    rendition = files.scratch("mp4")
    poster = None if lesson["poster"] else files.scratch("jpg")
    percent, lost, finished = [0], [False], asyncio.Event()

    def progress(done: int) -> None:
        if lost[0]:
            raise LostClaim
        percent[0] = done

    reporter = asyncio.create_task(_report(lesson, percent, finished, lost))
    try:
        async with files.local(lesson["video_source"]) as source:
            seconds = await asyncio.to_thread(transcode, source, rendition, poster, progress)
        return await _finish(lesson, rendition, poster, seconds)  # the claim is still renewed while it is stored
    except (Unreadable, FileNotFoundError) as error:
        return await _fail(lesson, str(error))
    except LostClaim:
        return "lost"
    finally:
        finished.set()
        await reporter
        for made in (rendition, poster):  # stored by now, or not wanted
            if made:
                made.unlink(missing_ok=True)


async def _finish(lesson: dict, rendition, poster, seconds: int) -> str:
    files = storage()
    video_key = await files.add_file(rendition, "videos")
    poster_key = await files.add_file(poster, "posters") if poster and poster.exists() else lesson["poster"]
    if not await _still_ours(lesson, {
            Lesson.video: video_key, Lesson.poster: poster_key, Lesson.duration_seconds: seconds,
            Lesson.video_status: "ready", Lesson.video_progress: 100, Lesson.video_source: "",
            Lesson.video_claim: "", Lesson.video_claimed_at: None, Lesson.video_error: ""}):
        await files.delete(video_key)
        if poster_key != lesson["poster"]:
            await files.delete(poster_key)
        return "lost"
    await files.delete(lesson["video_source"])
    return "converted"


async def sweep() -> Counter:
    """Converts every waiting video, one at a time; each claim is made at the clock's time."""
    counts: Counter = Counter()
    while lesson := await claim(clock.now()):
        counts[await convert(lesson)] += 1
    return counts
