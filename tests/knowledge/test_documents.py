"""Documents: uploaded to a library or a page, checked from their content, served so none runs
in our origin, readable only by those who read the space, deleted by the uploader or L&D."""
from pathlib import Path

import pytest

from lms import courses
from lms.knowledge.demo_documents import load_demo_documents, procedure_pdf
from lms.knowledge.document_files import DOCX, ODT, PPTX, XLSX, extract_text, office_type
from lms.knowledge.documents import content_disposition, display_name
from lms.knowledge.tables import Document, Page
from lms.storage import storage
from tests.knowledge.documents_fixtures import docx, make_page, make_spaces, png


PDF = procedure_pdf()
DOCX_LIKE = ('<Types><Override ContentType="application/vnd.openxmlformats-officedocument.'
             'wordprocessingml.document.main+xml"/></Types>')


@pytest.fixture
async def spaces(org):
    return await make_spaces(org)


def stored_documents() -> set:
    """Every file in the documents folder, partial uploads included (files outlive a test's tables)."""
    folder = storage().root / "documents"
    return set(folder.iterdir()) if folder.exists() else set()


async def upload(client, space: int, name: str, content: bytes, title: str = "", media_type="application/pdf"):
    return await client.post(f"/knowledge/spaces/{space}/documents", data={"title": title},
                             files={"file": (name, content, media_type)})


async def the_document() -> dict:
    return await Document.select().first()


@pytest.mark.parametrize("method, url", [
    ("get", "/knowledge/spaces/1/documents"), ("post", "/knowledge/spaces/1/documents"),
    ("get", "/knowledge/pages/1/documents"), ("post", "/knowledge/pages/1/documents"),
    ("get", "/knowledge/documents/1/file"), ("get", "/knowledge/documents/1/delete"),
    ("post", "/knowledge/documents/1/delete"),
])
async def test_it_requires_login(client, method, url):
    response = await getattr(client, method)(url)
    assert response.status_code == 303
    assert response.headers["location"].startswith("/sign-in?next=")


async def test_an_employee_uploads_a_pdf_to_a_library_and_colleagues_find_it(as_charlie, as_bob, spaces):
    response = await upload(as_charlie, spaces["open"], "procedure.pdf", PDF, title="Fire procedure")
    assert response.status_code == 303
    document = await the_document()
    assert (document["title"], document["filename"], document["media_type"]) == (
        "Fire procedure", "procedure.pdf", "application/pdf")
    assert "assembly point" in document["text"].lower()
    listed = await as_bob.get(f"/knowledge/spaces/{spaces['open']}/documents")
    assert "Fire procedure" in listed.text


async def test_a_document_on_a_page_is_listed_with_that_page(as_charlie, spaces):
    page = await make_page(spaces["open"], "Evacuation")
    response = await as_charlie.post(f"/knowledge/pages/{page}/documents", data={},
                                     files={"file": ("plan.docx", docx(), DOCX)})
    assert response.status_code == 303
    document = await the_document()
    assert (document["page"], document["space"], document["media_type"]) == (page, None, DOCX)
    assert "Assembly point north car park" in document["text"]
    assert "plan" in (await as_charlie.get(f"/knowledge/pages/{page}/documents")).text


async def test_a_file_over_25_mb_is_refused_and_nothing_stays_on_disk(as_charlie, spaces):
    before = stored_documents()
    just_over = b"%PDF-1.4\n" + b"0" * (25 * 1024 * 1024)
    response = await upload(as_charlie, spaces["open"], "big.pdf", just_over)
    assert response.status_code == 200
    assert "larger than 25 MB" in response.text
    far_over = b"%PDF-1.4\n" + b"0" * (26 * 1024 * 1024)
    assert (await upload(as_charlie, spaces["open"], "bigger.pdf", far_over)).status_code == 413
    assert stored_documents() == before
    assert await Document.count() == 0


