"""The player: opening a lesson enrols, the position is kept, what was really played counts, and
finishing completes the course."""
import asyncio
from datetime import timedelta

import pytest

from lms import clock
from lms.courses.catalogue import progress_of
from lms.courses.tables import Certificate, Choice, Enrolment, LessonProgress


async def progress(client, course, lesson, position, ended="0", played=""):
    url = f"/courses/{course['course'].id}/lessons/{lesson.id}/progress"
    return await client.post(url, data={"position": str(position), "ended": ended, "played": played})


async def watch(client, course, start: int, end: int, step: int = 5, speed: float = 1):
    """Plays the 30-second video from start to end, reporting every few seconds as the player does."""
    for at in range(start + step, end + 1, step):
        clock.travel(timedelta(seconds=step / speed))
        await progress(client, course, course["video"], at, played=f"{start}-{at}")


async def correct_answers(course) -> dict:
    answers: dict[str, list[str]] = {}
    for question in course["questions"]:
        right = await Choice.select(Choice.id).where(Choice.question == question.id, Choice.correct.eq(True))
        answers[f"q{question.id}"] = [str(r["id"]) for r in right]
    return answers


async def test_start_enrols_with_a_post_and_opens_the_first_lesson(as_charlie, course):
    course_id = course["course"].id
    detail = await as_charlie.get(f"/courses/{course_id}")
    assert 'name="then" value="lesson"' in detail.text  # Start is a form, not a link
    started = await as_charlie.post(f"/courses/{course_id}/enrol", data={"then": "lesson"})
    assert started.headers["location"] == f"/courses/{course_id}/lessons/{course['video'].id}"
    page = await as_charlie.get(started.headers["location"])
    assert page.status_code == 200
    assert "Spot the risk" in page.text and 'data-resume="0"' in page.text
    assert await Enrolment.count().where(Enrolment.course == course_id) == 1


async def test_opening_a_lesson_never_enrols(as_charlie, course):
    """A GET changes nothing: a link on another site cannot enrol anyone."""
    course_id = course["course"].id
    page = await as_charlie.get(f"/courses/{course_id}/lessons/{course['video'].id}")
    assert page.status_code == 303 and page.headers["location"] == f"/courses/{course_id}?notice=start_first"
    assert "Start the course to open its lessons" in (await as_charlie.get(page.headers["location"])).text
    assert await Enrolment.count() == 0


async def test_it_resumes_at_the_second_where_you_stopped(as_charlie, course):
    assert (await progress(as_charlie, course, course["video"], 17.6)).status_code == 200
    page = await as_charlie.get(f"/courses/{course['course'].id}/lessons/{course['video'].id}")
    assert 'data-resume="17"' in page.text
    assert "You continue where you stopped." in page.text


async def test_seeking_to_the_end_does_not_count_as_watching(as_charlie, course):
    await progress(as_charlie, course, course["video"], 30, ended="1", played="29.5-30")
    row = await LessonProgress.objects().first()
    assert not row.completed and row.watched_seconds == 0
    await watch(as_charlie, course, 0, 25)
    row = await LessonProgress.objects().first()
    assert not row.completed and row.watched_seconds == 26  # 25 s and the half second at the end: 90 % is 27 s
    await watch(as_charlie, course, 25, 30)
    assert (await LessonProgress.objects().first()).completed


async def test_watching_at_double_speed_counts(as_charlie, course):
    await watch(as_charlie, course, 0, 30, speed=2)
    row = await LessonProgress.select().output(load_json=True).first()
    assert row["completed"] and row["watched_seconds"] == 30 and row["watched"] == [[0.0, 30.0]]


async def test_the_share_to_watch_is_the_course_s(as_charlie, course):
    from lms.courses.tables import Course

    await Course.update({Course.watch_percent: 50}).where(Course.id == course["course"].id)
    await watch(as_charlie, course, 0, 15)
    assert (await LessonProgress.objects().first()).completed


async def test_a_hand_made_report_cannot_claim_more_than_could_have_played(as_charlie, course):
    await progress(as_charlie, course, course["video"], 30, ended="1", played="0-30")
    assert (await LessonProgress.objects().first()).watched_seconds == 15  # what can have played before it came
    clock.travel(timedelta(seconds=1))
    await progress(as_charlie, course, course["video"], 30, played="0-30")
    row = await LessonProgress.objects().first()
    assert row.watched_seconds == 19 and not row.completed  # one second more, at 4x at most
    clock.travel(timedelta(seconds=10))
    await progress(as_charlie, course, course["video"], 30, played="0-30")
    assert (await LessonProgress.objects().first()).completed  # as much time as it takes at 4x: credited


async def test_first_reports_from_two_devices_at_once_make_one_row(as_charlie, make_client, course):
    from tests.conftest import signed_in_client

    phone = await signed_in_client(make_client, "charlie@example.org")
    responses = await asyncio.gather(progress(as_charlie, course, course["video"], 5, played="0-5"),
                                     progress(phone, course, course["video"], 4, played="0-4"))
    assert [r.status_code for r in responses] == [200, 200]
    assert await LessonProgress.count() == 1 and await Enrolment.count() == 1
    assert (await LessonProgress.objects().first()).watched_seconds == 5


