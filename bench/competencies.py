"""Competencies at scale, on top of bench/generate.py: 40 competencies in 8 areas, each job
profile requiring 10 to 14 of them (the four Operations profiles of the 500-report shift manager
together require all 40), levels and assessments for most requirements, and five mandatory
courses whose certificates are valid, expiring, expired or missing.

    python bench/generate.py --employees 10000
    python bench/competencies.py
    lms serve --port 8123 &
    python bench/load.py --base http://127.0.0.1:8123 --email <shift manager> --password bench-password \\
        /team/matrix /team/compliance /team/overview
    python bench/load.py --base http://127.0.0.1:8123 --email admin@bench.example --password bench-password \\
        /admin/reports/matrix /admin/reports/compliance /admin/reports/coverage"""
import argparse
import asyncio
import random
import sys
import time
from datetime import timedelta

import lms  # noqa: F401  sets PICCOLO_CONF before the tables are imported
from lms import clock
from lms.competencies.tables import Assessment, Competency, CompetencyArea, CurrentLevel, JobRequirement
from lms.courses.certificates import new_code
from lms.courses.tables import Certificate, Course
from lms.db import write_transaction
from lms.migrate import migrate_all
from lms.people.tables import Employee, JobProfile

BATCH = 1000
AREAS = 8
COMPETENCIES = 40
MARKER = "Bench area "
OPERATIONS = ["Warehouse operator", "Forklift driver", "Order picker", "Planner"]


async def make_framework(rng: random.Random) -> list[int]:
    areas = await CompetencyArea.insert(*(CompetencyArea(name=f"{MARKER}{n + 1}", position=n) for n in range(AREAS)))
    rows = await Competency.insert(*(Competency(area=areas[n % AREAS]["id"], name=f"Bench skill {n + 1}",
                                                kind="soft" if n % 3 == 0 else "hard")
                                     for n in range(COMPETENCIES)))
    return [row["id"] for row in rows]


def requirements_of(profile: str, competencies: list[int], rng: random.Random) -> dict[int, int]:
    if profile in OPERATIONS:
        k = OPERATIONS.index(profile)
        chosen = competencies[k * 10:(k + 1) * 10] + rng.sample(competencies, 4)
    else:
        chosen = rng.sample(competencies, rng.randint(10, 14))
    return {competency: rng.randint(1, 4) for competency in chosen}


async def insert_batched(rows: list) -> None:
    for start in range(0, len(rows), BATCH):
        await type(rows[0]).insert(*rows[start:start + BATCH])


async def main(seed: int) -> None:
    await migrate_all()
    if await CompetencyArea.exists().where(CompetencyArea.name.like(f"{MARKER}%")):
        sys.exit("This database already holds generated competencies; use a fresh database.")
    if not await Employee.exists().where(Employee.email.like("%@bench.example")):
        sys.exit("Generate an organisation first: python bench/generate.py")
    rng, started, now = random.Random(seed), time.perf_counter(), clock.now()
    async with write_transaction():
        competencies = await make_framework(rng)
        profiles = {r["id"]: r["name"] for r in await JobProfile.select(JobProfile.id, JobProfile.name)}
        required = {pid: requirements_of(name, competencies, rng) for pid, name in profiles.items()}
        await insert_batched([JobRequirement(job_profile=pid, competency=c, level=level)
                              for pid, levels in required.items() for c, level in levels.items()])
        people = await Employee.select(Employee.id, Employee.job_profile, Employee.manager).where(
            Employee.active.eq(True))
        levels, history = [], []
        for person in people:
            for competency in required.get(person["job_profile"], {}):
                if rng.random() < 0.75:
                    level, at = rng.randint(0, 4), now - timedelta(days=rng.randint(1, 700))
                    levels.append(CurrentLevel(employee=person["id"], competency=competency, level=level,
                                               source="manager", assessed_at=at))
                    history.append(Assessment(employee=person["id"], competency=competency, level=level,
                                              source="manager", assessed_by=person["manager"], created_at=at))
        await insert_batched(levels)
        await insert_batched(history)
        courses = await Course.insert(*(Course(title=f"Bench mandatory {n + 1}", mandatory=True, published=True,
                                               validity_months=24, created_at=now) for n in range(5)))
        certificates = []
        for course in courses:
            for person in people:
                if rng.random() < 0.8:  # a fifth is missing; of the rest some expired, some expire soon
                    issued = (now - timedelta(days=rng.randint(1, 900))).date()
                    certificates.append(Certificate(employee=person["id"], course=course["id"],
                                                    title="Bench mandatory", code=new_code(), issued_on=issued,
                                                    expires_on=issued + timedelta(days=730)))
        await insert_batched(certificates)
    await Employee.raw("ANALYZE")
    print(f"{COMPETENCIES} competencies, {sum(map(len, required.values()))} requirements over {len(profiles)} "
          f"job profiles, {len(levels)} levels and assessments, {len(certificates)} certificates of 5 mandatory "
          f"courses, in {time.perf_counter() - started:.1f} s.")


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--seed", type=int, default=1)
    asyncio.run(main(parser.parse_args().seed))
