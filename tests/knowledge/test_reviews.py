"""Knowledge that stays true: a page's owner and review date, the one-click confirmation, the owner
told before it lapses (once per stage), readers told when it is overdue, a space's list of reviews due."""
from datetime import timedelta

from lms import clock
from lms.knowledge.tables import Document, Page, Space, SpaceEditor
from lms.people.tables import Employee
from lms.reminders.sweep import sweep
from lms.reminders.tables import Reminder
from tests.helpers import sign_in
from tests.knowledge.documents_fixtures import make_spaces
from tests.knowledge.test_documents import PDF, upload


async def new_page(client, space: int, title: str = "Forklift check") -> int:
    await client.get(f"/knowledge/spaces/{space}/pages/new")
    response = await client.post(f"/knowledge/spaces/{space}/pages", data={"title": title, "body": "Tyres, forks."})
    assert response.status_code == 303, response.text
    return int(response.headers["location"].rsplit("/", 1)[1])


async def page_row(page_id: int) -> dict:
    return await Page.select().where(Page.id == page_id).first()


def days_to_review(row: dict) -> int:
    return (row["review_due"] - clock.now().date()).days


async def test_a_new_page_is_owned_by_its_writer_and_due_by_its_space(as_charlie, org):
    spaces = await make_spaces(org)
    await Space.update({Space.review_months: 6}).where(Space.id == spaces["safety"])
    await SpaceEditor.insert(SpaceEditor(space=spaces["safety"], employee=org["charlie"].id))
    yearly, half_yearly = await new_page(as_charlie, spaces["open"]), await new_page(as_charlie, spaces["safety"])
    assert (await page_row(yearly))["owner"] == org["charlie"].id
    assert 365 <= days_to_review(await page_row(yearly)) <= 366
    assert 181 <= days_to_review(await page_row(half_yearly)) <= 184
    view = await as_charlie.get(f"/knowledge/pages/{yearly}")
    assert "Reviewed on" in view.text and "Owner: Charlie Test" in view.text and "Still right" not in view.text


async def test_the_owner_confirms_an_overdue_page_in_one_click(as_charlie, as_bob, org):
    spaces = await make_spaces(org)
    page = await new_page(as_charlie, spaces["open"])
    clock.travel(timedelta(days=370))
    await sign_in(as_charlie, "charlie@example.org")  # sessions last 14 days
    await sign_in(as_bob, "bob@example.org")
    reader = await as_bob.get(f"/knowledge/pages/{page}")
    assert "Review overdue" in reader.text
    view = await as_charlie.get(f"/knowledge/pages/{page}")
    assert "Its review is overdue: is this page still right?" in view.text
    confirmed = await as_charlie.post(f"/knowledge/pages/{page}/reviewed")
    assert confirmed.status_code == 303 and confirmed.headers["location"].endswith("?notice=reviewed")
    assert 365 <= days_to_review(await page_row(page)) <= 366
    assert "Review overdue" not in (await as_bob.get(f"/knowledge/pages/{page}")).text


async def test_only_the_owner_editing_counts_as_a_review(as_charlie, as_bob, org):
    spaces = await make_spaces(org)
    page = await new_page(as_charlie, spaces["open"])
    clock.travel(timedelta(days=10))
    before = (await page_row(page))["review_due"]
    await as_bob.get(f"/knowledge/pages/{page}/edit")
    await as_bob.post(f"/knowledge/pages/{page}/edit", data={"title": "Forklift check", "body": "Typo fixed.",
                                                             "version": "1"})
    assert (await page_row(page))["review_due"] == before
    await as_charlie.get(f"/knowledge/pages/{page}/edit")
    await as_charlie.post(f"/knowledge/pages/{page}/edit", data={"title": "Forklift check", "body": "Checked.",
                                                                 "version": "2"})
    assert 365 <= days_to_review(await page_row(page)) <= 366


