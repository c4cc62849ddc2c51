"""How long one reminder sweep takes over many due reminders, and its peak memory.

    python bench/sweep.py --reminders 100000            # inbox only (people chose no e-mail)
    python bench/sweep.py --reminders 2000 --mail       # also through a local SMTP server

Run it on an empty database (LMS_DATA_DIR or LMS_DATABASE_URL): it adds employees and due
check-in reminders, then times sweep() and reads the peak resident memory of this process."""
import argparse
import asyncio
import resource
import time
from dataclasses import replace
from datetime import timedelta

import lms  # noqa: F401  sets PICCOLO_CONF before the tables are imported
from lms import clock
from lms.courses.tables import Course, Enrolment
from lms.db import engine, write_transaction
from lms.migrate import migrate_all
from lms.people.tables import Employee
from lms.reminders.sweep import sweep
from lms.reminders.tables import CheckIn, Preference, Reminder
from lms.settings import load_settings
from lms.web.templating import environment

PEOPLE = 1000
BATCH = 1000


async def fill(count: int, email: str) -> None:
    now = clock.now()
    course = Course(title="Bench course", published=True, created_at=now)
    await course.save()
    async with write_transaction():
        await Employee.insert(*(Employee(email=f"sweep{i}@bench.example", first_name=f"P{i}", last_name="Sweep",
                                         created_at=now) for i in range(PEOPLE)))
    people = await Employee.select(Employee.id).where(Employee.email.like("sweep%")).output(as_list=True)
    await Preference.insert(*(Preference(employee=p, email=email) for p in people))
    async with write_transaction():
        await Enrolment.insert(*(Enrolment(employee=p, course=course.id, enrolled_at=now, last_activity_at=now,
                                           completed_at=now - timedelta(days=400)) for p in people))
    enrolments = await Enrolment.select(Enrolment.id, Enrolment.employee).where(Enrolment.course == course.id)
    for start in range(0, count, BATCH):
        async with write_transaction():
            numbers = range(start, min(start + BATCH, count))
            rows = [enrolments[n % PEOPLE] for n in numbers]
            # a check-in is unique per enrolment and offset: each round over the people takes the next day
            checkins = [CheckIn(enrolment=r["id"], respondent=r["employee"], offset_days=7 + n // PEOPLE, due_at=now)
                        for r, n in zip(rows, numbers)]
            await CheckIn.insert(*checkins)
            ids = await CheckIn.select(CheckIn.id).order_by(CheckIn.id, ascending=False).limit(len(rows)).output(
                as_list=True)
            await Reminder.insert(*(Reminder(kind="checkin", employee=r["employee"], dedupe_key=f"bench:{i}",
                                             payload={"checkin": i}, due_at=now, next_attempt_at=now, created_at=now)
                                    for r, i in zip(rows, reversed(ids))))


async def main(count: int, mail: bool) -> None:
    await migrate_all()
    if await Reminder.count():
        raise SystemExit("run this on an empty database")
    settings = load_settings()
    server = None
    if mail:
        from aiosmtpd.controller import Controller

        class Discard:
            async def handle_DATA(self, server, session, envelope):
                return "250 OK"

        server = Controller(Discard(), hostname="127.0.0.1", port=8025)
        server.start()
        settings = replace(settings, smtp_host="127.0.0.1", smtp_port=8025)
    started = time.perf_counter()
    await fill(count, "each" if mail else "none")
    print(f"filled {count} due reminders in {time.perf_counter() - started:.1f} s")
    before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    started = time.perf_counter()
    counts = await sweep(clock.now(), settings, environment())
    took = time.perf_counter() - started
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    print(f"engine {type(engine()).__name__}, mail {'on' if mail else 'off'}: {counts}")
    print(f"sweep: {took:.1f} s, {count / took:.0f} reminders/s; peak RSS {peak / 1024:.0f} MiB "
          f"({(peak - before) / 1024:.0f} MiB more than before the sweep)")
    if server:
        server.stop()


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--reminders", type=int, default=100_000)
    parser.add_argument("--mail", action="store_true", help="send through a local SMTP server too")
    args = parser.parse_args()
    from lms.cli import _with_pool  # PostgreSQL's connection pool, as the app and lms worker have it

    asyncio.run(_with_pool(lambda: main(args.reminders, args.mail)))
