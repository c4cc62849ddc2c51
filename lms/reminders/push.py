"""Web Push (RFC 8030), the third channel beside the inbox and e-mail: each browser that turns it on
subscribes with this installation's VAPID key, and every reminder the sweep puts in someone's inbox
is pushed to each of their browsers, encrypted for it (RFC 8291, aes128gcm) by pywebpush.

The reminder sweep only adds a PushMessage per reminder and subscription (a unique key: planning twice
adds nothing), due when the person's quiet hours end; the outbound sweep pushes them, claimed as
lms/outbox.py says, so sweeps in several processes never push one twice at once and a sweep that
died is taken over after STALE. A push service answering 404 or 410 has dropped the subscription, so
lms drops it too; other failures are tried again with a growing wait, MAX_ATTEMPTS times."""
import asyncio
import json
from collections import Counter
from datetime import datetime, timedelta
from urllib.parse import urlparse

import aiohttp
from cryptography.hazmat.primitives.asymmetric import ec
from pywebpush import WebPushException, webpush_async

from lms import clock, outbox
from lms.db import write_transaction
from lms.forms import FieldError
from lms.i18n import gettext as _
from lms.reminders import preferences, vapid
from lms.reminders.tables import Preference, PushKey, PushMessage, PushSubscription
from lms.settings import Settings, load_settings

BATCH = 20  # pushed side by side, each within TIMEOUT: a batch ends well before STALE
STALE = timedelta(seconds=50)
TIMEOUT = aiohttp.ClientTimeout(total=10)
MAX_ATTEMPTS = 5
TTL = 24 * 3600  # seconds a push service keeps a message for a phone that is off
KEEP = timedelta(days=30)  # pushed or given-up messages are then forgotten (the inbox keeps the reminder)
MAX_ENDPOINT = 1000
# The push services browsers subscribe with (Chrome and Android browsers, Firefox, Safari, Edge): lms
# posts to no other host, so a made-up subscription cannot point the sweep at an address inside the network.
PUSH_SERVICES = ("fcm.googleapis.com", "android.googleapis.com", "push.services.mozilla.com", "push.apple.com",
                 "notify.windows.com")
LOOPBACK = ("127.0.0.1", "localhost", "::1")  # a test push service, outside production only
QUIET_DEFAULT = (Preference.quiet_from.default, Preference.quiet_until.default)


async def private_key(settings: Settings) -> ec.EllipticCurvePrivateKey:
    """LMS_VAPID_PRIVATE_KEY, else the key this installation made the first time it needed one
    (one row: processes making it at once keep the first)."""
    if settings.vapid_private_key:
        return vapid.key_from_text(settings.vapid_private_key)
    row = await PushKey.select(PushKey.private_key).where(PushKey.name == "vapid").first()
    if row is None:
        number = vapid.new_private_key()
        await PushKey.insert(PushKey(name="vapid", private_key=number,
                                     public_key=vapid.public_key(vapid.key_from_text(number)),
                                     created_at=clock.now())).on_conflict(target=PushKey.name, action="DO NOTHING")
        row = await PushKey.select(PushKey.private_key).where(PushKey.name == "vapid").first()
    return vapid.key_from_text(row["private_key"])


async def application_server_key(settings: Settings) -> str:
    return vapid.public_key(await private_key(settings))


def _subject(settings: Settings) -> str:
    """Whom a push service may contact about our pushes (RFC 8292): the site, or the mail sender."""
    return settings.base_url if settings.base_url.startswith("https://") else f"mailto:{settings.mail_from}"


def _allowed_endpoint(endpoint: str, settings: Settings) -> bool:
    try:
        url = urlparse(endpoint)
        host = (url.hostname or "").lower()
    except ValueError:
        return False
    if not endpoint.isprintable() or " " in endpoint or url.username or url.password:
        return False
    if settings.mode != "production" and url.scheme in ("http", "https") and host in LOOPBACK:
        return True
    return url.scheme == "https" and any(host == name or host.endswith("." + name) for name in PUSH_SERVICES)


