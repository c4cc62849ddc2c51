"""Webhooks: L&D registers an address for events; each event becomes one delivery per webhook and is
POSTed as JSON, signed, until the receiver takes it (2xx) or MAX_ATTEMPTS have failed.

The sweep finds events by reading the records themselves (completions, certificates, decided
requests) over the last LOOK_BACK, so no domain has to call it; a unique key per webhook and event
makes that idempotent. Deliveries are claimed as lms/outbox.py says, so sweeps in several
processes never send one twice at once; a delivery whose sweep died is claimed again after STALE. Delivery is at least once: receivers deduplicate by X-LMS-Delivery.

Signature: X-LMS-Signature: t=<unix time>,v1=<hex HMAC-SHA256 of "<t>.<body>" with the secret>."""
import asyncio
import hashlib
import hmac
import json
import secrets
import time
from collections import Counter
from datetime import date, datetime, timedelta

import httpx
from lms import clock
from lms.courses.tables import Certificate, Enrolment, TrainingRequest
from lms import outbox
from lms.db import is_valid_id
from lms.errors import NotFound
from lms.i18n import N_
from lms.integrations.tables import Webhook, WebhookDelivery

EVENTS = {"completion": N_("A training is completed"),
          "certificate.issued": N_("A certificate is issued"),
          "certificate.expiring": N_("A certificate expires within 30 days"),
          "request.decided": N_("A training request is approved or rejected")}
LOOK_BACK = timedelta(days=7)  # events a stopped scheduler still catches up on
EXPIRING_WITHIN = timedelta(days=30)
BATCH = 10  # sent side by side, each within TIMEOUT: a batch ends well before STALE
TIMEOUT = httpx.Timeout(10.0)
STALE = timedelta(seconds=50)
MAX_ATTEMPTS = 6
RECENT = 5  # deliveries shown per webhook


def _plain(value):
    return value.isoformat() if isinstance(value, (date, datetime)) else value


async def add(url: str, events: list[str], actor_id: int, now: datetime) -> str:
    """The new webhook's signing secret, to show once."""
    secret = secrets.token_hex(32)
    await Webhook.insert(Webhook(url=url, secret=secret, events=" ".join(sorted(events)), created_by=actor_id,
                                 created_at=now))
    return secret


async def get(webhook_id: int) -> dict:
    row = await Webhook.select(Webhook.id, Webhook.url).where(Webhook.id == webhook_id).first() \
        if is_valid_id(webhook_id) else None
    if row is None:
        raise NotFound
    return row


async def remove(webhook_id: int) -> None:
    await get(webhook_id)
    await Webhook.delete().where(Webhook.id == webhook_id)


async def listing() -> list[dict]:
    """Every webhook with its last deliveries and their outcome."""
    hooks = await Webhook.select(Webhook.id, Webhook.url, Webhook.events, Webhook.created_at).order_by(Webhook.id)
    for hook in hooks:
        hook["deliveries"] = await WebhookDelivery.select(
            WebhookDelivery.id, WebhookDelivery.event, WebhookDelivery.status, WebhookDelivery.attempts,
            WebhookDelivery.response_status, WebhookDelivery.error, WebhookDelivery.created_at,
            WebhookDelivery.delivered_at, WebhookDelivery.next_attempt_at,
        ).where(WebhookDelivery.webhook == hook["id"]).order_by(WebhookDelivery.id, ascending=False).limit(RECENT)
    return hooks


async def _completions(since: datetime, now: datetime) -> list[tuple[str, dict]]:
    rows = await Enrolment.select(
        Enrolment.id, Enrolment.employee.as_alias("person_id"), Enrolment.employee.email.as_alias("email"),
        Enrolment.course.as_alias("course_id"), Enrolment.course.title.as_alias("course"), Enrolment.completed_at,
        Enrolment.score).where(Enrolment.completed_at >= since)
    return [(f"completion:{row['id']}", {"enrolment_id": row.pop("id"), **row}) for row in rows]


CERTIFICATE = (Certificate.id.as_alias("certificate_id"), Certificate.employee.as_alias("person_id"),
               Certificate.employee.email.as_alias("email"), Certificate.course.as_alias("course_id"),
               Certificate.title.as_alias("course"), Certificate.code, Certificate.issued_on, Certificate.expires_on)


async def _issued(since: datetime, now: datetime) -> list[tuple[str, dict]]:
    rows = await Certificate.select(*CERTIFICATE).where(Certificate.issued_on >= since.date())
    return [(f"certificate.issued:{row['certificate_id']}", row) for row in rows]


