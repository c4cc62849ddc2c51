"""The organisation readiness check: ten questions scored 0-3, a total, a conclusion from bands."""
import json

import pytest

from lms.reports import readiness
from lms.reports.tables import ReadinessBand, ReadinessCheck
from tests.helpers import sign_in


def answers(*scores, **extra) -> dict:
    return {**{f"q{n + 1}": str(score) for n, score in enumerate(scores)}, **extra}


async def test_taking_the_check_keeps_total_and_conclusion(as_alice, org):
    response = await as_alice.post("/admin/readiness", data=answers(2, 2, 2, 2, 2, 2, 2, 2, 1, 3,
                                                                     note="With the works council"))
    assert response.status_code == 303
    saved = await ReadinessCheck.objects().first()
    assert response.headers["location"] == f"/admin/readiness/{saved.id}?notice=saved"
    assert saved.total == 20 and saved.conclusion == 2 and saved.taken_by == org["alice"].id  # 18-24: promising
    assert json.loads(saved.scores) == [2, 2, 2, 2, 2, 2, 2, 2, 1, 3] and saved.note == "With the works council"
    page = await as_alice.get(response.headers["location"])
    assert "Total: 20 of 30" in page.text and "It is promising to introduce" in page.text
    assert "With the works council" in page.text and "3 · A strong contribution" in page.text


@pytest.mark.parametrize("scores, conclusion", [
    ((0,) * 10, 0), ((1,) * 9 + (0,), 0), ((1,) * 10, 1), ((2,) * 8 + (1, 0), 1), ((2,) * 9 + (0,), 2),
    ((3,) * 5 + (2,) * 5, 3), ((3,) * 10, 3),
])
async def test_the_default_bands(as_alice, scores, conclusion):
    await as_alice.post("/admin/readiness", data=answers(*scores))
    assert (await ReadinessCheck.objects().first()).conclusion == conclusion


async def test_every_question_is_asked_with_the_four_scores(as_alice):
    page = await as_alice.get("/admin/readiness")
    assert page.status_code == 200
    for question in readiness.QUESTIONS:
        assert question.replace("'", "&#39;") in page.text
    assert page.text.count('type="radio"') == 40
    for label in ("Clear resistance", "A neutral contribution", "A positive contribution", "A strong contribution"):
        assert label in page.text
    assert "No check has been taken yet." in page.text


@pytest.mark.parametrize("data, field, message", [
    (answers(2, 2, 2, 2, 2, 2, 2, 2, 2), "q10", "Question 10 needs an answer"),
    (answers(2, 2, "", 2, 2, 2, 2, 2, 2, 2), "q3", "Question 3 needs an answer"),
    (answers(2, 2, 2, 4, 2, 2, 2, 2, 2, 2), "q4", "Question 4: choose one of the four scores, from 0 to 3."),
    (answers(2, 2, 2, 2, "-1", 2, 2, 2, 2, 2), "q5", "Question 5: choose one of the four scores"),
    (answers(2, 2, 2, 2, 2, "two", 2, 2, 2, 2), "q6", "Question 6: choose one of the four scores"),
    (answers(*(2,) * 10, note="x" * 2001), "note", "Note can be at most 2000 characters."),
])
async def test_a_bad_answer_saves_nothing_and_names_the_question(as_alice, data, field, message):
    response = await as_alice.post("/admin/readiness", data=data)
    assert response.status_code == 200 and message in response.text
    assert f'id="{field}-error"' in response.text and "Nothing is saved yet." in response.text
    assert await ReadinessCheck.count() == 0
    assert 'value="2" checked' in response.text  # what was chosen stays chosen


async def test_checks_are_listed_over_time_with_a_chart(as_alice):
    await as_alice.post("/admin/readiness", data=answers(*(1,) * 10))
    await as_alice.post("/admin/readiness", data=answers(*(3,) * 10))
    page = await as_alice.get("/admin/readiness")
    assert "10 of 30" in page.text and "30 of 30" in page.text
    table = page.text.split("</svg>", 1)[1]
    assert table.index("30 of 30") < table.index("10 of 30")  # newest first
    svg = page.text.split("<svg", 1)[1].split("</svg>", 1)[0]
    assert "<script" not in svg and ">10</text>" in svg and ">30</text>" in svg
    assert svg.index(">10</text>") < svg.index(">30</text>")  # the chart reads from old to new


async def test_bands_are_set_and_decide_later_conclusions(as_alice):
    page = await as_alice.get("/admin/readiness/bands")
    for n, value in enumerate(readiness.DEFAULT_BANDS):
        assert f'name="min_{n}" type="number" value="{value}"' in page.text
    response = await as_alice.post("/admin/readiness/bands", data={"min_0": "0", "min_1": "5", "min_2": "8",
                                                                   "min_3": "12"})
    assert response.status_code == 303
    assert await readiness.bands() == (0, 5, 8, 12)
    await as_alice.post("/admin/readiness", data=answers(*(1,) * 10))
    assert (await ReadinessCheck.objects().first()).conclusion == 2


@pytest.mark.parametrize("data, field, message", [
    ({"min_0": "0", "min_1": "10", "min_2": "10", "min_3": "25"}, "min_2",
     "Minimum total for “Promising” must be higher than that for “Hard work for everyone”."),
    ({"min_0": "0", "min_1": "20", "min_2": "18", "min_3": "25"}, "min_2", "must be higher than"),
    ({"min_0": "1", "min_1": "10", "min_2": "18", "min_3": "25"}, "min_0",
     "Minimum total for “Do not start” must be 0"),
    ({"min_0": "0", "min_1": "10", "min_2": "18", "min_3": "31"}, "min_3",
     "Minimum total for “Very promising” must be a whole number from 0 to 30."),
    ({"min_0": "0", "min_1": "ten", "min_2": "18", "min_3": "25"}, "min_1",
     "Minimum total for “Hard work for everyone” must be a whole number from 0 to 30."),
    ({"min_0": "0", "min_1": "10", "min_2": "18"}, "min_3", "“Very promising” must be a whole number"),
    ({"min_0": "0", "min_1": "-5", "min_2": "18", "min_3": "25"}, "min_1", "must be a whole number"),
])
async def test_bad_bands_are_refused_naming_the_field(as_alice, data, field, message):
    response = await as_alice.post("/admin/readiness/bands", data=data)
    assert response.status_code == 200 and message in response.text
    assert f'id="{field}-error"' in response.text
    assert await ReadinessBand.count() == 0 and await readiness.bands() == readiness.DEFAULT_BANDS


async def test_an_unknown_check_is_not_found(as_alice):
    assert (await as_alice.get("/admin/readiness/999999")).status_code == 404
    assert (await as_alice.get("/admin/readiness/99999999999")).status_code == 404


@pytest.mark.parametrize("who", ["bob", "charlie"])
async def test_only_ld_takes_or_sets_the_check(make_client, org, who):
    client = make_client()
    await sign_in(client, f"{who}@example.org")
    for url in ("/admin/readiness", "/admin/readiness/bands", "/admin/readiness/1"):
        assert (await client.get(url)).status_code == 403
    assert (await client.post("/admin/readiness", data=answers(*(2,) * 10))).status_code == 403
    assert (await client.post("/admin/readiness/bands", data={"min_0": "0", "min_1": "1", "min_2": "2",
                                                              "min_3": "3"})).status_code == 403
    assert await ReadinessCheck.count() == 0 and await ReadinessBand.count() == 0
