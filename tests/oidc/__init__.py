"""A real OpenID Connect provider for the tests: panva's oidc-provider (provider.mjs) on Node.js,
its packages installed here on first use."""
import json
import shutil
import socket
import subprocess
from pathlib import Path

import pytest

HERE = Path(__file__).parent


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def run_provider(port: int, clients: list[dict], jwks: dict | None = None) -> subprocess.Popen:
    """The provider listening on 127.0.0.1:port with these clients (and signing keys); stop it with terminate()."""
    if shutil.which("node") is None or shutil.which("npm") is None:
        pytest.fail("the single sign-on tests need Node.js and npm (Debian: apt-get install nodejs npm)", pytrace=False)
    if not (HERE / "node_modules" / "oidc-provider").exists():
        subprocess.run(["npm", "ci", "--no-audit", "--no-fund"], cwd=HERE, check=True, capture_output=True)
    arguments = ["node", "provider.mjs", str(port), json.dumps(clients)] + ([json.dumps(jwks)] if jwks else [])
    process = subprocess.Popen(arguments, cwd=HERE, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)
    if process.stdout.readline().strip() != "ready":
        process.kill()
        pytest.fail("the OpenID Connect provider did not start", pytrace=False)
    return process