@pytest.mark.parametrize("name, content, media_type, message", [
    ("notes.pdf", b"just some text, not a PDF at all", "application/pdf", "This file type is not accepted"),
    ("photo.png", b"<html><script>alert(1)</script></html>", "image/png", "This file type is not accepted"),
    ("archive.zip", docx({"readme.txt": "hello"}), "application/zip", "This zip file is not a Word"),
    ("fake.docx", docx({"[Content_Types].xml": "<Types/>", "word/document.xml": "<x/>"}), DOCX,
     "This zip file is not a Word"),
    ("empty.pdf", b"", "application/pdf", "This file type is not accepted"),
])
async def test_a_file_whose_content_is_not_an_accepted_type_is_refused(as_charlie, spaces, name, content,
                                                                       media_type, message):
    before = stored_documents()
    response = await upload(as_charlie, spaces["open"], name, content, media_type=media_type)
    assert response.status_code == 200
    assert message in response.text
    assert stored_documents() == before
    assert await Document.count() == 0


async def test_an_upload_without_a_file_asks_for_one(as_charlie, spaces):
    response = await as_charlie.post(f"/knowledge/spaces/{spaces['open']}/documents", data={"title": "x"})
    assert response.status_code == 200
    assert "Choose a file to upload." in response.text


async def test_a_download_is_an_attachment_with_a_safe_name_that_runs_nothing(as_charlie, spaces):
    await upload(as_charlie, spaces["open"], "procedure.pdf", PDF)
    document = await the_document()
    nasty = 'Brandweer "plan"\r\nX-Evil: 1 – évacuation ✓.pdf'
    await Document.update({Document.filename: nasty}).where(Document.id == document["id"])
    response = await as_charlie.get(f"/knowledge/documents/{document['id']}/file")
    assert response.status_code == 200
    assert response.content == PDF
    assert response.headers["content-type"] == "application/pdf"
    assert response.headers["x-content-type-options"] == "nosniff"
    policy, = response.headers.get_list("content-security-policy")  # the page policy, and a sandbox on top
    assert policy.endswith("; sandbox") and "script-src 'self'" in policy and "frame-ancestors 'none'" in policy
    assert "x-evil" not in response.headers
    disposition = response.headers["content-disposition"]
    assert disposition.startswith('attachment; filename="Brandweer-plan-X-Evil-1-evacuation.pdf"; ')
    assert disposition.isascii() and "\r" not in disposition and "\n" not in disposition
    assert disposition.endswith("filename*=UTF-8''Brandweer%20%22plan%22%0D%0AX-Evil%3A%201%20%E2%80%93%20"
                                "%C3%A9vacuation%20%E2%9C%93.pdf")


def test_a_display_name_loses_folders_and_control_characters():
    assert display_name("C:\\Users\\me\\plan\x00\r\n.pdf") == "plan.pdf"
    assert display_name("") == "document"
    assert content_disposition("attachment", "✓✓.pdf") == "attachment; filename=\"document.pdf\"; " \
                                                           "filename*=UTF-8''%E2%9C%93%E2%9C%93.pdf"


async def test_an_image_is_shown_inline(as_charlie, spaces):
    await upload(as_charlie, spaces["open"], "map.png", png(), media_type="image/png")
    document = await the_document()
    response = await as_charlie.get(f"/knowledge/documents/{document['id']}/file")
    assert response.headers["content-type"] == "image/png"
    assert response.headers["content-disposition"].startswith('inline; filename="map.png"')
    assert response.headers["x-content-type-options"] == "nosniff"
    listed = await as_charlie.get(f"/knowledge/spaces/{spaces['open']}/documents")
    assert f'<img src="/knowledge/documents/{document["id"]}/file"' in listed.text


