"""Certificates with expiry, their public verification, and the evaluation after completing."""
from datetime import date, timedelta

import pytest

from lms import clock
from lms.courses.catalogue import shared_rows
from lms.courses.certificates import add_months
from lms.courses.learning import complete_enrolment, enrol
from lms.courses.tables import Certificate, Course, Evaluation
from tests.conftest import signed_in_client
from tests.helpers import kept_a_minute as keeping


async def completed(course, person) -> Certificate:
    enrolment_id = await enrol(person.id, course["course"].id)
    await complete_enrolment(enrolment_id, score=90)
    return await Certificate.objects().get(Certificate.employee == person.id)


def test_months_are_added_as_a_calendar_does():
    assert add_months(date(2026, 1, 31), 1) == date(2026, 2, 28)
    assert add_months(date(2024, 1, 31), 1) == date(2024, 2, 29)
    assert add_months(date(2026, 11, 22), 12) == date(2027, 11, 22)
    assert add_months(date(2026, 3, 15), 14) == date(2027, 5, 15)


async def test_a_certificate_expires_after_the_course_validity(course, org):
    certificate = await completed(course, org["charlie"])
    today = clock.now().date()
    assert certificate.issued_on == today
    assert certificate.expires_on == add_months(today, 12)


async def test_completing_twice_issues_one_certificate(course, org):
    enrolment_id = await enrol(org["charlie"].id, course["course"].id)
    assert await complete_enrolment(enrolment_id)
    assert not await complete_enrolment(enrolment_id)
    assert await Certificate.count() == 1


async def test_anyone_can_verify_a_certificate_without_signing_in(client, course, org):
    certificate = await completed(course, org["charlie"])
    page = await client.get(f"/verify/{certificate.code.lower()}")
    assert page.status_code == 200
    assert "genuine and valid" in page.text and "Charlie Test" in page.text and "Fire safety basics" in page.text
    form = await client.get(f"/verify?code={certificate.code}")
    assert form.status_code == 303


async def test_an_unknown_or_expired_code_says_so(client, course, org):
    page = await client.get("/verify/NOPE-NOPE-NOPE")
    assert page.status_code == 404
    assert "No certificate has the code" in page.text
    certificate = await completed(course, org["charlie"])
    clock.travel(timedelta(days=400))
    assert "This certificate has expired." in (await client.get(f"/verify/{certificate.code}")).text


async def test_the_pdf_is_for_the_owner_their_manager_and_l_and_d(as_charlie, as_bob, as_alice, make_client, course, org):
    from tests.helpers import sign_in

    certificate = await completed(course, org["charlie"])
    url = f"/certificates/{certificate.code}/pdf"
    for client in (as_charlie, as_bob, as_alice):
        response = await client.get(url)
        assert response.status_code == 200
        assert response.content.startswith(b"%PDF")
        assert response.headers["content-disposition"].startswith("attachment;")
    erin = make_client()
    await sign_in(erin, "erin@example.org")
    assert (await erin.get(url)).status_code == 403


async def test_every_name_prints_as_written_on_the_certificate_and_the_record(as_charlie, course, org):
    import io

    from pypdf import PdfReader

    from lms.people.tables import Employee

    await Employee.update({Employee.first_name: "Łucja", Employee.last_name: "Dvořák-Şahin 't Hooft"}).where(
        Employee.id == org["charlie"].id)
    certificate = await completed(course, org["charlie"])
    for url in (f"/certificates/{certificate.code}/pdf", "/me/learning.pdf"):
        response = await as_charlie.get(url)
        assert response.status_code == 200
        text = "".join(page.extract_text() for page in PdfReader(io.BytesIO(response.content)).pages)
        assert "Łucja Dvořák-Şahin 't Hooft" in text, url
    await Employee.update({Employee.last_name: "Łukasz 😀"}).where(Employee.id == org["charlie"].id)
    assert (await as_charlie.get(f"/certificates/{certificate.code}/pdf")).status_code == 200  # no glyph: no crash


async def test_the_evaluation_comes_after_completion_and_only_once(as_charlie, course, org):
    url = f"/courses/{course['course'].id}/evaluation"
    answers = {"rating": "5", "relevance": "4", "recommend": "yes", "comment": "Short and useful"}
    assert (await as_charlie.post(url, data=answers)).status_code == 404  # not completed yet
    await completed(course, org["charlie"])
    page = await as_charlie.get(f"/courses/{course['course'].id}/completed")
    assert "How was it?" in page.text and "Download PDF" in page.text
    assert (await as_charlie.post(url, data=answers)).status_code == 303
    evaluation = await Evaluation.objects().first()
    assert (evaluation.rating, evaluation.relevance, evaluation.recommend) == (5, 4, True)
    assert (await as_charlie.post(url, data=answers)).status_code == 409
    detail = await as_charlie.get(f"/courses/{course['course'].id}")
    assert "Short and useful" in detail.text and "★ 5.0" in detail.text


async def test_a_bad_evaluation_names_the_field(as_charlie, course, org):
    await completed(course, org["charlie"])
    url = f"/courses/{course['course'].id}/evaluation"
    response = await as_charlie.post(url, data={"rating": "9", "relevance": "4", "recommend": "maybe",
                                               "comment": "x" * 2001})
    assert response.status_code == 200
    assert "Overall rating: choose one of the options." in response.text
    assert "Would you recommend it: choose one of the options." in response.text
    assert "Comment can be at most 2000 characters." in response.text
    assert await Evaluation.count() == 0


