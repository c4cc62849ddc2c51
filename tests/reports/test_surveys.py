"""The platform can be evaluated: L&D runs a short survey (at most five questions), everyone answers it
once from the home page, and L&D reads the results without names."""
import asyncio

import pytest

from lms.reports.tables import Survey, SurveyResponse

SURVEY = {"title": "How is lms working for you?", "question_1": "How useful is the catalogue?", "kind_1": "scale",
          "question_2": "What is missing?", "kind_2": "text"}


async def opened(as_alice) -> int:
    response = await as_alice.post("/admin/surveys", data=SURVEY)
    assert response.status_code == 303
    return (await Survey.objects().first()).id


async def test_l_and_d_asks_everyone_answers_once_from_home_and_l_and_d_reads_the_results(as_alice, as_charlie,
                                                                                        as_bob, org):
    assert 'href="/admin/surveys"' in (await as_alice.get("/admin/reports")).text
    survey = await opened(as_alice)
    home = (await as_charlie.get("/")).text
    assert "How is lms working for you?" in home and f'href="/surveys/{survey}"' in home
    form = (await as_charlie.get(f"/surveys/{survey}")).text
    assert "How useful is the catalogue?" in form and "not shown with your name" in form
    questions = await Survey.raw("SELECT id FROM survey_question ORDER BY position")
    scale, text = (f"q{q['id']}" for q in questions)
    response = await as_charlie.post(f"/surveys/{survey}", data={scale: "4", text: "Sessions in Ghent"})
    assert response.headers["location"] == "/?notice=survey_thanks"
    assert "How is lms working for you?" not in (await as_charlie.get("/")).text  # answered: asked no more
    await as_charlie.post(f"/surveys/{survey}", data={scale: "1"})  # a second send changes nothing
    await as_bob.post(f"/surveys/{survey}", data={scale: "2"})
    assert await SurveyResponse.count() == 2

    results = (await as_alice.get(f"/admin/surveys/{survey}")).text
    assert "2 responses" in results and "Average: 3 of 5" in results and "Sessions in Ghent" in results
    assert "Charlie" not in results and "Bob" not in results
    await as_alice.post(f"/admin/surveys/{survey}/close")
    assert "How is lms working for you?" not in (await as_bob.get("/")).text
    assert (await as_bob.post(f"/surveys/{survey}", data={scale: "5"})).status_code == 409


async def test_two_sends_at_once_keep_one_answer(as_alice, as_charlie, org):
    survey = await opened(as_alice)
    q = (await Survey.raw("SELECT id FROM survey_question ORDER BY position"))[0]["id"]
    responses = await asyncio.gather(*[as_charlie.post(f"/surveys/{survey}", data={f"q{q}": "3"}) for _ in range(3)])
    assert [r.status_code for r in responses] == [303] * 3
    assert await SurveyResponse.count() == 1


@pytest.mark.parametrize("field, value, message", [
    ("title", "", "Title is required."),
    ("question_1", "", "Ask at least one question."),
    ("kind_1", "poll", "Answer: choose one of the options."),
    ("question_2", "x" * 301, "Question 2 can be at most 300 characters."),
])
async def test_a_bad_survey_names_the_field(as_alice, org, field, value, message):
    data = {**SURVEY, field: value}
    if field == "question_1":
        data["question_2"] = ""
    response = await as_alice.post("/admin/surveys", data=data)
    assert response.status_code == 400 and message in response.text
    assert await Survey.count() == 0


async def test_a_bad_answer_names_the_question(as_alice, as_charlie, org):
    survey = await opened(as_alice)
    q1, q2 = (q["id"] for q in await Survey.raw("SELECT id FROM survey_question ORDER BY position"))
    for data, message in (({f"q{q1}": "9"}, "How useful is the catalogue?: choose one of the options."),
                          ({}, "Answer at least one question."),
                          ({f"q{q2}": "x" * 2001}, "What is missing? can be at most 2000 characters.")):
        response = await as_charlie.post(f"/surveys/{survey}", data=data)
        assert response.status_code == 400 and message in response.text
    assert await SurveyResponse.count() == 0
    assert (await as_charlie.get("/surveys/99999999999999999999")).status_code in (400, 404)


async def test_only_l_and_d_runs_surveys(as_bob, as_charlie, org):
    for client in (as_bob, as_charlie):
        assert (await client.get("/admin/surveys")).status_code == 403
        assert (await client.post("/admin/surveys", data=SURVEY)).status_code == 403
        assert (await client.get("/admin/surveys/1")).status_code == 403
        assert (await client.post("/admin/surveys/1/close")).status_code == 403
    assert await Survey.count() == 0
