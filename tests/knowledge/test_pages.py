"""Wiki pages: write with preview, every save a revision, history and diff, restore, the edit conflict,
soft delete and restore."""

import pytest

from lms.knowledge.tables import Page, PageTag, Revision
from tests.knowledge.documents_fixtures import make_spaces


@pytest.fixture
async def spaces(org):
    return await make_spaces(org)


async def create(client, space: int, title: str, body: str = "", **extra) -> int:
    response = await client.post(f"/knowledge/spaces/{space}/pages", data={"title": title, "body": body, **extra},
                                 follow_redirects=False)
    assert response.status_code == 303, response.text
    return int(response.headers["location"].rsplit("/", 1)[1])


async def edit(client, page_id: int, version: int, **fields):
    return await client.post(f"/knowledge/pages/{page_id}/edit", data={"version": str(version), **fields},
                             follow_redirects=False)


async def test_it_requires_login(client, spaces):
    for url in ("/knowledge", f"/knowledge/spaces/{spaces['open']}", f"/knowledge/spaces/{spaces['open']}/pages/new"):
        response = await client.get(url, follow_redirects=False)
        assert response.status_code in (302, 303, 401), url
    response = await client.post("/knowledge/share/1", follow_redirects=False)
    assert response.status_code in (302, 303, 401, 403)


async def test_it_creates_a_page_with_tags_toc_and_a_parent(as_charlie, spaces):
    root = await create(as_charlie, spaces["open"], "Welcome", "# Welcome\n\nStart here.")
    child = await create(as_charlie, spaces["open"], "First day", "## Badge\n\nAt reception.\n\n## Laptop\n\nSee [[Welcome]] and [[Nowhere]].",
                         tags="Onboarding, first day, onboarding", parent=str(root))
    page = await as_charlie.get(f"/knowledge/pages/{child}")
    assert page.status_code == 200
    assert 'href="#badge"' in page.text and 'id="laptop"' in page.text
    assert f'href="/knowledge/pages/{root}">Welcome</a>' in page.text  # breadcrumb and [[Welcome]]
    assert 'class="missing-page"' in page.text and "Nowhere" in page.text
    assert [r["tag"] for r in await PageTag.select(PageTag.tag).where(PageTag.page == child).order_by(PageTag.id)] \
        == ["onboarding", "first day"]
    space = await as_charlie.get(f"/knowledge/spaces/{spaces['open']}")
    assert "First day" in space.text and "onboarding" in space.text
    home = await as_charlie.get("/knowledge")
    assert "First day" in home.text


async def test_it_previews_without_saving(as_charlie, spaces):
    response = await as_charlie.post("/knowledge/preview", data={"body": "**bold** <b>raw</b>"},
                                     headers={"HX-Request": "true"})
    assert 'id="preview"' in response.text and "<strong>bold</strong>" in response.text and "<b>" not in response.text
    response = await as_charlie.post(f"/knowledge/spaces/{spaces['open']}/pages",
                                     data={"title": "Draft", "body": "*soon*", "preview": "1"})
    assert response.status_code == 200 and "<em>soon</em>" in response.text
    assert await Page.count() == 0


async def test_it_refuses_bad_input_with_a_clear_message(as_charlie, spaces):
    url = f"/knowledge/spaces/{spaces['open']}/pages"
    response = await as_charlie.post(url, data={"title": "  ", "body": "x"})
    assert response.status_code == 200 and "Title is required." in response.text
    response = await as_charlie.post(url, data={"title": "x" * 201})
    assert "Title can be at most 200 characters." in response.text
    response = await as_charlie.post(url, data={"title": "Orphan", "parent": "999999"})
    assert "The parent page does not exist." in response.text
    response = await as_charlie.post(url, data={"title": "Orphan", "parent": "abc"})
    assert "Choose a valid parent page." in response.text
    assert await Page.count() == 0


async def test_it_refuses_a_parent_in_another_space(as_alice, spaces):
    elsewhere = await create(as_alice, spaces["hr"], "HR root")
    response = await as_alice.post(f"/knowledge/spaces/{spaces['open']}/pages", data={"title": "Child", "parent": str(elsewhere)})
    assert response.status_code == 200 and "The parent page must be in the same space." in response.text
    page = await create(as_alice, spaces["open"], "Root")
    response = await edit(as_alice, page, 1, title="Root", parent=str(page))
    assert "A page cannot be placed under itself." in response.text


