"""The player: opening a lesson enrols, the position is kept, finishing completes the course."""
from lms.courses.tables import Certificate, Choice, Enrolment, LessonProgress


async def progress(client, course, lesson, position, ended="0"):
    url = f"/courses/{course['course'].id}/lessons/{lesson.id}/progress"
    return await client.post(url, data={"position": str(position), "ended": ended})


async def correct_answers(course) -> dict:
    answers: dict[str, list[str]] = {}
    for question in course["questions"]:
        right = await Choice.select(Choice.id).where(Choice.question == question.id, Choice.correct.eq(True))
        answers[f"q{question.id}"] = [str(r["id"]) for r in right]
    return answers


async def test_opening_a_lesson_enrols_and_shows_it(as_charlie, course):
    page = await as_charlie.get(f"/courses/{course['course'].id}/lessons/{course['video'].id}")
    assert page.status_code == 200
    assert "Spot the risk" in page.text and 'data-resume="0"' in page.text
    assert await Enrolment.count().where(Enrolment.course == course["course"].id) == 1


async def test_it_resumes_at_the_second_where_you_stopped(as_charlie, course):
    assert (await progress(as_charlie, course, course["video"], 17.6)).status_code == 200
    page = await as_charlie.get(f"/courses/{course['course'].id}/lessons/{course['video'].id}")
    assert 'data-resume="17"' in page.text
    assert "You continue where you stopped." in page.text


async def test_a_video_counts_as_watched_only_near_its_end(as_charlie, course):
    await progress(as_charlie, course, course["video"], 10, ended="1")
    row = await LessonProgress.objects().first()
    assert not row.completed  # an "ended" at second 10 of 30 is not believed
    await progress(as_charlie, course, course["video"], 29)
    assert (await LessonProgress.objects().first()).completed


async def test_done_next_skips_to_the_next_lesson_without_marking_a_video(as_charlie, course):
    response = await as_charlie.post(f"/courses/{course['course'].id}/lessons/{course['video'].id}/done")
    assert response.headers["location"] == f"/courses/{course['course'].id}/lessons/{course['text'].id}"
    assert not await LessonProgress.exists().where(LessonProgress.completed.eq(True))


async def test_every_lesson_and_a_passed_quiz_complete_the_course(as_charlie, course):
    c = course["course"]
    await progress(as_charlie, course, course["video"], 30, ended="1")
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
    await progress(as_charlie, course, course["video"], 30, ended="1")
    response = await as_charlie.post(f"/courses/{c.id}/lessons/{course['text'].id}/done")
    assert response.headers["location"] == f"/courses/{c.id}/completed"
    assert (await Enrolment.objects().first()).score == 100


async def test_a_lesson_of_another_course_is_a_404(as_charlie, course):
    other = course["course"].id + 1000
    assert (await as_charlie.get(f"/courses/{other}/lessons/{course['video'].id}")).status_code == 404
    response = await as_charlie.post(f"/courses/{other}/lessons/{course['video'].id}/progress", data={"position": "3"})
    assert response.status_code == 404
    assert await LessonProgress.count() == 0


async def test_a_bad_position_is_refused(as_charlie, course):
    for bad in ("abc", "-5", "1e9", ""):
        response = await as_charlie.post(f"/courses/{course['course'].id}/lessons/{course['video'].id}/progress",
                                         data={"position": bad})
        assert response.status_code == 400, bad
    assert await LessonProgress.count() == 0


async def test_progress_is_only_ever_your_own(as_charlie, as_bob, course):
    """The learner is the signed-in user: nobody can record progress for someone else."""
    await progress(as_bob, course, course["video"], 12)
    page = await as_charlie.get(f"/courses/{course['course'].id}/lessons/{course['video'].id}")
    assert 'data-resume="0"' in page.text


async def test_the_player_requires_login(client, course):
    response = await client.get(f"/courses/{course['course'].id}/lessons/{course['video'].id}")
    assert response.status_code == 303
