"""Browser fixtures: one real lms server per test session, one headless Chromium, and a fresh
phone-sized page per test that records every console error.

The server is a uvicorn subprocess with this process's environment, so it uses the test database
that tests/conftest.py set up (SQLite file or PostgreSQL). What the `org` fixture inserts is
committed, so the server sees it; the `clean` fixture empties the tables after each test."""
import os
import socket
import subprocess
import sys
import time
from contextlib import contextmanager
from pathlib import Path

import httpx
import pytest
from playwright.async_api import async_playwright

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync"]
PHONE = {"viewport": {"width": 360, "height": 740}, "is_mobile": True, "has_touch": True}
START_SECONDS = 30


def _require_chromium() -> None:
    if CHROMIUM.exists():
        return
    message = f"browser tests need Debian's chromium at {CHROMIUM} (apt-get install chromium); it is missing"
    if os.environ.get("CI"):
        pytest.fail(message, pytrace=False)
    pytest.skip(message)


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@contextmanager
def serving(environment: dict, port: int | None = None):
    """A real lms server (uvicorn subprocess) with this environment; yields its base URL."""
    port = port or _free_port()
    url = f"http://127.0.0.1:{port}"
    process = subprocess.Popen(
        [sys.executable, "-m", "uvicorn", "lms.app:create_app", "--factory",
         "--host", "127.0.0.1", "--port", str(port), "--log-level", "warning"],
        env=environment, cwd=Path(__file__).parents[2])
    try:
        deadline = time.monotonic() + START_SECONDS
        while True:
            if process.poll() is not None:
                pytest.fail(f"the lms server exited with code {process.returncode} before answering /ping "
                            "(its output is in the captured stderr)", pytrace=False)
            try:
                if httpx.get(f"{url}/ping", timeout=1).status_code == 200:
                    break
            except httpx.HTTPError:
                pass
            if time.monotonic() > deadline:
                pytest.fail(f"the lms server did not answer {url}/ping within {START_SECONDS} s", pytrace=False)
            time.sleep(0.1)
        yield url
    finally:
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


@pytest.fixture(scope="session")
def live_server(database) -> str:
    """The base URL of a real lms server. Depends on `database`, so migrations ran before it starts."""
    _require_chromium()
    with serving(os.environ.copy()) as url:
        yield url


@pytest.fixture(scope="session")
async def browser(live_server):
    async with async_playwright() as p:
        chromium = await p.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        yield chromium
        await chromium.close()


@pytest.fixture
async def phone(browser, live_server):
    """A new page in a fresh 360x740 phone context (no cookies carried over between tests).

    page.errors collects console errors (Chromium reports CSP violations and failed loads there)
    and uncaught exceptions; tests assert it is empty."""
    context = await browser.new_context(base_url=live_server, **PHONE)
    page = await context.new_page()
    page.errors = []
    page.on("console", lambda m: page.errors.append(f"console: {m.text}") if m.type == "error" else None)
    page.on("pageerror", lambda e: page.errors.append(f"uncaught: {e}"))
    yield page
    await context.close()
