"""The micro-course player: lessons, saving the position, SCORM commits, the quiz."""
import math
from datetime import datetime, timezone
from typing import Any

import msgspec
from litestar import Request, Response, get, post
from litestar.params import FromPath, FromQuery
from litestar.response import Redirect, Template

from lms.courses import captions, learning, lessons, offline, player, quiz, scorm_player
from lms.errors import BadRequest, NotFound
from lms.forms import FormData
from lms.web.auth import signed_in
from lms.web.kept_answers import KEEP_ANSWER
from lms.web.parameters import holds_nul

MAX_RANGES, MAX_RANGES_TEXT = 200, 6000


@get("/courses/{course_id:int}/lessons/{lesson_id:int}", name="courses:lesson", guards=[signed_in],
     opt={KEEP_ANSWER: True})
async def lesson(request: Request, course_id: FromPath[int], lesson_id: FromPath[int]) -> Template | Redirect:
    context = await player.open_lesson(request.user.id, course_id, lesson_id)
    if context is None:
        return Redirect(status_code=303, path=f"/courses/{course_id}?notice=start_first")
    return Template(template_name="courses/lesson.html", context=context)


@get("/courses/{course_id:int}/lessons/{lesson_id:int}/captions/{language:str}", name="courses:captions_file",
     guards=[signed_in])
async def captions_file(request: Request, course_id: FromPath[int], lesson_id: FromPath[int],
                        language: FromPath[str]) -> Response:
    """A lesson's captions as WebVTT, for those who may open the lesson (and L&D)."""
    if not request.user.is_admin:
        await learning.published_course(course_id)
        if await learning.enrolment_of(request.user.id, course_id) is None:
            raise NotFound
    await lessons.lesson_of(course_id, lesson_id)
    return Response(await captions.vtt(lesson_id, language), media_type="text/vtt; charset=utf-8",
                    headers={"cache-control": "private, max-age=300"})


def _number(text: str, below: float) -> float | None:
    """A finite number from 0 up to `below`, or None (float() also takes nan and '١')."""
    if len(text) > 20 or not text.isascii():
        return None
    try:
        value = float(text)
    except ValueError:
        return None
    return value if math.isfinite(value) and 0 <= value < below else None


def _seconds(text: str) -> float | None:
    """A moment in a video: seconds under a day."""
    return _number(text, 86_400)


def _ranges(text: str) -> list[list[float]] | None:
    """The ranges the player played, "0-12.5,30-41"; None when that is not what came."""
    parts = [part for part in text.split(",") if part] if len(text) <= MAX_RANGES_TEXT else None
    if parts is None or len(parts) > MAX_RANGES:
        return None
    ranges = []
    for part in parts:
        start, _sep, end = part.partition("-")
        start_at, end_at = _seconds(start), _seconds(end)
        if start_at is None or end_at is None or end_at < start_at:
            return None
        ranges.append([start_at, end_at])
    return ranges


@post("/courses/{course_id:int}/lessons/{lesson_id:int}/progress", name="courses:progress", guards=[signed_in])
async def progress(request: Request, course_id: FromPath[int], lesson_id: FromPath[int], data: FormData) -> Response:
    """Called by the player as the video plays; says whether that completed the course."""
    seconds = _seconds(str(data.get("position", "0")))
    if seconds is None:
        return Response(content="position must be a number of seconds", status_code=400)
    played = _ranges(str(data.get("played", "")))
    if played is None:
        return Response(content="played must be ranges of seconds like 0-12.5,30-41", status_code=400)
    completed = await player.save_position(request.user.id, course_id, lesson_id, seconds, data.get("ended") == "1",
                                           played, _queued_at(str(data.get("at", ""))))
    return Response(content="completed" if completed else "saved", status_code=200)


def _queued_at(text: str) -> datetime | None:
    """When a report kept offline was made (None for one sent at once)."""
    if not text:
        return None
    moment = _number(text, 10**11)  # seconds since 1970
    if moment is None:
        raise BadRequest("at must be the moment of the report, in seconds since 1970")
    return datetime.fromtimestamp(moment, timezone.utc)


def _queue_key(request: Request) -> str | None:
    """The phone's name for an answer it kept while offline (see static/sw.js), which makes sending it
    twice harmless; None for an answer sent at once."""
    key = request.headers.get("x-lms-queued")
    if key is None:
        return None
    if not 8 <= len(key) <= 64 or not all(c.isascii() and (c.isalnum() or c == "-") for c in key):
        raise BadRequest("x-lms-queued must be 8 to 64 letters, digits or dashes")
    return key


