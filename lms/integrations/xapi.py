"""xAPI: what people learn, sent as statements to the Learning Record Store (LRS) L&D connects:
a completed course ("completed"), a passed quiz ("passed") and a finished lesson ("experienced").

As with webhooks, the sweep finds events by reading the records themselves over the last LOOK_BACK,
and a unique key per event makes planning idempotent. Each statement's id is derived from that key,
so a store keeps it once even when it arrives twice (after a sweep died mid-batch, say): rows are
claimed as lms/outbox.py says and sent at least once, in batches, retried with a
growing wait. People are pseudonymised by default: an account whose name is a keyed hash of their
id, the same in every statement, that only this lms can tie back to them."""
import hashlib
import hmac
import uuid
from collections import Counter
from datetime import datetime, timedelta

import httpx
from piccolo.query.functions.aggregate import Count

from lms import clock
from lms.courses.tables import Enrolment, LessonProgress, QuizAttempt
from lms import outbox
from lms.db import write_transaction
from lms.integrations.tables import RecordStore, XapiStatement
from lms.settings import load_settings

VERBS = {"completed": "http://adlnet.gov/expapi/verbs/completed", "passed": "http://adlnet.gov/expapi/verbs/passed",
         "experienced": "http://adlnet.gov/expapi/verbs/experienced"}
COURSE = "http://adlnet.gov/expapi/activities/course"
LESSON = "http://adlnet.gov/expapi/activities/lesson"
VERSION = "1.0.3"
LOOK_BACK = timedelta(days=7)
BATCH = 100
STALE = timedelta(seconds=50)
TIMEOUT = httpx.Timeout(20.0)
MAX_ATTEMPTS = 8


async def connection() -> dict | None:
    return await RecordStore.select().first()


def base_address(endpoint: str) -> str:
    """The store's xAPI address, ending in a slash; one given with /statements at the end works too."""
    endpoint = endpoint.rstrip("/")
    return endpoint.removesuffix("/statements") + "/"


async def connect(endpoint: str, username: str, password: str, pseudonymise: bool, actor_id: int,
                  now: datetime) -> None:
    """Connects the store (replacing another); an empty password keeps the one already saved."""
    async with write_transaction():
        before = await RecordStore.select(RecordStore.password).first()
        await RecordStore.delete(force=True)
        await RecordStore.insert(RecordStore(
            endpoint=base_address(endpoint), username=username,
            password=password or (before or {}).get("password", ""), pseudonymise=pseudonymise, active=True,
            changed_by=actor_id, changed_at=now))


async def disconnect() -> None:
    """Stops sending; what was not sent yet is dropped with the connection."""
    async with write_transaction():
        await RecordStore.delete(force=True)
        await XapiStatement.delete().where(XapiStatement.status != "delivered")


async def progress() -> dict:
    """How many statements are delivered, waiting and given up, and the last error."""
    counts = Counter()
    for row in await XapiStatement.select(XapiStatement.status, Count()).group_by(XapiStatement.status):
        counts[row["status"] if row["status"] in ("delivered", "failed") else "waiting"] += row["count"]
    last = await XapiStatement.select(XapiStatement.error, XapiStatement.next_attempt_at).where(
        XapiStatement.error != "").order_by(XapiStatement.id, ascending=False).first()
    return {**counts, "last_error": last}


def _actor(row: dict, pseudonymise: bool) -> dict:
    settings = load_settings()
    if pseudonymise:
        name = hmac.new(settings.secret_key.encode(), f"xapi:{row['person']}".encode(), hashlib.sha256).hexdigest()
        return {"objectType": "Agent", "account": {"homePage": settings.base_url, "name": name[:32]}}
    return {"objectType": "Agent", "mbox": f"mailto:{row['email']}", "name": f"{row['first_name']} {row['last_name']}"}


def _activity(kind: str, path: str, title: str, language: str) -> dict:
    return {"objectType": "Activity", "id": f"{load_settings().base_url}{path}",
            "definition": {"type": kind, "name": {language or "en": title}}}


def _score(percent: int | None) -> dict:
    return {} if percent is None else {"score": {"scaled": percent / 100, "raw": percent, "min": 0, "max": 100}}


def _statement(key: str, row: dict, verb: str, activity: dict, result: dict, when: datetime, pseudonymise: bool,
               parent: dict | None = None) -> tuple[str, dict]:
    """The event's key and its statement."""
    statement = {"id": str(uuid.uuid5(uuid.NAMESPACE_URL, f"{load_settings().base_url}/xapi/{key}")),
                 "actor": _actor(row, pseudonymise), "verb": {"id": VERBS[verb], "display": {"en": verb}},
                 "object": activity, "result": result, "timestamp": when.isoformat(),
                 "context": {"platform": "lms"}}
    if parent:
        statement["context"]["contextActivities"] = {"parent": [parent]}
    return key, statement


