"""Webhooks against a real HTTP receiver: signed, delivered once per event, retried with backoff,
shown with their outcome; three sweeps at once and a sweep killed mid-batch lose and double nothing
beyond the batch in flight."""
import asyncio
import hashlib
import hmac
import json
import os
import re
import signal
import time
from collections import Counter
from datetime import timedelta

import pytest

from lms import clock
from lms.courses.learning import complete_enrolment, enrol
from lms import outbox
from lms.integrations import webhooks
from lms.integrations.tables import Webhook, WebhookDelivery
from lms.people.tables import Employee
from tests.helpers import sign_in
from tests.outbound import receiver, start_sweeper  # noqa: F401 (fixtures)

SECRET = re.compile(r"<code>([0-9a-f]{64})</code>")


def signed_by(secret: str, request: dict) -> bool:
    stamp, given = re.fullmatch(r"t=(\d+),v1=([0-9a-f]{64})", request["headers"]["X-LMS-Signature"]).groups()
    expected = hmac.new(secret.encode(), f"{stamp}.".encode() + request["body"], hashlib.sha256).hexdigest()
    return hmac.compare_digest(given, expected)


async def completions(course, people) -> None:
    for person in people:
        await complete_enrolment(await enrol(person.id, course["course"].id))


async def test_l_and_d_adds_a_webhook_and_a_completion_arrives_signed_once(org, course, client, receiver):
    await sign_in(client, "alice@example.org")
    page = await client.get("/admin")
    assert "/admin/webhooks" in page.text
    await client.get("/admin/webhooks")
    made = await client.post("/admin/webhooks", data={"url": receiver.url, "events": ["completion"]})
    secret = SECRET.search(made.text).group(1)
    assert "shown only this once" in made.text

    await completions(course, [org["charlie"]])
    counts = await webhooks.sweep(clock.now())
    assert counts["delivered"] == 1
    [request] = receiver.received
    assert signed_by(secret, request) and request["headers"]["X-LMS-Event"] == "completion"
    message = json.loads(request["body"])
    assert message["event"] == "completion" and message["data"]["email"] == "charlie@example.org"
    assert message["data"]["course"] == "Fire safety basics"

    assert (await webhooks.sweep(clock.now()))["delivered"] == 0  # found again, sent once
    assert len(receiver.received) == 1
    listed = await client.get("/admin/webhooks")
    assert "delivered (204)" in listed.text and secret not in listed.text


async def test_a_failing_receiver_is_tried_again_later_and_then_given_up(org, course, receiver):
    await webhooks.add(receiver.url, ["completion"], org["alice"].id, clock.now())
    await completions(course, [org["charlie"]])
    receiver.status = 500
    for attempt in range(1, webhooks.MAX_ATTEMPTS + 1):
        counts = await webhooks.sweep(clock.now())
        assert counts["retry" if attempt < webhooks.MAX_ATTEMPTS else "failed"] == 1
        assert (await webhooks.sweep(clock.now()))["retry"] == 0  # not before its time
        clock.travel(outbox.backoff(attempt) + timedelta(seconds=1))
    row = await WebhookDelivery.select().first()
    assert row["status"] == "failed" and row["response_status"] == 500 and row["attempts"] == webhooks.MAX_ATTEMPTS
    assert len(receiver.received) == webhooks.MAX_ATTEMPTS


async def test_an_unreachable_receiver_is_an_outcome_not_a_crash(org, course):
    await webhooks.add("http://127.0.0.1:9/closed", ["completion"], org["alice"].id, clock.now())
    await completions(course, [org["charlie"]])
    assert (await webhooks.sweep(clock.now()))["retry"] == 1
    assert "ConnectError" in (await WebhookDelivery.select(WebhookDelivery.error).first())["error"]


async def test_certificates_and_decisions_are_events_too(org, course, receiver):
    from lms.courses.tables import TrainingRequest

    await webhooks.add(receiver.url, list(webhooks.EVENTS), org["alice"].id, clock.now() - timedelta(seconds=1))
    await completions(course, [org["charlie"]])  # the course gives a certificate valid 12 months
    await TrainingRequest.insert(TrainingRequest(employee=org["dave"].id, title="Forklift licence", status="approved",
                                                 decided_at=clock.now(), created_at=clock.now()))
    await webhooks.sweep(clock.now())
    events = Counter(r["headers"]["X-LMS-Event"] for r in receiver.received)
    assert events == Counter({"completion": 1, "certificate.issued": 1, "request.decided": 1})
    clock.travel(timedelta(days=340))  # a month before it lapses
    await webhooks.sweep(clock.now())
    assert Counter(r["headers"]["X-LMS-Event"] for r in receiver.received)["certificate.expiring"] == 1


async def test_three_sweeps_at_once_send_each_event_once(org, course, receiver, password_hash):
    await webhooks.add(receiver.url, ["completion"], org["alice"].id, clock.now())
    people = [Employee(email=f"p{n}@example.org", first_name=f"P{n}", last_name="Test", password_hash=password_hash,
                       created_at=clock.now()) for n in range(25)]
    await Employee.insert(*people)
    await completions(course, people)
    await asyncio.gather(*(webhooks.sweep(clock.now()) for _ in range(3)))
    assert await WebhookDelivery.count() == 25
    assert set(receiver.deliveries().values()) == {1} and len(receiver.deliveries()) == 25


