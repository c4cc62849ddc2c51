"""Schemathesis against the OpenAPI document, as a client would meet the API: a real server, a token
that may do everything, every operation fuzzed from the document, stateful sequences included.

Two checks stay off, each for a reason outside our schema: Litestar's automatic OPTIONS answer lists
the methods of one handler per path (allow_header_conformance), and some schema-valid requests are
refused by rules no schema can say, such as a due date in the past (positive_data_acceptance)."""
import os
import subprocess
import sys
from pathlib import Path

from lms.people import tokens
from tests.e2e.conftest import serving
from tests.oidc import free_port

EXAMPLES = os.environ.get("LMS_FUZZ_EXAMPLES_API", "25")


async def test_the_api_keeps_to_its_openapi_document(org, course):
    token = await tokens.create_token("Schemathesis", list(tokens.SCOPES),
                                      org["alice"].id)
    port = free_port()
    with serving({**os.environ, "LMS_API_PER_MINUTE": "1000000"}, port) as url:
        run = subprocess.run(
            [str(Path(sys.executable).with_name("schemathesis")), "run", f"{url}/api/v1/schema/openapi.json",
             "-H", f"Authorization: Bearer {token}", "--checks", "all",
             "--exclude-checks", "allow_header_conformance,positive_data_acceptance",
             "--max-examples", EXAMPLES, "--seed", "20261206", "--no-color"],
            capture_output=True, text=True, timeout=600)
    assert run.returncode == 0, run.stdout[-6000:]
    assert "No issues found" in run.stdout or " passed" in run.stdout
