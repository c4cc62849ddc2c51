"""Demo wiki: an onboarding handbook, notes shared after an external course, a fire-safety procedure
and an HR-only space, with revisions and tags. Running it twice changes nothing."""
from datetime import timedelta

from lms import clock
from lms.courses.tables import Course
from lms.db import write_transaction
from lms.knowledge import reviews
from lms.knowledge.tables import (Acknowledgement, Page, PageCourse, PageTag, RequiredReading, Revision, Space,
                                  SpaceEditor)
from lms.people.tables import Department, Employee

HANDBOOK = "Onboarding handbook"

WELCOME = """# Welcome to Example & Co

This handbook answers the questions every new colleague asks in the first weeks. Start with
[[Your first day]], then read [[Tools and accounts]] and [[Who to ask]].

## How this handbook works

- Everyone may improve a page: click **Edit**, the history keeps every version.
- Missing something? Add a sub-page and tag it `onboarding`.
"""
FIRST_DAY = """# Your first day

| Time | What | Where |
|------|------|-------|
| 08:30 | Welcome coffee with your manager | Reception, ground floor |
| 09:00 | Badge, laptop and phone | IT desk, first floor |
| 10:00 | Safety walk and [[Fire safety procedure]] | Warehouse entrance |
| 12:00 | Lunch with your buddy | Canteen |

## Checklist

- [x] Contract signed and returned to HR
- [ ] Badge picked up at reception
- [ ] Laptop set up with IT
- [ ] Fire-safety course started in the catalogue

Bring your identity card: the badge is printed on the spot.[^badge]

[^badge]: Lost badges are replaced at reception for 10 euro.
"""
TOOLS = """# Tools and accounts

## E-mail and calendar
Your account is ready on day one; the password arrives by text message.

## Learning platform
Courses, certificates and this wiki live in one place. Mandatory courses appear under *My trainings*.

## Expenses
Submit receipts within 30 days in the finance app; your manager approves them.
"""
WHO = """# Who to ask

- **Payroll and leave**: HR & Learning, Pieter Claes
- **Training and courses**: Lotte Maes (L&D)
- **Laptop and accounts**: the IT desk, extension 200
- **Safety on the floor**: your team lead, see [[Fire safety procedure]]
"""
FIRE = """# Fire safety procedure

The full procedure is attached as a PDF below. In short:

1. **Raise the alarm** at the nearest red call point.
2. **Call 112**: address, floor, what is burning.
3. **Leave** by the nearest escape route, never the lifts.
4. **Assemble** at the north car park and report to your floor warden.

## Extinguishers

| Fire | Use |
|------|-----|
| Paper, wood | Water or foam |
| Electrical | CO2 |
| Fat, oil | Fire blanket |
"""
FIRST_AID = """## What I learned

- The recovery position takes less than a minute once you have practised it twice.
- Call 112 *before* starting CPR when you are alone with an adult.
- 30 compressions, 2 breaths; the rhythm of "Stayin' Alive".

## What I apply

- I checked the first-aid kits on our floor: two were missing plasters and gloves.
- I added the AED location to [[Who to ask]].

## Materials

- Red Cross summary card (in the safety space library)
- The trainer recommended the free Red Cross app for refreshing every six months.
"""
COMPENSATION = """# Salary scales and reviews

Scales are reviewed every January. Managers receive the budget in December; talk to Pieter before
promising anything to your team.
"""


async def _person(first: str) -> int | None:
    row = await Employee.select(Employee.id).where(Employee.first_name == first).first()
    return row["id"] if row else None


async def _space(name: str, description: str, department: str | None = None) -> int:
    read = await Department.select(Department.id).where(Department.name == department).first() if department else None
    row = await Space.insert(Space(name=name, description=description, read_department=read["id"] if read else None,
                                   created_at=clock.now())).returning(Space.id)
    return row[0]["id"]


