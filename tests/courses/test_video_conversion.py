"""An uploaded video is converted off the request into H.264/AAC MP4 with its index first, turned
upright, with a poster; L&D sees the progress and any error in words; conversions are exactly once
with three processes side by side, and one killed mid-way is taken over."""
import asyncio
import os
import signal
import subprocess
import sys
import time

import av
import pytest

from lms import clock
from lms.courses import videos
from lms.courses.tables import Course, Lesson
from lms.storage import storage
from tests.conftest import signed_in_client
from tests.courses.media import phone_video, sound_only
from tests.courses.test_authoring import new_course


@pytest.fixture
def phone_mov(tmp_path):
    return phone_video(tmp_path / "IMG_0042.MOV")


async def upload(client, course_id: int, content: bytes, name: str = "IMG_0042.MOV", title: str = "On the floor"):
    return await client.post(f"/admin/courses/{course_id}/lessons/video", data={"video_title": title},
                             files={"video": (name, content, "video/quicktime")})


def folder(name: str) -> set[str]:
    path = storage().root / name
    return {p.name for p in path.iterdir()} if path.exists() else set()


async def test_a_phone_recording_is_converted_upright_with_a_poster(as_alice, org, phone_mov):
    course_id = await new_course(as_alice)
    uploads = folder("uploads")
    response = await upload(as_alice, course_id, phone_mov)
    assert response.status_code == 303 and "notice=converting" in response.headers["location"]
    lesson = await Lesson.objects().get(Lesson.title == "On the floor")
    assert (lesson.video_status, lesson.video, lesson.duration_seconds) == ("processing", "", 3)
    assert lesson.video_source.startswith("uploads/") and lesson.video_source.endswith(".mov")
    editor = await as_alice.get(f"/admin/courses/{course_id}/edit")
    assert "Converting for phones: 0 %" in editor.text and 'hx-trigger="every 3s"' in editor.text
    assert "is still being converted" in editor.text  # and so the course cannot be published yet

    assert await videos.sweep() == {"converted": 1}
    lesson = await Lesson.objects().get(Lesson.id == lesson.id)
    assert (lesson.video_status, lesson.video_progress, lesson.video_source, lesson.duration_seconds) == \
        ("ready", 100, "", 3)
    rendition = storage().path(lesson.video)
    assert lesson.video.startswith("videos/") and lesson.video.endswith(".mp4")
    head = rendition.read_bytes()[:64 * 1024]
    assert head.find(b"moov") < head.find(b"mdat") or b"mdat" not in head  # the index first: plays at once
    with av.open(str(rendition)) as played:
        picture, sound = played.streams.video[0].codec_context, played.streams.audio[0].codec_context
        assert (picture.name, picture.width, picture.height, sound.name) == ("h264", 360, 640, "aac")  # upright
    assert lesson.poster.startswith("posters/") and storage().path(lesson.poster).read_bytes()[:3] == b"\xff\xd8\xff"
    assert folder("uploads") == uploads  # the upload is gone once converted

    editor = await as_alice.get(f"/admin/courses/{course_id}/lessons")
    assert "Converting" not in editor.text and "hx-trigger" not in editor.text
    assert (await as_alice.post(f"/admin/courses/{course_id}/publish", data={"published": "yes"})).status_code == 303
    assert (await Course.objects().get(Course.id == course_id)).published


async def test_the_editor_shows_progress_and_the_learner_waits(as_alice, as_charlie, org, phone_mov, course):
    course_id = course["course"].id
    await upload(as_alice, course_id, phone_mov, title="Late addition")
    lesson = await Lesson.objects().get(Lesson.title == "Late addition")
    await Lesson.update({Lesson.video_progress: 42}).where(Lesson.id == lesson.id)
    fragment = await as_alice.get(f"/admin/courses/{course_id}/lessons")
    assert "Converting for phones: 42 %" in fragment.text and 'value="42"' in fragment.text
    assert "<html" not in fragment.text  # the list alone, for htmx to swap

    await as_charlie.post(f"/courses/{course_id}/enrol")
    page = await as_charlie.get(f"/courses/{course_id}/lessons/{lesson.id}")
    assert page.status_code == 200 and "being prepared" in page.text and "<video" not in page.text


async def test_a_file_without_a_picture_fails_in_words(as_alice, org, tmp_path):
    course_id = await new_course(as_alice)
    response = await upload(as_alice, course_id, sound_only(tmp_path / "voice.mp4"), name="voice.mp4")
    assert response.status_code == 303
    assert await videos.sweep() == {"failed": 1}
    lesson = await Lesson.objects().get(Lesson.title == "On the floor")
    assert lesson.video_status == "failed" and lesson.video == ""
    editor = await as_alice.get(f"/admin/courses/{course_id}/edit")
    assert "This file could not be converted (no video stream)" in editor.text
    assert "could not be converted: delete the lesson and upload it again" in editor.text
    response = await as_alice.post(f"/admin/courses/{course_id}/publish", data={"published": "yes"})
    assert not (await Course.objects().get(Course.id == course_id)).published


