"""What every page shares: the bare health endpoint, static files, the home page."""
from pathlib import Path

from litestar import MediaType, Request, get
from litestar.response import Template
from litestar.static_files import create_static_files_router

from lms.web.auth import signed_in

STATIC = Path(__file__).parent / "static"


@get("/ping", media_type=MediaType.TEXT, name="web:ping", opt={"exclude_from_csrf": True, "skip_session": True})
async def ping() -> str:
    """Touches neither session nor database: the ceiling of the stack in benchmarks."""
    return "ok"


@get("/", name="web:home", guards=[signed_in])
async def home(request: Request) -> Template:
    return Template(template_name="home.html", context={"user": request.user})


static_files = create_static_files_router(path="/static", directories=[STATIC], name="static",
                                          include_in_schema=False, opt={"skip_session": True})

ROUTES = [ping, home, static_files]
