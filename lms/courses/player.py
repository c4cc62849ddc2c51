"""The micro-course player: a lesson, where you stopped, what you really watched, and what comes next.

A video lesson counts as watched when the union of the ranges actually played covers the course's
share of its length (90 % unless L&D sets another): seeking to the end plays nothing, watching at
double speed plays everything. The server keeps the union, never more of it than could have played
since the first report at the fastest speed allowed, so a hand-made request cannot claim a whole
video at once (what a report brings beyond that is credited as time passes)."""
import math
from datetime import datetime

from piccolo.engine.sqlite import SQLiteEngine

from lms import clock, i18n
from lms.courses import captions, learning, lessons, scorm_player
from lms.db import engine, write_transaction
from lms.markdown import render
from lms.courses.tables import Enrolment, Lesson, LessonProgress, Question

MAX_PLAYBACK_RATE = 4  # the fastest speed that counts as watching (players offer up to 2x)
SLACK_SECONDS = 15  # what may have played before the first report reached us

Ranges = list[list[float]]


def union(ranges: Ranges) -> Ranges:
    """Overlapping or touching ranges merged, in order."""
    merged: Ranges = []
    for start, end in sorted(r for r in ranges if r[1] > r[0]):
        if merged and start <= merged[-1][1] + 0.5:
            merged[-1][1] = max(merged[-1][1], end)
        else:
            merged.append([start, end])
    return merged


def covered(ranges: Ranges) -> float:
    return sum(end - start for start, end in ranges)


def required_seconds(duration: int, watch_percent: int) -> int:
    return math.ceil(duration * watch_percent / 100)


def left_to_watch(lesson: dict, progress: dict | None, watch_percent: int) -> int:
    """Seconds still to play before a video lesson counts as watched."""
    watched = progress["watched_seconds"] if progress else 0
    return max(0, required_seconds(lesson["duration_seconds"], watch_percent) - watched)


async def _progress(enrolment_id: int) -> dict[int, dict]:
    """The attempt's progress, by lesson: a course has a handful of lessons."""
    return {row["lesson"]: row for row in await LessonProgress.select().where(
        LessonProgress.enrolment == enrolment_id).output(load_json=True)}


async def open_lesson(employee_id: int, course_id: int, lesson_id: int) -> dict | None:
    """What the lesson page shows, or None for someone not enrolled: opening a page never enrols
    (a link from another site could), starting the course is a POST."""
    course = await learning.published_course(course_id)
    lesson = await lessons.lesson_of(course_id, lesson_id)
    enrolment = await learning.enrolment_of(employee_id, course_id)
    if enrolment is None:
        return None
    every_progress = await _progress(enrolment["id"])
    progress = every_progress.get(lesson_id)
    in_course = await Lesson.select(Lesson.id, Lesson.title, Lesson.kind).where(Lesson.course == course_id).order_by(
        Lesson.position, Lesson.id)
    done = {lesson for lesson, row in every_progress.items() if row["completed"]}
    ids = [row["id"] for row in in_course]
    following = ids[ids.index(lesson_id) + 1:]
    tracks, transcript = await captions.for_player(lesson_id, i18n.current_language.get())
    return {
        "course": course,
        "lesson": lesson,
        **(await _scorm(enrolment["id"], employee_id, lesson) if lesson["kind"] == "scorm" else {}),
        "tracks": tracks,
        "transcript": transcript,
        "body": render(lesson["body"]),
        "resume_at": progress["position_seconds"] if progress and not progress["completed"] else 0,
        "done": lesson_id in done,
        "left": left_to_watch(lesson, progress, course["watch_percent"]),
        "lessons": [{**row, "done": row["id"] in done} for row in in_course],
        "next_lesson": following[0] if following else None,
        "has_quiz": await Question.exists().where(Question.course == course_id),
        "enrolment": enrolment,
    }


async def _scorm(enrolment_id: int, employee_id: int, lesson: dict) -> dict:
    """What the SCORM frame's runtime needs: where to resume, and the key its commits carry."""
    return {"scorm_resume": await scorm_player.resume_data(enrolment_id, lesson),
            "scorm_key": scorm_player.commit_key(employee_id, lesson["id"])}


