"""Sharing what you learned: a page started from a short structure after a course, linked to that
course, so colleagues find it on the course page and the page leads back to the course."""
from lms import clock
from lms.courses.tables import Course, Enrolment
from lms.db import write_transaction
from lms.errors import Forbidden, NotFound
from lms.i18n import gettext as _
from lms.db import is_valid_id
from lms.knowledge.access import readable_space, readable_space_ids
from lms.knowledge.pages import create_page
from lms.knowledge.tables import PageCourse, Space
from lms.people.sessions import SignedIn

SHARED_SPACE = "Shared after trainings"


async def _shared_space() -> int:
    async with write_transaction():
        row = await Space.select(Space.id).where(Space.name == SHARED_SPACE).first()
        if row is None:
            row = (await Space.insert(Space(name=SHARED_SPACE, created_at=clock.now(),
                                            description="Notes colleagues wrote after a course or training."))
                   .returning(Space.id))[0]
    return row["id"]


async def _completed_course(user: SignedIn, course_id: int) -> dict:
    """Sharing is for someone who completed the course."""
    course = await Course.select(Course.id, Course.title).where(Course.id == course_id).first() \
        if is_valid_id(course_id) else None
    if course is None:
        raise NotFound
    if not await Enrolment.exists().where(Enrolment.employee == user.id, Enrolment.course == course_id,
                                          Enrolment.completed_at.is_not_null()):
        raise Forbidden
    return course


async def draft(user: SignedIn, course_id: int) -> dict:
    """What the new page starts with: the space, a title and the structure to fill in."""
    course = await _completed_course(user, course_id)
    sections = (_("What it was"), _("What I use from it"), _("Tips for colleagues"))
    return {"course": course, "space": await readable_space(user, await _shared_space()),
            "title": _("%(course)s: notes by %(name)s", course=course["title"], name=user.first_name)[:200],
            "body": "\n\n".join(f"## {section}\n\n" for section in sections)}


async def share(user: SignedIn, course_id: int, title: str, body: str, tags: list[str]) -> int:
    """Creates the page in the shared space, linked to the course."""
    await _completed_course(user, course_id)
    page_id = await create_page(user, await _shared_space(), title, body, ["shared", *tags])
    await PageCourse.insert(PageCourse(page=page_id, course=course_id))
    return page_id


async def pages_for_course(user: SignedIn, course_id: int) -> list[dict]:
    """The readable pages linked to a course: id, title and author name."""
    rows = await PageCourse.select(PageCourse.page.id, PageCourse.page.title, PageCourse.page.author.first_name,
                                   PageCourse.page.author.last_name).where(
        PageCourse.course == course_id, PageCourse.page.deleted_at.is_null(),
        PageCourse.page.space.is_in(await readable_space_ids(user) or [0])).order_by(PageCourse.page.title)
    return [{"id": row["page.id"], "title": row["page.title"],
             "author": f"{row['page.author.first_name'] or ''} {row['page.author.last_name'] or ''}".strip()}
            for row in rows]