async def test_done_next_on_an_unwatched_video_says_what_is_left(as_charlie, course):
    c = course["course"].id
    await watch(as_charlie, course, 0, 10)
    response = await as_charlie.post(f"/courses/{c}/lessons/{course['video'].id}/done")
    assert response.headers["location"] == f"/courses/{c}/lessons/{course['video'].id}?unwatched=1#done-next"
    page = await as_charlie.get(response.headers["location"])
    assert "0:17 of 0:30 still to watch" in page.text
    assert not await LessonProgress.exists().where(LessonProgress.completed.eq(True))
    await watch(as_charlie, course, 10, 30)
    response = await as_charlie.post(f"/courses/{c}/lessons/{course['video'].id}/done")
    assert response.headers["location"] == f"/courses/{c}/lessons/{course['text'].id}"


async def test_the_course_page_shows_each_lesson_s_state_and_continue(as_charlie, course):
    c = course["course"].id
    page = (await as_charlie.get(f"/courses/{c}")).text
    assert 'name="then" value="lesson"><button type="submit">Start</button>' in page
    await watch(as_charlie, course, 0, 10)
    page = (await as_charlie.get(f"/courses/{c}")).text
    assert "in progress, resume at 0:10" in page and "not started" in page
    assert "Continue" in page and "0% done" in page
    await watch(as_charlie, course, 10, 30)
    page = (await as_charlie.get(f"/courses/{c}")).text
    assert "33% done" in page  # one step of three: two lessons and the quiz


async def test_a_card_says_completed_only_when_the_course_is(as_charlie, course):
    c = course["course"].id
    await watch(as_charlie, course, 0, 30)
    await as_charlie.post(f"/courses/{c}/lessons/{course['text'].id}/done")
    charlie = (await Enrolment.objects().first()).employee
    assert (await progress_of(charlie, [c]))[c] == 67  # lessons done, the quiz not passed
    assert "Completed</span>" not in (await as_charlie.get("/")).text
    await as_charlie.post(f"/courses/{c}/quiz", data=await correct_answers(course))
    assert (await progress_of(charlie, [c]))[c] == 100


async def test_every_lesson_and_a_passed_quiz_complete_the_course(as_charlie, course):
    c = course["course"]
    await watch(as_charlie, course, 0, 30)
    response = await as_charlie.post(f"/courses/{c.id}/lessons/{course['text'].id}/done")
    assert response.headers["location"] == f"/courses/{c.id}/quiz"  # lessons done, quiz still to pass
    assert (await Enrolment.objects().first()).completed_at is None
    q1, q2 = course["questions"]
    right = await correct_answers(course)
    result = await as_charlie.post(f"/courses/{c.id}/quiz", data=right)
    assert "You passed!" in result.text and "Get your certificate" in result.text
    enrolment = await Enrolment.objects().first()
    assert enrolment.completed_at is not None and enrolment.score == 100
    assert await Certificate.count() == 1


async def test_passing_the_quiz_first_completes_when_the_last_lesson_is_done(as_charlie, course):
    c = course["course"]
    await as_charlie.post(f"/courses/{c.id}/quiz", data=await correct_answers(course))
    assert (await Enrolment.objects().first()).completed_at is None
    await watch(as_charlie, course, 0, 30)
    response = await as_charlie.post(f"/courses/{c.id}/lessons/{course['text'].id}/done")
    assert response.headers["location"] == f"/courses/{c.id}/completed"
    assert (await Enrolment.objects().first()).score == 100


async def test_a_lesson_of_another_course_is_a_404(as_charlie, course):
    other = course["course"].id + 1000
    assert (await as_charlie.get(f"/courses/{other}/lessons/{course['video'].id}")).status_code == 404
    response = await as_charlie.post(f"/courses/{other}/lessons/{course['video'].id}/progress", data={"position": "3"})
    assert response.status_code == 404
    assert await LessonProgress.count() == 0


@pytest.mark.parametrize("field, bad", [
    ("position", "abc"), ("position", "-5"), ("position", "1e9"), ("position", ""), ("position", "nan"),
    ("position", "\u0661\u0662"), ("played", "abc"), ("played", "5-3"), ("played", "nan-4"), ("played", "0-1e9"),
    ("played", "1,2"), ("played", "0-1," * 300),
])
async def test_a_bad_position_or_range_is_refused(as_charlie, course, field, bad):
    data = {"position": "3", "played": "0-3", field: bad}
    response = await as_charlie.post(f"/courses/{course['course'].id}/lessons/{course['video'].id}/progress",
                                     data=data)
    assert response.status_code == 400
    assert await LessonProgress.count() == 0


async def test_progress_is_only_ever_your_own(as_charlie, as_bob, course):
    """The learner is the signed-in user: nobody can record progress for someone else."""
    await progress(as_bob, course, course["video"], 12)
    await as_charlie.post(f"/courses/{course['course'].id}/enrol")
    page = await as_charlie.get(f"/courses/{course['course'].id}/lessons/{course['video'].id}")
    assert 'data-resume="0"' in page.text


async def test_the_player_requires_login(client, course):
    response = await client.get(f"/courses/{course['course'].id}/lessons/{course['video'].id}")
    assert response.status_code == 303
