"""xAPI statements against a real Learning Record Store (Ralph): completed, passed and experienced,
pseudonymised by default, each kept once by the store however often it is sent, retried while the
store is away, safe with three sweepers side by side and with one killed mid-batch."""
import asyncio
import os
import signal
import subprocess
import sys
import time
from datetime import timedelta

import pytest

from lms import clock
from lms.courses.tables import Enrolment, LessonProgress, QuizAttempt
from lms import outbox
from lms.integrations import xapi
from lms.integrations.tables import RecordStore, XapiStatement
from lms.people.tables import Employee
from tests.conftest import signed_in_client
from tests.lrs import PASSWORD, USER, run_store


@pytest.fixture
def store(tmp_path):
    running = run_store(tmp_path)
    yield running
    running.resume()
    running.process.terminate()
    running.process.wait()


async def learned(course, people: list[int]) -> None:
    """Each person completed the course with 90 %: a lesson finished, the quiz passed, the course completed."""
    now = clock.now()
    for person in people:
        enrolment = Enrolment(employee=person, course=course["course"].id, enrolled_at=now, last_activity_at=now,
                              completed_at=now, score=90)
        await enrolment.save()
        await QuizAttempt.insert(QuizAttempt(enrolment=enrolment.id, score=90, passed=True, answers={}, created_at=now))
        await LessonProgress.insert(LessonProgress(enrolment=enrolment.id, lesson=course["video"].id, started_at=now,
                                                   updated_at=now, completed=True))


async def connect(client, store, pseudonymise: bool = True, endpoint: str = ""):
    return await client.post("/admin/record-store", data={
        "endpoint": endpoint or store.endpoint, "username": USER, "password": PASSWORD,
        **({"pseudonymise": "yes"} if pseudonymise else {})})


async def test_learning_reaches_the_store_pseudonymised(as_alice, org, course, store):
    assert (await connect(as_alice, store)).status_code == 303
    await learned(course, [org["charlie"].id])
    assert await xapi.sweep(clock.now()) == {"planned": 3, "delivered": 3}
    kept = store.statements()
    assert sorted(s["verb"]["id"].rsplit("/", 1)[1] for s in kept) == ["completed", "experienced", "passed"]
    completed = next(s for s in kept if s["verb"]["id"].endswith("completed"))
    assert completed["object"]["id"].endswith(f"/courses/{course['course'].id}")
    assert completed["result"]["score"]["scaled"] == 0.9 and completed["result"]["completion"] is True
    experienced = next(s for s in kept if s["verb"]["id"].endswith("experienced"))
    assert experienced["context"]["contextActivities"]["parent"][0]["id"] == completed["object"]["id"]
    actors = {s["actor"]["account"]["name"] for s in kept}
    assert len(actors) == 1 and "charlie" not in str(kept).lower()  # one opaque code, no name, no address

    assert await xapi.sweep(clock.now()) == {"planned": 0}  # found again, planned once
    page = await as_alice.get("/admin/record-store")
    assert "Delivered" in page.text and "<dd>3</dd>" in page.text


async def test_without_pseudonyms_the_store_gets_the_address(as_alice, org, course, store):
    await connect(as_alice, store, pseudonymise=False, endpoint=store.endpoint + "statements")  # as manuals give it
    await learned(course, [org["charlie"].id])
    await xapi.sweep(clock.now())
    assert {s["actor"]["mbox"] for s in store.statements()} == {"mailto:charlie@example.org"}


async def test_a_statement_sent_twice_is_kept_once(as_alice, org, course, store):
    await connect(as_alice, store)
    await learned(course, [org["charlie"].id])
    await xapi.sweep(clock.now())
    await XapiStatement.update({XapiStatement.status: "pending"}, force=True)  # as if never confirmed
    assert (await xapi.sweep(clock.now()))["delivered"] == 3
    assert len(store.statements()) == 3


async def test_an_absent_store_is_tried_again_later(as_alice, org, course, store):
    await connect(as_alice, store)
    await RecordStore.update({RecordStore.password: "wrong"}, force=True)
    await learned(course, [org["charlie"].id])
    assert (await xapi.sweep(clock.now()))["retry"] == 3
    page = await as_alice.get("/admin/record-store")
    assert "The store did not take the last statements: HTTP 401" in page.text
    await RecordStore.update({RecordStore.password: PASSWORD}, force=True)
    assert (await xapi.sweep(clock.now())).get("delivered") is None  # not due yet
    clock.travel(outbox.backoff(1) + timedelta(seconds=1))
    assert (await xapi.sweep(clock.now()))["delivered"] == 3 and len(store.statements()) == 3


