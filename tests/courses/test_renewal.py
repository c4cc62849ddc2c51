"""Recertification: a certificate that lapses (or lapses within 60 days) is renewed by a new attempt
at the course, which issues a new certificate; the earlier one stays in the history as superseded."""
import asyncio
from datetime import timedelta

import pytest

from lms import clock
from lms.competencies.tables import LearningNeed
from lms.courses.learning import AlreadyEnrolled, complete_enrolment, enrol, enrolment_of
from lms.courses.tables import Certificate, Course, Enrolment, LessonProgress
from lms.reminders.sweep import sweep
from lms.reminders.tables import Notification, Reminder
from lms.reports import compliance
from lms.reports.scope import Scope
from tests.conftest import signed_in_client

pytestmark = pytest.mark.usefixtures("org")


async def completed_a_year_ago(course, person) -> Certificate:
    """Completes now, then moves the clock past the certificate's twelve months."""
    await complete_enrolment(await enrol(person.id, course["course"].id), score=80)
    clock.travel(timedelta(days=370))
    return await Certificate.objects().get(Certificate.employee == person.id)


async def test_an_expired_certificate_is_renewed_by_following_the_course_again(make_client, client, course, org):
    old = await completed_a_year_ago(course, org["charlie"])
    as_charlie = await signed_in_client(make_client, "charlie@example.org")  # a year on: a new session
    course_id = course["course"].id
    page = await as_charlie.get(f"/courses/{course_id}")
    assert "Your certificate expired on" in page.text and ">Renew</button>" in page.text

    response = await as_charlie.post(f"/courses/{course_id}/enrol")
    assert response.status_code == 303 and response.headers["location"].endswith("notice=renewing")
    renewal = await enrolment_of(org["charlie"].id, course_id)
    assert renewal["attempt"] == 2 and renewal["completed_at"] is None
    page = await as_charlie.get(f"/courses/{course_id}")
    assert "You are renewing this course" in page.text and "Renew</button>" not in page.text
    assert await LessonProgress.count() == 0  # a new attempt: lessons and quiz again

    assert await complete_enrolment(renewal["id"], score=95)
    certificates = await Certificate.select().where(Certificate.employee == org["charlie"].id).order_by(Certificate.id)
    assert len(certificates) == 2 and certificates[1]["expires_on"] > clock.now().date()
    assert "superseded" in (await client.get(f"/verify/{old.code}")).text
    assert "genuine and valid" in (await client.get(f"/verify/{certificates[1]['code']}")).text

    record = (await as_charlie.get("/me/learning")).text
    assert record.count("Fire safety basics</a>") == 2  # both completions, with their scores
    assert "80%" in record and "95%" in record and "Superseded by a renewal" in record
    assert (await as_charlie.get("/me/learning.csv")).text.count("superseded") == 1


async def test_a_certificate_far_from_expiry_is_not_renewed(make_client, course, org):
    await complete_enrolment(await enrol(org["charlie"].id, course["course"].id))
    with pytest.raises(AlreadyEnrolled):
        await enrol(org["charlie"].id, course["course"].id)
    as_charlie = await signed_in_client(make_client, "charlie@example.org")
    assert (await as_charlie.post(f"/courses/{course['course'].id}/enrol")).status_code == 409
    clock.travel(timedelta(days=310))  # 55 days left: inside the renewal window
    as_charlie = await signed_in_client(make_client, "charlie@example.org")
    page = await as_charlie.get(f"/courses/{course['course'].id}")
    assert "Your certificate expires on" in page.text and ">Renew</button>" in page.text
    assert "Renew</button>" in (await as_charlie.get("/me/learning")).text


async def test_two_renewals_at_once_start_one_attempt(course, org):
    await completed_a_year_ago(course, org["charlie"])
    ids = await asyncio.gather(*[enrol(org["charlie"].id, course["course"].id, source="assigned",
                                       assigned_by=org["bob"].id) for _ in range(3)])
    assert len(set(ids)) == 1
    attempts = await Enrolment.select(Enrolment.attempt).where(Enrolment.employee == org["charlie"].id).output(
        as_list=True)
    assert sorted(attempts) == [1, 2]


async def test_the_renewal_meets_the_lapse_need_and_the_reminders_stop(course, org, settings, templates, mailbox):
    await completed_a_year_ago(course, org["charlie"])
    await sweep(clock.now(), settings, templates)
    need = await LearningNeed.objects().get(LearningNeed.employee == org["charlie"].id)
    assert need.source == "compliance" and need.status == "open"
    renewal = await enrol(org["charlie"].id, course["course"].id)
    assert (await LearningNeed.objects().get(LearningNeed.id == need.id)).status == "planned"
    await complete_enrolment(renewal)
    assert (await LearningNeed.objects().get(LearningNeed.id == need.id)).status == "met"
    reminders = await Reminder.count().where(Reminder.kind == "certificate")
    clock.travel(timedelta(days=8))
    await sweep(clock.now(), settings, templates)
    assert await Reminder.count().where(Reminder.kind == "certificate") == reminders


