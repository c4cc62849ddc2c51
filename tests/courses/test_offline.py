"""A course taken offline: what a phone keeps, and what it sends late. A queued quiz answer counts
once however often it arrives; a late progress report is credited from when it was made and never
moves the position back. The app shell: manifest, service worker, the offline pages."""
import asyncio
from datetime import timedelta

import pytest

from lms import clock
from lms.courses.tables import Caption, Course, Enrolment, Lesson, LessonProgress, QuizAttempt
from tests.courses.test_player import correct_answers
from lms.storage import storage
from tests.conftest import signed_in_client


async def enrolled(client, course) -> int:
    await client.post(f"/courses/{course['course'].id}/enrol")
    return course["course"].id


async def report(client, course, position, played, at=None):
    data = {"position": str(position), "played": played, **({"at": str(at)} if at is not None else {})}
    return await client.post(f"/courses/{course['course'].id}/lessons/{course['video'].id}/progress", data=data)


async def test_the_package_lists_pages_media_captions_and_quiz_with_their_size(as_charlie, course):
    c = await enrolled(as_charlie, course)
    video, text = course["video"], course["text"]
    for key, size in ((video.video, 2_000_000), ("posters/fire.jpg", 40_000)):
        storage().path(key).parent.mkdir(parents=True, exist_ok=True)
        storage().path(key).write_bytes(b"x" * size)
    await Lesson.update({Lesson.poster: "posters/fire.jpg"}).where(Lesson.id == video.id)
    await Caption.insert(Caption(lesson=video.id, language="nl", vtt="WEBVTT\n"))
    package = (await as_charlie.get(f"/courses/{c}/offline")).json()
    assert package["steps"] == [f"/courses/{c}/lessons/{video.id}", f"/courses/{c}/lessons/{text.id}",
                                f"/courses/{c}/quiz"]
    assert f"/media/{video.video}" in package["urls"] and "/media/posters/fire.jpg" in package["urls"]
    assert f"/courses/{c}/lessons/{video.id}/captions/nl" in package["urls"]
    assert f"/courses/{c}" in package["urls"] and "/me/offline" in package["urls"]
    assert package["bytes"] >= 2_040_000 and package["missing"] == "" and package["title"] == course["course"].title
    storage().path(video.video).unlink()
    assert "cannot be found" in (await as_charlie.get(f"/courses/{c}/offline")).json()["missing"]


async def test_a_course_with_a_scorm_module_or_a_converting_video_cannot_go_offline(as_charlie, course):
    c = await enrolled(as_charlie, course)
    await Lesson.update({Lesson.video_status: "waiting"}).where(Lesson.id == course["video"].id)
    assert "still being prepared" in (await as_charlie.get(f"/courses/{c}/offline")).json()["missing"]
    await Lesson.update({Lesson.kind: "scorm"}).where(Lesson.id == course["text"].id)
    assert "needs a connection" in (await as_charlie.get(f"/courses/{c}/offline")).json()["missing"]


async def test_only_a_learner_following_a_published_course_gets_its_package(as_charlie, client, course):
    c = course["course"].id
    assert (await as_charlie.get(f"/courses/{c}/offline")).status_code == 404  # not enrolled
    signed_out = await client.get(f"/courses/{c}/offline")
    assert signed_out.status_code in (302, 303) and "/sign-in" in signed_out.headers["location"]
    await enrolled(as_charlie, course)
    await Course.update({Course.published: False}).where(Course.id == c)
    assert (await as_charlie.get(f"/courses/{c}/offline")).status_code == 404
    for bad in ("0", "99999999999999999999", "abc"):
        assert (await as_charlie.get(f"/courses/{bad}/offline")).status_code in (400, 404)


async def test_the_course_page_offers_the_download_to_those_who_follow_it(as_charlie, course):
    c = course["course"].id
    assert "Download for offline" not in (await as_charlie.get(f"/courses/{c}")).text
    await enrolled(as_charlie, course)
    page = (await as_charlie.get(f"/courses/{c}")).text
    assert "Download for offline" in page and f'data-offline="/courses/{c}/offline"' in page


