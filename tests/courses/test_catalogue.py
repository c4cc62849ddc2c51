"""The catalogue and the home page in rows, search and filters."""
import asyncio

import pytest

from lms import clock
from lms.courses.catalogue import shared_rows
from lms.courses.learning import enrol
from lms.courses.tables import Course, Lesson, LessonProgress


async def add_course(title, **fields) -> Course:
    course = Course(title=title, summary=fields.pop("summary", ""), published=fields.pop("published", True),
                    created_at=clock.now(), **fields)
    await course.save()
    return course


async def test_the_catalogue_shows_rows_and_explains_an_empty_catalogue(as_charlie, org):
    page = await as_charlie.get("/catalogue")
    assert "The catalogue is empty for now." in page.text
    await add_course("Excel in 5 minutes", minutes=5)
    page = await as_charlie.get("/catalogue")
    assert "Excel in 5 minutes" in page.text and "New" in page.text


async def test_drafts_stay_out_of_the_catalogue(as_charlie, as_alice, org):
    draft = await add_course("Secret draft", published=False)
    assert "Secret draft" not in (await as_charlie.get("/catalogue?q=secret")).text
    assert (await as_charlie.get(f"/courses/{draft.id}")).status_code == 404
    assert "Draft: only L&D sees this course." in (await as_alice.get(f"/courses/{draft.id}")).text


async def test_it_searches_words_and_filters(as_charlie, org):
    await add_course("Excel basics", summary="Spreadsheets for beginners", minutes=5, language="en")
    await add_course("Excel voor gevorderden", minutes=45, language="nl")
    await add_course("Forklift licence", format="classroom", minutes=480, mandatory=True)
    assert "2 courses" in (await as_charlie.get("/catalogue?q=excel")).text
    assert "Excel basics" in (await as_charlie.get("/catalogue?q=spreadsheets")).text
    only_short = await as_charlie.get("/catalogue?q=excel&length=5")
    assert "Excel basics" in only_short.text and "gevorderden" not in only_short.text
    dutch = await as_charlie.get("/catalogue?language=nl")
    assert "gevorderden" in dutch.text and "Excel basics" not in dutch.text
    mandatory = await as_charlie.get("/catalogue?mandatory=true")
    assert "Forklift licence" in mandatory.text and "1 course" in mandatory.text
    classroom = await as_charlie.get("/catalogue?format=classroom")
    assert "Forklift licence" in classroom.text and "Excel" not in classroom.text
    nothing = await as_charlie.get("/catalogue?q=astrophysics")
    assert "No course matches." in nothing.text


async def test_the_search_answers_htmx_with_the_results_only(as_charlie, org):
    await add_course("Excel basics")
    response = await as_charlie.get("/catalogue?q=excel", headers={"HX-Request": "true",
                                                                   "HX-Target": "catalogue-results"})
    assert response.text.lstrip().startswith('<div id="catalogue-results">')


async def test_unknown_filter_values_are_ignored_not_a_crash(as_charlie, org):
    page = await as_charlie.get("/catalogue?format=hologram&language=xx&length=forever")
    assert page.status_code == 200
    assert (await as_charlie.get("/catalogue?page=abc")).status_code == 400


async def test_home_shows_continue_required_and_new(as_charlie, org):
    home = await as_charlie.get("/")
    assert "Courses you have started appear here" in home.text
    started = await add_course("Started course")
    await add_course("Mandatory safety", mandatory=True)
    assigned = await add_course("Assigned course")
    enrolment_id = await enrol(org["charlie"].id, started.id)
    lesson = Lesson(course=started.id, title="One", kind="text")
    await lesson.save()
    await LessonProgress.insert(LessonProgress(enrolment=enrolment_id, lesson=lesson.id, updated_at=clock.now()))
    await enrol(org["charlie"].id, assigned.id, source="assigned", due_date=clock.now().date())
    home = await as_charlie.get("/")
    continue_row = home.text.split('id="continue"')[1].split("</section>")[0]
    required_row = home.text.split('id="required"')[1].split("</section>")[0]
    assert "Started course" in continue_row and "Assigned course" not in continue_row
    assert "Mandatory safety" in required_row and "Assigned course" in required_row and "Due " in required_row