def start_sweeper() -> subprocess.Popen:
    return subprocess.Popen([sys.executable, "-m", "lms.cli", "xapi", "run-once"], env=os.environ,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)


async def many_learners(course, count: int) -> None:
    people = [Employee(email=f"p{n}@example.org", first_name=f"P{n}", last_name="Test", created_at=clock.now())
              for n in range(count)]
    await Employee.insert(*people)
    await learned(course, [person.id for person in people])


async def test_three_sweeper_processes_send_each_statement_once(as_alice, org, course, store):
    await connect(as_alice, store)
    await many_learners(course, 80)  # 240 statements, three batches
    sweepers = [start_sweeper() for _ in range(3)]
    for sweeper in sweepers:
        out, err = await asyncio.to_thread(sweeper.communicate, timeout=180)
        assert sweeper.returncode == 0, err
    rows = await XapiStatement.select(XapiStatement.status, XapiStatement.attempts, XapiStatement.error)
    assert {row["error"] for row in rows} == {""}
    assert len(rows) == 240 and {(row["status"], row["attempts"]) for row in rows} == {("delivered", 1)}
    assert len({s["id"] for s in store.statements()}) == 240


async def test_a_sweeper_killed_mid_batch_loses_nothing(as_alice, org, course, store):
    await connect(as_alice, store)
    await many_learners(course, 10)
    store.pause()  # the store stops answering: the sweeper hangs in the middle of its batch
    sweeper = start_sweeper()
    deadline = time.monotonic() + 60
    while not await XapiStatement.exists().where(XapiStatement.status == "sending"):
        assert time.monotonic() < deadline and sweeper.poll() is None, "the sweeper never claimed a batch"
        await asyncio.sleep(0.05)
    os.kill(sweeper.pid, signal.SIGKILL)
    await asyncio.to_thread(sweeper.wait)
    store.resume()
    assert (await xapi.sweep(clock.now())).get("delivered") is None  # the dead sweep's claim holds until stale
    clock.travel(xapi.STALE + timedelta(seconds=1))
    assert (await xapi.sweep(clock.now()))["delivered"] == 30
    assert len(store.statements()) == 30  # none lost, none twice


@pytest.mark.parametrize("field, value, message", [
    ("endpoint", "", "Statement address is required."),
    ("endpoint", "ftp://lrs.example.org/", "Statement address must start with https://"),
    ("endpoint", "javascript:alert(1)", "Statement address must start with https://"),
    ("username", "", "Key (user name) is required."),
    ("password", "", "Secret (password) is required."),
])
async def test_a_bad_connection_is_named(as_alice, org, field, value, message):
    data = {"endpoint": "https://lrs.example.org/xAPI/", "username": "lms", "password": "secret", field: value}
    response = await as_alice.post("/admin/record-store", data=data)
    assert response.status_code == 400 and message in response.text
    assert await RecordStore.count() == 0


async def test_disconnecting_asks_first_and_drops_what_waits(as_alice, org, course):
    await as_alice.post("/admin/record-store", data={"endpoint": "https://lrs.example.org/xAPI/", "username": "lms",
                                                     "password": "secret"})
    await learned(course, [org["charlie"].id])
    await xapi.plan(clock.now())
    assert "Disconnect the Learning Record Store?" in (await as_alice.get("/admin/record-store/disconnect")).text
    assert await RecordStore.count() == 1
    await as_alice.post("/admin/record-store/disconnect")
    assert await RecordStore.count() == 0 and await XapiStatement.count() == 0
    assert await xapi.sweep(clock.now()) == {"planned": 0}


@pytest.mark.parametrize("email", ["bob@example.org", "charlie@example.org"])
async def test_only_l_and_d_connects_a_store(make_client, org, email):
    client = await signed_in_client(make_client, email)
    assert (await client.get("/admin/record-store")).status_code == 403
    response = await client.post("/admin/record-store", data={"endpoint": "https://lrs.example.org/xAPI/",
                                                              "username": "x", "password": "y"})
    assert response.status_code == 403 and await RecordStore.count() == 0
