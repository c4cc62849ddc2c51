"""Spaced recall: a completed course's quiz questions come back on the home page at intervals FSRS sets
from each answer, each answer counts once, and L&D sees how well each course is remembered."""
import asyncio
import re
from datetime import timedelta

from lms import clock
from lms.courses import recall
from lms.courses.learning import complete_enrolment, enrol
from lms.courses.tables import Choice, Course, Question, RecallAnswer, RecallCard
from tests.helpers import sign_in


async def completed(course, person) -> None:
    await complete_enrolment(await enrol(person.id, course["course"].id), score=100)


async def cards_of(person) -> list[dict]:
    return await RecallCard.select().where(RecallCard.employee == person.id).order_by(RecallCard.id)


async def when_all_are_due(client, person) -> None:
    """Moves the clock past the last card's date, signing in again (a session lasts 14 days)."""
    clock.travel(max(c["due"] for c in await cards_of(person)) - clock.now() + timedelta(minutes=1))
    await sign_in(client, person.email)


def card_on(page) -> tuple[str, list[str], dict[str, str]]:
    """The card's form action, its choice ids and their labels, from the home page."""
    action = re.search(r'<form method="post" action="(/recall/\d+)"', page.text).group(1)
    choices = dict(re.findall(r'name="choice" value="(\d+)"(?: required)?> ([^<\n]+)', page.text))
    return action, list(choices), choices


async def answer_right(client, course) -> "httpx.Response":  # noqa: F821
    page = await client.get("/")
    action, _, labels = card_on(page)
    right = {"Fire blanket", "Raise the alarm", "Save yourself"}
    return await client.post(action, data={"choice": [c for c, label in labels.items() if label.strip() in right]})


async def test_a_completed_course_s_questions_come_back_a_few_days_later(as_charlie, course, org):
    await completed(course, org["charlie"])
    cards = await cards_of(org["charlie"])
    assert {c["question"] for c in cards} == {q.id for q in course["questions"]}  # both, as the quiz has two
    for card in cards:
        assert timedelta(days=1) <= card["due"] - clock.now() <= timedelta(days=7)
    assert "Keep it fresh" not in (await as_charlie.get("/")).text
    clock.travel(timedelta(days=8))
    home = await as_charlie.get("/")
    assert "Keep it fresh" in home.text and "Fire safety basics" in home.text
    assert "1 more question waits." in home.text


async def test_right_answers_come_back_later_each_time_and_a_wrong_one_soon(as_charlie, course, org):
    await completed(course, org["charlie"])
    gaps = []
    for _ in range(3):
        await when_all_are_due(as_charlie, org["charlie"])
        before = clock.now()
        for _ in range(2):
            response = await answer_right(as_charlie, course)
            assert response.status_code == 200 and "Right!" in response.text
        gaps.append(min(c["due"] for c in await cards_of(org["charlie"])) - before)
    assert gaps[0] < gaps[1] < gaps[2], gaps
    await when_all_are_due(as_charlie, org["charlie"])
    action, choices, labels = card_on(await as_charlie.get("/"))
    wrong = [c for c, label in labels.items() if label.strip() in ("Water", "Finish your mail")]
    response = await as_charlie.post(action, data={"choice": wrong})
    assert response.status_code == 200 and "Not quite" in response.text and "right answer" in response.text
    card = await RecallCard.select().where(RecallCard.id == int(action.rsplit("/", 1)[1])).first()
    assert card["due"] - clock.now() <= min(timedelta(days=7), gaps[-1] / 4)  # soon, after months
    answers = await RecallAnswer.select().where(RecallAnswer.card == card["id"]).order_by(RecallAnswer.number)
    assert [(a["number"], a["correct"]) for a in answers] == [(1, True), (2, True), (3, True), (4, False)]
    assert answers[-1]["days"] == (clock.now() - card["learned_at"]).days > 30


async def test_the_same_answer_sent_twice_at_once_counts_once(as_charlie, course, org):
    await completed(course, org["charlie"])
    clock.travel(timedelta(days=10))
    action, choices, _ = card_on(await as_charlie.get("/"))
    first, second = await asyncio.gather(*(as_charlie.post(action, data={"choice": choices[:1]}) for _ in range(2)))
    assert sorted([first.status_code, second.status_code]) == [200, 409]
    assert "You already answered this question. It comes back on" in (first.text + second.text)
    assert await RecallAnswer.count() == 1


async def test_a_renewal_keeps_the_cards_and_what_they_remember(as_charlie, course, org):
    await completed(course, org["charlie"])
    clock.travel(timedelta(days=10))
    await answer_right(as_charlie, course)
    before = await cards_of(org["charlie"])
    await recall.schedule(org["charlie"].id, course["course"].id, clock.now())  # completed again a year on
    assert await cards_of(org["charlie"]) == before


async def test_a_course_without_a_quiz_brings_nothing_back(as_charlie, course, org):
    await Question.delete().where(Question.course == course["course"].id)
    await completed(course, org["charlie"])
    assert await RecallCard.count() == 0