async def test_a_claim_takes_one_batch_and_the_next_claim_the_next(org, course, receiver, password_hash):
    await webhooks.add(receiver.url, ["completion"], org["alice"].id, clock.now() - timedelta(seconds=1))
    people = [Employee(email=f"p{n}@example.org", first_name=f"P{n}", last_name="Test", password_hash=password_hash,
                       created_at=clock.now()) for n in range(7)]
    await Employee.insert(*people)
    await completions(course, people)
    await webhooks.plan(clock.now())
    first, second = await webhooks.claim(clock.now(), batch=3), await webhooks.claim(clock.now(), batch=3)
    assert len(first) == len(second) == 3 and not {d["id"] for d in first} & {d["id"] for d in second}
    assert await WebhookDelivery.count().where(WebhookDelivery.status == "sending") == 6


async def test_three_sweeper_processes_send_each_event_once(org, course, receiver, password_hash, start_sweeper):
    await webhooks.add(receiver.url, ["completion", "certificate.issued"], org["alice"].id,
                       clock.now() - timedelta(seconds=1))
    people = [Employee(email=f"p{n}@example.org", first_name=f"P{n}", last_name="Test", password_hash=password_hash,
                       created_at=clock.now()) for n in range(20)]
    await Employee.insert(*people)
    await completions(course, people)
    sweepers = [start_sweeper("webhooks", "run-once") for _ in range(3)]
    for sweeper in sweepers:
        out, err = await asyncio.to_thread(sweeper.communicate, timeout=180)
        assert sweeper.returncode == 0, err
    assert len(receiver.deliveries()) == 40 and set(receiver.deliveries().values()) == {1}
    assert await WebhookDelivery.count().where(WebhookDelivery.status == "delivered") == 40


async def test_a_sweeper_killed_mid_batch_loses_nothing(org, course, receiver, password_hash, start_sweeper):
    await webhooks.add(receiver.url, ["completion"], org["alice"].id, clock.now())
    people = [Employee(email=f"p{n}@example.org", first_name=f"P{n}", last_name="Test", password_hash=password_hash,
                       created_at=clock.now()) for n in range(30)]
    await Employee.insert(*people)
    await completions(course, people)
    receiver.delay = 0.3
    sweeper = start_sweeper("webhooks", "run-once")
    deadline = time.monotonic() + 120
    while len(receiver.received) < 12:
        assert time.monotonic() < deadline and sweeper.poll() is None, "the sweeper never got going"
        await asyncio.sleep(0.01)
    os.kill(sweeper.pid, signal.SIGKILL)
    await asyncio.to_thread(sweeper.wait)
    receiver.delay = 0
    assert await WebhookDelivery.count().where(WebhookDelivery.status == "delivered") < 30

    await webhooks.sweep(clock.now())  # the dead sweep's claims hold until they are stale
    clock.travel(timedelta(minutes=1))
    await webhooks.sweep(clock.now())
    assert await WebhookDelivery.count().where(WebhookDelivery.status == "delivered") == 30  # none lost
    assert sum(receiver.deliveries().values()) - 30 <= webhooks.BATCH  # at most the batch in flight twice


@pytest.mark.parametrize("url, events, message", [
    ("", ["completion"], "Address is required."), ("ftp://example.org/x", ["completion"], "must start with https://"),
    ("https://", ["completion"], "must start with https://"), ("https://example.org/x", [], "Choose the events"),
    ("https://example.org/x", ["everything"], "Choose the events")])
async def test_a_webhook_needs_an_address_and_known_events(org, client, url, events, message):
    await sign_in(client, "alice@example.org")
    await client.get("/admin/webhooks")
    response = await client.post("/admin/webhooks", data={"url": url, "events": events})
    assert response.status_code == 400 and message in response.text
    assert await Webhook.count() == 0


@pytest.mark.parametrize("email", ["bob@example.org", "charlie@example.org"])
async def test_only_l_and_d_manages_webhooks(org, client, email):
    hook_secret = await webhooks.add("https://example.org/x", ["completion"], org["alice"].id, clock.now())
    await sign_in(client, email)
    assert (await client.get("/admin/webhooks")).status_code == 403
    assert (await client.post("/admin/webhooks", data={"url": "https://evil.example", "events": ["completion"]})
            ).status_code == 403
    hook = await Webhook.select(Webhook.id).first()
    assert (await client.post(f"/admin/webhooks/{hook['id']}/delete")).status_code == 403
    assert await Webhook.count() == 1 and hook_secret


async def test_removing_a_webhook_asks_first(org, client):
    await webhooks.add("https://example.org/x", ["completion"], org["alice"].id, clock.now())
    hook = await Webhook.select(Webhook.id).first()
    await sign_in(client, "alice@example.org")
    confirm = await client.get(f"/admin/webhooks/{hook['id']}/delete")
    assert "Stop sending events to https://example.org/x?" in confirm.text
    done = await client.post(f"/admin/webhooks/{hook['id']}/delete", follow_redirects=True)
    assert done.status_code == 200 and await Webhook.count() == 0
    assert (await client.get("/admin/webhooks/999/delete")).status_code == 404
