"""Push notifications in a real Chromium on a phone: the settings page says whether push is on in this
browser and offers to turn it on, without console errors; a push delivered to the service worker
(through the DevTools protocol, as the Application panel's Push button does: headless Chromium has
no push service to subscribe with) shows as a notification with the reminder's title, text and page."""
import asyncio
import json
import time

from playwright.async_api import expect

from lms.reminders import push
from tests.e2e.test_phone import sign_in_through_the_form


async def eventually(check, seconds: float = 10):
    """What `check` (sync or async) gives once it is truthy; fails after `seconds`."""
    deadline = time.monotonic() + seconds
    while True:
        found = check()
        found = await found if asyncio.iscoroutine(found) else found
        if found:
            return found
        assert time.monotonic() < deadline, "it never happened"
        await asyncio.sleep(0.1)


async def test_the_settings_page_offers_push_and_the_worker_shows_a_push(phone, live_server, org):
    await phone.context.grant_permissions(["notifications"], origin=live_server)
    devtools = await phone.context.new_cdp_session(phone)
    registrations = {}
    devtools.on("ServiceWorker.workerRegistrationUpdated",
                lambda event: registrations.update({r["scopeURL"]: r["registrationId"]
                                                    for r in event["registrations"]}))
    await devtools.send("ServiceWorker.enable")
    await phone.goto("/me/notifications")
    await sign_in_through_the_form(phone, "charlie@example.org")

    section = phone.locator("#push")
    await expect(section.get_by_text("Push notifications are off in this browser.")).to_be_visible()
    await expect(section.get_by_role("button", name="Turn on push notifications")).to_be_visible()
    await expect(section.get_by_role("button", name="Send me a test notification")).to_be_hidden()

    await phone.evaluate("navigator.serviceWorker.ready.then(() => true)")
    await eventually(lambda: f"{live_server}/" in registrations)
    message = {"title": "How is it going with Fire safety basics?", "body": "Answering takes less than a minute.",
               "url": "/checkins/7", "key": "reminder:12:3"}
    await devtools.send("ServiceWorker.deliverPushMessage", {
        "origin": live_server, "registrationId": registrations[f"{live_server}/"],
        "data": push._payload(message, "en").decode()})
    shown = "navigator.serviceWorker.ready.then(r => r.getNotifications()).then(all => all.map(n => " \
            "({title: n.title, body: n.body, url: n.data.url, icon: n.icon, badge: n.badge, tag: n.tag})))"
    [notification] = await eventually(lambda: phone.evaluate(shown))
    assert notification == {"title": message["title"], "body": message["body"], "url": f"{live_server}/checkins/7",
                            "icon": f"{live_server}/static/icon-192.png", "badge": f"{live_server}/static/badge-96.png",
                            "tag": "reminder:12"}
    assert phone.errors == [], json.dumps(phone.errors)
