"""Development reviews: a manager holds one with a report; it is saved with both names and the date,
shared with the employee, its actions become learning needs with an owner and a date, and the next
review shows what became of them; L&D sees per department how many were held."""
import asyncio

from lms.competencies.tables import Competency, CompetencyArea, DevelopmentReview, LearningNeed
from lms.reminders.tables import Reminder

FORM = {"period": "2026", "held_on": "2026-11-30", "went_well": "Calm in the busy weeks.\nHelps new colleagues.",
        "to_learn": "Plan the shifts.", "action_1": "Follow Shift planning basics", "owner_1": "employee",
        "due_1": "2027-03-31", "action_2": "Arrange a day with the planner", "owner_2": "manager", "due_2": "",
        "action_3": "", "owner_3": "employee", "due_3": ""}


async def competency() -> int:
    area = (await CompetencyArea.insert(CompetencyArea(name="Planning")).returning(CompetencyArea.id))[0]["id"]
    return (await Competency.insert(Competency(area=area, name="Shift planning")).returning(Competency.id))[0]["id"]


async def test_a_manager_holds_a_review_that_the_employee_reads_and_its_actions_become_needs(as_bob, as_charlie,
                                                                                           org):
    planning = await competency()
    team = await as_bob.get("/team/reviews")
    assert "Charlie Test" in team.text and "Hold a review" in team.text
    await as_bob.get(f"/team/reviews/{org['charlie'].id}/new")
    saved = await as_bob.post(f"/team/reviews/{org['charlie'].id}", data={**FORM, "competencies": [str(planning)]})
    assert saved.status_code == 303 and saved.headers["location"].endswith("?notice=review_saved")
    review = await DevelopmentReview.select().first()
    assert (review["employee"], review["manager"], str(review["held_on"])) == (org["charlie"].id, org["bob"].id,
                                                                              "2026-11-30")
    needs = await LearningNeed.select().where(LearningNeed.review == review["id"]).order_by(LearningNeed.id)
    assert [(n["title"], n["owner"], n["source"], n["status"]) for n in needs] == [
        ("Follow Shift planning basics", org["charlie"].id, "review", "open"),
        ("Arrange a day with the planner", org["bob"].id, "review", "open")]
    assert str(needs[0]["due_date"]) == "2027-03-31" and needs[1]["due_date"] is None
    assert await Reminder.exists().where(Reminder.kind == "development_review", Reminder.employee == org["charlie"].id)
    mine = await as_charlie.get("/me/reviews")
    assert "Held on" in mine.text and "Bob Test" in mine.text and "Shift planning" in mine.text
    assert "Helps new colleagues." in mine.text and "Follow Shift planning basics" in mine.text
    assert "Follow Shift planning basics" in (await as_charlie.get("/me/needs")).text
    assert "Hold a review" not in mine.text


async def test_the_next_review_shows_what_became_of_the_last_one_s_actions(as_bob, org):
    await as_bob.post(f"/team/reviews/{org['charlie'].id}", data=FORM)
    first = await LearningNeed.select(LearningNeed.id).where(LearningNeed.owner == org["charlie"].id).first()
    await LearningNeed.update({LearningNeed.status: "met"}).where(LearningNeed.id == first["id"])
    form = await as_bob.get(f"/team/reviews/{org['charlie'].id}/new")
    assert "The previous review, and what became of its actions" in form.text
    previous = form.text.split("The previous review")[1].split("</details>")[0]
    assert "Follow Shift planning basics" in previous and "done" in previous and "open" in previous


async def test_one_review_per_person_and_period_even_sent_twice_at_once(as_bob, org):
    first, second = await asyncio.gather(*(as_bob.post(f"/team/reviews/{org['charlie'].id}", data=FORM)
                                           for _ in range(2)))
    assert sorted([first.status_code, second.status_code]) == [303, 409]
    assert "Charlie already has a review for 2026." in (first.text + second.text)
    assert await DevelopmentReview.count() == 1 and await LearningNeed.count() == 2
    later = await as_bob.post(f"/team/reviews/{org['charlie'].id}", data={**FORM, "period": "2027"})
    assert later.status_code == 303 and await DevelopmentReview.count() == 2


async def test_only_a_manager_in_the_line_holds_it_and_who_reads_it(as_bob, as_charlie, as_alice, make_client, org):
    from tests.conftest import signed_in_client
    erin = await signed_in_client(make_client, "erin@example.org")
    assert (await erin.get(f"/team/reviews/{org['charlie'].id}/new")).status_code == 403  # not Erin's report
    assert (await erin.post(f"/team/reviews/{org['charlie'].id}", data=FORM)).status_code == 403
    assert (await as_charlie.get("/team/reviews")).status_code == 403
    assert (await as_charlie.post(f"/team/reviews/{org['dave'].id}", data=FORM)).status_code == 403
    await as_bob.post(f"/team/reviews/{org['charlie'].id}", data=FORM)
    assert (await erin.get(f"/people/{org['charlie'].id}/reviews")).status_code == 403
    assert (await as_alice.get(f"/people/{org['charlie'].id}/reviews")).status_code == 200  # L&D reads
    assert (await as_charlie.get(f"/people/{org['dave'].id}/reviews")).status_code == 403
    assert (await as_bob.get("/team/reviews/999999/new")).status_code in (403, 404)
    assert (await as_bob.get("/team/reviews/x/new")).status_code in (400, 404)


async def test_a_review_form_with_bad_input_names_each_field_and_keeps_what_was_typed(as_bob, org):
    bad = {**FORM, "period": "", "held_on": "yesterday", "went_well": "x" * 4001, "owner_1": "someone",
           "due_2": "31/12/2026", "competencies": ["abc", "99999"]}
    response = await as_bob.post(f"/team/reviews/{org['charlie'].id}", data=bad)
    assert response.status_code == 400
    for message in ("Period is required.", "Held on must be a date like", "What went well can be at most 4000",
                    "Choose who sees to it.", "Due date must be a date like"):
        assert message in response.text, message
    assert "Follow Shift planning basics" in response.text  # kept
    assert await DevelopmentReview.count() == 0
    unknown = await as_bob.post(f"/team/reviews/{org['charlie'].id}", data={**FORM, "competencies": ["99999"]})
    assert unknown.status_code == 303  # an unknown competency is left out, not saved
    assert (await DevelopmentReview.select(DevelopmentReview.competencies).first())["competencies"] in ("[]", [])


async def test_l_and_d_sees_per_department_how_many_were_held(as_alice, as_bob, as_charlie, org):
    await as_bob.post(f"/team/reviews/{org['charlie'].id}", data=FORM)
    page = await as_alice.get("/admin/reviews?period=2026")
    assert page.status_code == 200 and "Operations" in page.text
    row = page.text.split("Operations")[1].split("</tr>")[0]
    assert ">5<" in row and ">1<" in row and "20%" in row
    assert "0%" in (await as_alice.get("/admin/reviews?period=2025")).text
    assert (await as_charlie.get("/admin/reviews")).status_code == 403
    assert "/admin/reviews" in (await as_alice.get("/admin")).text
