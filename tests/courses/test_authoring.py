"""L&D authors the catalogue: course form, cover, competencies, lessons, quiz, publishing."""
from pathlib import Path

import pytest

from lms.courses import videos
from lms.courses.tables import Choice, Course, CourseCompetency, Lesson, Question
from lms.storage import storage

COURSE = {"title": "Ladder safety", "summary": "Climb safely", "description": "## Why\n\nFalls hurt.",
          "format": "online", "route": "internal_expert", "provider": "", "trainer": "", "language": "en",
          "minutes": "7", "cost": "0", "validity_months": "24", "pass_mark": "80", "max_attempts": "3",
          "watch_percent": "80", "mandatory": "yes"}
WEBM = (Path(__file__).parents[2] / "lms" / "courses" / "demo_media" / "forklift.webm").read_bytes()
PNG = (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x02\x00\x00\x00\x90wS\xde"
       b"\x00\x00\x00\x0cIDATx\x9cc\xf8\x0f\x00\x00\x01\x01\x00\x05\x18\xd8N\x00\x00\x00\x00IEND\xaeB`\x82")


def stored_files(folder: str) -> list[Path]:
    root = storage().path(folder) if (storage().root / folder).exists() else None
    return [p for p in root.iterdir()] if root else []


async def new_course(client) -> int:
    response = await client.post("/admin/courses", data=COURSE)
    assert response.status_code == 303
    return int(response.headers["location"].split("/")[3])


async def test_it_creates_a_draft_course_with_every_field(as_alice, org):
    course_id = await new_course(as_alice)
    course = await Course.objects().get(Course.id == course_id)
    assert (course.title, course.minutes, course.validity_months, course.pass_mark, course.max_attempts,
            course.watch_percent) == ("Ladder safety", 7, 24, 80, 3, 80)
    assert course.mandatory and not course.published
    page = await as_alice.get(f"/admin/courses/{course_id}/edit")
    assert 'value="Ladder safety"' in page.text and "draft" in page.text


@pytest.mark.parametrize("field, value, message", [
    ("title", "", "Title is required."),
    ("minutes", "0", "Length in minutes must be a whole number from 1 to 6000."),
    ("cost", "-5", "Cost cannot be negative."),
    ("format", "hologram", "Format: choose one of the options."),
    ("pass_mark", "150", "Pass mark in percent must be a whole number from 0 to 100."),
    ("watch_percent", "5", "Share of a video to watch, in percent must be a whole number from 10 to 100."),
    ("watch_percent", "ninety", "Share of a video to watch, in percent must be a whole number from 10 to 100."),
])
async def test_a_bad_course_field_is_named(as_alice, org, field, value, message):
    response = await as_alice.post("/admin/courses", data={**COURSE, field: value})
    assert response.status_code == 200 and message in response.text
    assert await Course.count() == 0


async def test_lessons_are_added_ordered_and_deleted(as_alice, org):
    course_id = await new_course(as_alice)
    for title in ("One", "Two"):
        await as_alice.post(f"/admin/courses/{course_id}/lessons/text", data={"lesson_title": title,
                                                                              "lesson_body": "Text"})
    response = await as_alice.post(f"/admin/courses/{course_id}/lessons/video",
                                   data={"video_title": "Three", "duration_seconds": "3"},
                                   files={"video": ("three.webm", WEBM, "video/webm")})
    assert response.status_code == 303
    lessons = await Lesson.select(Lesson.id, Lesson.title).order_by(Lesson.position)
    assert [l["title"] for l in lessons] == ["One", "Two", "Three"]
    video = await Lesson.objects().get(Lesson.title == "Three")
    assert video.video_source.startswith("uploads/") and storage().path(video.video_source).read_bytes() == WEBM
    assert video.duration_seconds == 24  # read from the file; a typed length is ignored
    assert await videos.sweep() == {"converted": 1}
    video = await Lesson.objects().get(Lesson.title == "Three")
    await as_alice.post(f"/admin/courses/{course_id}/lessons/{video.id}/move", data={"direction": "up"})
    titles = await Lesson.select(Lesson.title).order_by(Lesson.position).output(as_list=True)
    assert titles == ["One", "Three", "Two"]
    assert "Delete the lesson Three?" in (await as_alice.get(
        f"/admin/courses/{course_id}/lessons/{video.id}/delete")).text
    await as_alice.post(f"/admin/courses/{course_id}/lessons/{video.id}/delete")
    assert not storage().path(video.video).exists() and not storage().path(video.poster).exists()
    assert await Lesson.count() == 2