async def test_a_quiz_answer_sent_twice_with_its_key_counts_once(as_charlie, course):
    c = await enrolled(as_charlie, course)
    answers = await correct_answers(course)
    headers = {"x-lms-queued": "0b3e7a52-1c1d-4a4e-9b7e-5f0c2d7d8e11"}
    first = await as_charlie.post(f"/courses/{c}/quiz", data=answers, headers=headers)
    again = await as_charlie.post(f"/courses/{c}/quiz", data=answers, headers=headers)
    assert first.status_code == again.status_code == 200 and "You passed" in again.text
    assert await QuizAttempt.count() == 1
    other = await as_charlie.post(f"/courses/{c}/quiz", data=answers, headers={"x-lms-queued": "another-key-1"})
    assert other.status_code == 200 and await QuizAttempt.count() == 2


async def test_the_same_queued_answer_arriving_three_times_at_once_is_kept_once(make_client, org, course):
    """Two tabs and Background Sync flushing together: one is kept, the others are that one."""
    clients = [await signed_in_client(make_client, "charlie@example.org") for _ in range(3)]
    c = await enrolled(clients[0], course)
    answers = await correct_answers(course)
    replies = await asyncio.gather(*[
        client.post(f"/courses/{c}/quiz", data=answers, headers={"x-lms-queued": "same-answer-01"})
        for client in clients])
    assert [r.status_code for r in replies] == [200, 200, 200]
    assert await QuizAttempt.count() == 1
    assert (await Enrolment.objects().first()).completed_at is None  # the lessons are still to do


@pytest.mark.parametrize("key", ["short", "x" * 65, "has space-1234", "ünïcode-key-1"])
async def test_a_malformed_queue_key_is_refused(as_charlie, course, key):
    c = await enrolled(as_charlie, course)
    response = await as_charlie.post(f"/courses/{c}/quiz", data=await correct_answers(course),
                                     headers={"x-lms-queued": key.encode("utf-8")})
    assert response.status_code == 400 and "x-lms-queued" in response.text
    assert await QuizAttempt.count() == 0


async def test_a_late_report_is_credited_from_when_it_was_made(as_charlie, course):
    """Taken offline, the 30-second video played a minute ago: all of it counts, though it arrives
    at once. Sent now without that moment, the same claim is held to what could have played since."""
    c = await enrolled(as_charlie, course)
    await as_charlie.get(f"/courses/{c}/offline")
    clock.travel(timedelta(seconds=70))
    await report(as_charlie, course, 30, "0-30")
    assert (await LessonProgress.objects().first()).watched_seconds == 15  # the slack only
    await LessonProgress.delete(force=True)
    assert (await report(as_charlie, course, 30, "0-30", at=clock.now().timestamp() - 60)).status_code == 200
    assert (await LessonProgress.objects().first()).watched_seconds == 30


async def test_a_made_up_moment_buys_no_time_before_the_course_was_taken_offline(as_charlie, course):
    c = await enrolled(as_charlie, course)
    await report(as_charlie, course, 30, "0-30", at=clock.now().timestamp() - 30 * 86_400)  # never taken offline
    assert (await LessonProgress.objects().first()).watched_seconds == 15
    await LessonProgress.delete(force=True)
    await as_charlie.get(f"/courses/{c}/offline")
    await report(as_charlie, course, 30, "0-30", at=clock.now().timestamp() - 30 * 86_400)
    assert (await LessonProgress.objects().first()).watched_seconds == 15


async def test_a_late_report_never_moves_the_position_back(as_charlie, course):
    c = await enrolled(as_charlie, course)
    await as_charlie.get(f"/courses/{c}/offline")
    clock.travel(timedelta(seconds=60))
    await report(as_charlie, course, 20, "0-20", at=clock.now().timestamp() - 30)
    await report(as_charlie, course, 8, "0-8", at=clock.now().timestamp() - 50)  # made earlier, came later
    row = await LessonProgress.objects().first()
    assert row.position_seconds == 20 and row.watched_seconds == 20


