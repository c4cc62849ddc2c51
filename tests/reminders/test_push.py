"""Push notifications against a real HTTP push service in the test: each browser is a P-256 key pair
and an auth secret made here, the service checks the VAPID signature of every push with the key the
page gave the browser and decrypts the aes128gcm body with http_ece, as a browser would. Reminders
reach the inbox and each browser once, wait for the quiet hours to end, retry, give up, drop an
expired subscription, and survive three sweeper processes at once and one killed with SIGKILL."""
import asyncio
import base64
import json
import os
import re
import secrets
import signal
import time
from collections import Counter
from datetime import datetime, timedelta, timezone
from zoneinfo import ZoneInfo

import http_ece
import httpx
import pytest
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.hazmat.primitives.serialization import Encoding, PublicFormat
from joserfc import jwt
from joserfc.jwk import ECKey

from lms import clock, outbox
from lms.courses.learning import enrol
from lms.people.tables import Employee
from lms.reminders import notify, push
from lms.reminders.preferences import after_quiet_hours
from lms.reminders.sweep import sweep
from lms.reminders.tables import Notification, Preference, PushMessage, PushSubscription
from lms.settings import SettingsError, load_settings
from tests.conftest import signed_in_client
from tests.outbound import Receiver, start_sweeper  # noqa: F401 (a fixture)

ZONE = ZoneInfo("Europe/Brussels")  # the organisation's time zone (LMS_TIMEZONE's default)
KEY = re.compile(r'data-key="([A-Za-z0-9_-]+)"')


def b64url(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode()


def unb64url(text: str) -> bytes:
    return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))


class Browser:
    """What a browser keeps of its push subscription: its ECDH key pair and auth secret (RFC 8291)."""

    def __init__(self, endpoint: str):
        self.endpoint = endpoint
        self.key = ec.generate_private_key(ec.SECP256R1())
        self.auth = secrets.token_bytes(16)

    def subscription(self) -> dict:
        """As PushSubscription.toJSON() gives it."""
        point = self.key.public_key().public_bytes(Encoding.X962, PublicFormat.UncompressedPoint)
        return {"endpoint": self.endpoint, "expirationTime": None,
                "keys": {"p256dh": b64url(point), "auth": b64url(self.auth)}}


class PushService(Receiver):
    """A push service: takes what lms POSTs for each browser at /push/<n>; `read` checks and decrypts it."""

    def __init__(self):
        super().__init__(status=201)
        self.browsers: dict[str, Browser] = {}

    def browser(self) -> Browser:
        made = Browser(f"{self.base}/push/{len(self.browsers) + 1}")
        self.browsers[f"/push/{len(self.browsers) + 1}"] = made
        return made

    def read(self, application_server_key: str) -> list[dict]:
        """Every push received, its VAPID signature checked with the key browsers subscribed with and
        its body decrypted with the browser's private key and auth secret."""
        messages = []
        for request in self.received:
            headers = {name.lower(): value for name, value in request["headers"].items()}
            scheme, _, params = headers["authorization"].partition(" ")
            fields = dict(part.split("=", 1) for part in params.split(","))
            assert scheme == "vapid" and fields["k"] == application_server_key
            public = ec.EllipticCurvePublicKey.from_encoded_point(ec.SECP256R1(), unb64url(fields["k"]))
            claims = jwt.decode(fields["t"], ECKey.import_key(public), algorithms=["ES256"]).claims
            assert claims["aud"] == self.base and claims["exp"] > time.time() and claims["sub"]
            assert headers["content-encoding"] == "aes128gcm" and int(headers["ttl"]) > 0
            browser = self.browsers[request["path"]]
            plain = http_ece.decrypt(request["body"], private_key=browser.key, auth_secret=browser.auth,
                                     version="aes128gcm")
            messages.append({"browser": request["path"], **json.loads(plain)})
        return messages


@pytest.fixture
def service():
    server = PushService()
    yield server
    server.stop()