def _key(value, length: int) -> bytes | None:
    """A base64url value of exactly `length` bytes, or None."""
    if not isinstance(value, str) or len(value) > 2 * length:
        return None
    try:
        raw = vapid.from_b64url(value)
    except ValueError:
        return None
    return raw if len(raw) == length else None


def checked(data, settings: Settings) -> tuple[str, str, str]:
    """(endpoint, p256dh, auth) from PushSubscription.toJSON(), or FieldError naming the field."""
    data = data if isinstance(data, dict) else {}
    endpoint = data.get("endpoint")
    if not isinstance(endpoint, str) or not 0 < len(endpoint) <= MAX_ENDPOINT or not _allowed_endpoint(endpoint,
                                                                                                     settings):
        raise FieldError("endpoint", _("The endpoint must be the https:// address of a browser's push service."))
    keys = data.get("keys") if isinstance(data.get("keys"), dict) else {}
    point = _key(keys.get("p256dh"), 65)
    try:
        ec.EllipticCurvePublicKey.from_encoded_point(ec.SECP256R1(), point or b"")
    except ValueError:
        raise FieldError("keys.p256dh", _("keys.p256dh must be the browser's P-256 public key in base64url.")) from None
    if _key(keys.get("auth"), 16) is None:
        raise FieldError("keys.auth", _("keys.auth must be the browser's 16-byte secret in base64url."))
    return endpoint, keys["p256dh"].rstrip("="), keys["auth"].rstrip("=")


async def subscribe(employee_id: int, data, settings: Settings, now: datetime) -> None:
    """Adds this browser, or updates it when it subscribed before (its endpoint is unique), also
    when someone else had signed in on it: it is theirs now."""
    endpoint, p256dh, auth = checked(data, settings)
    await PushSubscription.insert(PushSubscription(employee=employee_id, endpoint=endpoint, p256dh=p256dh, auth=auth,
                                                   created_at=now)).on_conflict(
        target=PushSubscription.endpoint, action="DO UPDATE",
        values=(PushSubscription.employee, PushSubscription.p256dh, PushSubscription.auth))


async def unsubscribe(employee_id: int, endpoint) -> bool:
    """Whether the person had this browser subscribed (someone else's subscription stays)."""
    if not isinstance(endpoint, str) or len(endpoint) > MAX_ENDPOINT:
        return False
    gone = await PushSubscription.delete().where(PushSubscription.employee == employee_id,
                                                 PushSubscription.endpoint == endpoint).returning(PushSubscription.id)
    return bool(gone)


async def devices(employee_id: int) -> int:
    return await PushSubscription.count().where(PushSubscription.employee == employee_id)


async def subscribed(employee_ids: list[int]) -> set[int]:
    """Who of these people has push on in at least one browser."""
    return set(await PushSubscription.select(PushSubscription.employee).where(
        PushSubscription.employee.is_in(employee_ids or [0])).distinct().output(as_list=True))


async def _quiet_hours(employee_ids: set[int]) -> dict[int, tuple[int | None, int | None]]:
    rows = await Preference.select(Preference.employee, Preference.quiet_from, Preference.quiet_until).where(
        Preference.employee.is_in(list(employee_ids) or [0]))
    found = {row["employee"]: (row["quiet_from"], row["quiet_until"]) for row in rows}
    return {person: found.get(person, QUIET_DEFAULT) for person in employee_ids}


ROWS = 50  # rows of one INSERT: under SQLite's oldest limit of 999 parameters


