"""The team and L&D overviews are kept a minute per process (as in production; the tests' default
keeps nothing): the same page for the same scope is computed once, someone else's change shows
within the minute, and the viewer's own change shows at once, on any worker."""
from datetime import timedelta

import pytest

from lms import clock
from lms.courses.tables import Enrolment
from lms.people.tables import UserSession
from lms.reports.routes import overviews
from tests.conftest import signed_in_client
from tests.helpers import kept_a_minute as keeping
from tests.reports.overview_org import compliance_cells, matrix_cells
from tests.reports.test_compliance import certificate, made  # noqa: F401 (the fixture)


@pytest.fixture
def kept_a_minute(monkeypatch):
    yield from keeping(monkeypatch, overviews.kept_pages)


async def test_a_kept_page_never_hides_what_the_viewer_just_did(kept_a_minute, as_bob, made, org):
    frank_before = ["valid", "missing", "valid"]
    assert compliance_cells((await as_bob.get("/team/compliance")).text)["Adams, Frank"] == frank_before
    await certificate(made["frank"].id, made["aid"], -1, 364, "F3")  # someone else's change: not yet shown
    assert compliance_cells((await as_bob.get("/team/compliance")).text)["Adams, Frank"] == frank_before

    due = (clock.now().date() + timedelta(days=14)).isoformat()
    response = await as_bob.post("/assign", data={"course": str(made["aid"].id), "person": str(org["charlie"].id),
                                                  "due_date": due, "back": "/team/compliance"})
    assert response.status_code == 303
    marked = await UserSession.select(UserSession.wrote_at).where(UserSession.employee == org["bob"].id)
    assert [row["wrote_at"] is not None for row in marked] == [True]
    page = (await as_bob.get("/team/compliance")).text  # Bob's own change: computed afresh, with both
    assert compliance_cells(page)["Adams, Frank"] == ["valid", "valid", "valid"]
    assert "following it · due" in page


async def test_a_kept_page_is_only_ever_shown_for_its_own_scope(kept_a_minute, as_bob, as_alice, made, make_client):
    bobs = compliance_cells((await as_bob.get("/team/compliance")).text)
    as_erin = await signed_in_client(make_client, "erin@example.org")
    erins = compliance_cells((await as_erin.get("/team/compliance")).text)
    assert set(bobs) == {"Adams, Frank", "Test, Charlie", "Zeller, Gina"} and set(erins) == {"Test, Dave"}
    everyone = compliance_cells((await as_alice.get("/admin/reports/compliance")).text)
    sales = compliance_cells((await as_alice.get(f"/admin/reports/compliance?department={made['sales'].id}")).text)
    assert set(sales) == {"Zeller, Gina"} and len(everyone) > len(sales)
    assert set(matrix_cells((await as_erin.get("/team/matrix")).text)) == {"Test, Dave"}
    assert set(matrix_cells((await as_bob.get("/team/matrix")).text)) == set(bobs)


async def test_a_change_is_answered_even_when_noting_it_fails(kept_a_minute, as_bob, made, org, monkeypatch, caplog):
    from lms.web import auth

    async def broken(session: str) -> None:
        raise RuntimeError("the sessions table is locked")

    monkeypatch.setattr(auth, "note_change", broken)
    due = (clock.now().date() + timedelta(days=14)).isoformat()
    response = await as_bob.post("/assign", data={"course": str(made["aid"].id), "person": str(org["charlie"].id),
                                                  "due_date": due, "back": "/team/compliance"})
    assert response.status_code == 303 and "could not note a session's change" in caplog.text
    assert await Enrolment.exists().where(Enrolment.employee == org["charlie"].id, Enrolment.course == made["aid"].id)
