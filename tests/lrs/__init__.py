"""A real Learning Record Store for the xAPI tests: Ralph (France Université Numérique's LRS, on PyPI
as ralph-malph), installed on first use in a venv of its own (.venv-lrs) (its web stack differs from ours) and
run with its file-system backend (tests/lrs/serve.py)."""
import os
import signal
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urljoin

import httpx
import pytest

from tests.oidc import free_port

HERE = Path(__file__).parent
VENV = HERE.parents[1] / ".venv-lrs"  # beside the project's .venv, out of the test tree
USER, PASSWORD = "lms", "lrs-test-secret"
START_SECONDS = 60


@dataclass
class RecordStore:
    endpoint: str
    process: subprocess.Popen

    def statements(self) -> list[dict]:
        """Everything the store holds, following its pages ("more")."""
        found, url = [], f"{self.endpoint}statements"
        while url:
            response = httpx.get(url, auth=(USER, PASSWORD), headers={"X-Experience-API-Version": "1.0.3"})
            response.raise_for_status()
            page = response.json()
            found += page["statements"]
            url = urljoin(self.endpoint, page["more"]) if page.get("more") else ""
        return found

    def pause(self) -> None:
        """Freezes the store: requests to it hang, as to a store that stopped answering."""
        os.kill(self.process.pid, signal.SIGSTOP)

    def resume(self) -> None:
        os.kill(self.process.pid, signal.SIGCONT)


def _installed() -> Path:
    ralph = VENV / "bin" / "ralph"
    if not ralph.exists():
        subprocess.run([sys.executable, "-m", "venv", str(VENV)], check=True)
        subprocess.run([str(VENV / "bin" / "pip"), "install", "--quiet", "-r", str(HERE / "requirements.txt")],
                       check=True)
    return ralph


def run_store(folder: Path) -> RecordStore:
    """Ralph listening on a free port, storing statements in `folder`; stop it with .process.terminate()."""
    ralph, port = _installed(), free_port()
    env = {**os.environ, "RALPH_APP_DIR": str(folder / "app"), "RALPH_RUNSERVER_BACKEND": "fs",
           "RALPH_BACKENDS__LRS__FS__DEFAULT_DIRECTORY_PATH": str(folder / "data")}
    subprocess.run([str(ralph), "auth", "-u", USER, "-p", PASSWORD, "-s", "all", "-M", "mailto:lms@example.org",
                    "-w"], env=env, check=True, capture_output=True)
    (folder / "data").mkdir(exist_ok=True)
    process = subprocess.Popen([str(VENV / "bin" / "python"), str(HERE / "serve.py"), str(port)], env=env,
                               stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    store = RecordStore(endpoint=f"http://127.0.0.1:{port}/xAPI/", process=process)
    deadline = time.monotonic() + START_SECONDS
    while True:
        try:
            store.statements()
            return store
        except httpx.HTTPError:
            if process.poll() is not None or time.monotonic() > deadline:
                process.kill()
                pytest.fail("the Learning Record Store (Ralph) did not start", pytrace=False)
            time.sleep(0.2)
