"""In a phone-sized Chromium: L&D's real content. A phone recording uploaded by L&D plays converted,
with captions, seeks and completes honestly; SCORM 1.2 and 2004 packages run in their frame,
resume where the learner left them and complete the course; and the same on object storage."""
import os

import pytest

from lms.courses import videos
from lms.courses.tables import Course, Enrolment, Lesson, ScormState
from tests.courses.media import phone_video
from tests.courses.scorm_packages import package
from tests.courses.test_authoring import COURSE
from tests.e2e.conftest import PHONE, serving
from tests.helpers import PASSWORD
from tests.s3 import S3Server

VTT = "WEBVTT\n\n00:00.000 --> 00:01.500\nCheck the forks first.\n\n00:01.500 --> 00:03.000\nThen the horn.\n"


async def sign_in(page, email: str) -> None:
    await page.goto("/sign-in")
    await page.fill("#email", email)
    await page.fill("#password", PASSWORD)
    await page.click("button[type=submit]")
    await page.wait_for_url("**/")


async def new_course(page) -> int:
    """L&D makes a draft course through the form, as in the editor."""
    await page.goto("/admin/courses/new")
    for field in ("title", "summary", "minutes", "pass_mark", "watch_percent"):
        await page.fill(f"#{field}", COURSE[field])
    await page.click("form[action='/admin/courses'] button[type=submit]")
    await page.wait_for_url("**/edit?notice=created")
    return int(page.url.split("/")[-2])


async def test_a_phone_recording_plays_with_captions_and_completes_honestly(phone, org, tmp_path):
    await video_journey(phone, tmp_path)


@pytest.mark.parametrize("standard", ["1.2", "2004"])
async def test_a_scorm_package_resumes_and_completes_the_course(phone, org, tmp_path, standard):
    await scorm_journey(phone, tmp_path, standard)


@pytest.fixture
async def phone_on_object_storage(browser, monkeypatch):
    """A phone page on an lms server that keeps every file in a bucket of a real S3 server; the test's own
    process (which runs the video conversion) keeps them there too."""
    server = S3Server()
    try:
        for setting, value in server.bucket("e2e").items():
            monkeypatch.setenv(setting, value)
        with serving(os.environ.copy()) as url:
            context = await browser.new_context(base_url=url, **PHONE)
            page = await context.new_page()
            page.errors = []
            page.on("console", lambda m: page.errors.append(f"console: {m.text}") if m.type == "error" else None)
            page.on("pageerror", lambda e: page.errors.append(f"uncaught: {e}"))
            yield page, server
            await context.close()
    finally:
        server.stop()


async def test_the_same_journeys_run_on_object_storage(phone_on_object_storage, org, tmp_path):
    page, server = phone_on_object_storage
    await video_journey(page, tmp_path)
    await page.context.clear_cookies()
    await scorm_journey(page, tmp_path, "2004")
    kept = server.keys("e2e")
    assert any(key.startswith("videos/") for key in kept) and any(key.startswith("scorm/") for key in kept)
    assert any(key.endswith("/imsmanifest.xml") for key in kept)


