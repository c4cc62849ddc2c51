"""What a phone keeps to follow a micro-course without a network: the addresses of its pages, video,
posters, captions and quiz, and how much room they take. The service worker (web/static/sw.js)
stores them; what the learner does offline it sends later (see routes/player.py)."""
from lms import clock
from lms.courses import learning
from lms.courses.tables import Caption, Enrolment, Lesson, Question
from lms.errors import NotFound
from lms.i18n import gettext as _
from lms.storage import storage

PAGE_BYTES = 30_000  # a page with its share of the layout, compressed: enough for an estimate


async def package(employee_id: int, course_id: int) -> dict:
    """The course's offline package for someone following it; `missing` says why it cannot be
    taken offline (a SCORM module reports to the server as it runs, a video is still converting)."""
    course = await learning.published_course(course_id)
    enrolment = await learning.enrolment_of(employee_id, course_id)
    if enrolment is None:
        raise NotFound
    if enrolment["offline_at"] is None:  # the earliest moment a report made offline may claim
        await Enrolment.update({Enrolment.offline_at: clock.now()}).where(
            Enrolment.id == enrolment["id"], Enrolment.offline_at.is_null())
    lessons = await Lesson.select(Lesson.id, Lesson.kind, Lesson.video, Lesson.poster, Lesson.video_status).where(
        Lesson.course == course_id).order_by(Lesson.position, Lesson.id)
    base = f"/courses/{course_id}"
    steps = [f"{base}/lessons/{lesson['id']}" for lesson in lessons]
    if await Question.exists().where(Question.course == course_id):
        steps.append(f"{base}/quiz")
    media = [f"/media/{key}" for lesson in lessons for key in (lesson["video"], lesson["poster"]) if key]
    captions = [f"{base}/lessons/{row['lesson']}/captions/{row['language']}" for row in await Caption.select(
        Caption.lesson, Caption.language).where(Caption.lesson.course == course_id)]
    sizes = [await _size(url.removeprefix("/media/")) for url in media]
    return {
        "course": course_id, "title": course["title"], "steps": steps,
        "urls": [base, *steps, *media, *captions, "/me/offline"],
        "bytes": sum(size or 0 for size in sizes) + PAGE_BYTES * (1 + len(steps)),
        "missing": _missing(lessons, None in sizes),
    }


async def _size(key: str) -> int | None:
    try:
        return await storage().size(key)
    except OSError:  # missing, or the bucket does not answer: the course cannot be taken now
        return None


def _missing(lessons: list[dict], file_lost: bool) -> str:
    if any(lesson["kind"] == "scorm" for lesson in lessons):
        return _("This course has an e-learning module that needs a connection.")
    if any(lesson["kind"] == "video" and lesson["video_status"] != "ready" for lesson in lessons):
        return _("A video of this course is still being prepared.")
    if file_lost:
        return _("A video of this course cannot be found. L&D can add it again.")
    return ""