async def test_a_queued_done_answers_with_a_status_the_phone_can_read(as_charlie, course):
    """Not a redirect: the phone must tell "taken" from "refused" (a video not watched far enough)."""
    c = await enrolled(as_charlie, course)
    headers = {"x-lms-queued": "done-video-0001"}
    refused = await as_charlie.post(f"/courses/{c}/lessons/{course['video'].id}/done", headers=headers)
    assert refused.status_code == 409 and refused.text == "unwatched"
    taken = await as_charlie.post(f"/courses/{c}/lessons/{course['text'].id}/done", headers=headers)
    assert taken.status_code == 200


async def test_a_queued_answer_sent_again_after_the_last_attempt_is_the_kept_one(as_charlie, course):
    c = await enrolled(as_charlie, course)
    await Course.update({Course.max_attempts: 1}).where(Course.id == c)
    headers = {"x-lms-queued": "last-attempt-01"}
    answers = await correct_answers(course)
    assert (await as_charlie.post(f"/courses/{c}/quiz", data=answers, headers=headers)).status_code == 200
    again = await as_charlie.post(f"/courses/{c}/quiz", data=answers, headers=headers)
    assert again.status_code == 200 and "You passed" in again.text
    assert (await as_charlie.post(f"/courses/{c}/quiz", data=answers)).status_code == 409  # a new one is not


async def test_a_kept_answer_sent_again_completes_the_course_its_first_delivery_did_not(as_charlie, course):
    """The first delivery kept the attempt, then ended before completing the course (a crash, say)."""
    c = await enrolled(as_charlie, course)
    for lesson in (course["video"], course["text"]):
        await LessonProgress.insert(LessonProgress(enrolment=(await Enrolment.objects().first()).id, lesson=lesson.id,
                                                   completed=True, started_at=clock.now(), updated_at=clock.now()))
    await QuizAttempt.insert(QuizAttempt(enrolment=(await Enrolment.objects().first()).id, score=100, passed=True,
                                         created_at=clock.now(), client_key="kept-before-01"))
    replay = await as_charlie.post(f"/courses/{c}/quiz", data=await correct_answers(course),
                                   headers={"x-lms-queued": "kept-before-01"})
    assert replay.status_code == 200 and await QuizAttempt.count() == 1
    assert (await Enrolment.objects().first()).completed_at is not None


@pytest.mark.parametrize("at", ["nan", "abc", "-5", "1e30", "١٢٣"])
async def test_a_report_with_an_unreadable_moment_is_refused(as_charlie, course, at):
    await enrolled(as_charlie, course)
    response = await report(as_charlie, course, 5, "0-5", at=at)
    assert response.status_code == 400 and "at must be" in response.text
    assert await LessonProgress.count() == 0


async def test_the_token_for_sending_later_names_the_session_s_person(as_charlie, client, org):
    answer = await as_charlie.get("/offline/token")
    assert answer.json()["person"] == org["charlie"].id and len(answer.json()["token"]) > 20
    assert answer.headers["cache-control"] == "no-store"
    assert (await client.get("/offline/token")).status_code in (302, 303)


async def test_the_manifest_and_worker_need_no_sign_in_and_the_worker_is_never_stale(client):
    manifest = await client.get("/manifest.webmanifest")
    assert manifest.headers["content-type"].startswith("application/manifest+json")
    assert manifest.json()["display"] == "standalone"
    assert {icon["sizes"] for icon in manifest.json()["icons"]} == {"192x192", "512x512"}
    for icon in manifest.json()["icons"]:
        assert (await client.get(icon["src"])).headers["content-type"] == "image/png"
    worker = await client.get("/sw.js")
    assert worker.headers["content-type"].startswith("text/javascript") and worker.headers["cache-control"] == "no-cache"
    assert worker.text.startswith("const SHELL = ") and "/offline/queued" in worker.text


async def test_the_offline_pages_show_nothing_of_the_person(as_charlie):
    """They are kept on the phone for whoever uses it next."""
    for path in ("/offline", "/offline/queued"):
        page = await as_charlie.get(path)
        assert page.status_code == 200 and "Charlie" not in page.text and "data-person" not in page.text


async def test_the_downloads_page_is_for_someone_signed_in(as_charlie, client):
    assert "Downloaded courses" in (await as_charlie.get("/me/offline")).text
    assert "/me/offline" in (await as_charlie.get("/me/settings")).text
    assert (await client.get("/me/offline")).status_code in (302, 303)