async def test_who_may_confirm_or_hand_over_a_page(as_charlie, as_bob, as_alice, org):
    spaces = await make_spaces(org)
    page = await new_page(as_bob, spaces["safety"])  # Bob is the only editor of Safety
    assert (await as_charlie.post(f"/knowledge/pages/{page}/reviewed")).status_code == 403
    assert (await as_charlie.post(f"/knowledge/pages/{page}/owner", data={"owner": "charlie@example.org"})).status_code == 403
    handed = await as_bob.post(f"/knowledge/pages/{page}/owner", data={"owner": " Charlie@Example.org "})
    assert handed.status_code == 303 and (await page_row(page))["owner"] == org["charlie"].id
    assert (await as_charlie.post(f"/knowledge/pages/{page}/reviewed")).status_code == 303  # now the owner
    assert (await as_alice.post(f"/knowledge/pages/{page}/reviewed")).status_code == 303  # L&D
    hidden = await new_page(as_alice, spaces["hr"])  # Charlie may not read HR
    assert (await as_charlie.post(f"/knowledge/pages/{hidden}/reviewed")).status_code == 404
    assert (await as_charlie.post("/knowledge/pages/999999/reviewed")).status_code == 404
    assert (await as_charlie.post("/knowledge/pages/abc/reviewed")).status_code in (400, 404)


async def test_handing_over_to_someone_unknown_says_so_by_the_field(as_bob, org):
    spaces = await make_spaces(org)
    page = await new_page(as_bob, spaces["open"])
    await Employee.update({Employee.active: False}).where(Employee.id == org["dave"].id)
    for email in ("nobody@example.org", "dave@example.org", "", "x" * 300):
        response = await as_bob.post(f"/knowledge/pages/{page}/owner", data={"owner": email})
        assert response.status_code == 400 and "No active colleague has this e-mail address." in response.text
        assert 'aria-invalid="true"' in response.text
    assert (await page_row(page))["owner"] == org["bob"].id


async def test_a_space_lists_its_reviews_due_to_those_who_edit_it(as_charlie, as_alice, org):
    spaces = await make_spaces(org)
    soon = await new_page(as_charlie, spaces["open"], "Ladder rules")
    await new_page(as_charlie, spaces["open"], "Fresh page")
    await Page.update({Page.review_due: clock.now().date() + timedelta(days=10)}).where(Page.id == soon)
    listed = await as_charlie.get(f"/knowledge/spaces/{spaces['open']}")
    assert "Reviews due" in listed.text and "Ladder rules" in listed.text.split("Reviews due")[1].split("</section>")[0]
    assert "Fresh page" not in listed.text.split("Reviews due")[1].split("</section>")[0]
    editors_only = await new_page(as_alice, spaces["safety"], "Extinguishers")  # Charlie reads Safety, Bob edits it
    await Page.update({Page.review_due: clock.now().date() - timedelta(days=1)}).where(Page.id == editors_only)
    assert "Reviews due" not in (await as_charlie.get(f"/knowledge/spaces/{spaces['safety']}")).text


async def test_l_and_d_sets_how_often_a_space_is_reviewed(as_alice, org):
    spaces = await make_spaces(org)
    form = {"name": "Handbook", "description": "", "read_department": ""}
    for bad in ("abc", "-1", "121", "1.5"):
        response = await as_alice.post(f"/knowledge/spaces/{spaces['open']}/settings", data={**form, "review_months": bad})
        assert response.status_code == 200
        assert "Review pages every (months) must be a whole number from 0 to 120." in response.text
    saved = await as_alice.post(f"/knowledge/spaces/{spaces['open']}/settings", data={**form, "review_months": "0"})
    assert saved.status_code == 303
    page = await new_page(as_alice, spaces["open"])
    assert (await page_row(page))["review_due"] is None  # this space asks no review


