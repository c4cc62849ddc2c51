"""The catalogue at scale: fills 1,000 courses and 200,000 enrolments on top of bench/generate.py,
and measures what a phone downloads for the catalogue, a course page and a lesson page.

    python bench/generate.py --employees 10000
    python bench/catalogue.py fill --courses 1000 --enrolments 200000
    lms serve --port 8123 &
    python bench/catalogue.py bytes --base http://127.0.0.1:8123      # prints the URLs to load too
    python bench/load.py --base http://127.0.0.1:8123 --email admin@bench.example --password bench-password \\
        /catalogue /courses/1 /courses/1/lessons/1"""
import argparse
import asyncio
import random
import re
import time

import httpx

import lms  # noqa: F401  sets PICCOLO_CONF before the tables are imported
from lms import clock
from lms.competencies.tables import Competency, CompetencyArea
from lms.courses.tables import Course, CourseCompetency, Enrolment, Lesson
from lms.db import write_transaction
from lms.people.tables import Employee

BATCH = 1000
FORMATS = ["online"] * 6 + ["classroom", "virtual", "blended"]
WORDS = "safety excel feedback coaching customer forklift privacy leadership planning quality lean sales".split()


async def fill(courses: int, enrolments: int, seed: int = 1) -> None:
    rng = random.Random(seed)
    if await Course.count():
        raise SystemExit("this database already has courses")
    started, now = time.perf_counter(), clock.now()
    areas = [CompetencyArea(name=f"Area {i}", position=i) for i in range(8)]
    await CompetencyArea.insert(*areas)
    area_ids = await CompetencyArea.select(CompetencyArea.id).output(as_list=True)
    await Competency.insert(*(Competency(area=area_ids[i % 8], name=f"Competency {i}") for i in range(40)))
    competency_ids = await Competency.select(Competency.id).output(as_list=True)
    async with write_transaction():
        await Course.insert(*(Course(
            title=f"{rng.choice(WORDS).title()} {rng.choice(WORDS)} {i}", summary="A short course for benchmarks.",
            description="## What you learn\n\n" + "Text. " * 80, format=rng.choice(FORMATS), minutes=rng.choice(
                [5, 10, 15, 45, 90]), language=rng.choice(["en", "nl"]), mandatory=i % 20 == 0, published=True,
            created_at=now) for i in range(courses)))
    course_ids = await Course.select(Course.id).output(as_list=True)
    async with write_transaction():
        lessons = [Lesson(course=c, position=p, title=f"Lesson {p}", kind="text", body="Text. " * 60)
                   for c in course_ids for p in (1, 2, 3)]
        for start in range(0, len(lessons), BATCH // 10):  # PostgreSQL takes at most 32,767 arguments
            await Lesson.insert(*lessons[start:start + BATCH // 10])
        await CourseCompetency.insert(*(CourseCompetency(course=c, competency=rng.choice(competency_ids), level=2)
                                        for c in course_ids))
    people = await Employee.select(Employee.id).output(as_list=True)
    pairs = set()
    while len(pairs) < enrolments:
        pairs.add((rng.choice(people), rng.choice(course_ids)))
    pairs = sorted(pairs)
    for start in range(0, len(pairs), BATCH):
        async with write_transaction():
            await Enrolment.insert(*(Enrolment(employee=e, course=c, enrolled_at=now, last_activity_at=now,
                                               completed_at=now if rng.random() < 0.6 else None)
                                     for e, c in pairs[start:start + BATCH]))
    print(f"{courses} courses, {enrolments} enrolments in {time.perf_counter() - started:.0f} s")


def transferred(base: str, email: str, password: str) -> None:
    """Compressed bytes of each page and the CSS and JS it loads (video excluded)."""
    with httpx.Client(base_url=base, headers={"Accept-Encoding": "gzip"}) as client:
        page = client.get("/sign-in")
        token = re.search(r'name="_csrf_token" value="([^"]+)"', page.text).group(1)
        client.post("/sign-in", data={"_csrf_token": token, "email": email, "password": password})
        course = client.get("/catalogue?q=safety").text
        course_id = re.search(r'href="/courses/(\d+)"', course).group(1)
        lesson = re.search(r'href="/courses/\d+/lessons/(\d+)"', client.get(f"/courses/{course_id}").text).group(1)
        for url in ("/catalogue", f"/courses/{course_id}", f"/courses/{course_id}/lessons/{lesson}"):
            response = client.get(url)
            assets = re.findall(r'(?:href|src)="(/static/[^"]+\.(?:css|js))"', response.text)
            sizes = {a: _wire_size(client, a) for a in assets}
            html = _wire_size(client, url)
            total = html + sum(sizes.values())
            print(f"{url:40} HTML {html / 1024:6.1f} KiB + CSS/JS {sum(sizes.values()) / 1024:6.1f} KiB "
                  f"= {total / 1024:6.1f} KiB compressed")


def _wire_size(client: httpx.Client, url: str) -> int:
    with client.stream("GET", url) as response:
        return sum(len(chunk) for chunk in response.iter_raw())


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    sub = parser.add_subparsers(dest="command", required=True)
    filling = sub.add_parser("fill")
    filling.add_argument("--courses", type=int, default=1000)
    filling.add_argument("--enrolments", type=int, default=200_000)
    measuring = sub.add_parser("bytes")
    measuring.add_argument("--base", default="http://127.0.0.1:8123")
    measuring.add_argument("--email", default="admin@bench.example")
    measuring.add_argument("--password", default="bench-password")
    args = parser.parse_args()
    if args.command == "fill":
        asyncio.run(fill(args.courses, args.enrolments))
    else:
        transferred(args.base, args.email, args.password)