def travel_to(hour: int, minute: int = 0) -> None:
    """Moves the clock to the next moment the organisation's clocks show hour:minute."""
    local = clock.now().astimezone(ZONE)
    target = local.replace(hour=hour, minute=minute, second=0, microsecond=0)
    if target <= local:
        target += timedelta(days=1)
    clock.travel(target.astimezone(timezone.utc) - local.astimezone(timezone.utc))


async def post_json(client, url: str, body) -> httpx.Response:
    """As static/push.js posts: JSON, with the page's CSRF token in a header."""
    return await httpx.AsyncClient.post(client, url, content=json.dumps(body).encode(),
                                        headers={"content-type": "application/json", "x-csrftoken": client.csrf})


async def turn_on(client, browser: Browser) -> str:
    """Opens the settings page and subscribes the browser with the key it shows; returns the key."""
    page = await client.get("/me/notifications")
    key = KEY.search(page.text).group(1)
    response = await post_json(client, "/me/notifications/push/subscribe", browser.subscription())
    assert response.status_code == 201, response.text
    return key


async def no_quiet_hours(*people) -> None:
    for person in people:
        await Preference.insert(Preference(employee=person.id, quiet_from=None, quiet_until=None)).on_conflict(
            target=Preference.employee, action="DO UPDATE", values=(Preference.quiet_from, Preference.quiet_until))


async def assigned(course, person) -> None:
    """Assigned a course: a reminder for the inbox, due now."""
    enrolment = await enrol(person.id, course["course"].id, source="assigned",
                            due_date=clock.now().date() + timedelta(days=20))
    await notify.assigned([enrolment])


async def test_turning_push_on_twice_keeps_one_subscription(as_charlie, org, service):
    browser = service.browser()
    key = await turn_on(as_charlie, browser)
    point = unb64url(key)
    assert len(point) == 65 and point[0] == 4  # an uncompressed P-256 point, as pushManager.subscribe wants
    await turn_on(as_charlie, browser)  # the page subscribes again on every visit
    rows = await PushSubscription.select(PushSubscription.employee, PushSubscription.endpoint)
    assert rows == [{"employee": org["charlie"].id, "endpoint": browser.endpoint}]
    page = await as_charlie.get("/me/notifications")
    assert "Push notifications on this phone" in page.text and "push notifications on in 1 browser" in page.text
    assert KEY.search(page.text).group(1) == key  # the installation keeps its key
    assert re.search(r'src="/static/push\.js\?v=\w+"', page.text)


async def test_a_browser_someone_else_signs_in_on_becomes_theirs(as_charlie, as_bob, org, service):
    browser = service.browser()
    await turn_on(as_charlie, browser)
    await turn_on(as_bob, browser)
    assert await PushSubscription.select(PushSubscription.employee).output(as_list=True) == [org["bob"].id]


def bad(subscription: dict, **changes) -> dict:
    changed = json.loads(json.dumps(subscription))
    for path, value in changes.items():
        target = changed
        *parents, name = path.split("__")
        for parent in parents:
            target = target[parent]
        target[name] = value
    return changed


@pytest.mark.parametrize("changes, field", [
    ({"endpoint": "ftp://push.example.org/1"}, "endpoint"),
    ({"endpoint": "javascript:alert(1)"}, "endpoint"),
    ({"endpoint": "not an address"}, "endpoint"),
    ({"endpoint": ""}, "endpoint"),
    ({"endpoint": 42}, "endpoint"),
    ({"endpoint": "https://fcm.googleapis.com/fcm/send/" + "a" * 1000}, "endpoint"),
    ({"endpoint": "https://10.0.0.7/admin"}, "endpoint"),  # not a push service: never posted to
    ({"endpoint": "https://fcm.googleapis.com.evil.example/x"}, "endpoint"),
    ({"keys__p256dh": "not base64!"}, "keys.p256dh"),
    ({"keys__p256dh": b64url(b"\x04" + bytes(64))}, "keys.p256dh"),  # not a point on the curve
    ({"keys__p256dh": b64url(secrets.token_bytes(32))}, "keys.p256dh"),
    ({"keys__p256dh": "A" * 300}, "keys.p256dh"),
    ({"keys": None}, "keys.p256dh"),
    ({"keys__auth": "@@@"}, "keys.auth"),
    ({"keys__auth": b64url(secrets.token_bytes(8))}, "keys.auth"),
    ({"keys__auth": None}, "keys.auth"),
])
async def test_a_bad_subscription_is_refused_naming_the_field(as_charlie, service, changes, field):
    await as_charlie.get("/me/notifications")
    response = await post_json(as_charlie, "/me/notifications/push/subscribe",
                               bad(service.browser().subscription(), **changes))
    assert response.status_code == 400 and response.json()["field"] == field and response.json()["message"]
    assert await PushSubscription.count() == 0