async def video_journey(phone, tmp_path) -> None:
    """L&D uploads a phone's recording and captions; a learner plays it upright with captions, seeks
    from the transcript, is told skipping does not count, watches it and completes the course."""
    await sign_in(phone, "alice@example.org")
    course_id = await new_course(phone)
    await phone.click("text=Add a video lesson")
    await phone.fill("#video_title", "Forklift walk-around")
    phone_video(tmp_path / "IMG_0042.MOV")
    await phone.set_input_files("#video", str(tmp_path / "IMG_0042.MOV"))
    await phone.click("text=Add video lesson")
    await phone.wait_for_selector("text=Converting for phones")
    assert await videos.sweep() == {"converted": 1}
    await phone.wait_for_selector("text=no captions: add them", timeout=10_000)  # the list refreshed by itself
    await phone.click("text=no captions: add them")
    await phone.select_option("#language", "en")
    (tmp_path / "forklift.vtt").write_text(VTT)
    await phone.set_input_files("#file", str(tmp_path / "forklift.vtt"))
    await phone.click("text=Upload captions")
    await phone.wait_for_selector("text=English")
    await Course.update({Course.published: True}).where(Course.id == course_id)

    await phone.context.clear_cookies()
    await sign_in(phone, "charlie@example.org")
    await phone.goto(f"/courses/{course_id}")
    await phone.click("text=Start")
    video = phone.locator("video#player")
    await video.wait_for()
    assert await phone.evaluate("document.documentElement.scrollWidth <= 361")
    shown = await phone.evaluate("""() => new Promise(resolve => {
        const v = document.getElementById('player');
        const go = () => resolve([v.videoWidth, v.videoHeight, v.textTracks.length, v.textTracks[0].mode,
                                  v.textTracks[0].language]);
        v.readyState >= 1 ? go() : v.addEventListener('loadedmetadata', go, { once: true });
    })""")
    assert shown == [360, 640, 1, "showing", "en"]  # upright, and the captions are on
    await phone.click("text=Transcript")
    await phone.wait_for_selector("text=Then the horn.")
    # the transcript's moment seeks; seeking ahead plays nothing, so "Done" says what is left
    await phone.click("button[data-seek='1.5']")
    await phone.wait_for_function("document.getElementById('player').currentTime >= 1.5")
    await phone.evaluate("document.getElementById('player').pause()")
    await phone.click("#done-next")
    await phone.wait_for_selector("text=still to watch")
    await phone.evaluate("""() => new Promise(resolve => {
        const v = document.getElementById('player');
        v.muted = true; v.currentTime = 0;
        v.addEventListener('ended', () => setTimeout(resolve, 500), { once: true });
        v.play();
    })""")
    await phone.click("#done-next")
    await phone.wait_for_url(f"**/courses/{course_id}/completed")
    assert phone.errors == []
    assert (await Enrolment.objects().get(Enrolment.course == course_id)).completed_at is not None


async def scorm_journey(phone, tmp_path, standard: str) -> None:
    """L&D adds a package and publishes; a learner leaves it half-way, comes back to where they were,
    finishes it, and the course is complete with the package's score."""
    await sign_in(phone, "alice@example.org")
    course_id = await new_course(phone)
    (tmp_path / "module.zip").write_bytes(package(standard))
    await phone.click("text=Add an e-learning module (SCORM)")
    await phone.set_input_files("#package", str(tmp_path / "module.zip"))
    await phone.click("text=Add e-learning module")
    await phone.wait_for_selector(f"text=SCORM {standard}")
    await phone.click("text=Publish")  # nothing stands in the way: no quiz, no video converting
    await phone.wait_for_selector("text=published")
    lesson = await Lesson.objects().get(Lesson.course == course_id)

    await phone.context.clear_cookies()
    await sign_in(phone, "charlie@example.org")
    await phone.goto(f"/courses/{course_id}")
    await phone.click("text=Start")
    module = phone.frame_locator("#scorm-frame")
    await module.locator("#leave").click()
    await module.locator("text=reported").wait_for()
    await phone.wait_for_function("1")  # let the terminate commit land
    state = await ScormState.objects().first()
    assert state is not None and state.completion == "incomplete"

    await phone.goto(f"/courses/{course_id}/lessons/{lesson.id}")  # a later visit resumes
    await module.locator("#resumed", has_text="page=3").wait_for()
    assert await module.locator("#entry").text_content() == "resume"
    await module.locator("#finish").click()
    await module.locator("text=reported").wait_for()
    await phone.click("#done-next")
    await phone.wait_for_url(f"**/courses/{course_id}/completed")
    assert phone.errors == []
    enrolment = await Enrolment.objects().get(Enrolment.course == course_id)
    assert enrolment.completed_at is not None and enrolment.score == {"1.2": 85, "2004": 90}[standard]