async def queue(entries: list[tuple[int, int, str, str, str]], now: datetime, zone: str) -> int:
    """Each inbox message (reminder, person, title, body, path) for each browser of the person, due
    after their quiet hours. Called inside the sweep's transaction that adds them to the inbox."""
    if not entries:
        return 0
    people = {entry[1] for entry in entries}
    subscriptions = await PushSubscription.select(PushSubscription.id, PushSubscription.employee).where(
        PushSubscription.employee.is_in(list(people) or [0]))
    if not subscriptions:
        return 0
    quiet = await _quiet_hours(people)
    rows = [PushMessage(subscription=sub["id"], reminder=reminder, key=f"reminder:{reminder}:{sub['id']}",
                        title=title[:200], body=body, url=path[:300], created_at=now,
                        next_attempt_at=preferences.after_quiet_hours(now, *quiet[person], zone))
            for reminder, person, title, body, path in entries
            for sub in subscriptions if sub["employee"] == person]
    made = 0
    for start in range(0, len(rows), ROWS):
        made += len(await PushMessage.insert(*rows[start:start + ROWS]).on_conflict(
            target=PushMessage.key, action="DO NOTHING").returning(PushMessage.id))
    return made


CLAIMED = (PushMessage.subscription, PushMessage.key, PushMessage.title, PushMessage.body, PushMessage.url)


async def claim(now: datetime, batch: int = BATCH) -> list[dict]:
    return await outbox.claim(PushMessage, now, batch, STALE, *CLAIMED)


def _payload(message: dict, language: str) -> bytes:
    """What the service worker (static/sw-push.js) shows; a push carries at most about 4 kB."""
    return json.dumps({"title": message["title"], "body": message["body"][:600], "url": message["url"] or "/",
                       "tag": message["key"].rsplit(":", 1)[0], "lang": language}, ensure_ascii=False).encode()


async def _push(session: aiohttp.ClientSession, signer, subject: str, message: dict,
                subscription: dict) -> tuple[int | None, str]:
    """The push service's status and, when it refused, why."""
    try:
        response = await webpush_async(
            {"endpoint": subscription["endpoint"], "keys": {"p256dh": subscription["p256dh"],
                                                            "auth": subscription["auth"]}},
            _payload(message, subscription["language"]), vapid_private_key=signer, vapid_claims={"sub": subject},
            ttl=TTL, timeout=TIMEOUT, aiohttp_session=session, headers={"Urgency": "normal"})
    except WebPushException as error:
        if error.status_code is None:
            return None, str(error)[:300]
        return error.status_code, f"HTTP {error.status_code}: {await error.response.text()}"[:300]
    except Exception as error:  # noqa: BLE001 - an unreachable or odd push service is an outcome, not a crash
        return None, f"{type(error).__name__}: {error}"[:300]
    return response.status, ""


async def _hold(message: dict, until: datetime) -> None:
    """Back to waiting until the quiet hours end; holding is no attempt."""
    await PushMessage.update({PushMessage.status: "pending", PushMessage.next_attempt_at: until,
                              PushMessage.attempts: PushMessage.attempts - 1, PushMessage.claimed_at: None}).where(
        PushMessage.id == message["id"], PushMessage.status == "sending")


async def _outcome(message: dict, subscription: dict, status: int | None, error: str, now: datetime) -> str:
    if status in (404, 410):  # the browser unsubscribed or the subscription expired: its messages go with it
        await PushSubscription.delete().where(PushSubscription.id == subscription["id"])
        return "expired"
    if status is not None and 200 <= status < 300:
        outcome = "delivered"
        values = {PushMessage.status: outcome, PushMessage.delivered_at: now, PushMessage.error: ""}
        seen = {PushSubscription.last_success_at: now}
    else:
        outcome = "failed" if message["attempts"] >= MAX_ATTEMPTS else "retry"
        values = {PushMessage.status: outcome, PushMessage.error: error or f"HTTP {status}",
                  PushMessage.next_attempt_at: now + outbox.backoff(message["attempts"])}
        seen = {PushSubscription.last_failure_at: now}
    async with write_transaction():
        await PushMessage.update({**values, PushMessage.response_status: status}).where(
            PushMessage.id == message["id"], PushMessage.status == "sending")
        await PushSubscription.update(seen).where(PushSubscription.id == subscription["id"])
    return outcome