async def test_a_push_service_address_is_welcome(as_charlie):
    await as_charlie.get("/me/notifications")
    subscription = Browser("https://fcm.googleapis.com/fcm/send/dGVzdA:APA91b").subscription()
    response = await post_json(as_charlie, "/me/notifications/push/subscribe", subscription)
    assert response.status_code == 201 and response.json() == {"devices": 1}


@pytest.mark.parametrize("body", [b"{not json", b"[]", b"x" * 5000])
async def test_a_body_that_is_no_subscription_is_refused(as_charlie, body):
    await as_charlie.get("/me/notifications")
    response = await httpx.AsyncClient.post(as_charlie, "/me/notifications/push/subscribe", content=body,
                                            headers={"content-type": "application/json",
                                                     "x-csrftoken": as_charlie.csrf})
    assert response.status_code == 400 and response.json()["field"] == "body"


async def test_signed_out_nobody_subscribes(client, service):
    await client.get("/sign-in")
    response = await post_json(client, "/me/notifications/push/subscribe", service.browser().subscription())
    assert response.status_code in (303, 401) and await PushSubscription.count() == 0
    response = await post_json(client, "/me/notifications/push/test", {})
    assert response.status_code in (303, 401)


async def test_without_the_csrf_token_nothing_is_subscribed(as_charlie, service):
    await as_charlie.get("/me/notifications")
    response = await httpx.AsyncClient.post(as_charlie, "/me/notifications/push/subscribe",
                                            json=service.browser().subscription())
    assert response.status_code == 403 and await PushSubscription.count() == 0


async def test_only_its_owner_turns_a_subscription_off(as_charlie, as_bob, org, service):
    browser = service.browser()
    await turn_on(as_charlie, browser)
    await as_bob.get("/me/notifications")
    response = await post_json(as_bob, "/me/notifications/push/unsubscribe", {"endpoint": browser.endpoint})
    assert response.status_code == 404 and await PushSubscription.count() == 1
    response = await post_json(as_charlie, "/me/notifications/push/unsubscribe", {"endpoint": browser.endpoint})
    assert response.status_code == 200 and response.json() == {"devices": 0}
    assert await PushSubscription.count() == 0


async def test_a_reminder_reaches_the_inbox_and_the_phone_encrypted(as_charlie, org, course, service, settings,
                                                                    templates):
    phone, laptop = service.browser(), service.browser()
    key = await turn_on(as_charlie, phone)
    await turn_on(as_charlie, laptop)
    travel_to(12)
    await assigned(course, org["charlie"])
    await sweep(clock.now(), settings, templates)
    [inbox] = await Notification.select().where(Notification.employee == org["charlie"].id)
    assert await PushMessage.count() == 2
    assert await push.sweep(clock.now(), settings) == Counter(delivered=2)
    messages = service.read(key)
    assert sorted(m["browser"] for m in messages) == ["/push/1", "/push/2"]
    for message in messages:
        assert (message["title"], message["body"], message["url"]) == (inbox["title"], inbox["body"], inbox["url"])
        assert message["url"] == f"/courses/{course['course'].id}"
    assert await push.sweep(clock.now(), settings) == Counter()  # pushed once
    await sweep(clock.now(), settings, templates)
    assert await PushMessage.count() == 2 and len(service.received) == 2
    assert await PushSubscription.count().where(PushSubscription.last_success_at.is_not_null()) == 2


