"""Tests run against a real database: SQLite by default, PostgreSQL when
LMS_TEST_DATABASE_URL is set (as .ci/run does). The app runs in the test's own event loop
through httpx's ASGI transport, so what a test writes the app sees, and the other way round."""
import asyncio
import os
import tempfile

DATA_DIR = tempfile.mkdtemp(prefix="lms-test-")
os.environ["LMS_DATA_DIR"] = DATA_DIR
os.environ["LMS_DATABASE_URL"] = os.environ.get("LMS_TEST_DATABASE_URL") or f"sqlite:///{DATA_DIR}/test.sqlite3"
os.environ["LMS_MODE"] = "development"
os.environ["LMS_SCHEDULER"] = "false"  # tests call the sweep with a moved clock instead
os.environ["LMS_SHARED_CACHE_SECONDS"] = "0"  # tests write courses behind the editor's back, also for the browser's server
# no training right (an employer under ten workers): an October test organisation would otherwise warn
# every manager of untrained people; the training duty's own tests set a right
os.environ["LMS_TRAINING_DAYS"] = "0"

import pytest  # noqa: E402
from httpx import ASGITransport  # noqa: E402

from lms import clock  # noqa: E402
from lms.app import create_app  # noqa: E402
from lms.db import engine  # noqa: E402
from lms.migrate import migrate_all  # noqa: E402
from lms.people.passwords import hash_password  # noqa: E402
from lms.competencies.tables import Competency, CompetencyArea  # noqa: E402
from lms.courses.tables import Choice, Course, CourseCompetency, Lesson, Question  # noqa: E402
from lms.people.tables import AuditEntry, Department, Employee  # noqa: E402
from migrations.people.people_2026_12_06t11_00_00_000000 import SQLITE as NO_DELETE_TRIGGER  # noqa: E402
from piccolo.conf.apps import Finder  # noqa: E402
from piccolo.table import sort_table_classes  # noqa: E402
from tests.helpers import PASSWORD, Client, sign_in  # noqa: E402

# children before parents, so deleting never trips a foreign key
TABLES = list(reversed(sort_table_classes(Finder().get_table_classes())))


def on_postgres() -> bool:
    return os.environ["LMS_DATABASE_URL"].startswith("postgres")


@pytest.fixture(scope="session", autouse=True)
async def database():
    if on_postgres():
        await engine().run_ddl("DROP SCHEMA public CASCADE")
        await engine().run_ddl("CREATE SCHEMA public")
    await migrate_all()
    yield


async def empty_audit_log() -> None:
    """The audit log refuses DELETE (a trigger): PostgreSQL's TRUNCATE fires no row trigger; on
    SQLite the trigger steps aside for the moment it takes."""
    if on_postgres():
        await engine().run_ddl("TRUNCATE audit_entry")
        return
    await engine().run_ddl("DROP TRIGGER audit_entry_no_delete")
    await AuditEntry.delete(force=True)
    await engine().run_ddl(NO_DELETE_TRIGGER[0])


@pytest.fixture(autouse=True)
async def clean(database):
    yield
    clock.reset()
    for table in TABLES:
        if table is AuditEntry:
            await empty_audit_log()
        else:
            await table.delete(force=True)


@pytest.fixture(scope="session")
async def password_hash():
    return await hash_password(PASSWORD)


@pytest.fixture(scope="session")
async def app(database):
    """The lifespan runs in a task of its own: anyio insists it ends in the task it began in."""
    application = create_app()
    started, stop = asyncio.Event(), asyncio.Event()

    async def run() -> None:
        async with application.lifespan():
            started.set()
            await stop.wait()

    task = asyncio.create_task(run())
    await started.wait()
    yield application
    stop.set()
    await task


@pytest.fixture
async def client(app):
    async with Client(transport=ASGITransport(app=app), base_url="http://testserver") as c:
        yield c


@pytest.fixture
def make_client(app):
    """More clients, one per person in a test."""
    clients = []

    def make() -> Client:
        c = Client(transport=ASGITransport(app=app), base_url="http://testserver")
        clients.append(c)
        return c

    yield make


@pytest.fixture
async def org(password_hash):
    """A small organisation: Alice runs L&D, Bob manages Charlie, Erin manages Dave."""
    now = clock.now()
    ops = Department(name="Operations")
    await ops.save()
    people = {}
    for key, role, manager in [("alice", "admin", None), ("bob", "manager", None), ("erin", "manager", None),
                               ("charlie", "employee", "bob"), ("dave", "employee", "erin")]:
        person = Employee(email=f"{key}@example.org", first_name=key.title(), last_name="Test", role=role,
                          password_hash=password_hash, department=ops.id, created_at=now,
                          manager=people[manager].id if manager else None)
        await person.save()
        people[key] = person
    return people


async def signed_in_client(make_client, email: str) -> Client:
    client = make_client()
    await sign_in(client, email)
    return client


@pytest.fixture
async def as_alice(make_client, org):
    return await signed_in_client(make_client, "alice@example.org")


@pytest.fixture
async def as_bob(make_client, org):
    return await signed_in_client(make_client, "bob@example.org")


@pytest.fixture
async def as_charlie(make_client, org):
    return await signed_in_client(make_client, "charlie@example.org")


@pytest.fixture
async def course(org):
    """Fire safety: a video lesson, a text lesson, and a two-question quiz (pass mark 50%)."""
    area = CompetencyArea(name="Safety")
    await area.save()
    competency = Competency(area=area.id, name="Fire safety")
    await competency.save()
    course = Course(title="Fire safety basics", summary="Prevent, spot and fight a small fire.",
                    description="## What you learn\n\n- Use an extinguisher", format="online",
                    route="internal_expert", minutes=12, mandatory=True, validity_months=12, published=True,
                    pass_mark=50, max_attempts=0, created_at=clock.now())
    await course.save()
    await CourseCompetency.insert(CourseCompetency(course=course.id, competency=competency.id, level=2))
    video = Lesson(course=course.id, position=1, title="Spot the risk", kind="video", duration_seconds=30,
                   video="videos/spot-the-risk.webm")
    text = Lesson(course=course.id, position=2, title="The extinguisher", kind="text", body="Pull, aim, squeeze.")
    await Lesson.insert(video, text)
    q1 = Question(course=course.id, position=1, text="Which extinguisher for a fat fire?", multiple=False)
    q2 = Question(course=course.id, position=2, text="What do you do first?", multiple=True)
    await Question.insert(q1, q2)
    await Choice.insert(
        Choice(question=q1.id, position=1, text="Fire blanket", correct=True, feedback="Right: it smothers it."),
        Choice(question=q1.id, position=2, text="Water", correct=False, feedback="Water makes a fat fire explode."),
        Choice(question=q2.id, position=1, text="Raise the alarm", correct=True),
        Choice(question=q2.id, position=2, text="Save yourself", correct=True),
        Choice(question=q2.id, position=3, text="Finish your mail", correct=False),
    )
    return {"course": course, "video": video, "text": text, "questions": [q1, q2], "competency": competency}


from tests.smtp import mailbox, settings, templates  # noqa: E402,F401  (fixtures for every test that mails)
