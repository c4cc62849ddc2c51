"""Fills the knowledge library of a generated organisation (run bench/generate.py first):

    python bench/knowledge.py --pages 20000 --documents 2000

Spaces per department and topic (some readable by one department only), page trees with
Markdown bodies of a few hundred words, documents with a few thousand words of extracted
text (they share one stored PDF), then a full reindex. It prints the URLs to load with
bench/load.py, as an employee (so search filters by readable spaces): a page view, a library and
searches for a common, a rarer and a two-word term."""
import argparse
import asyncio
import random
import sys
import time

import lms  # noqa: F401  sets PICCOLO_CONF before the tables are imported
from lms import clock
from lms.db import write_transaction
from lms.knowledge.demo_documents import procedure_pdf
from lms.knowledge.search import reindex_all
from lms.knowledge.tables import Document, Page, Revision, Space
from lms.migrate import migrate_all
from lms.people.tables import Department, Employee
from lms.storage import storage

BATCH = 500
MARKER = "Bench: "  # every generated space's name starts with it, so a second run is refused
TOPICS = ["Onboarding", "Safety", "Quality", "Customer care", "Leadership", "Tools", "Lean", "Languages",
          "Compliance", "Wellbeing"]
WORDS = ("procedure safety training course customer order warehouse forklift quality audit checklist team "
         "manager onboarding mentor buddy feedback review competency skill certificate evacuation fire "
         "extinguisher ladder helmet shift planning schedule budget invoice supplier contract privacy data "
         "security password laptop network printer meeting agenda minutes report dashboard goal target "
         "process improvement lean kaizen standard instruction machine maintenance inspection incident "
         "accident first aid emergency assembly point route exit door stairs lift visitor contractor badge "
         "parking canteen holiday leave sickness wellbeing coaching presentation negotiation sales account "
         "complaint service ticket escalation language dutch french english course video quiz lesson").split()


def sentence(rng: random.Random, words: int) -> str:
    # a Zipf-like pick: early words are common, late ones rare, so searches span both
    picked = [WORDS[min(int(rng.paretovariate(1.1)) - 1, len(WORDS) - 1)] for _ in range(words)]
    return " ".join(picked).capitalize() + "."


def markdown(rng: random.Random, words: int) -> str:
    paragraphs = [" ".join(sentence(rng, rng.randint(8, 20)) for _ in range(4)) for _ in range(max(1, words // 60))]
    return "\n\n".join(f"## {sentence(rng, 3)[:-1]}\n\n{p}" if i % 2 == 0 else p for i, p in enumerate(paragraphs))


async def make_spaces(rng: random.Random) -> list[int]:
    now = clock.now()
    departments = await Department.select(Department.id, Department.name)
    spaces = [Space(name=f"{MARKER}{d['name']}", read_department=d["id"] if rng.random() < 0.3 else None,
                    created_at=now) for d in departments]
    spaces += [Space(name=f"{MARKER}{topic}", created_at=now) for topic in TOPICS]
    return [row["id"] for row in await Space.insert(*spaces)]


async def make_pages(rng: random.Random, total: int, spaces: list[int], authors: list[int]) -> list[dict]:
    now = clock.now()
    made: list[dict] = []
    for start in range(0, total, BATCH):
        batch = []
        for number in range(start, min(start + BATCH, total)):
            space = rng.choice(spaces)
            parents = [p["id"] for p in made[-200:] if p["space"] == space]
            batch.append(Page(space=space, parent=rng.choice(parents) if parents and rng.random() < 0.6 else None,
                              title=f"{sentence(rng, 4)[:-1]} {number}", body=markdown(rng, rng.randint(150, 600)),
                              author=rng.choice(authors), created_at=now, updated_at=now))
        async with write_transaction():
            rows = await Page.insert(*batch).returning(Page.id, Page.space, Page.title, Page.body, Page.author)
            await Revision.insert(*[Revision(page=r["id"], version=1, title=r["title"], body=r["body"],
                                             author=r["author"], created_at=now) for r in rows])
        made += rows
    return made


async def make_documents(rng: random.Random, total: int, pages: list[dict], spaces: list[int],
                         authors: list[int]) -> None:
    stored = await storage().save_bytes(procedure_pdf(), "documents", {"application/pdf": "pdf"})
    now = clock.now()
    for start in range(0, total, BATCH):
        batch = []
        for number in range(start, min(start + BATCH, total)):
            page = rng.choice(pages) if rng.random() < 0.5 else None
            text = " ".join(sentence(rng, rng.randint(8, 20)) for _ in range(rng.randint(100, 400)))
            batch.append(Document(space=None if page else rng.choice(spaces), page=page and page["id"],
                                  title=f"{sentence(rng, 3)[:-1]} {number}", filename=f"document-{number}.pdf",
                                  file=stored.key, media_type="application/pdf", size=stored.size, text=text,
                                  uploaded_by=rng.choice(authors), created_at=now))
        await Document.insert(*batch)


async def main(pages: int, documents: int, seed: int) -> None:
    await migrate_all()
    if await Space.exists().where(Space.name.like(f"{MARKER}%")):
        sys.exit("This database already holds a generated knowledge library; use a fresh database.")
    authors = [row["id"] for row in await Employee.select(Employee.id).limit(2000)]
    if not authors:
        sys.exit("Generate an organisation first: python bench/generate.py")
    rng, started = random.Random(seed), time.perf_counter()
    spaces = await make_spaces(rng)
    made = await make_pages(rng, pages, spaces, authors)
    await make_documents(rng, documents, made, spaces, authors)
    entries = await reindex_all()
    open_space = await Space.select(Space.id).where(Space.read_department.is_null(), Space.id.is_in(spaces)).first()
    page = await Page.select(Page.id).where(Page.space == open_space["id"]).first()
    reader = await Employee.select(Employee.email).where(Employee.role == "employee").first()
    urls = [f"/knowledge/pages/{page['id']}", f"/knowledge/pages/{page['id']}/documents",
            f"/knowledge/spaces/{open_space['id']}/documents", "'/knowledge/search?q=kaizen'",
            "'/knowledge/search?q=fire+extinguisher'", "'/knowledge/search?q=procedure'"]
    print(f"Generated {len(spaces)} spaces, {pages} pages and {documents} documents; {entries} search entries; "
          f"in {time.perf_counter() - started:.1f} s.\nLoad, as an employee, with:\n  python bench/load.py "
          f"--email {reader['email']} --password bench-password {' '.join(urls)}")


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--pages", type=int, default=20_000)
    parser.add_argument("--documents", type=int, default=2_000)
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()
    asyncio.run(main(args.pages, args.documents, args.seed))