async def test_the_course_page_offers_a_request_for_costed_training(as_charlie, org):
    course = await add_course("Project management (PMP)", route="external_provider", cost_cents=125000,
                              provider="Acme Academy")
    page = await as_charlie.get(f"/courses/{course.id}")
    assert "Request this training" in page.text and "Acme Academy" in page.text


async def test_enrolling_twice_is_a_clear_409(as_charlie, org):
    course = await add_course("Book club")
    assert (await as_charlie.post(f"/courses/{course.id}/enrol")).status_code == 303
    second = await as_charlie.post(f"/courses/{course.id}/enrol")
    assert second.status_code == 409
    assert "You are already enrolled in this course." in second.text


async def test_the_catalogue_requires_login(client):
    assert (await client.get("/catalogue")).status_code == 303
    assert (await client.get("/courses/1")).status_code == 303


@pytest.fixture
def kept_a_minute(monkeypatch):
    """The shared rows kept as in production (the tests' default keeps nothing), and forgotten after."""
    monkeypatch.setattr(shared_rows, "seconds", 60)
    shared_rows.clear()
    yield
    shared_rows.clear()


async def test_the_shared_rows_are_computed_once_for_many_visitors_and_renewed_on_save(
        as_charlie, as_alice, org, kept_a_minute):
    """Two hundred people opening the catalogue at once cost one query for its shared rows, and a
    course L&D saves shows at once."""
    computed = []

    async def newest() -> list[str]:
        computed.append(1)
        await asyncio.sleep(0.01)
        return ["Excel"]

    answers = await asyncio.gather(*(shared_rows.get("probe", newest) for _ in range(200)))
    assert answers == [["Excel"]] * 200 and len(computed) == 1
    await add_course("Excel in 5 minutes", minutes=5)
    shared_rows.clear()  # saved behind the course editor's back, which clears it on every save
    assert "Excel in 5 minutes" in (await as_charlie.get("/catalogue")).text
    await Course.update({Course.title: "Excel in 4 minutes"}).where(Course.title == "Excel in 5 minutes")
    assert "Excel in 5 minutes" in (await as_charlie.get("/catalogue")).text  # a minute at most behind
    course = await Course.objects().get(Course.title == "Excel in 4 minutes")
    await as_alice.get(f"/admin/courses/{course.id}/edit")
    await as_alice.post(f"/admin/courses/{course.id}/publish", data={"published": "no"})
    assert "Excel in 4 minutes" not in (await as_charlie.get("/catalogue")).text  # the editor's save clears it


def test_a_card_escapes_what_l_and_d_typed_and_shows_each_state():
    from datetime import date

    from lms import i18n
    from lms.courses.cards import card

    course = {"id": 7, "title": '<img src=x onerror=alert(1)>"', "cover": None, "format": "online", "minutes": 95,
              "mandatory": True}
    html = card(course, None)
    assert "<img src=x" not in html and "&lt;img src=x onerror=alert(1)&gt;&#34;" in html
    assert 'href="/courses/7"' in html and "1 h 35 min" in html and ">Mandatory<" in html and "<progress" not in html
    assert '<progress max="100" value="40"' in card(course, 40) and ">Completed<" in card(course, 100)
    renewal = card({**course, "renew": True, "due_date": date(2027, 1, 5)}, 100)
    assert f"Renew: valid until {i18n.day(date(2027, 1, 5))}" in renewal and "Completed" not in renewal
    token = i18n.current_language.set("nl")
    try:
        assert "Verplicht" in card(course, None) and "Mandatory" in html  # kept per language
    finally:
        i18n.current_language.reset(token)
