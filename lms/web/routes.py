"""What every page shares: the bare health endpoint, static files, the home page."""
from pathlib import Path

from litestar import MediaType, Request, get
from litestar.response import Template
from litestar.static_files import create_static_files_router

from lms import clock
from lms.courses import catalogue
from lms.reminders import checkins
from lms.web.auth import signed_in
from lms.web.media import media

STATIC = Path(__file__).parent / "static"


@get("/ping", media_type=MediaType.TEXT, name="web:ping", opt={"exclude_from_csrf": True, "skip_session": True})
async def ping() -> str:
    """Touches neither session nor database: the ceiling of the stack in benchmarks."""
    return "ok"


@get("/", name="web:home", guards=[signed_in])
async def home(request: Request) -> Template:
    user = request.user
    rows = {"continue": await catalogue.continue_row(user.id), "required": await catalogue.required_row(user.id),
            "new": await catalogue.new_row()}
    progress = await catalogue.progress_of(user.id, [c["id"] for row in rows.values() for c in row])
    return Template(template_name="home.html", context={
        "user": user, "rows": rows, "progress": progress, "checkins": await checkins.open_for(user.id, clock.now())})


static_files = create_static_files_router(path="/static", directories=[STATIC], name="static",
                                          include_in_schema=False, opt={"skip_session": True})

ROUTES = [ping, home, media, static_files]