async def test_a_reminder_in_dutch_is_pushed_in_dutch(as_charlie, org, course, service, settings, templates):
    await Employee.update({Employee.language: "nl"}).where(Employee.id == org["charlie"].id)
    key = await turn_on(as_charlie, service.browser())
    await no_quiet_hours(org["charlie"])
    await assigned(course, org["charlie"])
    await sweep(clock.now(), settings, templates)
    await push.sweep(clock.now(), settings)
    [message] = service.read(key)
    assert message["lang"] == "nl" and message["title"] == (await Notification.select().first())["title"]


async def test_quiet_hours_hold_a_push_until_they_end(as_charlie, org, course, service, settings, templates):
    key = await turn_on(as_charlie, service.browser())  # quiet hours by default: 21:00 to 7:00
    travel_to(22, 30)
    await assigned(course, org["charlie"])
    await sweep(clock.now(), settings, templates)
    assert await Notification.count() == 1  # the inbox has it at once
    assert await push.sweep(clock.now(), settings) == Counter()
    travel_to(6, 59)
    assert await push.sweep(clock.now(), settings) == Counter() and service.received == []
    travel_to(7, 0)
    assert await push.sweep(clock.now(), settings) == Counter(delivered=1)
    assert len(service.read(key)) == 1


async def test_quiet_hours_set_after_a_push_was_queued_hold_it_too(as_charlie, org, course, service, settings,
                                                                 templates):
    key = await turn_on(as_charlie, service.browser())
    await no_quiet_hours(org["charlie"])
    travel_to(12)
    await assigned(course, org["charlie"])
    await sweep(clock.now(), settings, templates)
    response = await as_charlie.post("/me/notifications", data={"email": "each", "weekly_moment": "",
                                                                "quiet_from": "11", "quiet_until": "14"})
    assert response.status_code == 303
    assert await push.sweep(clock.now(), settings) == Counter(held=1)
    row = await PushMessage.select(PushMessage.attempts, PushMessage.status).first()
    assert row == {"attempts": 0, "status": "pending"}  # holding is no attempt
    travel_to(14)
    assert await push.sweep(clock.now(), settings) == Counter(delivered=1) and len(service.read(key)) == 1


async def test_push_off_sends_nothing(as_charlie, org, course, service, settings, templates, mailbox):
    browser = service.browser()
    await turn_on(as_charlie, browser)
    await post_json(as_charlie, "/me/notifications/push/unsubscribe", {"endpoint": browser.endpoint})
    await no_quiet_hours(org["charlie"], org["dave"])
    await assigned(course, org["charlie"])
    await assigned(course, org["dave"])  # never turned push on
    await sweep(clock.now(), settings, templates)
    assert await Notification.count() == 2 and len(mailbox.messages) == 2  # inbox and e-mail as before
    assert await PushMessage.count() == 0
    assert await push.sweep(clock.now(), settings) == Counter() and service.received == []


@pytest.mark.parametrize("status", [404, 410])
async def test_an_expired_subscription_is_removed(as_charlie, org, course, service, settings, templates, status):
    await turn_on(as_charlie, service.browser())
    await no_quiet_hours(org["charlie"])
    await assigned(course, org["charlie"])
    await sweep(clock.now(), settings, templates)
    service.status = status
    assert await push.sweep(clock.now(), settings) == Counter(expired=1)
    assert await PushSubscription.count() == 0 and await PushMessage.count() == 0
    assert await Notification.count() == 1  # the inbox keeps it