async def _page(space: int, title: str, versions: list[tuple[str, str | None]], tags: list[str],
                parent: int | None = None, reviewed_days_ago: int = 0) -> int:
    """A page whose history holds each (body, author first name) in turn, the last one current; its
    last author owns it and reviewed it that many days ago."""
    start = clock.now() - timedelta(days=len(versions) * 3)
    authors = [await _person(first) if first else None for _, first in versions]
    body, author = versions[-1][0], authors[-1]
    reviewed = clock.now() - timedelta(days=reviewed_days_ago)
    page_id = (await Page.insert(Page(space=space, parent=parent, title=title, body=body, version=len(versions),
                                      author=author, created_at=start, updated_at=clock.now(), owner=author,
                                      reviewed_at=reviewed, review_due=await reviews.next_due(space, reviewed)))
               .returning(Page.id))[0]["id"]
    await Revision.insert(*(Revision(page=page_id, version=number, title=title, body=text, author=authors[number - 1],
                                     created_at=start + timedelta(days=3 * (number - 1)))
                            for number, (text, _) in enumerate(versions, start=1)))
    await PageTag.insert(*(PageTag(page=page_id, tag=tag) for tag in tags))
    return page_id


async def _required_reading(page_id: int, acknowledged_by: list[str]) -> None:
    """Everyone must read the page within two weeks; a few already confirmed they did."""
    now = clock.now()
    await RequiredReading.insert(RequiredReading(page=page_id, due_date=(now + timedelta(days=14)).date(),
                                                 created_by=await _person("Lotte"), created_at=now))
    readers = [person for person in [await _person(first) for first in acknowledged_by] if person]
    if readers:
        await Acknowledgement.insert(*(Acknowledgement(page=page_id, employee=person, version=1, acknowledged_at=now)
                                       for person in readers))


async def load_demo_knowledge() -> None:
    if await Space.exists().where(Space.name == HANDBOOK):
        return
    async with write_transaction():
        handbook = await _space(HANDBOOK, "Everything a new colleague needs in the first weeks.")
        welcome = await _page(handbook, "Welcome", [(WELCOME.split("## How")[0], "Lotte"), (WELCOME, "Lotte")],
                              ["onboarding"])
        await _page(handbook, "Your first day", [(FIRST_DAY.replace("08:30", "09:00"), "Lotte"), (FIRST_DAY, "Tom")],
                    ["onboarding", "first day"], welcome)
        # due for review within a month: Lotte is reminded; the safety procedure below is overdue
        await _page(handbook, "Tools and accounts", [(TOOLS, "Lotte")], ["onboarding", "it"], welcome,
                    reviewed_days_ago=345)
        await _page(handbook, "Who to ask", [(WHO, "Pieter"), (WHO + "- **AED**: next to reception\n", "Emma")],
                    ["onboarding", "contacts"], welcome)
        safety = await _space("Health and safety", "Procedures for a safe workplace; kept by the safety team.")
        await SpaceEditor.insert(*(SpaceEditor(space=safety, employee=person)
                                   for person in [await _person("Sofie"), await _person("Tom")] if person))
        fire = await _page(safety, "Fire safety procedure", [(FIRE, "Sofie")], ["safety", "procedure", "fire"],
                           reviewed_days_ago=380)
        await _required_reading(fire, acknowledged_by=["Sofie", "Tom"])
        shared = await _space("Shared after trainings", "Notes colleagues wrote after a course or training.")
        notes = await _page(shared, "First aid at work: notes by Emma", [(FIRST_AID, "Emma")], ["shared", "first aid"])
        course = await Course.select(Course.id).where(Course.title == "First aid at work").first()
        if course:
            await PageCourse.insert(PageCourse(page=notes, course=course["id"]))
        hr = await _space("HR only", "Pay, reviews and confidential HR practice.", "HR & Learning")
        await _page(hr, "Salary scales and reviews", [(COMPENSATION, "Pieter")], ["hr"])
