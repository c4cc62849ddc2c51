"""The training duty: days followed in a calendar year against the training right (online courses,
sessions attended, verified trainings elsewhere), for a manager's line and per department, the
social balance sheet's figures as CSV and XLSX, and the manager told once late in the year."""
from datetime import date, datetime, timedelta, timezone

import pytest

from lms import clock
from lms.courses.tables import Course, Enrolment, ExternalTraining, Registration, Session, TrainingRequest
from lms.reminders.sweep import sweep
from lms.reminders.tables import Reminder


@pytest.fixture(autouse=True)
def five_days(monkeypatch):
    """The right of an employer with at least 20 workers (the suite runs without one)."""
    monkeypatch.setenv("LMS_TRAINING_DAYS", "5")


async def a_year_of_training(org, year: int) -> None:
    """Charlie: a 228-minute online course, a 7.6-hour session attended, 8 verified informal hours
    elsewhere (300 euros he paid: not the employer's cost) and an approved request (500 euros); an
    unverified training does not count.
    Dave: nothing."""
    moment = datetime(year, 3, 2, 9, tzinfo=timezone.utc)
    online, classroom = (await Course.insert(
        Course(title="Reading a shift plan", format="online", minutes=228, published=True, created_at=moment),
        Course(title="Forklift practice day", format="classroom", minutes=456, published=True,
               created_at=moment)).returning(Course.id))
    charlie = org["charlie"].id
    await Enrolment.insert(Enrolment(employee=charlie, course=online["id"], enrolled_at=moment,
                                     last_activity_at=moment, completed_at=moment))
    session = (await Session.insert(Session(course=classroom["id"], starts_at=moment,
                                            ends_at=moment + timedelta(hours=7, minutes=36))).returning(Session.id))[0]
    await Registration.insert(Registration(session=session["id"], employee=charlie, status="present",
                                           created_at=moment))
    await ExternalTraining.insert(
        ExternalTraining(employee=charlie, title="Coaching circle", route="informal", started_on=date(year, 4, 1),
                         ended_on=date(year, 4, 2), hours=8, cost_cents=30000, verified_at=moment,
                         created_at=moment),
        ExternalTraining(employee=charlie, title="Not verified", started_on=date(year, 4, 1),
                         ended_on=date(year, 4, 2), hours=40, created_at=moment))
    await TrainingRequest.insert(TrainingRequest(employee=charlie, course=classroom["id"], title="Forklift practice",
                                                 cost_cents=50000, starts_on=date(year, 3, 2), status="approved",
                                                 created_at=moment))


def to_october(year: int) -> None:
    clock.travel(datetime(year, 10, 15, 9, tzinfo=timezone.utc) - clock.now())


async def test_a_manager_sees_the_days_of_their_line_against_the_right(as_bob, org):
    year = clock.now().year
    await a_year_of_training(org, year)
    to_october(year)
    from tests.helpers import sign_in
    await sign_in(as_bob, "bob@example.org")
    page = await as_bob.get("/team/training-days")
    assert page.status_code == 200 and f"Training days {year}" in page.text
    charlie = page.text.split("Charlie Test")[1].split("</tr>")[0]
    assert f">{round((228 + 456 + 480) / 456, 1)}<" in charlie and "far behind" not in charlie
    assert "Dave Test" not in page.text  # Erin's
    earlier = await as_bob.get(f"/team/training-days?year={year - 1}")
    assert ">0.0<" in earlier.text.split("Charlie Test")[1].split("</tr>")[0]


async def test_l_and_d_gets_the_social_balance_figures_and_the_departments(as_alice, org):
    year = clock.now().year
    await a_year_of_training(org, year)
    page = await as_alice.get(f"/admin/reports/training-days?year={year}")
    assert "Formal continuing vocational training" in page.text and "Operations" in page.text
    exported = await as_alice.get(f"/admin/reports/training-days.csv?year={year}")
    assert exported.headers["content-type"].startswith("text/csv")
    assert exported.headers["content-disposition"].startswith('attachment; filename="social-balance-training-')
    rows = [line.split(",") for line in exported.content.decode("utf-8-sig").strip().splitlines()]
    assert rows == [["Kind of training", "Participants", "Hours", "Net cost (EUR)"],  # the approved request's cost
                    ["Formal continuing vocational training", "1", f"{(228 + 456) / 60:.1f}", "500.00"],
                    ["Less formal or informal continuing vocational training", "1", "8.0", "0.00"],
                    ["Initial vocational training", "0", "0.0", "0.00"]]
    workbook = await as_alice.get(f"/admin/reports/training-days.xlsx?year={year}")
    assert workbook.content[:2] == b"PK" and "spreadsheetml" in workbook.headers["content-type"]


async def test_who_sees_what_and_odd_years(as_charlie, as_bob, as_alice, org):
    for url in ("/team/training-days", "/admin/reports/training-days", "/admin/reports/training-days.csv"):
        assert (await as_charlie.get(url)).status_code == 403
    assert (await as_bob.get("/admin/reports/training-days")).status_code == 403
    this = clock.now().year
    for odd in ("abc", "²", "99999", "1999", "-1", ""):
        page = await as_alice.get(f"/admin/reports/training-days?year={odd}")
        assert page.status_code == 200 and f"Training days {this}" in page.text, odd
    assert "/admin/reports/training-days" in (await as_alice.get("/admin/reports")).text
    assert "/team/training-days" in (await as_bob.get("/")).text


async def test_late_in_the_year_a_manager_hears_once_who_is_far_behind(org, settings, templates, mailbox):
    year = clock.now().year
    await a_year_of_training(org, year)
    clock.travel(datetime(year, 9, 30, 9, tzinfo=timezone.utc) - clock.now())
    await sweep(clock.now(), settings, templates)
    assert not await Reminder.exists().where(Reminder.kind == "training_behind")  # not yet in September
    to_october(year)
    for _ in range(2):
        await sweep(clock.now(), settings, templates)
    told = [(m["To"], m["Subject"]) for m in mailbox.messages if "training days" in m["Subject"]]
    assert told == [("erin@example.org", "1 person in your team is far behind on training days")]  # Dave