async def test_every_save_is_a_revision_with_history_diff_and_restore(as_charlie, spaces):
    page = await create(as_charlie, spaces["open"], "Coffee", "Line one\nLine two")
    assert (await edit(as_charlie, page, 1, title="Coffee corner", body="Line one\nLine <two>\nLine three")).status_code == 303
    revisions = await Revision.select(Revision.version, Revision.title).where(Revision.page == page).order_by(Revision.version)
    assert revisions == [{"version": 1, "title": "Coffee"}, {"version": 2, "title": "Coffee corner"}]
    history = await as_charlie.get(f"/knowledge/pages/{page}/history")
    assert "Coffee corner" in history.text and "/revisions/1/restore" in history.text
    diff = await as_charlie.get(f"/knowledge/pages/{page}/diff?old=1&new=2")
    assert '<span class="diff-removed">-Line two</span>' in diff.text
    assert '<span class="diff-added">+Line &lt;two&gt;</span>' in diff.text
    assert '<span class="diff-added">+Line three</span>' in diff.text
    assert (await as_charlie.get(f"/knowledge/pages/{page}/diff?old=1&new=9")).status_code == 404
    await as_charlie.post(f"/knowledge/pages/{page}/revisions/1/restore")
    row = await Page.select(Page.title, Page.body, Page.version).where(Page.id == page).first()
    assert row == {"title": "Coffee", "body": "Line one\nLine two", "version": 3}
    assert await Revision.count().where(Revision.page == page) == 3


async def test_a_second_editor_sees_a_conflict_with_both_texts_and_loses_nothing(as_charlie, as_bob, spaces):
    page = await create(as_charlie, spaces["open"], "Parking", "Park behind the building.")
    for client in (as_charlie, as_bob):
        form = await client.get(f"/knowledge/pages/{page}/edit")
        assert 'name="version" value="1"' in form.text
    assert (await edit(as_charlie, page, 1, title="Parking", body="Charlie's text: level -1.")).status_code == 303
    response = await edit(as_bob, page, 1, title="Parking", body="Bob's text: the east lot.")
    assert response.status_code == 200
    assert "Someone saved this page while you were editing it" in response.text
    assert "Bob&#39;s text: the east lot." in response.text and "Charlie&#39;s text: level -1." in response.text
    assert 'name="version" value="2"' in response.text  # saving again now replaces the current text knowingly
    row = await Page.select(Page.body, Page.version).where(Page.id == page).first()
    assert row == {"body": "Charlie's text: level -1.", "version": 2}


async def test_delete_is_soft_and_the_author_or_l_and_d_restores(as_charlie, as_bob, as_alice, spaces):
    page = await create(as_charlie, spaces["open"], "Old policy", "gone soon")
    assert "Delete page" in (await as_bob.get(f"/knowledge/pages/{page}/delete")).text
    await as_bob.post(f"/knowledge/pages/{page}/delete")
    row = await Page.select(Page.deleted_at, Page.deleted_by).where(Page.id == page).first()
    assert row["deleted_at"] is not None and row["deleted_by"]
    for client in (as_charlie, as_bob, as_alice):
        assert (await client.get(f"/knowledge/pages/{page}")).status_code == 404
    assert "Old policy" in (await as_bob.get(f"/knowledge/spaces/{spaces['open']}/deleted")).text
    assert (await as_bob.post(f"/knowledge/pages/{page}/restore")).status_code == 403  # deleted it, did not write it
    assert (await as_charlie.post(f"/knowledge/pages/{page}/restore")).status_code == 303
    assert (await as_charlie.get(f"/knowledge/pages/{page}")).status_code == 200
    await as_charlie.post(f"/knowledge/pages/{page}/delete")
    assert (await as_alice.post(f"/knowledge/pages/{page}/restore")).status_code == 303
    assert (await as_alice.post(f"/knowledge/pages/{page}/restore")).status_code == 404  # not deleted any more


async def test_a_page_has_one_h1_and_labelled_task_boxes(as_charlie, spaces):
    page_id = await create(as_charlie, spaces["open"], "Checklist", "# Before you start\n\n- [ ] Badge\n- [x] Laptop")
    page = (await as_charlie.get(f"/knowledge/pages/{page_id}")).text
    assert page.count("<h1") == 1 and '<h2 id="before-you-start">Before you start</h2>' in page
    assert '<label><input class="task-list-item-checkbox" disabled="disabled" type="checkbox"> Badge</label>' in page
