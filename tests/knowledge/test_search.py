"""One search across pages, documents and courses: ranked, highlighted, filtered, and never
showing what the searcher may not read."""
import os
import re
import subprocess
import sys

import pytest

from lms import clock
from lms.courses.tables import Course
from lms.knowledge import search_results
from lms.knowledge.search import index_course, index_document, index_page, reindex_all
from lms.knowledge.tables import Document, Page, SearchEntry
from tests.knowledge.documents_fixtures import make_page, make_spaces

FILLER = "The canteen opens at eight and the car park closes at seven. "


@pytest.fixture
async def spaces(org):
    return await make_spaces(org)


async def make_document(space: int, title: str, text: str) -> int:
    document_id = (await Document.insert(Document(space=space, title=title, filename=f"{title}.pdf", file="k.pdf",
                                                  media_type="application/pdf", text=text,
                                                  created_at=clock.now())))[0]["id"]
    await index_document(document_id)
    return document_id


async def indexed_page(space: int, title: str, body: str = "") -> int:
    page_id = await make_page(space, title, body)
    await index_page(page_id)
    return page_id


def titles(response) -> list[str]:
    """The result titles in order, without their <mark> highlighting."""
    found = re.findall(r'<li class="card">\s*<a href="[^"]*">(.*?)</a>', response.text, re.S)
    return [re.sub(r"</?mark>", "", title) for title in found]


async def test_it_requires_login(client):
    response = await client.get("/knowledge/search?q=fire")
    assert response.status_code == 303
    assert response.headers["location"].startswith("/sign-in?next=")


async def test_a_title_match_beats_a_body_match_which_beats_a_long_document(as_charlie, spaces):
    # the right order: the word in the title, then once in a short body, then once in a long text
    await make_document(spaces["open"], "Site rules", FILLER * 80 + "Evacuation drills twice a year. " + FILLER * 80)
    await indexed_page(spaces["open"], "Canteen", "Lunch is served at noon. After an evacuation we meet outside.")
    await indexed_page(spaces["open"], "Evacuation", "Leave by the stairs and go to the assembly point.")
    await indexed_page(spaces["open"], "Parking", FILLER)
    response = await as_charlie.get("/knowledge/search?q=evacuation")
    assert titles(response) == ["Evacuation", "Canteen", "Site rules"]
    assert "3 results" in response.text


async def test_the_matching_words_are_highlighted_and_everything_else_escaped(as_charlie, spaces):
    await indexed_page(spaces["open"], "Scripts", "Never paste <script>alert('fire')</script> & run it.")
    response = await as_charlie.get("/knowledge/search?q=FIRE+scr")
    assert "<mark>Scripts</mark>" in response.text
    assert "&lt;<mark>script</mark>&gt;alert(&#39;<mark>fire</mark>&#39;)&lt;/<mark>script</mark>&gt; &amp; run" \
           in response.text
    assert "<script>alert" not in response.text


async def test_words_that_mean_something_to_the_index_are_just_words(as_charlie, spaces):
    await indexed_page(spaces["open"], "Fire doors", "Never wedge them open.")
    for query in ('fire"', "fire*", "(fire", "-fire", "^fire", "doors:fire", "'fire' & !", "fire:*|", "fire + {doors}"):
        response = await as_charlie.get("/knowledge/search", params={"q": query})
        assert response.status_code == 200
        assert "Fire doors" in titles(response)[0], query
    assert "0 results" not in (await as_charlie.get("/knowledge/search?q=")).text


async def test_results_filter_by_kind_and_space(as_charlie, spaces):
    await indexed_page(spaces["open"], "First aid kit", "Where the first aid kit hangs.")
    await indexed_page(spaces["safety"], "First aid training", "Who follows first aid.")
    await make_document(spaces["safety"], "First aid poster", "first aid steps")
    course = (await Course.insert(Course(title="First aid basics", published=True, created_at=clock.now())))[0]["id"]
    await index_course(course)
    everything = await as_charlie.get("/knowledge/search?q=first+aid")
    assert len(titles(everything)) == 4
    assert f'href="/courses/{course}"' in everything.text
    pages = await as_charlie.get("/knowledge/search?q=first+aid&kind=page")
    assert sorted(titles(pages)) == ["First aid kit", "First aid training"]
    courses = await as_charlie.get("/knowledge/search?q=first+aid&kind=course")
    assert titles(courses) == ["First aid basics"]
    safety = await as_charlie.get(f"/knowledge/search?q=first+aid&space={spaces['safety']}")
    assert sorted(titles(safety)) == ["First aid poster", "First aid training"]
    both = await as_charlie.get(f"/knowledge/search?q=first+aid&space={spaces['safety']}&kind=document")
    assert titles(both) == ["First aid poster"]
    assert (await as_charlie.get("/knowledge/search?q=first+aid&kind=nonsense&space=x")).status_code == 200