async def test_a_short_video_is_accepted_and_downloaded_not_played_in_our_origin(as_charlie, spaces):
    video = (Path(courses.__file__).parent / "demo_media" / "fire-spot.webm").read_bytes()
    assert (await upload(as_charlie, spaces["open"], "drill.webm", video, media_type="video/webm")).status_code == 303
    document = await the_document()
    response = await as_charlie.get(f"/knowledge/documents/{document['id']}/file")
    assert response.headers["content-type"] == "video/webm"
    assert response.headers["content-disposition"].startswith('attachment; filename="drill.webm"')


async def test_a_restricted_space_and_its_documents_are_404_for_other_departments(as_alice, as_charlie, spaces):
    assert (await upload(as_alice, spaces["hr"], "salaries.pdf", PDF)).status_code == 303
    document = await the_document()
    for url in (f"/knowledge/documents/{document['id']}/file", f"/knowledge/spaces/{spaces['hr']}/documents",
                f"/knowledge/documents/{document['id']}/delete"):
        assert (await as_charlie.get(url)).status_code == 404
        assert (await as_alice.get(url)).status_code == 200
    assert (await upload(as_charlie, spaces["hr"], "x.pdf", PDF)).status_code == 404


async def test_only_named_editors_and_l_and_d_upload_to_a_space_with_editors(as_charlie, as_bob, as_alice, spaces):
    page = await make_page(spaces["safety"], "Extinguishers")
    assert (await upload(as_charlie, spaces["safety"], "a.pdf", PDF)).status_code == 403
    response = await as_charlie.post(f"/knowledge/pages/{page}/documents", files={"file": ("a.pdf", PDF)})
    assert response.status_code == 403
    assert "Upload a document" not in (await as_charlie.get(f"/knowledge/spaces/{spaces['safety']}/documents")).text
    assert (await upload(as_bob, spaces["safety"], "b.pdf", PDF)).status_code == 303
    assert (await upload(as_alice, spaces["safety"], "c.pdf", PDF)).status_code == 303
    assert await Document.count() == 2


async def test_the_uploader_deletes_a_document_after_confirming(as_charlie, spaces):
    await upload(as_charlie, spaces["open"], "old.pdf", PDF, title="Old procedure")
    document = await the_document()
    confirm = await as_charlie.get(f"/knowledge/documents/{document['id']}/delete")
    assert "Delete Old procedure?" in confirm.text
    response = await as_charlie.post(f"/knowledge/documents/{document['id']}/delete")
    assert response.status_code == 303
    assert (await the_document())["deleted_at"] is not None
    assert (await as_charlie.get(f"/knowledge/documents/{document['id']}/file")).status_code == 404
    assert "Old procedure" not in (await as_charlie.get(f"/knowledge/spaces/{spaces['open']}/documents")).text


async def test_only_the_uploader_and_l_and_d_delete_a_document(as_charlie, as_bob, as_alice, spaces):
    await upload(as_charlie, spaces["open"], "mine.pdf", PDF)
    document = await the_document()
    assert (await as_bob.get(f"/knowledge/documents/{document['id']}/delete")).status_code == 403
    assert (await as_bob.post(f"/knowledge/documents/{document['id']}/delete")).status_code == 403
    assert (await the_document())["deleted_at"] is None
    assert (await as_alice.post(f"/knowledge/documents/{document['id']}/delete")).status_code == 303
    assert (await the_document())["deleted_at"] is not None


async def test_documents_of_a_deleted_page_are_gone(as_charlie, spaces):
    page = await make_page(spaces["open"], "Old page")
    await as_charlie.post(f"/knowledge/pages/{page}/documents", files={"file": ("a.pdf", PDF)})
    document = await the_document()
    await Page.update({Page.deleted_at: document["created_at"]}).where(Page.id == page)
    assert (await as_charlie.get(f"/knowledge/documents/{document['id']}/file")).status_code == 404
    assert (await as_charlie.get(f"/knowledge/pages/{page}/documents")).status_code == 404


@pytest.mark.parametrize("url", ["/knowledge/documents/999/file", "/knowledge/documents/0/file",
                                 "/knowledge/documents/99999999999/file", "/knowledge/spaces/999/documents",
                                 "/knowledge/pages/999/documents", "/knowledge/documents/999/delete"])
