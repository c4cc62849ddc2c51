"""Answering a check-in: from the home page, or by the signed link without a password."""
from datetime import timedelta

from lms import clock
from lms.courses.learning import complete_enrolment, enrol
from tests.reminders.helpers import evaluated
from lms.reminders import preferences
from lms.reminders.checkins import signed_path
from lms.reminders.sweep import sweep
from lms.competencies.tables import LearningNeed
from lms.reminders.tables import CheckIn, Notification

ANSWER = {"applied": "sometimes", "example": "I checked the exits on Monday", "impact": "4",
          "obstacles": ["time", "tools"], "need_more": "yes"}


async def due_checkin(course, org, settings, templates) -> CheckIn:
    enrolment_id = await enrol(org["charlie"].id, course["course"].id)
    await complete_enrolment(enrolment_id)
    await evaluated(enrolment_id)  # so the evaluation nudge stays out of these tests
    clock.travel(timedelta(days=8))
    await sweep(clock.now(), settings, templates)
    return await CheckIn.objects().get((CheckIn.respondent == org["charlie"].id) & (CheckIn.offset_days == 7))


async def test_an_open_check_in_shows_on_home_and_in_the_inbox(as_charlie, course, org, settings, templates):
    checkin = await due_checkin(course, org, settings, templates)
    home = await as_charlie.get("/")
    assert "How is it going with Fire safety basics?" in home.text
    assert f"/checkins/{checkin.id}" in home.text
    badge = await as_charlie.get("/inbox/badge")
    assert ">1</span>" in badge.text
    inbox = await as_charlie.get("/inbox")
    assert "How is it going with Fire safety basics?" in inbox.text
    await as_charlie.post("/inbox/read")
    assert ">1</span>" not in (await as_charlie.get("/inbox/badge")).text


async def test_it_keeps_the_answer(as_charlie, course, org, settings, templates):
    checkin = await due_checkin(course, org, settings, templates)
    response = await as_charlie.post(f"/checkins/{checkin.id}", data=ANSWER)
    assert response.status_code == 303
    saved = await CheckIn.objects().get(CheckIn.id == checkin.id)
    assert (saved.applied, saved.impact, saved.obstacles, saved.need_more) == ("sometimes", 4, "time,tools", True)
    home = await as_charlie.get("/")
    assert "How is it going" not in home.text
    # "I need more on this" raised a learning need: the loop starts again
    need = await LearningNeed.objects().get(LearningNeed.employee == org["charlie"].id)
    assert (need.title, need.source, need.status) == ("More on Fire safety basics", "checkin", "open")
    assert "More on Fire safety basics" in home.text


async def test_a_bad_answer_names_the_fields(as_charlie, course, org, settings, templates):
    checkin = await due_checkin(course, org, settings, templates)
    for impact in ("9", "abc", "٣"):
        response = await as_charlie.post(f"/checkins/{checkin.id}", data={"applied": "always", "impact": impact})
        assert response.status_code == 200
        assert "Have you applied it?: choose one of the options." in response.text
        assert "Impact on your work: choose one of the options." in response.text
    assert (await CheckIn.objects().get(CheckIn.id == checkin.id)).answered_at is None


async def test_someone_else_cannot_open_or_answer_your_check_in(as_bob, course, org, settings, templates):
    checkin = await due_checkin(course, org, settings, templates)
    assert (await as_bob.get(f"/checkins/{checkin.id}")).status_code == 404
    assert (await as_bob.post(f"/checkins/{checkin.id}", data=ANSWER)).status_code == 404
    assert (await CheckIn.objects().get(CheckIn.id == checkin.id)).answered_at is None


async def test_the_signed_link_works_without_a_password_once(client, course, org, settings, templates):
    checkin = await due_checkin(course, org, settings, templates)
    link = signed_path(settings.secret_key, await CheckIn.select().where(CheckIn.id == checkin.id).first())
    page = await client.get(link)
    assert page.status_code == 200 and "How is it going with Fire safety basics?" in page.text
    assert (await client.post(link, data=ANSWER)).status_code == 303
    again = await client.get(link)
    assert again.status_code == 409 and "already been answered" in again.text
    assert (await client.post(link, data={**ANSWER, "impact": "1"})).status_code == 409
    assert (await CheckIn.objects().get(CheckIn.id == checkin.id)).impact == 4


async def test_a_changed_expired_or_borrowed_link_shows_nothing(client, course, org, settings, templates):
    checkin = await due_checkin(course, org, settings, templates)
    other = await CheckIn.objects().get((CheckIn.id != checkin.id) & (CheckIn.respondent == org["charlie"].id))
    row = await CheckIn.select().where(CheckIn.id == checkin.id).first()
    link = signed_path(settings.secret_key, row)
    _, _, checkin_id, expires, signature = link.split("/")
    for bad in (f"/checkins/{checkin_id}/{expires}/{'0' * 32}", f"/checkins/{other.id}/{expires}/{signature}",
                f"/checkins/{checkin_id}/{int(expires) + 1}/{signature}", f"/checkins/{checkin_id}/{expires}/é{signature}"):
        page = await client.get(bad)
        assert page.status_code == 404 and "This link does not work" in page.text
        assert "Fire safety basics" not in page.text
        assert (await client.post(bad, data=ANSWER)).status_code == 404
    clock.travel(timedelta(days=60))
    assert (await client.get(link)).status_code == 404
    assert (await CheckIn.objects().get(CheckIn.id == checkin.id)).answered_at is None


async def test_l_and_d_sees_failed_reminders_in_the_outbox(as_alice, as_charlie, course, org, settings, templates,
                                                           mailbox):
    mailbox.fail = True
    await due_checkin(course, org, settings, templates)
    page = await as_alice.get("/admin/outbox")
    assert "charlie@example.org" in page.text and "451" in page.text
    assert (await as_charlie.get("/admin/outbox")).status_code == 403
    assert await Notification.count() == 0


async def test_the_inbox_requires_login(client):
    for url in ("/inbox", "/inbox/badge", "/checkins/1", "/admin/outbox"):
        assert (await client.get(url)).status_code == 303


async def test_a_deactivated_persons_links_and_calendar_feeds_stop_working(as_alice, client, course, org, settings,
                                                                            templates):
    checkin = await due_checkin(course, org, settings, templates)
    link = signed_path(settings.secret_key, await CheckIn.select().where(CheckIn.id == checkin.id).first())
    token = (await preferences.of(org["charlie"].id))["calendar_token"]
    feeds = [f"/calendar/{token}.ics", f"/calendar/agenda/{token}.ics"]
    assert (await client.get(link)).status_code == 200
    assert [(await client.get(feed)).status_code for feed in feeds] == [200, 200]

    await as_alice.get(f"/admin/people/{org['charlie'].id}/edit")
    assert (await as_alice.post(f"/admin/people/{org['charlie'].id}/deactivate")).status_code == 303
    assert (await client.get(link)).status_code == 404
    assert (await client.post(link, data=ANSWER)).status_code == 404
    assert [(await client.get(feed)).status_code for feed in feeds] == [404, 404]
    assert (await CheckIn.objects().get(CheckIn.id == checkin.id)).answered_at is None
