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

import pytest  # noqa: E402
from httpx import ASGITransport  # noqa: E402

from lms import clock  # noqa: E402
from lms.app import create_app  # noqa: E402
from lms.db import engine  # noqa: E402
from lms.migrate import migrate_all  # noqa: E402
from lms.people.passwords import hash_password  # noqa: E402
from lms.people.tables import Department, Employee  # noqa: E402
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


@pytest.fixture(autouse=True)
async def clean(database):
    yield
    clock.reset()
    for table in TABLES:
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