async def test_the_holder_is_asked_to_renew_and_the_manager_to_assign(course, org, settings, templates, mailbox):
    await completed_a_year_ago(course, org["charlie"])
    await sweep(clock.now(), settings, templates)
    inbox = {n["employee"]: n for n in await Notification.select().where(
        Notification.title.like("%has expired%"))}
    assert inbox[org["charlie"].id]["url"] == f"/courses/{course['course'].id}"
    assert "Renew it now" in inbox[org["charlie"].id]["body"]
    assert inbox[org["bob"].id]["url"] == "/team/compliance"
    assert "compliance panel" in inbox[org["bob"].id]["body"]


async def test_a_manager_assigns_the_renewal_from_the_compliance_panel(make_client, course, org, settings, templates,
                                                                       mailbox):
    await completed_a_year_ago(course, org["charlie"])
    as_bob = await signed_in_client(make_client, "bob@example.org")
    as_charlie = await signed_in_client(make_client, "charlie@example.org")
    course_id, charlie = course["course"].id, org["charlie"].id
    panel = (await as_bob.get("/team/compliance")).text
    link = f"/assign?course={course_id}&amp;person={charlie}&amp;back=/team/compliance"
    assert link in panel and ">Renew<" in panel
    form = await as_bob.get(link.replace("&amp;", "&"))
    assert form.status_code == 200
    assert f'name="person" value="{charlie}" checked' in form.text
    assert f'value="{org["dave"].id}"' not in form.text  # Dave is in Erin's line, not Bob's
    due = (clock.now().date() + timedelta(days=14)).isoformat()
    response = await as_bob.post("/assign", data={"course": str(course_id), "person": str(charlie),
                                                  "due_date": due, "back": "/team/compliance"})
    assert response.status_code == 303 and response.headers["location"] == "/team/compliance?notice=assigned"
    renewal = await enrolment_of(charlie, course_id)
    assert (renewal["attempt"], renewal["source"], renewal["due_date"].isoformat()) == (2, "assigned", due)
    panel = (await as_bob.get("/team/compliance")).text
    assert "following it · due" in panel and link not in panel  # planned: nothing more to assign

    await sweep(clock.now(), settings, templates)
    told = [m for m in mailbox.messages if m["To"] == "charlie@example.org" and "Renew" in m["Subject"]]
    assert len(told) == 1 and "Bob asks you to complete it by" in told[0].get_body(("plain",)).get_content()
    assert "Renew Fire safety basics" in (await as_charlie.get("/inbox")).text

    await complete_enrolment(renewal["id"])
    counts = await compliance.counts(Scope.line_of(org["bob"].id))
    assert counts["valid"] == 1 and counts["expired"] == 0  # the newest certificate counts


async def test_who_may_assign_to_whom(as_alice, as_charlie, make_client, course, org):
    from tests.helpers import sign_in

    erin = make_client()
    await sign_in(erin, "erin@example.org")
    data = {"course": str(course["course"].id), "person": str(org["charlie"].id), "due_date": ""}
    assert (await as_charlie.get("/assign")).status_code == 403
    assert (await as_charlie.post("/assign", data=data)).status_code == 403
    assert (await erin.post("/assign", data=data)).status_code == 403  # Charlie is not in Erin's line
    assert await Enrolment.count() == 0
    assert (await as_alice.post("/assign", data=data)).status_code == 303  # L&D: anyone
    assert (await enrolment_of(org["charlie"].id, course["course"].id))["source"] == "assigned"


@pytest.mark.parametrize("field, value, message", [
    ("course", "abc", "Choose a valid course."),
    ("course", "99999999999999999999", "Choose a valid course."),
    ("course", "", "Course is required."),
    ("due_date", "next week", "Due date must be a date like 2025-03-31."),
    ("due_date", "2000-01-01", "The due date cannot be in the past."),
    ("person", "", "Choose at least one person."),
    ("person", "x", "Choose at least one person."),
])
async def test_bad_input_on_the_assign_form_names_the_field(as_bob, course, org, field, value, message):
    data = {"course": str(course["course"].id), "person": str(org["charlie"].id), "due_date": "", field: value}
    response = await as_bob.post("/assign", data=data)
    assert response.status_code == 400 and message in response.text
    assert await Enrolment.count() == 0


async def test_a_draft_course_cannot_be_assigned(as_bob, course, org):
    await Course.update({Course.published: False}).where(Course.id == course["course"].id)
    response = await as_bob.post("/assign", data={"course": str(course["course"].id), "person": str(org["charlie"].id)})
    assert response.status_code == 400 and "Choose a valid course." in response.text


async def test_a_certificate_to_renew_is_required_on_the_home_page_until_the_renewal_starts(make_client, course, org):
    await completed_a_year_ago(course, org["charlie"])
    as_charlie = await signed_in_client(make_client, "charlie@example.org")
    home = (await as_charlie.get("/")).text
    required = home[home.index('id="required"'):home.index('id="checkins"')]
    assert "Fire safety basics" in required and "Renew: valid until" in required and "Completed" not in required
    await enrol(org["charlie"].id, course["course"].id)
    home = (await as_charlie.get("/")).text
    assert "Fire safety basics" not in home[home.index('id="required"'):home.index('id="checkins"')]
