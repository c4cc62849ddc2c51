"""A small hand-made organisation for the matrix, compliance and team overview tests, and readers
for what the pages and exports show. Built on the conftest org (Alice L&D, Bob manages Charlie,
Erin manages Dave), with:

- Frank Adams, who reports to Charlie (Bob's line, one level deeper), job profile Planner;
- Gina Zeller, Bob's direct report, in Sales, job profile Nurse;
- Hank Gone, Bob's report but deactivated: never shown;
- Charlie Test: Nurse; Dave Test (Erin's team): Planner.

Job profiles: Nurse requires Hygiene 3 and Communication 2; Planner requires Communication 3
and Excel 2. Areas: Care (position 1: Hygiene), General (position 2: Communication, Excel)."""
import csv
import io
import re
import zipfile
from datetime import timedelta
from xml.etree import ElementTree

from lms import clock
from lms.competencies.assessments import assess
from lms.competencies.tables import Competency, CompetencyArea, JobRequirement
from lms.people.tables import Department, Employee, JobProfile

ROW = re.compile(r'<tr><th scope="row" class="sticky"><a href="/people/\d+">([^<]+)</a>(.*?)</tr>', re.S)
MATRIX_CELL = re.compile(r'class="cell cell-(\w+)".*?<span aria-hidden="true">([^<]*)</span>', re.S)
COMPLIANCE_CELL = re.compile(r'<span class="cell (?:state|cell)-(\w+)"')


async def person(key: str, first: str, last: str, manager, department, profile, active: bool = True,
                 role: str = "employee") -> Employee:
    row = Employee(email=f"{key}@example.org", first_name=first, last_name=last, role=role, password_hash="",
                   department=department, job_profile=profile, manager=manager, active=active,
                   created_at=clock.now())
    await row.save()
    return row


async def build(org: dict) -> dict:
    """The people, profiles, competencies and assessments above; returns them by name."""
    ops = org["charlie"].department
    sales = Department(name="Sales")
    await sales.save()
    nurse, planner = JobProfile(name="Nurse"), JobProfile(name="Planner")
    await JobProfile.insert(nurse, planner)
    care, general = CompetencyArea(name="Care", position=1), CompetencyArea(name="General", position=2)
    await CompetencyArea.insert(care, general)
    hygiene = Competency(area=care.id, name="Hygiene")
    communication = Competency(area=general.id, name="Communication", kind="soft")
    excel = Competency(area=general.id, name="Excel")
    unused = Competency(area=general.id, name="Juggling")  # no profile requires it: never a column
    await Competency.insert(hygiene, communication, excel, unused)
    await JobRequirement.insert(
        JobRequirement(job_profile=nurse.id, competency=hygiene.id, level=3),
        JobRequirement(job_profile=nurse.id, competency=communication.id, level=2),
        JobRequirement(job_profile=planner.id, competency=communication.id, level=3),
        JobRequirement(job_profile=planner.id, competency=excel.id, level=2),
    )
    bob, erin = org["bob"], org["erin"]
    await Employee.update({Employee.job_profile: nurse.id}).where(Employee.id == org["charlie"].id)
    await Employee.update({Employee.job_profile: planner.id}).where(Employee.id == org["dave"].id)
    frank = await person("frank", "Frank", "Adams", org["charlie"].id, ops, planner.id)
    gina = await person("gina", "Gina", "Zeller", bob.id, sales.id, nurse.id)
    hank = await person("hank", "Hank", "Gone", bob.id, ops, nurse.id, active=False)
    charlie, dave = org["charlie"].id, org["dave"].id
    # Charlie: Hygiene 2 by Bob (a later self-rating of 4 does not count), Communication 3, Excel 1 (not required)
    await assess(charlie, hygiene.id, 2, "manager", bob.id, note="Review 2026")
    await assess(charlie, hygiene.id, 4, "self", charlie, note="I think I am better")
    await assess(charlie, communication.id, 3, "manager", bob.id)
    await assess(charlie, excel.id, 1, "self", charlie)
    await assess(frank.id, excel.id, 2, "manager", charlie)  # Communication never assessed
    await assess(gina.id, hygiene.id, 4, "admin", org["alice"].id)
    await assess(gina.id, communication.id, 0, "manager", bob.id)
    await assess(dave, communication.id, 1, "manager", erin.id)
    await assess(hank.id, hygiene.id, 0, "manager", bob.id)
    return {"sales": sales, "ops": ops, "nurse": nurse, "planner": planner, "hygiene": hygiene,
            "communication": communication, "excel": excel, "frank": frank, "gina": gina, "hank": hank}


def matrix_cells(html: str) -> dict[str, list[tuple[str, str]]]:
    """Row name -> [(state, text) per column], as the page shows them."""
    return {name: MATRIX_CELL.findall(body) for name, body in ROW.findall(html)}


def compliance_cells(html: str) -> dict[str, list[str]]:
    return {name: COMPLIANCE_CELL.findall(body) for name, body in ROW.findall(html)}


def column_names(html: str) -> list[str]:
    head = html.split('<thead>', 1)[1].split('</thead>', 1)[0]
    return re.findall(r'<th scope="col">([^<]+)', head)


def read_csv(content: bytes) -> list[list[str]]:
    assert content.startswith(b"\xef\xbb\xbf")  # a BOM, so Excel reads UTF-8
    return list(csv.reader(io.StringIO(content.decode("utf-8-sig"))))


def read_xlsx(content: bytes) -> list[list[str]]:
    """The first sheet's cells as text, read straight from the file's XML."""
    ns = {"m": "http://schemas.openxmlformats.org/spreadsheetml/2006/main"}
    with zipfile.ZipFile(io.BytesIO(content)) as book:
        shared = []
        if "xl/sharedStrings.xml" in book.namelist():
            for item in ElementTree.fromstring(book.read("xl/sharedStrings.xml")).findall("m:si", ns):
                shared.append("".join(t.text or "" for t in item.iter(f"{{{ns['m']}}}t")))
        sheet = ElementTree.fromstring(book.read("xl/worksheets/sheet1.xml"))
    rows = []
    for row in sheet.find("m:sheetData", ns).findall("m:row", ns):
        cells = {}
        for cell in row.findall("m:c", ns):
            column = re.match(r"[A-Z]+", cell.get("r")).group()
            index = 0
            for letter in column:
                index = index * 26 + ord(letter) - 64
            value = cell.find("m:v", ns)
            if cell.get("t") == "s":
                text = shared[int(value.text)]
            elif cell.get("t") == "inlineStr":
                text = "".join(t.text or "" for t in cell.iter(f"{{{ns['m']}}}t"))
            else:
                text = value.text if value is not None else ""
            cells[index - 1] = text
        rows.append([cells.get(i, "") for i in range(max(cells) + 1)] if cells else [])
    return rows


def days(n: int):
    return clock.now().date() + timedelta(days=n)
