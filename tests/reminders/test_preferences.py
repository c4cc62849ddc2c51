from datetime import timedelta

from lms import clock
from lms.courses.learning import enrol
from lms.reminders.tables import Preference


async def test_it_saves_mail_choice_and_learning_moment(as_charlie, org):
    page = await as_charlie.get("/me/notifications")
    assert "An e-mail for every reminder" in page.text and "Tuesday 13:00" in page.text
    response = await as_charlie.post("/me/notifications", data={"email": "daily", "weekly_moment": str(24 + 13)})
    assert response.status_code == 303
    preference = await Preference.objects().get(Preference.employee == org["charlie"].id)
    assert (preference.email, preference.weekly_moment) == ("daily", 37)


async def test_a_bad_choice_names_the_field(as_charlie, org):
    response = await as_charlie.post("/me/notifications", data={"email": "hourly", "weekly_moment": ""})
    assert "Choose how often you want e-mail." in response.text
    response = await as_charlie.post("/me/notifications", data={"email": "each", "weekly_moment": "999"})
    assert "Choose a day and hour for your learning moment." in response.text


async def test_the_calendar_feed_lists_due_dates_and_sessions_and_can_be_renewed(as_charlie, client, course, org):
    await enrol(org["charlie"].id, course["course"].id, source="assigned",
                due_date=clock.now().date() + timedelta(days=10))
    await as_charlie.post("/me/notifications", data={"email": "each", "weekly_moment": "9"})
    token = (await Preference.objects().get(Preference.employee == org["charlie"].id)).calendar_token
    feed = await client.get(f"/calendar/{token}.ics")
    assert feed.status_code == 200 and feed.headers["content-type"].startswith("text/calendar")
    assert "SUMMARY:Fire safety basics" in feed.text and "RRULE:FREQ=WEEKLY" in feed.text
    await as_charlie.post("/me/notifications/calendar")
    assert (await client.get(f"/calendar/{token}.ics")).status_code == 404
    assert (await client.get("/calendar/guess.ics")).status_code == 404


async def test_notification_settings_require_login(client):
    assert (await client.get("/me/notifications")).status_code == 303