async def test_wrong_ids_are_404(as_charlie, spaces, url):
    assert (await as_charlie.get(url)).status_code == 404


async def test_the_demo_puts_the_fire_safety_pdf_on_the_fire_safety_page_once(as_charlie, spaces):
    page = await make_page(spaces["safety"], "Fire safety procedure", "What to do when the alarm sounds.")
    await load_demo_documents()
    await load_demo_documents()
    document = await the_document()
    assert await Document.count() == 1 and document["page"] == page
    downloaded = await as_charlie.get(f"/knowledge/documents/{document['id']}/file")
    assert downloaded.content.startswith(b"%PDF") and len(downloaded.content) == document["size"]
    found = await as_charlie.get("/knowledge/search?q=lifts&kind=document")
    assert "Never use the <mark>lifts</mark>" in found.text


def test_text_comes_out_of_a_pdf_and_an_office_file(tmp_path):
    pdf, word = tmp_path / "a.pdf", tmp_path / "a.docx"
    pdf.write_bytes(PDF)
    word.write_bytes(docx())
    assert "Never use the lifts" in extract_text(pdf, "application/pdf")
    assert extract_text(word, DOCX) == "Assembly point north car park Floor wardens sweep"


@pytest.mark.parametrize("media_type, parts, expected", [
    (XLSX, {"xl/sharedStrings.xml": '<sst xmlns="s"><si><t>Ladder</t></si>'
                                    '<si><r><t>chec</t></r><r><t>k</t></r></si></sst>'}, "Ladder check"),
    (PPTX, {"ppt/slides/slide10.xml": '<p:sld xmlns:p="p" xmlns:a="a"><a:p><a:r><a:t>Ten</a:t></a:r></a:p></p:sld>',
            "ppt/slides/slide2.xml": '<p:sld xmlns:p="p" xmlns:a="a"><a:p><a:r><a:t>Two</a:t></a:r></a:p></p:sld>'},
     "Two Ten"),
    (ODT, {"content.xml": '<o:doc xmlns:t="t" xmlns:o="o"><t:h>Exits</t:h>'
                          '<t:p>Keep <t:span>clear</t:span></t:p></o:doc>'}, "Exits Keep clear"),
])
def test_text_comes_out_of_spreadsheets_slides_and_opendocument(tmp_path, media_type, parts, expected):
    path = tmp_path / "file"
    path.write_bytes(docx(parts))
    assert extract_text(path, media_type) == expected


def test_office_files_are_told_apart_from_other_zips(tmp_path):
    cases = {
        "a.docx": (docx(), DOCX),
        "b.xlsx": (docx({"[Content_Types].xml": DOCX_LIKE.replace("wordprocessingml.document", "spreadsheetml.sheet"),
                         "xl/sharedStrings.xml": "<sst/>"}), XLSX),
        "c.odt": (docx({"mimetype": ODT, "content.xml": "<x/>"}), ODT),
        "d.ods": (docx({"mimetype": "application/vnd.oasis.opendocument.spreadsheet"}), None),
        "e.zip": (docx({"a.txt": "a"}), None),
        "f.txt": (b"not a zip", None),
    }
    for name, (content, expected) in cases.items():
        (tmp_path / name).write_bytes(content)
        assert office_type(tmp_path / name) == expected, name


def test_entity_tricks_in_office_xml_yield_no_text(tmp_path):
    bomb = ('<?xml version="1.0"?><!DOCTYPE x [<!ENTITY a "aaaaaaaaaa">]>'
            '<w:document xmlns:w="w"><w:p>&a;</w:p></w:document>')
    path = tmp_path / "bomb.docx"
    path.write_bytes(docx({"[Content_Types].xml": DOCX_LIKE, "word/document.xml": bomb}))
    assert extract_text(path, DOCX) == ""
