"""Training budgets per department and year: spent, committed and left, each training once."""
from datetime import date, datetime, timezone

import pytest

from lms import clock
from lms.courses.tables import Course, Enrolment, ExternalTraining, TrainingRequest
from lms.people.tables import Department, Employee
from lms.reports import budgets
from lms.reports.tables import Budget
from tests.helpers import sign_in

YEAR = clock.now().year


def moment(month: int, day: int = 15, year: int = YEAR) -> datetime:
    return datetime(year, month, day, 12, tzinfo=timezone.utc)


async def costed_course(title: str = "Negotiation", cents: int = 120_000) -> Course:
    course = Course(title=title, cost_cents=cents, published=True, created_at=clock.now())
    await course.save()
    return course


async def completed(employee_id: int, course_id: int, at: datetime, source: str = "self") -> None:
    await Enrolment.insert(Enrolment(employee=employee_id, course=course_id, source=source, enrolled_at=at,
                                     last_activity_at=at, completed_at=at))


async def approved_request(employee_id: int, cents: int, title: str = "Leadership day", course_id=None,
                           starts_on: date | None = None, created_at: datetime | None = None) -> TrainingRequest:
    request = TrainingRequest(employee=employee_id, title=title, cost_cents=cents, status="approved",
                              course=course_id, starts_on=starts_on, created_at=created_at or moment(3))
    await request.save()
    return request


def row_of(overview: dict, name: str) -> dict:
    return next(row for row in overview["rows"] if row["name"] == name)


async def test_spent_committed_and_left_of_a_department(as_alice, org):
    response = await as_alice.post("/admin/budgets", data={"department": str(org["charlie"].department),
                                                           "year": str(YEAR), "amount": "10.000"})
    assert response.status_code == 303 and response.headers["location"] == f"/admin/budgets?year={YEAR}&notice=saved"
    course = await costed_course()
    await completed(org["charlie"].id, course.id, moment(5))  # 1,200 spent
    await approved_request(org["dave"].id, 80_000, starts_on=date(YEAR, 9, 1))  # 800 committed, not done yet
    operations = row_of(await budgets.overview(YEAR), "Operations")
    assert (operations["budget"], operations["spent"], operations["committed"], operations["left"]) == (
        1_000_000, 120_000, 80_000, 800_000)
    assert not operations["over"]
    page = await as_alice.get(f"/admin/budgets?year={YEAR}")
    assert page.status_code == 200
    for amount in ("€10,000.00", "€1,200.00", "€800.00", "€8,000.00"):
        assert amount in page.text
    assert "over budget" not in page.text
    assert "<svg" in page.text and "<script" not in page.text.split("<svg", 1)[1].split("</svg>", 1)[0]


async def test_a_catalogue_request_is_committed_until_completed_then_spent_once(as_alice, as_bob, as_charlie, org):
    course = await costed_course(cents=90_000)
    asked = await as_charlie.post("/requests/new", data={"title": "Negotiation", "provider": "", "cost": "900",
                                                          "starts_on": "", "reason": "Suppliers",
                                                          "course_id": str(course.id)})
    assert asked.status_code == 303
    request = await TrainingRequest.objects().first()
    assert (await as_bob.post(f"/requests/{request.id}/decide", data={"decision": "approve"})).status_code == 303
    enrolment = await Enrolment.objects().get(Enrolment.employee == org["charlie"].id)
    assert enrolment.source == "request"  # approving enrolled her: the same training, not a second one
    before = row_of(await budgets.overview(YEAR), "Operations")
    assert (before["spent"], before["committed"]) == (0, 90_000)
    await Enrolment.update({Enrolment.completed_at: clock.now()}).where(Enrolment.id == enrolment.id)
    after = row_of(await budgets.overview(YEAR), "Operations")
    assert (after["spent"], after["committed"]) == (90_000, 0)


async def test_a_request_enrolment_without_a_standing_approval_is_committed_once(as_alice, org):
    course = await costed_course(cents=50_000)
    request = await approved_request(org["charlie"].id, 50_000, title="Negotiation", course_id=course.id)
    await Enrolment.insert(Enrolment(employee=org["charlie"].id, course=course.id, source="request",
                                     enrolled_at=moment(3), last_activity_at=moment(3)))
    assert row_of(await budgets.overview(YEAR), "Operations")["committed"] == 50_000  # not 100,000
    await TrainingRequest.update({TrainingRequest.status: "rejected"}).where(TrainingRequest.id == request.id)
    assert row_of(await budgets.overview(YEAR), "Operations")["committed"] == 50_000  # the open enrolment