async def test_the_owner_is_told_a_month_before_and_once_overdue(as_charlie, org, settings, templates, mailbox):
    spaces = await make_spaces(org)
    page = await new_page(as_charlie, spaces["open"])
    await sweep(clock.now(), settings, templates)
    assert not await Reminder.exists().where(Reminder.kind == "review")
    clock.travel(timedelta(days=340))  # within a month of the date
    for _ in range(2):
        await sweep(clock.now(), settings, templates)
    assert [m["Subject"] for m in mailbox.messages] == ["Is Forklift check still right?"]
    clock.travel(timedelta(days=40))
    for _ in range(2):
        await sweep(clock.now(), settings, templates)
    assert [m["Subject"] for m in mailbox.messages][1:] == ["Review overdue: Forklift check"]
    assert f"/knowledge/pages/{page}" in mailbox.messages[-1].get_body(("plain",)).get_content()
    await Page.update({Page.deleted_at: clock.now()}).where(Page.id == page)
    clock.travel(timedelta(days=400))
    await sweep(clock.now(), settings, templates)
    assert len(mailbox.messages) == 2  # a deleted page asks nobody


async def test_a_library_document_is_reviewed_like_a_page_and_a_page_s_documents_with_their_page(
        as_charlie, as_bob, org, settings, templates, mailbox):
    spaces = await make_spaces(org)
    await upload(as_charlie, spaces["open"], "rules.pdf", PDF, title="House rules")
    library = await Document.select().where(Document.title == "House rules").first()
    assert library["owner"] == org["charlie"].id and 365 <= days_to_review(library) <= 366
    page = await new_page(as_charlie, spaces["open"])
    await as_charlie.post(f"/knowledge/pages/{page}/documents", files={"file": ("a.pdf", PDF, "application/pdf")})
    on_page = await Document.select().where(Document.page == page).first()
    assert on_page["review_due"] is None and on_page["owner"] is None
    assert (await as_charlie.post(f"/knowledge/documents/{on_page['id']}/reviewed")).status_code == 404
    listed = await as_charlie.get(f"/knowledge/spaces/{spaces['open']}/documents")
    assert "Reviewed on" in listed.text and "Owner: Charlie Test" in listed.text and "Still right" not in listed.text

    clock.travel(timedelta(days=370))
    await sign_in(as_charlie, "charlie@example.org")
    await sign_in(as_bob, "bob@example.org")
    await sweep(clock.now(), settings, templates)
    assert "Review overdue: House rules" in [m["Subject"] for m in mailbox.messages]
    space = await as_charlie.get(f"/knowledge/spaces/{spaces['open']}")
    assert f"/knowledge/spaces/{spaces['open']}/documents#document-{library['id']}" in space.text
    listed = await as_charlie.get(f"/knowledge/spaces/{spaces['open']}/documents")
    assert "Review overdue" in listed.text and "Still right" in listed.text
    refused = await as_charlie.post(f"/knowledge/documents/{library['id']}/owner", data={"owner": "nobody@example.org"})
    assert refused.status_code == 400 and "No active colleague has this e-mail address." in refused.text
    assert f'aria-describedby="owner-{library["id"]}-error"' in refused.text
    handed = await as_charlie.post(f"/knowledge/documents/{library['id']}/owner", data={"owner": "bob@example.org"})
    assert handed.status_code == 303
    safety_doc = await upload(as_bob, spaces["safety"], "drill.pdf", PDF, title="Drill")  # Bob edits Safety
    assert safety_doc.status_code == 303
    drill = await Document.select(Document.id).where(Document.title == "Drill").first()
    assert (await as_charlie.post(f"/knowledge/documents/{drill['id']}/reviewed")).status_code == 403
    assert (await as_bob.post(f"/knowledge/documents/{library['id']}/reviewed")).status_code == 303  # the new owner
    assert 365 <= days_to_review(await Document.select().where(Document.id == library["id"]).first()) <= 366
    assert (await as_bob.post("/knowledge/documents/999999/reviewed")).status_code == 404


async def test_a_page_is_handed_only_to_someone_who_can_read_its_space(as_alice, org):
    spaces = await make_spaces(org)
    page = await new_page(as_alice, spaces["hr"], "Salary scales")
    refused = await as_alice.post(f"/knowledge/pages/{page}/owner", data={"owner": "charlie@example.org"})
    assert refused.status_code == 400 and "This colleague cannot read this space." in refused.text
    assert (await page_row(page))["owner"] == org["alice"].id