async def test_the_size_limit_comes_from_settings(as_alice, org, phone_mov, monkeypatch):
    course_id = await new_course(as_alice)
    uploads = folder("uploads")
    monkeypatch.setenv("LMS_UPLOAD_MAX_MB", "0")
    response = await upload(as_alice, course_id, phone_mov)
    assert response.status_code == 200 and "The video can be at most 0 MB" in response.text
    assert 'value="On the floor"' in response.text  # what L&D typed stays
    assert await Lesson.count() == 0 and folder("uploads") == uploads


async def test_a_lesson_deleted_while_converting_leaves_nothing(as_alice, org, phone_mov):
    course_id = await new_course(as_alice)
    before = {name: folder(name) for name in ("videos", "posters", "uploads")}
    await upload(as_alice, course_id, phone_mov)
    lesson = await Lesson.objects().get(Lesson.title == "On the floor")
    claimed = await videos.claim(clock.now())
    await as_alice.post(f"/admin/courses/{course_id}/lessons/{lesson.id}/delete")
    assert await videos.convert(claimed) == "lost"
    assert {name: folder(name) for name in before} == before


@pytest.mark.parametrize("email, status", [("bob@example.org", 403), ("charlie@example.org", 403)])
async def test_only_l_and_d_sees_the_editor_s_lesson_list(make_client, org, course, email, status):
    client = await signed_in_client(make_client, email)
    assert (await client.get(f"/admin/courses/{course['course'].id}/lessons")).status_code == status


@pytest.mark.parametrize("path", ["/admin/courses/99999/lessons", "/admin/courses/0/lessons",
                                  "/admin/courses/99999999999/lessons", "/admin/courses/x/lessons"])
async def test_an_unknown_course_s_lesson_list_is_not_found(as_alice, org, path):
    assert (await as_alice.get(path)).status_code in (400, 404)


def start_converter() -> subprocess.Popen:
    return subprocess.Popen([sys.executable, "-m", "lms.cli", "videos", "run-once"], env=os.environ,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)


async def test_three_converter_processes_convert_each_video_once(as_alice, org, tmp_path):
    course_id = await new_course(as_alice)
    before = {name: folder(name) for name in ("videos", "uploads", "scratch")}
    for n in range(4):
        await upload(as_alice, course_id, phone_video(tmp_path / f"{n}.mov", seconds=2), title=f"Clip {n}")
    converters = [start_converter() for _ in range(3)]
    converted = 0
    for converter in converters:
        out, err = await asyncio.to_thread(converter.communicate, timeout=300)
        assert converter.returncode == 0, err
        converted += int(out.split("converted: ")[1].split(",")[0]) if "converted: " in out else 0
    assert converted == 4  # each by exactly one of the three
    lessons = await Lesson.select(Lesson.video, Lesson.video_status, Lesson.video_attempts)
    assert {(row["video_status"], row["video_attempts"]) for row in lessons} == {("ready", 1)}
    made = {row["video"].split("/")[1] for row in lessons}
    assert folder("videos") == before["videos"] | made  # nothing made twice
    assert folder("uploads") == before["uploads"] and folder("scratch") == before["scratch"]


async def test_a_converter_killed_mid_way_is_taken_over(as_alice, org, tmp_path):
    course_id = await new_course(as_alice)
    before = {name: folder(name) for name in ("videos", "uploads")}
    await upload(as_alice, course_id, phone_video(tmp_path / "long.mov", seconds=90, size="1280x720"))
    converter = start_converter()
    try:
        deadline = time.monotonic() + 120
        while not (await Lesson.select(Lesson.video_progress).first())["video_progress"]:
            assert time.monotonic() < deadline and converter.poll() is None, "the converter never got going"
            await asyncio.sleep(0.05)
        os.kill(converter.pid, signal.SIGKILL)
    finally:
        converter.kill()
        await asyncio.to_thread(converter.wait)
    lesson = await Lesson.objects().get(Lesson.title == "On the floor")
    assert lesson.video_status == "processing" and 0 < lesson.video_progress < 100

    assert await videos.sweep() == {}  # the dead process's claim holds until it is stale
    clock.travel(videos.STALE)
    assert await videos.sweep() == {"converted": 1}
    lesson = await Lesson.objects().get(Lesson.id == lesson.id)
    assert (lesson.video_status, lesson.video_attempts, lesson.duration_seconds) == ("ready", 2, 90)
    assert folder("videos") == before["videos"] | {lesson.video.split("/")[1]} and folder("uploads") == before["uploads"]