async def test_counting_stops_past_a_limit_and_the_best_still_come_first(as_charlie, spaces, monkeypatch):
    monkeypatch.setattr(search_results, "MAX_COUNTED", 3)
    for n in range(4):
        await indexed_page(spaces["open"], f"Procedure {n}", "A procedure among many.")
    await indexed_page(spaces["open"], "Handover", "The procedure once.")
    page = await as_charlie.get("/knowledge/search?q=procedure")
    assert "More than 3 results: the best come first." in page.text
    assert len(titles(page)) == 5 and titles(page)[-1] == "Handover"  # all found, title matches first
    exact = await as_charlie.get("/knowledge/search?q=handover")
    assert "1 result" in exact.text


async def test_a_search_never_reveals_a_page_or_document_the_searcher_may_not_read(as_charlie, as_alice, spaces):
    await indexed_page(spaces["hr"], "Salary bands 2026", "Confidential salary bands.")
    await make_document(spaces["hr"], "Salary review", "salary")
    for number in range(30):  # more than a page of readable results, so paging cannot hide a leak
        await indexed_page(spaces["open"], f"Salary slip help {number}", "Where to find your salary slip.")
    first = await as_charlie.get("/knowledge/search?q=salary")
    assert "30 results" in first.text
    later = await as_charlie.get("/knowledge/search?q=salary&page=2")
    seen = titles(first) + titles(later)
    assert len(seen) == 30 and not any("band" in t or "review" in t for t in seen)
    assert "0 results" in (await as_charlie.get(f"/knowledge/search?q=salary&space={spaces['hr']}")).text
    assert "HR" not in re.findall(r"<option[^>]*>([^<]*)</option>", first.text)
    everything = await as_alice.get("/knowledge/search?q=salary+bands")
    assert titles(everything) == ["Salary bands 2026"]


async def test_deleted_pages_documents_and_unpublished_courses_are_not_found(as_charlie, spaces):
    page = await indexed_page(spaces["open"], "Ladder safety", "Ladders")
    document = await make_document(spaces["open"], "Ladder checklist", "ladder")
    course = (await Course.insert(Course(title="Ladder course", published=False, created_at=clock.now())))[0]["id"]
    await index_course(course)
    assert sorted(titles(await as_charlie.get("/knowledge/search?q=ladder"))) == ["Ladder checklist", "Ladder safety"]
    now = clock.now()
    await Page.update({Page.deleted_at: now}).where(Page.id == page)
    await Document.update({Document.deleted_at: now}).where(Document.id == document)
    await Course.update({Course.published: True}).where(Course.id == course)
    await index_page(page)
    await index_document(document)
    await index_course(course)
    assert titles(await as_charlie.get("/knowledge/search?q=ladder")) == ["Ladder course"]


async def test_a_page_saved_again_is_found_by_its_new_words(as_charlie, spaces):
    page = await indexed_page(spaces["open"], "Parking", "Park at the back.")
    await Page.update({Page.title: "Bicycle shed", Page.body: "Bicycles go in the shed."}).where(Page.id == page)
    await index_page(page)
    assert titles(await as_charlie.get("/knowledge/search?q=bicycle")) == ["Bicycle shed"]
    assert titles(await as_charlie.get("/knowledge/search?q=parking")) == []
    await Page.delete().where(Page.id == page)
    await index_page(page)
    assert await SearchEntry.count() == 0


async def test_reindex_rebuilds_every_entry(as_charlie, spaces):
    await make_page(spaces["open"], "Onboarding handbook", "Welcome **aboard**")
    await Course.insert(Course(title="Onboarding course", published=True, created_at=clock.now()))
    assert titles(await as_charlie.get("/knowledge/search?q=onboarding")) == []
    assert await reindex_all() == 2
    response = await as_charlie.get("/knowledge/search?q=aboard")
    assert titles(response) == ["Onboarding handbook"]
    assert "Welcome <mark>aboard</mark>" in response.text  # Markdown marks are not searched or shown


