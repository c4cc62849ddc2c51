"""The phone app in Chromium: installable, and a micro-course followed without a network.

Offline here is real: besides Playwright's offline mode (which a service worker's own requests may
ignore) the test stops the lms server, so nothing can reach it, and starts it again on the same port."""
import json
import os
import shutil
from pathlib import Path

from playwright.async_api import async_playwright, expect

from lms.courses.tables import Enrolment, Lesson, QuizAttempt
from lms.people.tables import Employee
from lms.storage import storage
from tests.e2e.conftest import CHROMIUM, CHROMIUM_ARGS, PHONE, _free_port, serving
from tests.helpers import PASSWORD

DEMO_VIDEO = Path(__file__).parents[2] / "lms" / "courses" / "demo_media" / "fire-spot.webm"


async def _signed_in_phone(browser, url: str):
    context = await browser.new_context(base_url=url, **PHONE)
    page = await context.new_page()
    page.errors = []
    page.on("pageerror", lambda e: page.errors.append(f"uncaught: {e}"))
    page.on("console", lambda m: page.errors.append(m.text) if "Content Security Policy" in m.text else None)
    await page.goto("/sign-in")
    await page.fill("#email", "charlie@example.org")
    await page.fill("#password", PASSWORD)
    await page.click("button[type=submit]")
    await page.wait_for_url("**/")
    await page.wait_for_function("() => navigator.serviceWorker.controller !== null")
    return context, page


async def _watch_to_the_end(page) -> None:
    await page.evaluate("""() => new Promise(resolve => {
        const v = document.getElementById('player');
        v.muted = true; v.currentTime = 0; v.playbackRate = 4;
        v.addEventListener('ended', () => setTimeout(resolve, 500), { once: true });
        v.play();
    })""")


async def test_the_app_is_installable(live_server, org, tmp_path):
    """Chromium's own installability checks (a browser profile on disk: incognito cannot install)."""
    async with async_playwright() as p:
        context = await p.chromium.launch_persistent_context(
            tmp_path, executable_path=str(CHROMIUM), args=CHROMIUM_ARGS, base_url=live_server, **PHONE)
        page = context.pages[0]
        await page.goto("/sign-in")
        await page.wait_for_function("() => navigator.serviceWorker.controller !== null")
        cdp = await context.new_cdp_session(page)
        manifest = await cdp.send("Page.getAppManifest")
        assert manifest["errors"] == [] and json.loads(manifest["data"])["display"] == "standalone"
        assert (await cdp.send("Page.getInstallabilityErrors"))["installabilityErrors"] == []
        await context.close()


async def test_a_course_downloaded_for_offline_is_followed_offline_and_completed_once_back_online(browser, course):
    key = "videos/e2e-offline-fire-spot.webm"
    storage().path(key).parent.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(DEMO_VIDEO, storage().path(key))
    await Lesson.update({Lesson.video: key, Lesson.duration_seconds: 24}).where(Lesson.id == course["video"].id)
    c, video, text = course["course"].id, course["video"].id, course["text"].id
    port = _free_port()

    with serving(os.environ.copy(), port) as url:
        context, page = await _signed_in_phone(browser, url)
        await page.goto(f"/courses/{c}")
        await page.click("text=Start")
        await page.wait_for_url(f"**/courses/{c}/lessons/{video}")
        await page.goto(f"/courses/{c}")
        save = page.get_by_role("button", name="Download for offline")
        await expect(save).to_contain_text("MB)")  # the size, before anything is downloaded
        await save.click()
        await expect(page.get_by_role("status").filter(has_text="Kept on this phone")).to_be_visible()
        await page.goto("/me/offline")
        await expect(page.locator("[data-downloads-list] li")).to_contain_text("Fire safety")

    await context.set_offline(True)  # and the server is gone: no request can reach it
    await page.goto(f"/courses/{c}/lessons/{video}")
    await _watch_to_the_end(page)
    await page.click("#done-next")
    await page.wait_for_url(f"**/courses/{c}/lessons/{text}")
    await page.click("#done-next")
    await page.wait_for_url(f"**/courses/{c}/quiz")
    await page.check("text=Fire blanket")
    await page.check("text=Raise the alarm")
    await page.check("text=Save yourself")
    await page.click("text=Check my answers")
    await expect(page.get_by_role("heading", name="Saved on your phone")).to_be_visible()
    await page.goto("/knowledge")  # a page that was not downloaded
    await expect(page.get_by_role("heading", name="You are offline")).to_be_visible()
    assert await QuizAttempt.count() == 0 and (await Enrolment.objects().first()).completed_at is None

    with serving(os.environ.copy(), port):
        await context.set_offline(False)
        await page.goto("/")
        await expect(page.locator("#offline-sent")).to_have_text("Back online: what you did offline has been sent.")
        enrolment = await Enrolment.objects().first()
        assert enrolment.completed_at is not None and enrolment.score == 100
        await page.goto(f"/courses/{c}")  # sending again, from a later page, adds nothing
        await page.evaluate("navigator.serviceWorker.controller.postMessage({type: 'flush'})")
        await page.goto(f"/courses/{c}/completed")
        await expect(page.get_by_role("heading", name="Well done!")).to_be_visible()
        assert await _kept_courses(page) == [f"lms-course-{await _charlie()}-{c}"]
        await page.evaluate("() => document.querySelector('form[action=\"/sign-out\"]').submit()")
        await page.wait_for_url("**/sign-in**")
        for _ in range(50):  # signing out forgets the courses kept on the phone, for the next person
            if not await _kept_courses(page):
                break
            await page.wait_for_timeout(100)
        assert await _kept_courses(page) == []
    assert await QuizAttempt.count() == 1
    assert page.errors == []
    await context.close()


async def _kept_courses(page) -> list[str]:
    return await page.evaluate("async () => (await caches.keys()).filter(n => n.startsWith('lms-course-'))")


async def _charlie() -> int:
    return (await Employee.select(Employee.id).where(Employee.email == "charlie@example.org").first())["id"]