async def _locked_progress(enrolment_id: int, lesson_id: int, now: datetime) -> dict:
    """The progress row, made if missing (a second device at once makes nothing twice) and, on
    PostgreSQL, locked until the transaction ends so two reports merge their ranges one after the other."""
    await LessonProgress.insert(LessonProgress(enrolment=enrolment_id, lesson=lesson_id, started_at=now,
                                               updated_at=now)).on_conflict(
        target=(LessonProgress.enrolment, LessonProgress.lesson), action="DO NOTHING")
    query = LessonProgress.select().where(LessonProgress.enrolment == enrolment_id, LessonProgress.lesson == lesson_id)
    if not isinstance(engine(), SQLiteEngine):  # SQLite's IMMEDIATE transaction already serialises writers
        query = query.lock_rows()
    return (await query.output(load_json=True))[0]


def _within(before: Ranges, played: Ranges, budget: float) -> Ranges:
    """The union of before and played, with at most `budget` seconds of it new (earliest first)."""
    ranges = union(before)
    for start, end in union(played):
        for new_start, new_end in _gaps(ranges, start, end):
            take = min(new_end - new_start, budget - (covered(ranges) - covered(before)))
            if take <= 0:
                return ranges
            ranges = union(ranges + [[new_start, new_start + take]])
    return ranges


def _gaps(ranges: Ranges, start: float, end: float) -> Ranges:
    """The parts of [start, end] that ranges does not cover."""
    gaps, at = [], start
    for covered_start, covered_end in ranges:
        if covered_end <= at or covered_start >= end:
            continue
        if covered_start > at:
            gaps.append([at, covered_start])
        at = max(at, covered_end)
    if at < end:
        gaps.append([at, end])
    return gaps


async def save_position(employee_id: int, course_id: int, lesson_id: int, seconds: float, ended: bool,
                        played: Ranges = (), queued_at: datetime | None = None) -> bool:
    """Keeps the second where the learner is and what they played; True when this completed the course.
    A report a phone kept while offline comes late, with the moment it was made: what it played is
    credited from then (never before the course was taken offline), and it never moves the position back."""
    course = await learning.published_course(course_id)
    lesson = await lessons.lesson_of(course_id, lesson_id)
    enrolment = await learning.started(employee_id, course_id)
    duration = lesson["duration_seconds"]
    seconds = int(max(0, min(seconds, duration or seconds)))
    now = clock.now()
    made_at = now
    if queued_at and enrolment["offline_at"]:
        made_at = max(min(queued_at, now), enrolment["offline_at"])
    async with write_transaction():
        progress = await _locked_progress(enrolment["id"], lesson_id, made_at)
        before = progress["watched"] or []
        clipped = [[max(0.0, start), min(float(duration), end)] for start, end in played] if duration else []
        started_at = min(progress["started_at"], made_at)
        since_first = max((now - started_at).total_seconds(), 0)
        watched = _within(before, clipped, since_first * MAX_PLAYBACK_RATE + SLACK_SECONDS - covered(before))
        watched_seconds = round(covered(watched))
        # A text lesson is done when the learner says so; a video when enough of it has played.
        if lesson["kind"] == "text" or not duration:
            finished = ended
        else:
            finished = watched_seconds >= required_seconds(duration, course["watch_percent"])
        await LessonProgress.update({
            LessonProgress.position_seconds: max(seconds, progress["position_seconds"]) if queued_at else seconds,
            LessonProgress.started_at: started_at, LessonProgress.updated_at: now,
            LessonProgress.watched: watched, LessonProgress.watched_seconds: watched_seconds,
            LessonProgress.completed: progress["completed"] or bool(finished),
        }).where(LessonProgress.id == progress["id"])
        await Enrolment.update({Enrolment.last_activity_at: now}).where(Enrolment.id == enrolment["id"])
    return bool(finished) and await learning.finish_if_done(enrolment)


async def finish_lesson(employee_id: int, course_id: int, lesson_id: int) -> str | int:
    """'Done, next': marks a text lesson done and says where to go: the next lesson's id,
    "completed", "quiz", "course", "unwatched" for a video not yet watched far enough, or
    "unfinished" for a SCORM package that has not reported completion."""
    lesson = await lessons.lesson_of(course_id, lesson_id)
    completed = lesson["kind"] == "text" and await save_position(employee_id, course_id, lesson_id, 0, ended=True)
    if completed:
        return "completed"
    opened = await open_lesson(employee_id, course_id, lesson_id)
    if lesson["kind"] == "video" and lesson["duration_seconds"] and not opened["done"]:
        return "unwatched"
    if lesson["kind"] == "scorm" and not opened["done"]:
        return "unfinished"
    if opened["next_lesson"]:
        return opened["next_lesson"]
    if opened["enrolment"]["completed_at"]:
        return "completed"
    return "quiz" if opened["has_quiz"] else "course"
