"""Spaces and files the document and search tests share: what each access rule needs."""
import io
import zipfile

from PIL import Image

from lms import clock
from lms.knowledge.tables import Page, Space, SpaceEditor
from lms.people.tables import Department

DOCX_TYPES = ('<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
              '<Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.'
              'wordprocessingml.document.main+xml"/></Types>')
DOCX_BODY = ('<?xml version="1.0"?><w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">'
             '<w:body><w:p><w:r><w:t>Assembly point</w:t></w:r><w:r><w:t xml:space="preserve"> north car park</w:t>'
             '</w:r></w:p><w:p><w:r><w:t>Floor wardens sweep</w:t></w:r></w:p></w:body></w:document>')


async def make_spaces(org) -> dict[str, int]:
    """open: everyone reads and writes; hr: only People & Culture reads (Charlie and Bob are in
    Operations); safety: everyone reads, only Bob writes."""
    now = clock.now()
    people_and_culture = Department(name="People & Culture")
    await people_and_culture.save()
    ids = {}
    for key, name, department in (("open", "Handbook", None), ("hr", "HR", people_and_culture.id),
                                  ("safety", "Safety", None)):
        ids[key] = (await Space.insert(Space(name=name, read_department=department, created_at=now)))[0]["id"]
    await SpaceEditor.insert(SpaceEditor(space=ids["safety"], employee=org["bob"].id))
    return ids


async def make_page(space: int, title: str, body: str = "", author: int | None = None) -> int:
    now = clock.now()
    return (await Page.insert(Page(space=space, title=title, body=body, author=author, created_at=now,
                                   updated_at=now)))[0]["id"]


def docx(parts: dict[str, str] | None = None) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        for name, text in (parts or {"[Content_Types].xml": DOCX_TYPES, "word/document.xml": DOCX_BODY}).items():
            archive.writestr(name, text)
    return out.getvalue()


def png() -> bytes:
    out = io.BytesIO()
    Image.new("RGB", (4, 4), "red").save(out, "PNG")
    return out.getvalue()