async def test_lms_reindex_rebuilds_the_index_from_the_command_line(as_charlie, spaces):
    await make_page(spaces["open"], "Forklift licence", "Renew it every five years.")
    result = subprocess.run([sys.executable, "-m", "lms.cli", "reindex"], capture_output=True, text=True,
                            env=os.environ.copy(), timeout=120)
    assert result.returncode == 0, result.stderr
    assert "1 entries" in result.stdout
    assert titles(await as_charlie.get("/knowledge/search?q=forklift")) == ["Forklift licence"]


async def test_a_course_is_searchable_as_soon_as_it_is_published_and_follows_its_edits(as_alice, as_charlie, spaces):
    from tests.courses.test_authoring import COURSE, new_course

    course_id = await new_course(as_alice)
    assert "Ladder safety" not in (await as_charlie.get("/knowledge/search?q=ladder")).text  # a draft
    await as_alice.post(f"/admin/courses/{course_id}/publish", data={"published": "yes"})
    assert titles(await as_charlie.get("/knowledge/search?q=ladder")) == ["Ladder safety"]
    await as_alice.post(f"/admin/courses/{course_id}", data={**COURSE, "title": "Scaffold safety"})
    assert titles(await as_charlie.get("/knowledge/search?q=scaffold")) == ["Scaffold safety"]
    assert titles(await as_charlie.get("/knowledge/search?q=ladder")) == []


async def test_competencies_and_colleagues_are_found_on_the_first_page(as_charlie, spaces, org):
    from lms.competencies.tables import Competency, CompetencyArea

    area = CompetencyArea(name="Logistics")
    await area.save()
    forklift = Competency(area=area.id, name="Forklift driving", description="Safe reach trucks")
    await forklift.save()
    page = (await as_charlie.get("/knowledge/search?q=forklift")).text
    assert f'href="/competencies/{forklift.id}">Forklift driving</a>' in page and "who knows this" in page
    page = (await as_charlie.get("/knowledge/search?q=dave")).text
    assert 'href="mailto:dave@example.org">Dave Test</a>' in page
    from lms.people.tables import Employee

    await Employee.update({Employee.active: False}).where(Employee.id == org["dave"].id)
    assert "Dave Test" not in (await as_charlie.get("/knowledge/search?q=dave")).text  # left the organisation
    assert "Forklift driving" not in (await as_charlie.get("/knowledge/search?q=forklift&kind=page")).text


async def test_a_page_and_its_index_entry_are_saved_together_or_not_at_all(as_charlie, spaces):
    """The index is written in the page's own transaction: when indexing fails, the page is not saved
    either, so a crash between the two can never leave a page the search does not know."""
    from lms.knowledge import pages

    async def index_breaks(page_id: int) -> None:
        raise RuntimeError("the index is gone")

    pages.on_page_saved.append(index_breaks)
    try:
        with pytest.raises(RuntimeError):
            await pages.create_page(await _charlie(as_charlie), spaces["open"], "Lost page", "text")
    finally:
        pages.on_page_saved.remove(index_breaks)
    assert not await Page.exists().where(Page.title == "Lost page")
    assert not await SearchEntry.exists().where(SearchEntry.title == "Lost page")


async def _charlie(client):
    from lms.people.sessions import signed_in_employee
    from lms.web.auth import SESSION_COOKIE

    return await signed_in_employee(client.cookies.get(SESSION_COOKIE))


async def test_colleagues_match_every_word_in_name_order_and_never_across_two_people(org):
    from lms.people.accounts import colleagues_named
    from lms.people.tables import Employee

    for first, last in (("Zoe", "Peeters"), ("Anna", "Peeters"), ("Peter", "Anna"), ("Bram", "Zoet")):
        await Employee.insert(Employee(email=f"{first}.{last}@example.org".lower(), first_name=first, last_name=last,
                                       role="employee", language="en", password_hash="x", active=True))

    def names(rows):
        return [f"{row['first_name']} {row['last_name']}" for row in rows]

    assert names(await colleagues_named("peeters")) == ["Anna Peeters", "Zoe Peeters"]  # by last name, then first
    assert names(await colleagues_named("PEETERS zoe")) == ["Zoe Peeters"]
    assert names(await colleagues_named("anna")) == ["Peter Anna", "Anna Peeters"]
    assert names(await colleagues_named("anna", limit=1)) == ["Peter Anna"]
    assert await colleagues_named("zoe anna") == []  # the words of two people are not one person's
    assert await colleagues_named("\0") == []
    assert names(await colleagues_named("dave")) == ["Dave Test"]
