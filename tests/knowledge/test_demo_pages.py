"""The demo wiki loads once, with a page tree, revisions, tags and notes linked to a course."""
from lms.courses.demo import load_demo_catalogue
from lms.knowledge.demo import load_demo_knowledge
from lms.knowledge.tables import Page, PageCourse, Revision, Space
from lms.people.demo import load_demo


async def test_the_demo_wiki_loads_once():
    await load_demo()
    await load_demo_catalogue()
    await load_demo_knowledge()
    await load_demo_knowledge()
    assert await Space.count() == 4
    assert await Page.count().where(Page.parent.is_not_null()) == 3
    assert await Revision.count() > await Page.count()
    assert await PageCourse.count() == 1