async def test_a_failing_push_service_is_tried_again_later_and_then_given_up(as_charlie, org, course, service,
                                                                           settings, templates):
    await turn_on(as_charlie, service.browser())
    await no_quiet_hours(org["charlie"])
    await assigned(course, org["charlie"])
    await sweep(clock.now(), settings, templates)
    service.status = 500
    for attempt in range(1, push.MAX_ATTEMPTS + 1):
        outcome = "retry" if attempt < push.MAX_ATTEMPTS else "failed"
        assert await push.sweep(clock.now(), settings) == Counter({outcome: 1})
        assert await push.sweep(clock.now(), settings) == Counter()  # not before its time
        clock.travel(outbox.backoff(attempt) + timedelta(seconds=1))
    row = await PushMessage.select().first()
    assert (row["status"], row["response_status"], row["attempts"]) == ("failed", 500, push.MAX_ATTEMPTS)
    assert len(service.received) == push.MAX_ATTEMPTS
    subscription = await PushSubscription.select().first()  # kept: the service may come back
    assert subscription["last_failure_at"] is not None and subscription["last_success_at"] is None
    clock.travel(push.KEEP)
    await push.sweep(clock.now(), settings)
    assert await PushMessage.count() == 0  # forgotten after a month


async def test_an_unreachable_push_service_is_an_outcome_not_a_crash(as_charlie, org, course, settings, templates):
    service = PushService()
    browser = service.browser()
    service.stop()  # nobody listens there any more
    await turn_on(as_charlie, browser)
    await no_quiet_hours(org["charlie"])
    await assigned(course, org["charlie"])
    await sweep(clock.now(), settings, templates)
    assert await push.sweep(clock.now(), settings) == Counter(retry=1)
    assert "Connect" in (await PushMessage.select(PushMessage.error).first())["error"]


async def test_the_test_button_pushes_at_once_even_in_quiet_hours(as_charlie, org, service):
    key = await turn_on(as_charlie, service.browser())
    travel_to(23)
    response = await post_json(as_charlie, "/me/notifications/push/test", {})
    assert response.status_code == 200 and response.json() == {"delivered": 1, "failed": 0}
    [message] = service.read(key)
    assert message["title"] == "Test notification from lms" and message["url"] == "/me/notifications"
    again = await post_json(as_charlie, "/me/notifications/push/test", {})  # a double click
    assert again.json() == {"delivered": 0, "failed": 0} and len(service.received) == 1


async def test_quiet_hours_are_saved_and_checked(as_charlie, org):
    page = await as_charlie.get("/me/notifications")
    assert 'name="quiet_from"' in page.text and '<option value="21" selected>' in page.text
    form = {"email": "each", "weekly_moment": ""}
    assert (await as_charlie.post("/me/notifications", data={**form, "quiet_from": "22",
                                                             "quiet_until": "0"})).status_code == 303
    stored = await Preference.select(Preference.quiet_from, Preference.quiet_until).first()
    assert stored == {"quiet_from": 22, "quiet_until": 0}
    await as_charlie.post("/me/notifications", data=form)  # a form without them keeps them
    assert await Preference.select(Preference.quiet_from, Preference.quiet_until).first() == stored
    await as_charlie.post("/me/notifications", data={**form, "quiet_from": "", "quiet_until": "7"})
    assert await Preference.select(Preference.quiet_from, Preference.quiet_until).first() == {
        "quiet_from": None, "quiet_until": None}
    for quiet_from, quiet_until, field, message in [
            ("25", "7", "quiet_from", "Choose when the quiet hours start, or no quiet hours."),
            ("x", "7", "quiet_from", "Choose when the quiet hours start, or no quiet hours."),
            ("22", "", "quiet_until", "Choose when the quiet hours end."),
            ("22", "22", "quiet_until", "The quiet hours must end at another hour than they start.")]:
        response = await as_charlie.post("/me/notifications", data={**form, "quiet_from": quiet_from,
                                                                    "quiet_until": quiet_until})
        assert response.status_code == 200 and message in response.text
        assert f'id="{field}-error"' in response.text


@pytest.mark.parametrize("moment, quiet, expected", [
    ("2027-01-11 12:00", (21, 7), "2027-01-11 12:00"),  # outside: at once
    ("2027-01-11 21:00", (21, 7), "2027-01-12 07:00"),
    ("2027-01-12 03:00", (21, 7), "2027-01-12 07:00"),
    ("2027-01-12 07:00", (21, 7), "2027-01-12 07:00"),
    ("2027-01-11 12:30", (12, 14), "2027-01-11 14:00"),  # a quiet lunch
    ("2027-01-11 23:00", (None, None), "2027-01-11 23:00"),
    ("2027-03-27 22:00", (21, 7), "2027-03-28 07:00"),  # the night clocks go forward: still 7:00 on the wall
])
def test_the_end_of_quiet_hours_is_on_the_organisation_s_clock(moment, quiet, expected):
    local = datetime.fromisoformat(moment).replace(tzinfo=ZONE)
    ends = after_quiet_hours(local.astimezone(timezone.utc), *quiet, "Europe/Brussels")
    assert ends.astimezone(ZONE).replace(tzinfo=None) == datetime.fromisoformat(expected)


