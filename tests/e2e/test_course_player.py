"""In a phone-sized Chromium: watch a lesson to its end, pass the quiz, get the certificate."""
import shutil
from pathlib import Path

from lms.courses.tables import Enrolment, Lesson
from lms.storage import storage
from tests.helpers import PASSWORD

DEMO_VIDEO = Path(__file__).parents[2] / "lms" / "courses" / "demo_media" / "fire-spot.webm"


async def test_a_learner_watches_a_lesson_to_the_end_and_passes_the_quiz(live_server, phone, course):
    key = "videos/e2e-fire-spot.webm"
    storage().path(key).parent.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(DEMO_VIDEO, storage().path(key))
    await Lesson.update({Lesson.video: key, Lesson.duration_seconds: 24}).where(Lesson.id == course["video"].id)
    c = course["course"].id

    await phone.goto("/sign-in")
    await phone.fill("#email", "charlie@example.org")
    await phone.fill("#password", PASSWORD)
    await phone.click("button[type=submit]")
    await phone.wait_for_url("**/")
    await phone.goto(f"/courses/{c}")
    await phone.click("text=Start")
    video = phone.locator("video#player")
    await video.wait_for()
    assert await phone.evaluate("document.documentElement.scrollWidth <= 361")
    # skipping to the end plays nothing: "Done, next" says what is left instead of moving on
    await phone.evaluate("""() => new Promise(resolve => {
        const v = document.getElementById('player');
        v.muted = true;
        v.addEventListener('ended', () => setTimeout(resolve, 500), { once: true });
        const skip = () => { v.currentTime = v.duration - 0.3; v.play(); };
        v.readyState >= 1 ? skip() : v.addEventListener('loadedmetadata', skip, { once: true });
    })""")
    await phone.click("#done-next")
    await phone.wait_for_selector("text=still to watch")
    # watching the whole of it at 4x (the fastest that counts) does
    await phone.evaluate("""() => new Promise(resolve => {
        const v = document.getElementById('player');
        v.muted = true; v.currentTime = 0; v.playbackRate = 4;
        v.addEventListener('ended', () => setTimeout(resolve, 500), { once: true });
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