async def test_colleagues_who_followed_it_show_on_the_course_page(as_charlie, course, org):
    await completed(course, org["dave"])
    page = await as_charlie.get(f"/courses/{course['course'].id}")
    assert "Dave Test" in page.text
    assert "level 2" in page.text and "Fire safety" in page.text


async def test_a_course_with_no_validity_never_expires(course, org):
    await Course.update({Course.validity_months: 0}).where(Course.id == course["course"].id)
    certificate = await completed(course, org["charlie"])
    assert certificate.expires_on is None


async def test_l_and_d_reads_evaluations_with_averages(as_alice, as_charlie, as_bob, course, org):
    for person, rating, recommend in (("charlie", 5, "yes"), ("dave", 3, "no")):
        enrolment_id = await enrol(org[person].id, course["course"].id)
        await complete_enrolment(enrolment_id)
        await Evaluation.insert(Evaluation(enrolment=enrolment_id, rating=rating, relevance=4,
                                           recommend=recommend == "yes", comment=f"{person} says hi",
                                           created_at=clock.now()))
    page = await as_alice.get(f"/admin/evaluations?course={course['course'].id}")
    assert "★ 4.0" in page.text and "50%" in page.text
    assert "charlie says hi" in page.text and "dave says hi" in page.text
    assert (await as_charlie.get("/admin/evaluations")).status_code == 403
    assert (await as_bob.get("/admin/evaluations")).status_code == 403


async def test_no_evaluations_yet_is_explained(as_alice, org):
    assert "No evaluations yet." in (await as_alice.get("/admin/evaluations")).text


@pytest.fixture
def kept_a_minute(monkeypatch):
    """What the course page shows alike to everyone, kept as in production (the tests keep nothing)."""
    yield from keeping(monkeypatch, shared_rows)


async def test_a_kept_course_page_shows_the_viewers_own_evaluation_at_once(kept_a_minute, as_charlie, course, org):
    course_url = f"/courses/{course['course'].id}"
    await completed(course, org["charlie"])
    assert "Short and useful" not in (await as_charlie.get(course_url)).text
    await Course.update({Course.summary: "Changed behind the editor's back"}).where(Course.id == course["course"].id)
    assert "Changed behind the editor" not in (await as_charlie.get(course_url)).text  # a minute at most behind
    answers = {"rating": "5", "relevance": "4", "recommend": "yes", "comment": "Short and useful"}
    assert (await as_charlie.post(f"{course_url}/evaluation", data=answers)).status_code == 303
    page = (await as_charlie.get(course_url)).text
    assert "Short and useful" in page and "★ 5.0" in page and "Changed behind the editor" in page


async def test_a_kept_course_page_leaves_out_its_viewer_and_keeps_drafts_from_learners(
        kept_a_minute, as_charlie, as_alice, course, org, make_client):
    await completed(course, org["dave"])
    await completed(course, org["charlie"])
    as_dave = await signed_in_client(make_client, "dave@example.org")
    course_url = f"/courses/{course['course'].id}"
    charlies, daves = (await as_charlie.get(course_url)).text, (await as_dave.get(course_url)).text
    assert "Dave Test" in charlies and "Charlie Test" not in charlies
    assert "Charlie Test" in daves and "Dave Test" not in daves
    await Course.update({Course.published: False}).where(Course.id == course["course"].id)
    shared_rows.clear()  # as the course editor does when it saves
    assert (await as_alice.get(course_url)).status_code == 200  # L&D previews the draft, and it is kept
    assert (await as_charlie.get(course_url)).status_code == 404


async def last_change(person):
    from lms.people.tables import UserSession

    rows = await UserSession.select(UserSession.wrote_at).where(UserSession.employee == person.id)
    return max((row["wrote_at"] for row in rows if row["wrote_at"]), default=None)


async def test_a_refusal_does_not_mark_a_change_a_progress_report_does_and_a_lesson_edit_shows_at_once(
        kept_a_minute, as_charlie, as_alice, course, org):
    course_id, video = course["course"].id, course["video"].id
    await as_charlie.post(f"/courses/{course_id}/enrol")
    enrolled = await last_change(org["charlie"])
    assert enrolled is not None
    refused = await as_charlie.post(f"/admin/courses/{course_id}/lessons/text", data={"lesson_title": "Mine"})
    assert refused.status_code == 403 and await last_change(org["charlie"]) == enrolled
    report = await as_charlie.post(f"/courses/{course_id}/lessons/{video}/progress",
                                   data={"position": "5", "ended": "0", "played": "0-5"})
    assert report.status_code == 200 and await last_change(org["charlie"]) > enrolled  # kept pages show progress
    await as_charlie.get(f"/courses/{course_id}")  # kept from here on
    added = await as_alice.post(f"/admin/courses/{course_id}/lessons/text",
                                data={"lesson_title": "Where the assembly point is", "lesson_body": "Behind hall B."})
    assert added.status_code == 303 and await last_change(org["alice"]) is not None
    assert "Where the assembly point is" in (await as_charlie.get(f"/courses/{course_id}")).text  # cleared on save
