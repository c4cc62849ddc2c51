"""Demo documents: the fire-safety procedure as a real PDF on the fire-safety page, then a full
reindex so pages, documents and courses are all searchable. Running it twice changes nothing."""
import asyncio

from fpdf import FPDF

from lms import clock
from lms.db import contains
from lms.knowledge.document_files import extract_text
from lms.knowledge.search import reindex_all
from lms.knowledge.tables import Document, Page, Space
from lms.people.tables import Employee
from lms.storage import storage

FILENAME = "fire-safety-procedure.pdf"
TITLE = "Fire safety procedure"
PROCEDURE = [
    ("Purpose", "This procedure tells every employee, visitor and contractor what to do when a fire is discovered "
                "or the fire alarm sounds. Read it on your first day and again after every evacuation drill."),
    ("If you discover a fire", "1. Raise the alarm: break the glass of the nearest red call point.\n"
                               "2. Call the emergency number 112 and give the address, the floor and what is burning.\n"
                               "3. Only fight a small fire (no bigger than a waste bin) if you have been trained and "
                               "your escape route stays behind you. Use a CO2 extinguisher on electrical equipment, "
                               "foam or water on paper and wood.\n"
                               "4. Close doors behind you to slow the spread of smoke."),
    ("When the alarm sounds", "1. Stop work at once; switch off machines only if it is safe to do so.\n"
                              "2. Leave by the nearest marked escape route. Never use the lifts.\n"
                              "3. Help visitors and colleagues with reduced mobility; tell a floor warden where "
                              "anyone is waiting in a refuge area.\n"
                              "4. Go to the assembly point on the car park at the north entrance and report to your "
                              "floor warden.\n"
                              "5. Do not go back into the building until the fire brigade or the evacuation leader "
                              "gives the all-clear."),
    ("Floor wardens", "Each floor has two trained floor wardens, named on the notice beside the lifts. They sweep "
                      "their floor, check toilets and meeting rooms, and report to the evacuation leader with a "
                      "head count from the visitor register and the attendance list."),
    ("Prevention", "Keep escape routes and fire doors clear; never wedge a fire door open. Report damaged "
                   "extinguishers, blocked exits and faulty cables to facilities. Extinguishers are inspected "
                   "every year; evacuation drills take place twice a year."),
    ("Training", "Every employee follows the fire-safety course when starting and renews the certificate every "
                 "two years. Floor wardens also follow the practical extinguisher training."),
]


def procedure_pdf() -> bytes:
    pdf = FPDF(format="A4")
    pdf.set_title(TITLE)
    pdf.add_page()
    pdf.set_font("Helvetica", "B", 18)
    pdf.cell(0, 12, TITLE, new_x="LMARGIN", new_y="NEXT")
    for heading, text in PROCEDURE:
        pdf.set_font("Helvetica", "B", 13)
        pdf.cell(0, 10, heading, new_x="LMARGIN", new_y="NEXT")
        pdf.set_font("Helvetica", "", 11)
        pdf.multi_cell(0, 6, text, new_x="LMARGIN", new_y="NEXT")
    return bytes(pdf.output())


async def _where_it_goes() -> tuple[int | None, int | None]:
    """The fire-safety page when the wiki demo has one, else the first space's library."""
    page = await Page.select(Page.id).where(contains(Page.title, "fire"), Page.deleted_at.is_null()).order_by(
        Page.id).first()
    if page:
        return None, page["id"]
    space = await Space.select(Space.id).order_by(Space.id).first()
    if space is None:
        space = {"id": (await Space.insert(Space(name="Health and safety", created_at=clock.now())))[0]["id"]}
    return space["id"], None


async def load_demo_documents() -> None:
    if not await Document.exists().where(Document.filename == FILENAME):
        space_id, page_id = await _where_it_goes()
        uploader = await Employee.select(Employee.id).where(Employee.role == "admin").order_by(Employee.id).first()
        stored = await storage().save_bytes(procedure_pdf(), "documents", {"application/pdf": "pdf"})
        async with storage().local(stored.key) as file:
            text = await asyncio.to_thread(extract_text, file, stored.media_type)
        await Document.insert(Document(space=space_id, page=page_id, title=TITLE, filename=FILENAME, file=stored.key,
                                       media_type=stored.media_type, size=stored.size, text=text,
                                       uploaded_by=uploader["id"] if uploader else None, created_at=clock.now()))
    await reindex_all()
