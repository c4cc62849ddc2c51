"""Sharing what you learned: a page started from a template after a course, linked to that course."""
from lms import clock
from lms.courses.tables import Course, Enrolment
from lms.db import write_transaction
from lms.errors import Forbidden, NotFound
from lms.knowledge.access import readable_space_ids
from lms.knowledge.pages import create_page
from lms.knowledge.tables import PageCourse, Space
from lms.people.sessions import SignedIn

SHARED_SPACE = "Shared after trainings"
TEMPLATE = "## What I learned\n\n## What I apply\n\n## Materials\n"


async def _shared_space() -> int:
    async with write_transaction():
        row = await Space.select(Space.id).where(Space.name == SHARED_SPACE).first()
        if row is None:
            row = (await Space.insert(Space(name=SHARED_SPACE, created_at=clock.now(),
                                            description="Notes colleagues wrote after a course or training."))
                   .returning(Space.id))[0]
    return row["id"]


async def start_shared_page(user: SignedIn, course_id: int) -> int:
    """A new page from the template, linked to the course; only for someone who completed it."""
    course = await Course.select(Course.title).where(Course.id == course_id).first()
    if course is None:
        raise NotFound
    completed = await Enrolment.exists().where(Enrolment.employee == user.id, Enrolment.course == course_id,
                                               Enrolment.completed_at.is_not_null())
    if not completed:
        raise Forbidden
    title = f"{course['title']}: notes by {user.first_name}"[:200]
    page_id = await create_page(user, await _shared_space(), title, TEMPLATE, ["shared"])
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