async def test_answers_that_are_not_a_choice_of_the_card_are_refused_by_name(as_charlie, course, org):
    await completed(course, org["charlie"])
    clock.travel(timedelta(days=10))
    action, _, _ = card_on(await as_charlie.get("/"))
    card = await RecallCard.select().where(RecallCard.id == int(action.rsplit("/", 1)[1])).first()
    other = [q.id for q in course["questions"] if q.id != card["question"]][0]
    foreign = await Choice.select(Choice.id).where(Choice.question == other).output(as_list=True)
    for data in ({}, {"choice": "abc"}, {"choice": "99999999999999"}, {"choice": [str(foreign[0])]}):
        response = await as_charlie.post(action, data=data)
        assert response.status_code == 400 and "Choose one of the answers shown." in response.text
    assert await RecallAnswer.count() == 0


async def test_a_card_is_answered_only_by_its_own_person_and_only_when_due(as_charlie, as_bob, make_client, course,
                                                                         org):
    await completed(course, org["charlie"])
    card = (await cards_of(org["charlie"]))[0]
    early = await as_charlie.post(f"/recall/{card['id']}", data={"choice": "1"})
    assert early.status_code == 409 and "It comes back on" in early.text
    clock.travel(timedelta(days=10))
    # Charlie's manager: still not his card
    assert (await as_bob.post(f"/recall/{card['id']}", data={"choice": "1"})).status_code == 404
    assert (await as_charlie.post("/recall/0", data={"choice": "1"})).status_code == 404
    assert (await as_charlie.post("/recall/x", data={"choice": "1"})).status_code in (400, 404)
    anonymous = make_client()
    await anonymous.get("/sign-in")
    response = await anonymous.post(f"/recall/{card['id']}", data={"choice": "1"})
    assert response.status_code == 303 and response.headers["location"].startswith("/sign-in")
    assert await RecallAnswer.count() == 0


async def test_l_and_d_sees_per_course_how_well_it_is_remembered(as_alice, as_bob, as_charlie, course, org):
    empty = await as_alice.get("/admin/impact")
    assert "No questions have come back yet." in empty.text
    await completed(course, org["charlie"])
    clock.travel(timedelta(days=10))
    await answer_right(as_charlie, course)  # one right
    action, choices, labels = card_on(await as_charlie.get("/"))
    await as_charlie.post(action, data={"choice": [c for c, label in labels.items() if label.strip() == "Water"]
                                        or [c for c, label in labels.items() if label.strip() == "Finish your mail"]})
    assert await recall.retention() == [{"id": course["course"].id, "title": "Fire safety basics", "recalls": [
        {"number": 1, "answered": 2, "share": 50, "days": 10}]}]
    page = await as_alice.get("/admin/impact")
    assert "Knowledge kept" in page.text and "50%" in page.text
    assert (await as_charlie.get("/admin/impact")).status_code == 403
    team = await as_bob.get("/team/impact")
    assert team.status_code == 200 and "Knowledge kept" not in team.text


async def test_a_deleted_course_takes_its_cards_along(course, org):
    await completed(course, org["charlie"])
    await Course.delete().where(Course.id == course["course"].id)
    assert await RecallCard.count() == 0


async def test_whoever_asks_is_told_once_a_day_that_questions_are_back(as_charlie, course, org, settings, templates,
                                                                       mailbox):
    from lms.reminders.sweep import sweep
    from lms.reminders.tables import Preference

    def told() -> list[str]:
        return [m["Subject"] for m in mailbox.messages if "fresh" in m["Subject"]]

    await completed(course, org["charlie"])
    now = clock.now()
    clock.travel(timedelta(days=10, hours=9 - now.hour))  # a morning, when the day's reminders go out
    await sweep(clock.now(), settings, templates)
    assert mailbox.messages and not told()  # the evaluation is asked, the questions are not: not asked for
    settings_page = await as_charlie.get("/me/notifications")
    assert 'name="recall_reminder"' in settings_page.text
    saved = await as_charlie.post("/me/notifications", data={"email": "each", "weekly_moment": "", "quiet_from": "",
                                                             "recall_reminder": "on"})
    assert saved.status_code == 303
    for _ in range(2):
        await sweep(clock.now(), settings, templates)
    assert told() == ["2 questions to keep fresh"]
    await answer_right(as_charlie, course)
    await answer_right(as_charlie, course)
    clock.travel(timedelta(days=1))
    await sweep(clock.now(), settings, templates)
    assert told() == ["2 questions to keep fresh"]  # nothing is back the next day
    await as_charlie.post("/me/notifications", data={"email": "each", "weekly_moment": "", "quiet_from": ""})
    assert (await Preference.select(Preference.recall_reminder).where(
        Preference.employee == org["charlie"].id).first())["recall_reminder"] is False


async def test_a_choice_that_is_not_a_plain_number_is_refused_not_a_crash(as_charlie, course, org):
    await completed(course, org["charlie"])
    clock.travel(timedelta(days=10))
    action, _, _ = card_on(await as_charlie.get("/"))
    for odd in ("²", ["1", "²"], "-1", "0"):
        response = await as_charlie.post(action, data={"choice": odd})
        assert response.status_code == 400 and "Choose one of the answers shown." in response.text, odd
