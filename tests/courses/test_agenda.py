"""The organisation's agenda: every session of the next three months, filtered by place and
competency, and as a calendar feed behind the person's secret address."""
from datetime import timedelta

from lms import clock
from lms.courses.tables import Course, Session
from lms.reminders.tables import Preference


async def plan(course, days: int, location: str, **fields) -> Session:
    start = clock.now() + timedelta(days=days)
    session = Session(course=course.id, starts_at=start, ends_at=start + timedelta(hours=2), location=location,
                      capacity=10, **fields)
    await session.save()
    return session


async def test_the_agenda_lists_three_months_of_sessions_with_filters_and_a_feed(as_charlie, course):
    fire = course["course"]
    other = Course(title="Forklift refresher", published=True, created_at=clock.now())
    await other.save()
    await plan(fire, 10, "Ghent")
    await plan(other, 40, "Antwerp")
    await plan(fire, 200, "Ghent")  # beyond three months
    await plan(fire, 20, "Bruges", cancelled_at=clock.now())
    assert 'href="/agenda"' in (await as_charlie.get("/catalogue")).text
    page = (await as_charlie.get("/agenda")).text
    assert page.count('<li class="card">') == 2 and "Forklift refresher" in page and "Bruges" not in page
    ghent = (await as_charlie.get("/agenda?place=Ghent")).text
    assert ghent.count('<li class="card">') == 1 and "Forklift refresher" not in ghent
    by_competency = (await as_charlie.get(f"/agenda?competency={course['competency'].id}")).text
    assert "Fire safety basics" in by_competency and "Forklift refresher" not in by_competency
    token = (await Preference.objects().first()).calendar_token
    assert f"/calendar/agenda/{token}.ics" in page
    feed = await as_charlie.get(f"/calendar/agenda/{token}.ics")
    assert feed.headers["content-type"].startswith("text/calendar") and feed.text.count("BEGIN:VEVENT") == 2


async def test_an_empty_agenda_and_bad_filters_say_so_kindly(as_charlie, client, course):
    assert "No sessions are planned in the next three months yet." in (await as_charlie.get("/agenda")).text
    for query in ("place=Nowhere", "competency=abc", "competency=99999999999999999999", "page=-3", "page=x"):
        response = await as_charlie.get(f"/agenda?{query}")
        assert response.status_code == 200, query
    assert (await client.get("/calendar/agenda/not-a-token.ics")).status_code == 404
    assert (await client.get("/agenda")).status_code == 303  # signed in only
