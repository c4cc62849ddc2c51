"""Answers kept a minute per session (as in production; the tests' default keeps nothing): a page seen
a moment ago is answered from memory, the viewer's own change shows at once, and a kept answer never
reaches another session, a role it was not for, or a session that ended."""
import pytest

from lms.courses.learning import enrol
from lms.courses.tables import Course
from lms.people.tables import Employee
from lms.web import kept_answers
from tests.conftest import signed_in_client
from tests.helpers import kept_a_minute as keeping, sign_in


@pytest.fixture
def kept_a_minute(monkeypatch):
    yield from keeping(monkeypatch, kept_answers.answers)


async def summary_behind_the_back(course, summary: str) -> None:
    await Course.update({Course.summary: summary}).where(Course.id == course["course"].id)


async def test_a_page_seen_a_moment_ago_is_kept_until_the_viewer_changes_something(kept_a_minute, as_charlie, course):
    course_url = f"/courses/{course['course'].id}"
    assert "Prevent, spot and fight" in (await as_charlie.get(course_url)).text
    await summary_behind_the_back(course, "Changed behind the editor's back")
    assert "Prevent, spot and fight" in (await as_charlie.get(course_url)).text  # a minute at most behind
    assert (await as_charlie.post(f"{course_url}/enrol")).status_code == 303
    page = (await as_charlie.get(course_url)).text
    assert "Changed behind the editor" in page and "Prevent, spot and fight" not in page


async def test_a_kept_answer_is_only_for_its_own_session(kept_a_minute, as_charlie, course, org, make_client):
    course_url = f"/courses/{course['course'].id}"
    await as_charlie.get(course_url)
    await as_charlie.get("/")
    await summary_behind_the_back(course, "Changed behind the editor's back")
    charlie_elsewhere = await signed_in_client(make_client, "charlie@example.org")
    assert "Changed behind the editor" in (await charlie_elsewhere.get(course_url)).text
    as_dave = await signed_in_client(make_client, "dave@example.org")
    daves_home = (await as_dave.get("/")).text
    assert 'data-person="%d"' % org["dave"].id in daves_home and "Charlie" not in daves_home


async def test_a_role_taken_away_or_a_session_ended_never_reaches_a_kept_answer(kept_a_minute, as_bob, as_charlie, org):
    assert (await as_bob.get("/team/matrix")).status_code == 200
    await Employee.update({Employee.role: "employee"}).where(Employee.id == org["bob"].id)
    assert (await as_bob.get("/team/matrix")).status_code == 403

    assert (await as_charlie.get("/")).status_code == 200
    await Employee.update({Employee.active: False}).where(Employee.id == org["charlie"].id)
    assert (await as_charlie.get("/")).status_code != 200


async def test_after_signing_out_the_next_person_on_that_browser_gets_their_own_pages(kept_a_minute, as_charlie, org):
    csrf = as_charlie.cookies["lms_csrf"]
    assert 'data-person="%d"' % org["charlie"].id in (await as_charlie.get("/")).text
    assert (await as_charlie.post("/sign-out")).status_code == 303
    assert (await as_charlie.get("/")).status_code != 200
    await sign_in(as_charlie, "dave@example.org")
    assert as_charlie.cookies["lms_csrf"] == csrf  # the same browser: only the person tells the pages apart
    home = (await as_charlie.get("/")).text
    assert 'data-person="%d"' % org["dave"].id in home and 'data-person="%d"' % org["charlie"].id not in home


async def test_only_a_plain_success_is_kept(kept_a_minute, as_charlie, course, org):
    lesson_url = f"/courses/{course['course'].id}/lessons/{course['text'].id}"
    assert (await as_charlie.get(lesson_url)).status_code == 303  # not enrolled: sent to the course page
    await enrol(org["charlie"].id, course["course"].id)  # behind the back: the redirect was not kept
    assert "Pull, aim, squeeze." in (await as_charlie.get(lesson_url)).text


