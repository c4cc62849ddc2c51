"""What an operator relies on: /health for load balancers, and `lms backup` / `lms restore` taken
while the app writes, restored into a new place and served from there."""
import asyncio
import json
import os
import subprocess
import sys
import time

import asyncpg
import httpx
import pytest
from piccolo.engine.postgres import PostgresEngine

from lms.knowledge.tables import Document, Page
from lms.web.health import database_check, files_check
from tests.conftest import on_postgres
from tests.helpers import Client, sign_in
from tests.knowledge.documents_fixtures import make_page, make_spaces
from tests.knowledge.test_documents import PDF, upload
from tests.smtp import free_port

RESTORED_DATABASE = "lms_restore_test"


async def test_health_says_each_check_is_ok(client):
    response = await client.get("/health")
    assert response.status_code == 200
    assert response.json() == {"status": "ok", "checks": {"database": "ok", "files": "ok"}}
    assert response.headers["cache-control"] == "no-store"


async def test_health_names_what_failed(tmp_path):
    unreachable = PostgresEngine(config={"dsn": "postgresql://nobody@127.0.0.1:1/none"})
    assert (await database_check(unreachable)).startswith("unreachable (")
    blocked = tmp_path / "a-file"
    blocked.write_text("not a folder")
    assert files_check(blocked / "files").startswith("not writable (")


def lms(*args: str, env: dict | None = None) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "lms.cli", *args], capture_output=True, text=True, timeout=180,
                          env={**os.environ, **(env or {})})


async def restored_database_url() -> str:
    """An empty PostgreSQL database beside the test one, to restore into."""
    server = "postgresql://postgres@127.0.0.1:5432"
    connection = await asyncpg.connect(f"{server}/test")
    try:
        await connection.execute(f"DROP DATABASE IF EXISTS {RESTORED_DATABASE} WITH (FORCE)")
        await connection.execute(f"CREATE DATABASE {RESTORED_DATABASE}")
    finally:
        await connection.close()
    return f"{server}/{RESTORED_DATABASE}"


def serve(env: dict) -> tuple[subprocess.Popen, str]:
    port = free_port()
    process = subprocess.Popen([sys.executable, "-m", "lms.cli", "serve", "--port", str(port), "--workers", "1"],
                               env={**os.environ, **env, "LMS_SCHEDULER": "false"}, stdout=subprocess.DEVNULL,
                               stderr=subprocess.PIPE, text=True)
    url = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline and process.poll() is None:
        try:
            if httpx.get(f"{url}/health", timeout=2).status_code == 200:
                return process, url
        except httpx.HTTPError:
            time.sleep(0.2)
    process.kill()
    pytest.fail(f"the restored lms did not come up: {process.communicate()[1][-2000:]}")


async def test_a_backup_taken_while_people_write_restores_into_a_new_place_and_serves(
        as_charlie, org, tmp_path):
    spaces = await make_spaces(org)
    assert (await upload(as_charlie, spaces["open"], "procedure.pdf", PDF, title="Fire procedure")).status_code == 303
    writing = True

    async def keep_writing() -> int:
        written = 0
        while writing:
            await make_page(spaces["open"], f"Note {written}", "written during the backup", org["charlie"].id)
            written += 1
            await asyncio.sleep(0.005)
        return written

    writer = asyncio.create_task(keep_writing())
    made = await asyncio.to_thread(lms, "backup", str(tmp_path / "backup"))
    writing = False
    written = await writer
    assert made.returncode == 0, made.stderr
    assert written > 0  # the backup really ran beside writes
    manifest = json.loads((tmp_path / "backup" / "backup.json").read_text())
    assert manifest["files"] >= 1
    assert lms("backup", str(tmp_path / "backup")).returncode != 0  # never over an earlier backup

    target = {"LMS_DATA_DIR": str(tmp_path / "restored")}
    target["LMS_DATABASE_URL"] = (await restored_database_url() if on_postgres()
                                  else f"sqlite:///{tmp_path / 'restored' / 'lms.sqlite3'}")
    restored = lms("restore", str(tmp_path / "backup"), env=target)
    assert restored.returncode == 0, restored.stderr
    assert "already" in lms("restore", str(tmp_path / "backup"), env=target).stderr  # never over live data
    assert lms("migrate", env=target).returncode == 0

    server, url = serve(target)
    try:
        async with Client(base_url=url) as browser:
            assert (await sign_in(browser, "charlie@example.org")).status_code == 303
            document = await Document.select(Document.id).first()
            download = await browser.get(f"/knowledge/documents/{document['id']}/file")
            assert download.status_code == 200 and download.content == PDF
            page = await Page.select(Page.id).where(Page.title == "Note 0").first()
            assert "written during the backup" in (await browser.get(f"/knowledge/pages/{page['id']}")).text
    finally:
        server.terminate()
        server.wait(timeout=20)


def test_restore_refuses_a_folder_that_is_no_backup(tmp_path):
    done = lms("restore", str(tmp_path), env={"LMS_DATA_DIR": str(tmp_path / "new")})
    assert done.returncode != 0 and "holds no backup made by lms backup" in done.stderr