async def test_a_training_elsewhere_counts_as_spent_and_ends_its_request(org):
    await approved_request(org["charlie"].id, 150_000, title="Negotiation masterclass", starts_on=date(YEAR, 4, 1))
    await ExternalTraining.insert(ExternalTraining(employee=org["charlie"].id, title="negotiation masterclass",
                                                   started_on=date(YEAR, 4, 1), ended_on=date(YEAR, 4, 2),
                                                   cost_cents=150_000, created_at=moment(4, 3)))
    operations = row_of(await budgets.overview(YEAR), "Operations")
    assert (operations["spent"], operations["committed"]) == (150_000, 0)


async def test_only_the_year_counts_and_people_count_in_their_own_department(org):
    sales = Department(name="Sales")
    await sales.save()
    await Employee.update({Employee.department: sales.id}).where(Employee.id == org["dave"].id)
    course = await costed_course(cents=30_000)
    await completed(org["charlie"].id, course.id, moment(12, 1, YEAR - 1))  # last year
    await completed(org["dave"].id, course.id, moment(2))
    await approved_request(org["charlie"].id, 20_000, starts_on=date(YEAR + 1, 2, 1))  # next year
    await approved_request(org["dave"].id, 10_000, created_at=moment(6))  # no start date: the year it was made
    await approved_request(org["dave"].id, 99_000, title="Pending", created_at=moment(6))
    await TrainingRequest.update({TrainingRequest.status: "pending"}).where(TrainingRequest.title == "Pending")
    overview = await budgets.overview(YEAR)
    assert (row_of(overview, "Operations")["spent"], row_of(overview, "Operations")["committed"]) == (0, 0)
    assert (row_of(overview, "Sales")["spent"], row_of(overview, "Sales")["committed"]) == (30_000, 10_000)
    assert row_of(await budgets.overview(YEAR - 1), "Operations")["spent"] == 30_000
    assert row_of(await budgets.overview(YEAR + 1), "Operations")["committed"] == 20_000
    assert overview["totals"]["spent"] == 30_000


async def test_over_budget_shows_in_red_with_words(as_alice, org):
    await Budget.insert(Budget(department=org["charlie"].department, year=YEAR, amount_cents=100_000))
    course = await costed_course(cents=150_000)
    await completed(org["charlie"].id, course.id, moment(5))
    page = await as_alice.get(f"/admin/budgets?year={YEAR}")
    assert '<span class="err"><strong>-€500.00</strong> · over budget</span>' in page.text
    assert "over by €500.00" in page.text  # in the chart too


async def test_setting_a_budget_again_replaces_it(as_alice, org):
    data = {"department": str(org["charlie"].department), "year": str(YEAR), "amount": "5000"}
    await as_alice.post("/admin/budgets", data=data)
    await as_alice.post("/admin/budgets", data={**data, "amount": "7.500,50"})
    rows = await Budget.select()
    assert len(rows) == 1 and rows[0]["amount_cents"] == 750_050


@pytest.mark.parametrize("changes, field, message", [
    ({"amount": "abc"}, "amount", "Budget must be an amount in euros"),
    ({"amount": "-100"}, "amount", "Budget cannot be negative."),
    ({"amount": ""}, "amount", "Budget is required."),
    ({"year": "1999"}, "year", "Year must be a whole number from 2000 to 2100."),
    ({"year": "2101"}, "year", "Year must be a whole number from 2000 to 2100."),
    ({"year": "next"}, "year", "Year must be a whole number from 2000 to 2100."),
    ({"department": ""}, "department", "Department is required."),
    ({"department": "999999"}, "department", "Choose a valid department."),
    ({"department": "x"}, "department", "Choose a valid department."),
])
async def test_a_bad_budget_is_refused_naming_the_field(as_alice, org, changes, field, message):
    data = {"department": str(org["charlie"].department), "year": str(YEAR), "amount": "1000", **changes}
    response = await as_alice.post("/admin/budgets", data=data)
    assert response.status_code == 200 and message in response.text
    assert f'id="{field}-error"' in response.text
    assert await Budget.count() == 0


@pytest.mark.parametrize("year", ["1999", "abc", "-1", "99999999999999"])
async def test_a_year_out_of_range_in_the_address_is_a_bad_request(as_alice, year):
    response = await as_alice.get(f"/admin/budgets?year={year}")
    assert response.status_code == 400 and "The year must be a whole number from 2000 to 2100." in response.text


async def test_the_current_year_by_default(as_alice, org):
    page = await as_alice.get("/admin/budgets")
    assert page.status_code == 200 and f"Training budgets {YEAR}" in page.text


@pytest.mark.parametrize("who", ["bob", "charlie"])
async def test_only_ld_sees_or_sets_budgets(make_client, org, who):
    client = make_client()
    await sign_in(client, f"{who}@example.org")
    assert (await client.get("/admin/budgets")).status_code == 403
    response = await client.post("/admin/budgets", data={"department": str(org["charlie"].department),
                                                         "year": str(YEAR), "amount": "1000"})
    assert response.status_code == 403 and await Budget.count() == 0