async def _deliver(batch: list[dict], session: aiohttp.ClientSession, settings: Settings, signer) -> Counter:
    """Pushes a claimed batch side by side; what falls in quiet hours waits (a test never does)."""
    counts: Counter = Counter()
    ids = list({message["subscription"] for message in batch}) or [0]
    subscriptions = {row["id"]: row for row in await PushSubscription.select(
        PushSubscription.id, PushSubscription.endpoint, PushSubscription.p256dh, PushSubscription.auth,
        PushSubscription.employee, PushSubscription.employee.active.as_alias("active"),
        PushSubscription.employee.language.as_alias("language"),
    ).where(PushSubscription.id.is_in(ids))}
    batch = [m for m in batch if m["subscription"] in subscriptions]  # a subscription removed meanwhile took its own
    quiet = await _quiet_hours({row["employee"] for row in subscriptions.values()})
    now, sending = clock.now(), []
    for message in batch:
        subscription = subscriptions[message["subscription"]]
        until = now if message["key"].startswith("test:") else preferences.after_quiet_hours(
            now, *quiet[subscription["employee"]], settings.timezone)
        if not subscription["active"]:
            await PushMessage.update({PushMessage.status: "failed", PushMessage.error: "inactive"}).where(
                PushMessage.id == message["id"])
            counts["failed"] += 1
        elif until > now:
            await _hold(message, until)
            counts["held"] += 1
        else:
            sending.append(message)
    subject = _subject(settings)
    pushed = await asyncio.gather(*(_push(session, signer, subject, m, subscriptions[m["subscription"]])
                                    for m in sending))
    for message, (status, error) in zip(sending, pushed):
        counts[await _outcome(message, subscriptions[message["subscription"]], status, error, clock.now())] += 1
    return counts


async def sweep(now: datetime, settings: Settings | None = None) -> Counter:
    """Pushes what is due, a batch at a time, until nothing is left. Each batch is claimed at the
    clock's time, so a long sweep's claims stay fresh for the others."""
    settings = settings or load_settings()
    counts: Counter = Counter()
    await PushMessage.delete().where(PushMessage.status.is_in(["delivered", "failed"]),
                                     PushMessage.created_at < now - KEEP)
    batch = await claim(now)
    if not batch:
        return counts
    signer = vapid.signer(await private_key(settings))
    async with aiohttp.ClientSession(timeout=TIMEOUT) as session:
        while batch:
            counts += await _deliver(batch, session, settings, signer)
            batch = await claim(clock.now())
    return counts


async def send_test(employee_id: int, now: datetime, settings: Settings) -> Counter:
    """A test message to each of the person's browsers, pushed now rather than at the next sweep
    (a double click within ten seconds sends one); what a failure leaves is retried by the sweep."""
    subscriptions = await PushSubscription.select(PushSubscription.id).where(
        PushSubscription.employee == employee_id).output(as_list=True)
    if not subscriptions:
        return Counter()
    window = int(now.timestamp()) // 10
    made = await PushMessage.insert(*(PushMessage(
        subscription=sub, key=f"test:{sub}:{window}", title=_("Test notification from lms"),
        body=_("Push notifications work on this device."), url="/me/notifications", next_attempt_at=now,
        created_at=now) for sub in subscriptions)).on_conflict(target=PushMessage.key, action="DO NOTHING").returning(
        PushMessage.id)
    claimed = await PushMessage.update({PushMessage.status: "sending", PushMessage.claimed_at: now,
                                        PushMessage.attempts: PushMessage.attempts + 1}).where(
        PushMessage.id.is_in([row["id"] for row in made] or [0]), PushMessage.status == "pending").returning(
        PushMessage.id, PushMessage.attempts, *CLAIMED)
    if not claimed:
        return Counter()
    signer = vapid.signer(await private_key(settings))
    async with aiohttp.ClientSession(timeout=TIMEOUT) as session:
        return await _deliver(claimed, session, settings, signer)
