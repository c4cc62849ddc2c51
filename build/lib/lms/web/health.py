"""/health for load balancers, compose and monitoring: can this process reach its database and
write its files? 200 when both can, 503 naming the check that failed."""
import asyncio
import tempfile
from pathlib import Path

from litestar import MediaType, Request, Response, get
from piccolo.engine.base import Engine

from lms.db import engine

TIMEOUT = 5  # seconds; a load balancer gives up soon after


async def database_check(db: Engine) -> str:
    """"ok", or what went wrong (its kind only: the address and password stay out of a public page)."""
    try:
        await asyncio.wait_for(db.run_ddl("SELECT 1"), TIMEOUT)
    except TimeoutError:
        return f"no answer within {TIMEOUT} s"
    except Exception as error:  # noqa: BLE001 - any failure is the answer
        return f"unreachable ({type(error).__name__})"
    return "ok"


def files_check(folder: Path) -> str:
    try:
        folder.mkdir(parents=True, exist_ok=True)
        with tempfile.TemporaryFile(dir=folder):
            pass
    except OSError as error:
        return f"not writable ({type(error).__name__})"
    return "ok"


@get("/health", media_type=MediaType.JSON, name="web:health", opt={"exclude_from_csrf": True, "skip_session": True})
async def health(request: Request) -> Response:
    checks = {"database": await database_check(engine()),
              "files": await asyncio.to_thread(files_check, request.app.state.settings.data_dir / "files")}
    healthy = all(result == "ok" for result in checks.values())
    return Response({"status": "ok" if healthy else "failing", "checks": checks}, status_code=200 if healthy else 503,
                    headers={"Cache-Control": "no-store"})