async def _expiring(since: datetime, now: datetime) -> list[tuple[str, dict]]:
    rows = await Certificate.select(*CERTIFICATE).where(Certificate.expires_on >= now.date(),
                                                        Certificate.expires_on <= (now + EXPIRING_WITHIN).date())
    return [(f"certificate.expiring:{row['certificate_id']}:{row['expires_on']}", row) for row in rows]


async def _decided(since: datetime, now: datetime) -> list[tuple[str, dict]]:
    rows = await TrainingRequest.select(
        TrainingRequest.id.as_alias("request_id"), TrainingRequest.employee.as_alias("person_id"),
        TrainingRequest.employee.email.as_alias("email"), TrainingRequest.status, TrainingRequest.decided_at,
    ).where(TrainingRequest.decided_at >= since, TrainingRequest.status.is_in(["approved", "rejected"]))
    return [(f"request.decided:{row['request_id']}:{row['status']}", row) for row in rows]


FINDERS = {"completion": _completions, "certificate.issued": _issued, "certificate.expiring": _expiring,
           "request.decided": _decided}


async def plan(now: datetime) -> int:
    """One delivery per webhook and event, however many sweeps find it (an insert that ignores a repeat)."""
    planned = 0
    for hook in await Webhook.select(Webhook.id, Webhook.events, Webhook.created_at).where(Webhook.active.eq(True)):
        since = max(hook["created_at"], now - LOOK_BACK)
        for event in hook["events"].split():
            found = await FINDERS[event](since, now)
            rows = [WebhookDelivery(webhook=hook["id"], event=event, event_key=key[:120],
                                    payload={key: _plain(value) for key, value in payload.items()},
                                    next_attempt_at=now, created_at=now) for key, payload in found]
            for start in range(0, len(rows), 500):
                made = await WebhookDelivery.insert(*rows[start:start + 500]).on_conflict(
                    action="DO NOTHING").returning(WebhookDelivery.id)
                planned += len(made)
    return planned


async def claim(now: datetime, batch: int = BATCH) -> list[dict]:
    return await outbox.claim(WebhookDelivery, now, batch, STALE, WebhookDelivery.webhook, WebhookDelivery.event,
                              WebhookDelivery.payload)


def signature(secret: str, timestamp: int, body: bytes) -> str:
    digest = hmac.new(secret.encode(), f"{timestamp}.".encode() + body, hashlib.sha256).hexdigest()
    return f"t={timestamp},v1={digest}"


async def _send(client: httpx.AsyncClient, delivery: dict, hook: dict) -> tuple[int | None, str]:
    body = json.dumps({"event": delivery["event"], "delivery": delivery["id"], "data": delivery["payload"]}).encode()
    timestamp = int(time.time())
    try:
        response = await client.post(hook["url"], content=body, headers={
            "Content-Type": "application/json", "User-Agent": "lms-webhooks", "X-LMS-Event": delivery["event"],
            "X-LMS-Delivery": str(delivery["id"]), "X-LMS-Signature": signature(hook["secret"], timestamp, body)})
    except httpx.HTTPError as error:
        return None, f"{type(error).__name__}: {error}"[:300]
    return response.status_code, "" if response.is_success else response.text[:300]


async def _outcome(delivery: dict, status: int | None, error: str, now: datetime) -> str:
    if status is not None and 200 <= status < 300:
        values = {WebhookDelivery.status: "delivered", WebhookDelivery.delivered_at: now, WebhookDelivery.error: ""}
        outcome = "delivered"
    else:
        outcome = "failed" if delivery["attempts"] >= MAX_ATTEMPTS else "retry"
        values = {WebhookDelivery.status: outcome, WebhookDelivery.error: error or f"HTTP {status}",
                  WebhookDelivery.next_attempt_at: now + outbox.backoff(delivery["attempts"])}
    await WebhookDelivery.update({**values, WebhookDelivery.response_status: status}).where(
        WebhookDelivery.id == delivery["id"], WebhookDelivery.status == "sending")
    return outcome


async def sweep(now: datetime) -> Counter:
    """Plans what happened, then sends what is due, a batch at a time, until nothing is left. Each
    batch is claimed at the clock's time, so a long sweep's claims stay fresh for the others."""
    counts = Counter(planned=await plan(now))
    async with httpx.AsyncClient(timeout=TIMEOUT) as client:
        while batch := await claim(clock.now()):
            hooks = {row["id"]: row for row in await Webhook.select(Webhook.id, Webhook.url, Webhook.secret).where(
                Webhook.id.is_in(list({d["webhook"] for d in batch})))}
            batch = [d for d in batch if d["webhook"] in hooks]  # a webhook removed meanwhile takes its own
            sent = await asyncio.gather(*(_send(client, d, hooks[d["webhook"]]) for d in batch))
            for delivery, (status, error) in zip(batch, sent):
                counts[await _outcome(delivery, status, error, clock.now())] += 1
    return counts