async def test_the_vapid_key_can_come_from_the_environment(monkeypatch):
    key = ec.generate_private_key(ec.SECP256R1())
    number = b64url(key.private_numbers().private_value.to_bytes(32, "big"))
    monkeypatch.setenv("LMS_VAPID_PRIVATE_KEY", number)
    public = b64url(key.public_key().public_bytes(Encoding.X962, PublicFormat.UncompressedPoint))
    assert await push.application_server_key(load_settings()) == public
    monkeypatch.setenv("LMS_VAPID_PRIVATE_KEY", "not-a-key")
    with pytest.raises(SettingsError, match="LMS_VAPID_PRIVATE_KEY"):
        load_settings()


async def many_subscribed(course, service, count: int, password_hash) -> list[Employee]:
    """`count` people, each with a browser subscribed, no quiet hours and a reminder pushed to it."""
    people = [Employee(email=f"p{n}@example.org", first_name=f"P{n}", last_name="Test", password_hash=password_hash,
                       created_at=clock.now()) for n in range(count)]
    await Employee.insert(*people)
    settings = load_settings()
    for person in people:
        await push.subscribe(person.id, service.browser().subscription(), settings, clock.now())
        await assigned(course, person)
    await no_quiet_hours(*people)
    return people


def pushes(service, key: str) -> Counter:
    """How often each browser got each reminder."""
    return Counter((m["browser"], m["tag"]) for m in service.read(key))


async def test_three_sweeper_processes_push_each_message_once(org, course, service, password_hash, settings,
                                                              templates, start_sweeper):
    await many_subscribed(course, service, 40, password_hash)
    await sweep(clock.now(), settings, templates)
    assert await PushMessage.count() == 40
    sweepers = [start_sweeper("push", "run-once") for _ in range(3)]
    for sweeper in sweepers:
        out, err = await asyncio.to_thread(sweeper.communicate, timeout=180)
        assert sweeper.returncode == 0, err
    key = await push.application_server_key(settings)
    assert len(pushes(service, key)) == 40 and set(pushes(service, key).values()) == {1}
    assert await PushMessage.count().where(PushMessage.status == "delivered") == 40


async def test_a_sweeper_killed_mid_batch_is_taken_over(org, course, service, password_hash, settings, templates,
                                                        start_sweeper):
    await many_subscribed(course, service, 30, password_hash)
    await sweep(clock.now(), settings, templates)
    service.delay = 0.5  # the pushes of the first batch are in flight when the sweeper dies
    sweeper = start_sweeper("push", "run-once")
    deadline = time.monotonic() + 120
    while len(service.received) < 5:
        assert time.monotonic() < deadline and sweeper.poll() is None, "the sweeper never got going"
        await asyncio.sleep(0.01)
    os.kill(sweeper.pid, signal.SIGKILL)
    await asyncio.to_thread(sweeper.wait)
    service.delay = 0
    assert await PushMessage.count().where(PushMessage.status == "delivered") < 30

    await push.sweep(clock.now(), settings)  # the dead sweep's claims hold until they are stale
    assert await PushMessage.count().where(PushMessage.status == "sending") > 0
    clock.travel(push.STALE + timedelta(seconds=1))
    await push.sweep(clock.now(), settings)
    assert await PushMessage.count().where(PushMessage.status == "delivered") == 30  # none lost
    received = pushes(service, await push.application_server_key(settings))
    assert len(received) == 30 and sum(received.values()) - 30 <= push.BATCH  # at most the batch in flight twice
