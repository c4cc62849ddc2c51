"""What every page shares: the bare health endpoint, static files, the home page."""

from litestar import MediaType, Request, get
from litestar.response import Template
from litestar.datastructures import CacheControlHeader
from litestar.static_files import create_static_files_router

from lms import clock
from lms.competencies import needs
from lms.courses import catalogue, paths, recall
from lms.knowledge import reading
from lms.reminders import checkins
from lms.reports import overview, surveys
from lms.i18n import gettext as _
from lms.web import app_shell
from lms.web.auth import admin_only, signed_in
from lms.web.health import health
from lms.web.kept_answers import KEEP_ANSWER
from lms.web.media import media, scorm_file
from lms.web.templating import STATIC



@get("/ping", media_type=MediaType.TEXT, name="web:ping", opt={"exclude_from_csrf": True, "skip_session": True})
async def ping() -> str:
    """Touches neither session nor database: the ceiling of the stack in benchmarks."""
    return "ok"


@get("/", name="web:home", guards=[signed_in], opt={KEEP_ANSWER: True})
async def home(request: Request) -> Template:
    user = request.user
    await paths.assign_automatic_paths(user.id)
    rows = {"continue": await catalogue.continue_row(user.id), "required": await catalogue.required_row(user.id),
            "new": await catalogue.new_row()}
    progress = await catalogue.progress_of(user.id, [c["id"] for row in rows.values() for c in row])
    open_checkins = await checkins.open_for(user.id, clock.now())
    return Template(template_name="home.html", context={
        "user": user, "rows": rows, "progress": progress, "checkins": open_checkins,
        "paths": await paths.paths_of(user.id), "needs": await needs.open_needs(user.id),
        "survey": await surveys.waiting_for(user.id), "recall": await recall.due_for(user.id),
        "to_read": await reading.waiting_for(user.id),
        "waiting": {"requests": await overview.requests_waiting(user.id),
                    "checkins": sum(c["for_manager"] for c in open_checkins)} if user.is_manager else None})


def _tools() -> list[tuple[str, str, str]]:
    tools = [
        ("/admin/people", _("People"), _("Accounts, roles, managers, passwords")),
        ("/admin/import", _("Import people"), _("Your HR export as CSV, with a preview")),
        ("/admin/org/departments", _("Organisation"), _("Departments and job profiles")),
        ("/admin/competencies", _("Competencies"), _("Areas, competencies, the proficiency scale")),
        ("/admin/courses", _("Catalogue"), _("Courses, lessons, quizzes, sessions, assignments")),
        ("/admin/paths", _("Learning paths"), _("Onboarding and transition programmes")),
        ("/admin/needs/group", _("Group learning needs"), _("One need for everyone in a department or job profile")),
        ("/admin/requests", _("Requests"), _("Costed and external trainings, with overrides")),
        ("/admin/external", _("Trainings elsewhere"), _("Logged by employees, to verify")),
        ("/admin/evaluations", _("Evaluations"), _("Ratings and comments per course")),
        ("/admin/impact", _("Impact"), _("Check-ins weeks and months after a training")),
        ("/admin/reviews", _("Development reviews"), _("Which reviews are held, per department")),
        ("/admin/reports", _("Reports"), _("Coverage, catalogue use, budgets, the readiness check and more")),
        ("/admin/outbox", _("Outbox"), _("Reminders that could not be delivered")),
        ("/admin/tokens", _("Connections"), _("Tokens for provisioning (SCIM) and the API, webhooks, a Learning Record Store (xAPI)")),
        ("/admin/webhooks", _("Webhooks"), _("Tell other systems of completions, certificates and decisions")),
    ]
    return tools


@get("/admin", name="web:admin", guards=[admin_only])
async def admin() -> Template:
    return Template(template_name="admin.html", context={"tools": _tools()})


# Pages name static files with their content's hash (templating.asset), so a phone may keep them a year.
static_files = create_static_files_router(path="/static", directories=[STATIC], name="static",
                                          include_in_schema=False, opt={"skip_session": True},
                                          cache_control=CacheControlHeader(max_age=31_536_000, public=True,
                                                                           immutable=True))

ROUTES = [ping, health, home, admin, media, scorm_file, static_files, *app_shell.ROUTES]
