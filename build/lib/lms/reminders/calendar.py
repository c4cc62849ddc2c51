"""iCalendar: one session as an invitation, and a person's feed of sessions and due dates."""
from datetime import date, datetime, timedelta

from icalendar import Calendar, Event

PRODUCT = "-//lms//learning//EN"


def _calendar() -> Calendar:
    calendar = Calendar()
    calendar.add("prodid", PRODUCT)
    calendar.add("version", "2.0")
    return calendar


def _event(uid: str, title: str, start: datetime | date, end: datetime | date, location: str = "",
           url: str = "") -> Event:
    event = Event()
    event.add("uid", uid)
    event.add("summary", title)
    event.add("dtstart", start)
    event.add("dtend", end)
    event.add("dtstamp", datetime(2026, 1, 1))
    if location:
        event.add("location", location)
    if url:
        event.add("url", url)
    return event


def session_invitation(session: dict, title: str, base_url: str) -> bytes:
    """The session as a calendar entry; a changed session carries a higher SEQUENCE so calendars
    replace the entry, and a cancelled one comes as METHOD:CANCEL (RFC 5546)."""
    calendar = _calendar()
    cancelled = bool(session.get("cancelled_at"))
    calendar.add("method", "CANCEL" if cancelled else "PUBLISH")
    event = _event(f"session-{session['id']}@lms", title, session["starts_at"], session["ends_at"],
                   session["location"] or session["online_url"], f"{base_url}/courses/{session['course']}")
    event.add("sequence", session.get("sequence", 0))
    if cancelled:
        event.add("status", "CANCELLED")
    calendar.add_component(event)
    return calendar.to_ical()


def feed(sessions: list[dict], due: list[dict], weekly_moment: int | None, base_url: str,
         learning_moment_title: str, today: date) -> bytes:
    """Sessions someone registered for, due dates of what is assigned to them, and optionally a
    weekly learning moment (an hour of the week, 0 = Monday 00:00)."""
    calendar = _calendar()
    calendar.add("x-wr-calname", "lms")
    for s in sessions:
        calendar.add_component(_event(f"session-{s['id']}@lms", s["title"], s["starts_at"], s["ends_at"],
                                      s["location"] or s["online_url"], f"{base_url}/courses/{s['course']}"))
    for d in due:
        calendar.add_component(_event(f"due-{d['id']}@lms", d["title"], d["due_date"],
                                      d["due_date"] + timedelta(days=1), url=f"{base_url}/courses/{d['course']}"))
    if weekly_moment is not None:
        monday = today - timedelta(days=today.weekday())
        start = datetime(monday.year, monday.month, monday.day) + timedelta(hours=weekly_moment)
        event = _event("weekly-learning-moment@lms", learning_moment_title, start, start + timedelta(minutes=30),
                       url=base_url)
        event.add("rrule", {"freq": "weekly"})
        calendar.add_component(event)
    return calendar.to_ical()
