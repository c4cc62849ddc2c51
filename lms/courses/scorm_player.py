"""A SCORM lesson being played: what the package commits (through scorm-again's structured commit:
completion, success, score, time and the runtime data) is kept per attempt, given back to resume,
and a completed or passed package completes the lesson, which may complete the course."""
import hashlib
import hmac
import json
import math
from dataclasses import dataclass

from lms import clock
from lms.courses import learning, lessons
from lms.courses.tables import LessonProgress, ScormState
from lms.errors import NotFound
from lms.settings import load_settings

COMPLETION = {"completed", "incomplete", "unknown"}
SUCCESS = {"passed", "failed", "unknown"}
MAX_RUNTIME_BYTES = 256 * 1024  # SCORM 2004 allows 64,000 characters of suspend data; the rest is small
# what a package needs back to resume where the learner left it, per standard
RESUME = {"1.2": {"core": ("lesson_location", "lesson_status", "score", "total_time"), "": ("suspend_data",)},
          "2004": {"": ("location", "completion_status", "success_status", "score", "suspend_data", "total_time")}}


class BadCommit(ValueError):
    pass


def commit_key(employee_id: int, lesson_id: int) -> str:
    """Proof that a commit comes from the lesson page lms gave this person. The runtime's requests do not
    all carry our CSRF header (a commit as the page closes goes by navigator.sendBeacon, which cannot),
    so the commit address carries this instead: another site cannot make it."""
    message = f"scorm-commit:{employee_id}:{lesson_id}".encode()
    return hmac.new(load_settings().secret_key.encode(), message, hashlib.sha256).hexdigest()[:32]


def valid_commit_key(employee_id: int, lesson_id: int, key: str) -> bool:
    return key.isascii() and hmac.compare_digest(commit_key(employee_id, lesson_id), key[:64])


@dataclass(frozen=True)
class Outcome:
    completion: str
    success: str
    score: int | None
    seconds: int
    runtime: dict

    @property
    def done(self) -> bool:
        return self.success == "passed" or (self.completion == "completed" and self.success != "failed")


def _number(value) -> float | None:
    return float(value) if isinstance(value, (int, float)) and not isinstance(value, bool) and \
        math.isfinite(value) else None


def _percent(score) -> int | None:
    """Scaled (2004) if given, else raw between min and max (0 and 100 when they are missing)."""
    if not isinstance(score, dict):
        return None
    scaled, raw = _number(score.get("scaled")), _number(score.get("raw"))
    if scaled is None and raw is None:
        return None
    if scaled is None:
        low, high = _number(score.get("min")), _number(score.get("max"))
        low = 0.0 if low is None else low
        high = 100.0 if high is None or high <= low else high
        scaled = (raw - low) / (high - low)
    return round(max(0.0, min(1.0, scaled)) * 100)


def _one_of(value, known: set[str]) -> str:
    return value if isinstance(value, str) and value in known else "unknown"


def outcome(commit) -> Outcome:
    """The commit read strictly: anything unexpected is refused, never stored."""
    if not isinstance(commit, dict) or not isinstance(commit.get("runtimeData"), dict):
        raise BadCommit("a structured commit object with runtimeData is expected")
    if len(json.dumps(commit["runtimeData"])) > MAX_RUNTIME_BYTES:
        raise BadCommit("runtimeData is too large")
    seconds = _number(commit.get("totalTimeSeconds")) or 0.0
    return Outcome(completion=_one_of(commit.get("completionStatus"), COMPLETION),
                   success=_one_of(commit.get("successStatus"), SUCCESS),
                   score=_percent(commit.get("score")), seconds=int(max(0.0, min(seconds, 10 ** 8))),
                   runtime=commit["runtimeData"])


async def record(employee_id: int, course_id: int, lesson_id: int, commit) -> bool:
    """Keeps what the package committed; True when this completed the course."""
    await learning.published_course(course_id)
    lesson = await lessons.lesson_of(course_id, lesson_id)
    if lesson["kind"] != "scorm":
        raise BadCommit("not a SCORM lesson")
    found = outcome(commit)
    enrolment = await learning.enrolment_of(employee_id, course_id)
    if enrolment is None:  # unenrolled by L&D while the package was open: a commit must not enrol again
        raise NotFound
    now = clock.now()
    state = ScormState(enrolment=enrolment["id"], lesson=lesson_id, runtime=found.runtime, completion=found.completion,
                       success=found.success, score=found.score, seconds=found.seconds, updated_at=now)
    # the outcome is the package's latest word; the total time is sent only when it ends (the runtime
    # counts on from the total_time it was given back), so a commit without it keeps the last one
    await ScormState.insert(state).on_conflict(
        target=(ScormState.enrolment, ScormState.lesson), action="DO UPDATE",
        values=(ScormState.runtime, ScormState.completion, ScormState.success, ScormState.score,
                ScormState.updated_at))
    if found.seconds:
        await ScormState.update({ScormState.seconds: found.seconds}).where(
            ScormState.enrolment == enrolment["id"], ScormState.lesson == lesson_id)
    if not found.done:
        return False
    await LessonProgress.insert(LessonProgress(enrolment=enrolment["id"], lesson=lesson_id, started_at=now,
                                               updated_at=now, completed=True)).on_conflict(
        target=(LessonProgress.enrolment, LessonProgress.lesson), action="DO UPDATE",
        values=(LessonProgress.completed, LessonProgress.updated_at))
    return await learning.finish_if_done(enrolment)


async def resume_data(enrolment_id: int, lesson: dict) -> dict:
    """What the runtime loads before the package starts: where the learner was, or nothing."""
    row = await ScormState.select(ScormState.runtime).where(
        ScormState.enrolment == enrolment_id, ScormState.lesson == lesson["id"]).output(load_json=True).first()
    runtime = (row or {}).get("runtime") or {}
    cmi = runtime.get("cmi") if isinstance(runtime.get("cmi"), dict) else {}
    kept: dict = {}
    for group, names in RESUME.get(lesson["standard"], {}).items():
        source = cmi.get(group, {}) if group else cmi
        values = {name: source[name] for name in names if isinstance(source, dict) and source.get(name) not in
                  (None, "", {})}
        if values:
            (kept.setdefault(group, {}) if group else kept).update(values)
    if not kept:
        return {}
    entry = {"1.2": ("core", "entry"), "2004": ("", "entry")}[lesson["standard"]]
    (kept.setdefault(entry[0], {}) if entry[0] else kept)[entry[1]] = "resume"
    return {"cmi": kept}
