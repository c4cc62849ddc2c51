"""Fills the database named by LMS_DATABASE_URL with a large organisation for benchmarks.

    python bench/generate.py --employees 10000

A CEO, a head per department, team leads with 8 to 40 reports and one shift manager with 500;
every generated person signs in with the same password. It refuses to run twice on one database."""
import argparse
import asyncio
import random
import sys
import time
from collections import Counter
from datetime import date, timedelta

from lms import clock  # importing lms first sets PICCOLO_CONF, which the tables need
from lms.db import write_transaction
from lms.migrate import migrate_all
from lms.people.passwords import hash_password
from lms.people.tables import Department, Employee, JobProfile

DOMAIN = "bench.example"
PASSWORD = "bench-password"
ADMIN = f"admin@{DOMAIN}"
BIG_TEAM = 500
BATCH = 500
# department: (weight, the job titles of its staff)
DEPARTMENTS = {
    "Operations": (30, ["Warehouse operator", "Forklift driver", "Order picker", "Planner"]),
    "Customer Service": (14, ["Service agent", "Complaints handler"]),
    "Sales": (12, ["Account manager", "Inside sales", "Sales engineer"]),
    "Production": (14, ["Machine operator", "Quality inspector", "Maintenance technician"]),
    "Logistics": (8, ["Driver", "Dispatcher"]),
    "IT": (7, ["Developer", "System administrator", "Service desk agent"]),
    "Finance": (5, ["Accountant", "Controller", "Payroll officer"]),
    "HR & Learning": (4, ["HR business partner", "L&D specialist", "Recruiter"]),
    "Marketing": (3, ["Marketing specialist", "Content writer"]),
    "Legal": (1, ["Legal counsel"]),
    "Procurement": (2, ["Buyer"]),
}
FIRST = ("Emma Noah Lina Arne Jana Bram Marie Lucas Elise Kobe Hanne Jonas Fien Ruben Laura Wout Nina Milan "
         "Lotte Pieter Sofie Tom Louis Olivia Jules Mila Finn Nora Lars Ella Seppe Anna Daan Julie Stan Lisa "
         "Vic Sara Thomas Amber Wannes Ines Mohamed Yasmine Ayoub Fatima Piotr Anouk").split()
LAST = [name.replace("_", " ") for name in (
        "Peeters Janssens Maes Jacobs Mertens Willems Claes Goossens Wouters De_Smet Dubois Lambert Hermans "
        "Vermeulen Van_Damme Martens Smets Aerts Stevens Michiels Desmet Pauwels Declercq Leroy Cools Vos "
        "Verhoeven Segers Hendrickx Bogaert Lemmens Coppens El_Amrani Nowak Nguyen Vandenberghe").split()]


class Org:
    """Builds people in memory, each with a unique e-mail and the e-mail of their manager."""

    def __init__(self, rng: random.Random):
        self.rng, self.people, self.name_counts = rng, [], Counter()

    def add(self, level: int, department: str, title: str, role: str, manager: str | None, email: str = "") -> str:
        first, last = self.rng.choice(FIRST), self.rng.choice(LAST)
        if not email:
            base = f"{first}.{last}".lower().replace(" ", "")
            self.name_counts[base] += 1
            email = f"{base}{self.name_counts[base] - 1 or ''}@{DOMAIN}"
        hired = date(2000, 1, 1) + timedelta(days=self.rng.randrange(26 * 365))
        self.people.append(dict(level=level, email=email, first_name=first, last_name=last, department=department,
                                job_title=title, role=role, manager=manager, hire_date=hired))
        return email


def build(total: int, rng: random.Random) -> Org:
    org = Org(rng)
    ceo = org.add(0, "HR & Learning", "Managing director", "manager", None)
    org.add(2, "HR & Learning", "L&D specialist", "admin", ceo, email=ADMIN)
    heads = {name: org.add(1, name, f"Head of {name}", "manager", ceo) for name in DEPARTMENTS}
    big_lead = org.add(2, "Operations", "Shift manager", "manager", heads["Operations"])
    for _ in range(min(BIG_TEAM, total - len(org.people))):
        org.add(3, "Operations", rng.choice(DEPARTMENTS["Operations"][1]), "employee", big_lead)
    names, weights = list(DEPARTMENTS), [weight for weight, _ in DEPARTMENTS.values()]
    while len(org.people) < total:
        department = rng.choices(names, weights)[0]
        lead = org.add(2, department, f"Team lead {department.lower()}", "manager", heads[department])
        for _ in range(min(rng.randint(8, 40), total - len(org.people))):
            org.add(3, department, rng.choice(DEPARTMENTS[department][1]), "employee", lead)
    return org


async def _ids(table, names: list[str]) -> dict[str, int]:
    """Id per name, creating the rows that are missing (the demo may have made some)."""
    existing = {r["name"]: r["id"] for r in await table.select(table.id, table.name)}
    missing = [table(name=name) for name in names if name not in existing]
    if missing:
        await table.insert(*missing)
    return {r["name"]: r["id"] for r in await table.select(table.id, table.name)}


async def fill(total: int, seed: int) -> Org:
    org = build(total, random.Random(seed))
    password_hash = await hash_password(PASSWORD)
    now = clock.now()
    async with write_transaction():
        departments = await _ids(Department, list(DEPARTMENTS))
        profiles = await _ids(JobProfile, sorted({p["job_title"] for p in org.people}))
        ids: dict[str, int] = {}
        for level in range(4):  # managers first, so each person's manager already has an id
            people = [p for p in org.people if p["level"] == level]
            for start in range(0, len(people), BATCH):
                await Employee.insert(*[
                    Employee(email=p["email"], first_name=p["first_name"], last_name=p["last_name"],
                             password_hash=password_hash, role=p["role"], department=departments[p["department"]],
                             job_profile=profiles[p["job_title"]], manager=ids.get(p["manager"]),
                             job_title=p["job_title"], hire_date=p["hire_date"], active=True, created_at=now)
                    for p in people[start:start + BATCH]
                ])
            rows = await Employee.select(Employee.id, Employee.email).where(Employee.email.like(f"%@{DOMAIN}"))
            ids = {r["email"]: r["id"] for r in rows}
    await Employee.raw("ANALYZE")  # fresh statistics, so the planner sees 10,000 rows from the first request
    return org


async def main(total: int, seed: int) -> None:
    await migrate_all()
    if await Employee.exists().where(Employee.email == ADMIN):
        sys.exit(f"This database already holds a generated organisation ({ADMIN}); use a fresh database.")
    started = time.perf_counter()
    org = await fill(total, seed)
    reports = Counter(p["manager"] for p in org.people if p["manager"])
    sizes = sorted(reports.values())
    print(f"Generated {len(org.people)} people in {len(DEPARTMENTS)} departments, {len(reports)} managers "
          f"({sizes[0]} to {sizes[-1]} reports), in {time.perf_counter() - started:.1f} s.")
    biggest, size = reports.most_common(1)[0]
    employee = next(p["email"] for p in org.people if p["role"] == "employee")
    print(f"Sign in with password {PASSWORD!r} as:\n  L&D admin  {ADMIN}\n"
          f"  manager    {biggest} ({size} reports)\n  employee   {employee}")


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--employees", type=int, default=10_000)
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()
    if args.employees < 100:
        parser.error("--employees must be at least 100")
    asyncio.run(main(args.employees, args.seed))