@post("/courses/{course_id:int}/lessons/{lesson_id:int}/scorm", name="courses:scorm_commit", guards=[signed_in],
      request_max_body_size=scorm_player.MAX_RUNTIME_BYTES + 64 * 1024,
      opt={"exclude_from_csrf": True})
async def scorm_commit(request: Request, course_id: FromPath[int], lesson_id: FromPath[int],
                       key: FromQuery[str] = "") -> Response:
    """Where the SCORM runtime (scorm-again) commits what the package reported, as its structured
    commit object; it answers in the shape the runtime expects. The key in the address stands in for
    the CSRF token (see scorm_player.commit_key)."""
    if not scorm_player.valid_commit_key(request.user.id, lesson_id, key):
        return Response(content={"result": False, "errorCode": 101, "error": "the commit key is wrong"},
                        status_code=403)
    try:
        commit = msgspec.json.decode(await request.body())
        if holds_nul(commit):
            raise scorm_player.BadCommit("a NUL byte cannot be stored")
        completed = await scorm_player.record(request.user.id, course_id, lesson_id, commit)
    except (msgspec.DecodeError, scorm_player.BadCommit) as error:
        return Response(content={"result": False, "errorCode": 101, "error": str(error)}, status_code=400)
    return Response(content={"result": True, "errorCode": 0, "completed": completed}, status_code=200)


@post("/courses/{course_id:int}/lessons/{lesson_id:int}/done", name="courses:lesson_done", guards=[signed_in])
async def lesson_done(request: Request, course_id: FromPath[int], lesson_id: FromPath[int]) -> Redirect | Response:
    step = await player.finish_lesson(request.user.id, course_id, lesson_id)
    if _queue_key(request) is not None:  # sent late by the phone, which needs to know whether it was taken
        refused = step in ("unwatched", "unfinished")
        return Response(content=str(step), status_code=409 if refused else 200)
    paths = {"completed": f"/courses/{course_id}/completed", "quiz": f"/courses/{course_id}/quiz",
             "course": f"/courses/{course_id}",
             "unwatched": f"/courses/{course_id}/lessons/{lesson_id}?unwatched=1#done-next",
             "unfinished": f"/courses/{course_id}/lessons/{lesson_id}?unfinished=1#done-next"}
    return Redirect(status_code=303, path=paths.get(step, f"/courses/{course_id}/lessons/{step}"))


@get("/courses/{course_id:int}/quiz", name="courses:quiz", guards=[signed_in])
async def quiz_page(request: Request, course_id: FromPath[int]) -> Template | Redirect:
    course = await learning.published_course(course_id)
    questions = await quiz.questions(course_id)
    if not questions:  # nothing to pass: no pass mark to show either
        return Redirect(status_code=303, path=f"/courses/{course_id}")
    enrolment = await learning.enrolment_of(request.user.id, course_id)
    left = await quiz.attempts_left(enrolment["id"], course["max_attempts"]) if enrolment else course["max_attempts"] or None
    return Template(template_name="courses/quiz.html", context={
        "course": course, "questions": questions, "attempts_left": left})


def _answers(data: dict[str, Any]) -> dict[int, set[int]]:
    """Form fields q<question id> carry chosen choice ids; anything else is not an answer."""
    answers: dict[int, set[int]] = {}
    for name, value in data.items():
        if name.startswith("q") and name[1:].isdigit():
            values = value if isinstance(value, list) else [value]
            if not all(str(v).isdigit() for v in values):
                raise quiz.BadAnswer
            answers[int(name[1:])] = {int(v) for v in values}
    return answers


@post("/courses/{course_id:int}/quiz", name="courses:quiz_submit", guards=[signed_in])
async def quiz_submit(request: Request, course_id: FromPath[int], data: FormData) -> Template | Redirect:
    course = await learning.published_course(course_id)
    if not await quiz.questions(course_id):
        return Redirect(status_code=303, path=f"/courses/{course_id}")
    result = await quiz.submit(request.user.id, course_id, _answers(data), _queue_key(request))
    return Template(template_name="courses/quiz_result.html", context={"course": course, **result})


@get("/courses/{course_id:int}/offline", name="courses:offline", guards=[signed_in])
async def offline_package(request: Request, course_id: FromPath[int]) -> Response:
    """What a phone keeps to follow the course offline (static/offline.js), with its size."""
    return Response(content=await offline.package(request.user.id, course_id), headers={"cache-control": "no-store"})


PLAYER_ROUTES = [lesson, offline_package, captions_file, progress, scorm_commit, lesson_done, quiz_page, quiz_submit]
