"""Quiz scoring, feedback, the pass mark and limited attempts."""
from lms.courses.tables import Choice, Course, Question, QuizAttempt


async def choice_ids(question, correct: bool) -> list[str]:
    rows = await Choice.select(Choice.id).where(Choice.question == question.id, Choice.correct.eq(correct))
    return [str(r["id"]) for r in rows]


async def test_it_scores_each_question_as_all_or_nothing(as_charlie, course):
    q1, q2 = course["questions"]
    # q1 right, q2 only half of the right choices: 1 of 2 questions = 50%, which passes at 50
    answers = {f"q{q1.id}": await choice_ids(q1, True), f"q{q2.id}": (await choice_ids(q2, True))[:1]}
    result = await as_charlie.post(f"/courses/{course['course'].id}/quiz", data=answers)
    assert "Your score: 50% (pass mark 50%)." in result.text
    attempt = await QuizAttempt.objects().first()
    assert attempt.score == 50 and attempt.passed


async def test_it_gives_feedback_on_the_chosen_answer(as_charlie, course):
    q1, q2 = course["questions"]
    answers = {f"q{q1.id}": await choice_ids(q1, False), f"q{q2.id}": await choice_ids(q2, False)}
    result = await as_charlie.post(f"/courses/{course['course'].id}/quiz", data=answers)
    assert "Not yet" in result.text and "Your score: 0%" in result.text
    assert "Water makes a fat fire explode." in result.text
    assert result.text.count("your answer: wrong") == 2 and "your answer: right" not in result.text
    assert result.text.count("right answer</span>") == 3  # Fire blanket, Raise the alarm, Save yourself
    assert "Try again" in result.text


async def test_unanswered_questions_count_as_wrong(as_charlie, course):
    result = await as_charlie.post(f"/courses/{course['course'].id}/quiz", data={})
    assert "Your score: 0%" in result.text


async def test_an_answer_for_another_quiz_is_refused(as_charlie, course):
    other = Course(title="Other", published=True, created_at=course["course"].created_at)
    await other.save()
    await Question.insert(Question(course=other.id, text="Its own question"))
    q1, _ = course["questions"]
    right = await choice_ids(q1, True)
    response = await as_charlie.post(f"/courses/{other.id}/quiz", data={f"q{q1.id}": right})
    assert response.status_code == 400
    assert "does not belong to this quiz" in response.text
    q1, q2 = course["questions"]
    wrong_question = {f"q{q1.id}": await choice_ids(q2, True)}
    response = await as_charlie.post(f"/courses/{course['course'].id}/quiz", data=wrong_question)
    assert response.status_code == 400
    response = await as_charlie.post(f"/courses/{course['course'].id}/quiz", data={f"q{q1.id}": "abc"})
    assert response.status_code == 400
    assert await QuizAttempt.count() == 0


async def test_limited_attempts_run_out(as_charlie, course):
    await Course.update({Course.max_attempts: 2}).where(Course.id == course["course"].id)
    url = f"/courses/{course['course'].id}/quiz"
    assert "2 attempts left." in (await as_charlie.get(url)).text
    await as_charlie.post(url, data={})
    result = await as_charlie.post(url, data={})
    assert "Try again" not in result.text
    assert "You have used all your attempts" in (await as_charlie.get(url)).text
    third = await as_charlie.post(url, data={})
    assert third.status_code == 409
    assert await QuizAttempt.count() == 2


async def test_a_course_without_a_quiz_shows_no_pass_mark(as_charlie, course):
    await Question.delete().where(Question.course == course["course"].id)
    url = f"/courses/{course['course'].id}/quiz"
    for response in (await as_charlie.get(url), await as_charlie.post(url, data={})):
        assert response.status_code == 303 and response.headers["location"] == f"/courses/{course['course'].id}"
    page = await as_charlie.get(f"/courses/{course['course'].id}")
    assert "pass mark" not in page.text.lower() and "Quiz" not in page.text
    assert await QuizAttempt.count() == 0


async def test_a_draft_course_has_no_quiz_for_learners(as_charlie, course):
    await Course.update({Course.published: False}).where(Course.id == course["course"].id)
    assert (await as_charlie.get(f"/courses/{course['course'].id}/quiz")).status_code == 404
    assert (await as_charlie.post(f"/courses/{course['course'].id}/quiz", data={})).status_code == 404


async def test_submits_at_once_never_pass_the_attempt_limit(as_charlie, make_client, course):
    import asyncio

    from tests.conftest import signed_in_client

    await Course.update({Course.max_attempts: 3}).where(Course.id == course["course"].id)
    url = f"/courses/{course['course'].id}/quiz"
    await as_charlie.get(url)  # enrolled before the race, as the quiz page does
    devices = [as_charlie] + [await signed_in_client(make_client, "charlie@example.org") for _ in range(4)]
    for device in devices[1:]:
        await device.get(url)
    responses = await asyncio.gather(*(device.post(url, data={}) for device in devices))
    assert sorted(r.status_code for r in responses) == [200, 200, 200, 409, 409]
    assert await QuizAttempt.count() == 3