async def test_the_players_progress_shows_on_the_kept_lesson_at_once(kept_a_minute, as_charlie, course):
    course_id, video = course["course"].id, course["video"].id
    await as_charlie.post(f"/courses/{course_id}/enrol")
    lesson_url = f"/courses/{course_id}/lessons/{video}"
    assert 'data-resume="0' in (await as_charlie.get(lesson_url)).text
    report = await as_charlie.post(f"{lesson_url}/progress", data={"position": "12", "ended": "0", "played": "0-12"})
    assert report.status_code == 200
    assert 'data-resume="12' in (await as_charlie.get(lesson_url)).text


async def test_a_partial_and_the_whole_page_are_kept_apart(kept_a_minute, as_charlie, course):
    whole = (await as_charlie.get("/catalogue?q=fire")).text
    partial = (await as_charlie.get("/catalogue?q=fire", headers={"hx-request": "true",
                                                                   "hx-target": "catalogue-results"})).text
    assert "<html" in whole and "<html" not in partial and "Fire safety basics" in partial


async def test_pages_that_do_not_opt_in_are_never_kept(kept_a_minute, as_alice, course):
    editor = f"/admin/courses/{course['course'].id}/edit"
    assert "Prevent, spot and fight" in (await as_alice.get(editor)).text
    await summary_behind_the_back(course, "Changed behind the editor's back")
    assert "Changed behind the editor" in (await as_alice.get(editor)).text


def answer(status: int = 200, headers=(), body: bytes = b"x", *more: dict) -> kept_answers.Answer:
    return kept_answers.Answer(({"type": "http.response.start", "status": status, "headers": list(headers)},
                                {"type": "http.response.body", "body": body}, *more))


def test_a_large_streamed_or_cookie_setting_answer_is_not_kept():
    assert answer(200, [(b"content-type", b"text/html")]).keepable
    assert not answer(200, [(b"Set-Cookie", b"a=b")]).keepable
    assert not answer(200, [], b"x" * (kept_answers.MAX_BODY + 1)).keepable
    assert not answer(404).keepable
    assert not answer(200, [], b"", {"type": "http.response.pathsend", "path": "/etc/hostname"}).keepable


async def test_a_kept_answer_goes_out_with_its_headers_and_a_course_edit_lets_it_go(
        kept_a_minute, as_charlie, as_alice, course):
    course_url = f"/courses/{course['course'].id}"
    first = await as_charlie.get(course_url, headers={"accept-encoding": "gzip"})
    await summary_behind_the_back(course, "Changed behind the editor's back")
    again = await as_charlie.get(course_url, headers={"accept-encoding": "gzip"})
    assert again.content == first.content and "Prevent, spot and fight" in again.text
    for response in (first, again):
        assert response.headers["content-encoding"] == "gzip"
        assert response.headers["x-frame-options"] == "DENY" and "content-security-policy" in response.headers
    added = await as_alice.post(f"/admin/courses/{course['course'].id}/lessons/text",
                                data={"lesson_title": "Where the assembly point is", "lesson_body": "Behind hall B."})
    assert added.status_code == 303
    page = (await as_charlie.get(course_url, headers={"accept-encoding": "gzip"})).text
    assert "Where the assembly point is" in page and "Changed behind the editor" in page


async def test_an_answer_that_sets_the_csrf_cookie_is_not_kept(kept_a_minute, as_charlie, course):
    course_url = f"/courses/{course['course'].id}"
    as_charlie.cookies.delete("lms_csrf")
    first = await as_charlie.get(course_url)
    assert "lms_csrf" in first.headers.get("set-cookie", "")
    await summary_behind_the_back(course, "Changed behind the editor's back")
    as_charlie.cookies.delete("lms_csrf")
    assert "Changed behind the editor" in (await as_charlie.get(course_url)).text


async def test_a_change_made_on_another_device_shows_at_once(kept_a_minute, as_charlie, course, make_client):
    course_url = f"/courses/{course['course'].id}"
    assert "Prevent, spot and fight" in (await as_charlie.get(course_url)).text
    await summary_behind_the_back(course, "Changed behind the editor's back")
    on_the_phone = await signed_in_client(make_client, "charlie@example.org")
    assert (await on_the_phone.post(f"{course_url}/enrol")).status_code == 303
    assert "Changed behind the editor" in (await as_charlie.get(course_url)).text