def _person(enrolment) -> tuple:
    """The learner and course of an enrolment, reached from Enrolment itself or through a foreign key to it."""
    return (enrolment.employee.as_alias("person"), enrolment.employee.email.as_alias("email"),
            enrolment.employee.first_name.as_alias("first_name"), enrolment.employee.last_name.as_alias("last_name"),
            enrolment.course.as_alias("course"), enrolment.course.title.as_alias("course_title"),
            enrolment.course.language.as_alias("language"))


def _course(row: dict) -> dict:
    return _activity(COURSE, f"/courses/{row['course']}", row["course_title"], row["language"])


async def _completed(since: datetime, pseudonymise: bool) -> list[tuple[str, dict]]:
    rows = await Enrolment.select(Enrolment.id, Enrolment.completed_at, Enrolment.score, *_person(Enrolment)).where(
        Enrolment.completed_at >= since)
    return [_statement(f"completed:{row['id']}", row, "completed", _course(row),
                       {"completion": True, **_score(row["score"])}, row["completed_at"], pseudonymise)
            for row in rows]


async def _passed(since: datetime, pseudonymise: bool) -> list[tuple[str, dict]]:
    rows = await QuizAttempt.select(QuizAttempt.id, QuizAttempt.score, QuizAttempt.created_at,
                                    *_person(QuizAttempt.enrolment)).where(
        QuizAttempt.passed.eq(True), QuizAttempt.created_at >= since)
    return [_statement(f"passed:{row['id']}", row, "passed", _course(row), {"success": True, **_score(row["score"])},
                       row["created_at"], pseudonymise) for row in rows]


async def _experienced(since: datetime, pseudonymise: bool) -> list[tuple[str, dict]]:
    rows = await LessonProgress.select(
        LessonProgress.enrolment, LessonProgress.lesson, LessonProgress.updated_at,
        LessonProgress.lesson.title.as_alias("lesson_title"), *_person(LessonProgress.enrolment),
    ).where(LessonProgress.completed.eq(True), LessonProgress.updated_at >= since)
    return [_statement(f"experienced:{row['enrolment']}:{row['lesson']}", row, "experienced",
                       _activity(LESSON, f"/courses/{row['course']}/lessons/{row['lesson']}", row["lesson_title"],
                                 row["language"]),
                       {"completion": True}, row["updated_at"], pseudonymise, parent=_course(row)) for row in rows]


async def plan(now: datetime) -> int:
    """One statement per event, however many sweeps find it (an insert that ignores a repeat)."""
    store = await connection()
    if store is None or not store["active"]:
        return 0
    since = max(store["changed_at"], now - LOOK_BACK)
    rows = [XapiStatement(event_key=key, statement=statement, next_attempt_at=now, created_at=now)
            for finder in (_experienced, _passed, _completed)
            for key, statement in await finder(since, store["pseudonymise"])]
    planned = 0
    for start in range(0, len(rows), 500):
        made = await XapiStatement.insert(*rows[start:start + 500]).on_conflict(action="DO NOTHING").returning(
            XapiStatement.id)
        planned += len(made)
    return planned


async def _send(client: httpx.AsyncClient, store: dict, batch: list[dict]) -> str:
    """"" when the store took the batch, else what went wrong."""
    try:
        response = await client.post(f"{store['endpoint']}statements", json=[row["statement"] for row in batch],
                                     auth=(store["username"], store["password"]),
                                     headers={"X-Experience-API-Version": VERSION})
    except httpx.HTTPError as error:
        return f"{type(error).__name__}: {error}"[:300]
    return "" if response.is_success else f"HTTP {response.status_code}: {response.text}"[:300]


async def _outcome(batch: list[dict], error: str, now: datetime) -> Counter:
    if not error:
        await XapiStatement.update({XapiStatement.status: "delivered", XapiStatement.delivered_at: now,
                                    XapiStatement.error: ""}).where(
            XapiStatement.id.is_in([row["id"] for row in batch]), XapiStatement.status == "sending")
        return Counter(delivered=len(batch))
    counts: Counter = Counter()
    for row in batch:  # each waits by its own number of attempts
        status = "failed" if row["attempts"] >= MAX_ATTEMPTS else "retry"
        counts[status] += 1
        await XapiStatement.update({XapiStatement.status: status, XapiStatement.error: error,
                                    XapiStatement.next_attempt_at: now + outbox.backoff(row["attempts"])}).where(
            XapiStatement.id == row["id"], XapiStatement.status == "sending")
    return counts


async def sweep(now: datetime) -> Counter:
    """Plans what happened, then sends what is due, a batch at a time, until nothing is left."""
    counts = Counter(planned=await plan(now))
    store = await connection()
    if store is None:
        return counts
    async with httpx.AsyncClient(timeout=TIMEOUT) as client:
        while batch := await outbox.claim(XapiStatement, clock.now(), BATCH, STALE, XapiStatement.statement):
            counts += await _outcome(batch, await _send(client, store, batch), clock.now())
            if counts["retry"] or counts["failed"]:
                break  # the store is not taking statements now: the rest waits for the next sweep
    return counts