async def test_a_fake_video_is_refused_and_leaves_no_file(as_alice, org):
    course_id = await new_course(as_alice)
    before = stored_files("uploads")
    response = await as_alice.post(f"/admin/courses/{course_id}/lessons/video",
                                   data={"video_title": "Fake"},
                                   files={"video": ("clip.mp4", b"#!/bin/sh\necho not a video\n" * 100, "video/mp4")})
    assert response.status_code == 200
    assert "not an MP4, MOV or WebM video" in response.text
    assert stored_files("uploads") == before
    assert await Lesson.count() == 0


async def test_a_video_whose_length_cannot_be_read_is_refused_and_leaves_no_file(as_alice, org):
    course_id = await new_course(as_alice)
    before = stored_files("uploads")
    broken = b"\x00\x00\x00\x18ftypmp42\x00\x00\x00\x00mp42isom" + b"\x00garbage" * 500  # an MP4 in name only
    response = await as_alice.post(f"/admin/courses/{course_id}/lessons/video", data={"video_title": "Broken"},
                                   files={"video": ("clip.mp4", broken, "video/mp4")})
    assert response.status_code == 200 and "The length of this video cannot be read" in response.text
    assert stored_files("uploads") == before
    assert await Lesson.count() == 0


async def test_a_cover_must_be_a_small_image(as_alice, org):
    course_id = await new_course(as_alice)
    response = await as_alice.post(f"/admin/courses/{course_id}/cover", files={"cover": ("c.png", PNG, "image/png")})
    assert response.status_code == 303
    assert (await Course.objects().get(Course.id == course_id)).cover.startswith("covers/")
    response = await as_alice.post(f"/admin/courses/{course_id}/cover",
                                   files={"cover": ("c.png", b"<svg onload=alert(1)>", "image/png")})
    assert "must be a PNG, JPEG or WebP image" in response.text
    big = PNG + b"\x00" * (2 * 1024 * 1024)
    response = await as_alice.post(f"/admin/courses/{course_id}/cover", files={"cover": ("c.png", big, "image/png")})
    assert response.status_code == 200 and "The image can be at most 2 MB." in response.text


async def test_an_unanswerable_quiz_blocks_publishing(as_alice, org):
    course_id = await new_course(as_alice)
    url = f"/admin/courses/{course_id}/quiz"
    bad = await as_alice.post(url, data={"text": "Which?", "answer_1": "A", "correct_1": "yes", "answer_2": "B",
                                         "correct_2": "yes"})
    assert "Mark one right answer" in bad.text and await Question.count() == 0
    assert "Give at least two answers." in (await as_alice.post(url, data={"text": "Q", "answer_1": "A"})).text
    await as_alice.post(url, data={"text": "Which?", "answer_1": "A", "correct_1": "yes", "answer_2": "B",
                                   "feedback_2": "No"})
    assert await Choice.count() == 2
    await Choice.update({Choice.correct: False}).where(Choice.id > 0)
    response = await as_alice.post(f"/admin/courses/{course_id}/publish", data={"published": "yes"})
    assert response.status_code == 409 and "needs exactly one right answer" in response.text
    await Choice.update({Choice.correct: True}).where(Choice.text == "A")
    assert (await as_alice.post(f"/admin/courses/{course_id}/publish", data={"published": "yes"})).status_code == 303
    assert (await Course.objects().get(Course.id == course_id)).published


async def test_competencies_with_a_level(as_alice, course, org):
    course_id = course["course"].id
    response = await as_alice.post(f"/admin/courses/{course_id}/competencies",
                                   data={"competency": str(course["competency"].id), "level": "3"})
    assert response.status_code == 303
    assert (await CourseCompetency.objects().get(CourseCompetency.course == course_id)).level == 3
    bad = await as_alice.post(f"/admin/courses/{course_id}/competencies",
                              data={"competency": str(course["competency"].id), "level": "9"})
    assert "Level must be a whole number from 1 to 4." in bad.text


async def test_a_lesson_of_another_course_is_a_404(as_alice, course, org):
    other = await new_course(as_alice)
    response = await as_alice.post(f"/admin/courses/{other}/lessons/{course['video'].id}/delete")
    assert response.status_code == 404
    assert await Lesson.exists().where(Lesson.id == course["video"].id)


async def test_authoring_is_for_l_and_d_only(as_charlie, as_bob, client, course):
    course_id = course["course"].id
    for url in ("/admin/courses", "/admin/courses/new", f"/admin/courses/{course_id}/edit",
                f"/admin/courses/{course_id}/quiz", f"/admin/courses/{course_id}/enrolments", "/admin/paths"):
        assert (await as_charlie.get(url)).status_code == 403
        assert (await as_bob.get(url)).status_code == 403
        assert (await client.get(url)).status_code == 303
    assert (await as_bob.post("/admin/courses", data=COURSE)).status_code == 403
