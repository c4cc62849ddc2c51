"""The organisation's agenda: every session of the next three months, so the offer is visible long
in advance; filtered by place and by the competency the course develops."""
from datetime import timedelta

from lms import clock
from lms.courses.tables import CourseCompetency, Session
from lms.pagination import PER_PAGE, Page, clamp_page

HORIZON = timedelta(days=92)
COLUMNS = (Session.id, Session.course, Session.starts_at, Session.ends_at, Session.location, Session.online_url,
           Session.capacity, Session.seats_taken, Session.course.title.as_alias("title"))


def _upcoming(place: str = "", competency: int | None = None) -> list:
    now = clock.now()
    where = [Session.starts_at > now, Session.starts_at <= now + HORIZON, Session.cancelled_at.is_null(),
             Session.course.published.eq(True)]
    if place:
        where.append(Session.location == place)
    if competency:
        where.append(Session.course.is_in(CourseCompetency.select(CourseCompetency.course).where(
            CourseCompetency.competency == competency)))
    return where


async def sessions(place: str = "", competency: int | None = None, page: int = 1) -> Page:
    where = _upcoming(place, competency)
    number = clamp_page(page)
    rows = await Session.select(*COLUMNS).where(*where).order_by(Session.starts_at).order_by(Session.id).limit(
        PER_PAGE).offset((number - 1) * PER_PAGE)
    for row in rows:
        row["seats_left"] = max(0, row["capacity"] - row["seats_taken"])
    return Page(rows=rows, total=await Session.count().where(*where), number=number)


async def all_upcoming() -> list[dict]:
    """Every session of the horizon, for the calendar feed."""
    return await Session.select(*COLUMNS).where(*_upcoming()).order_by(Session.starts_at)


async def places() -> list[str]:
    """The places of upcoming sessions, for the filter."""
    rows = await Session.select(Session.location).where(*_upcoming(), Session.location != "").distinct().output(
        as_list=True)
    return sorted(rows)
