"""In a phone-sized Chromium: watch a lesson to its end, pass the quiz, get the certificate."""
import shutil
from pathlib import Path

import pytest
from playwright.async_api import async_playwright

from lms.courses.tables import Enrolment, Lesson
from lms.storage import storage
from tests.e2e.server import CHROMIUM, CHROMIUM_ARGS, Server, require_chromium
from tests.helpers import PASSWORD

DEMO_VIDEO = Path(__file__).parents[2] / "lms" / "courses" / "demo_media" / "fire-spot.webm"


@pytest.fixture(scope="module")
def server():
    require_chromium()
    running = Server()
    yield running
    running.stop()


@pytest.fixture
async def phone():
    async with async_playwright() as p:
        browser = await p.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        context = await browser.new_context(viewport={"width": 360, "height": 740}, is_mobile=True, has_touch=True)
        page = await context.new_page()
        page.errors = []
        page.on("console", lambda m: page.errors.append(m.text) if m.type == "error" else None)
        yield page
        await browser.close()


async def sign_in(page, server, email):
    await page.goto(f"{server.url}/sign-in")
    await page.fill("#email", email)
    await page.fill("#password", PASSWORD)
    await page.click("button[type=submit]")


async def test_a_learner_watches_a_lesson_to_the_end_and_passes_the_quiz(server, phone, course):
    key = "videos/e2e-fire-spot.webm"
    storage().path(key).parent.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(DEMO_VIDEO, storage().path(key))
    await Lesson.update({Lesson.video: key, Lesson.duration_seconds: 24}).where(Lesson.id == course["video"].id)
    c = course["course"].id

    await sign_in(phone, server, "charlie@example.org")
    await phone.goto(f"{server.url}/courses/{c}")
    await phone.click("text=Start")
    video = phone.locator("video#player")
    await video.wait_for()
    assert await phone.evaluate("document.documentElement.scrollWidth <= 361")
    # play at 16x to the end; the player saves the position and reports the end
    await phone.evaluate("""() => new Promise(resolve => {
        const v = document.getElementById('player');
        v.muted = true; v.playbackRate = 16;
        v.addEventListener('ended', () => setTimeout(resolve, 500));
        v.play();
    })""")
    await phone.click("#done-next")
    await phone.wait_for_url(f"**/courses/{c}/lessons/{course['text'].id}")
    await phone.click("#done-next")
    await phone.wait_for_url(f"**/courses/{c}/quiz")
    await phone.check("text=Fire blanket")
    await phone.check("text=Raise the alarm")
    await phone.check("text=Save yourself")
    await phone.click("text=Check my answers")
    await phone.wait_for_selector("text=You passed!")
    await phone.click("text=Get your certificate")
    await phone.wait_for_selector("text=Your certificate")
    assert phone.errors == []
    enrolment = await Enrolment.objects().first()
    assert enrolment.completed_at is not None and enrolment.score == 100
