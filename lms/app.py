"""The app factory: one Litestar app built from settings, listing every domain's routes."""
import asyncio
import logging

from litestar import Litestar, Router
from litestar.config.compression import CompressionConfig
from litestar.config.csrf import CSRFConfig
from litestar.exceptions import HTTPException
from litestar.logging import LoggingConfig
from litestar.openapi import OpenAPIConfig
from litestar.openapi.plugins import JsonRenderPlugin
from piccolo.engine.postgres import PostgresEngine

from lms.api.routes import api, http_error as api_http_error
from lms.db import engine, no_more_to_reset
from lms.competencies.routes import ROUTES as COMPETENCIES_ROUTES
from lms.courses.routes import ROUTES as COURSES_ROUTES
from lms.integrations.routes import ROUTES as INTEGRATIONS_ROUTES
from lms.knowledge.routes import ROUTES as KNOWLEDGE_ROUTES
from lms.people.routes import ROUTES as PEOPLE_ROUTES
from lms.reminders import scheduler
from lms.reminders.routes import ROUTES as REMINDER_ROUTES
from lms.reports.routes import ROUTES as REPORTS_ROUTES
from lms.settings import Settings, load_settings
from lms.web.auth import CSRF_COOKIE, SessionMiddleware
from lms.web.errors import HANDLERS
from lms.web.kept_answers import KeptAnswers
from lms.web.parameters import check_parameters
from lms.web.routes import ROUTES as WEB_ROUTES
from lms.web.security import forwarded_by, security_headers
from lms.web.templating import template_config


def _api_or_page(page_handler):
    """An address no route matches is answered in JSON under /api/ (no router of the API is reached)."""
    def handler(request, error):
        return (api_http_error if request.url.path.startswith("/api/") else page_handler)(request, error)

    return handler


CLOSE_SECONDS = 10


async def _close(db: PostgresEngine) -> None:
    """Closes the pool, waiting at most CLOSE_SECONDS for connections still in use: a shutdown must end
    even when a request (or a test) left one behind, and then says so."""
    try:
        await asyncio.wait_for(db.pool.close(), CLOSE_SECONDS)
    except TimeoutError:
        logging.getLogger("lms").warning("database connections were still in use %s s into the shutdown: closed",
                                         CLOSE_SECONDS)
        db.pool.terminate()
    db.pool = None


def create_app(settings: Settings | None = None) -> Litestar:
    settings = settings or load_settings()
    db = engine()

    templates = template_config()
    running = {}

    async def start_pool() -> None:
        if isinstance(db, PostgresEngine) and db.pool is None:  # a second app in one process shares the pool
            await db.start_connection_pool(min_size=2, max_size=20, reset=no_more_to_reset)
            running["pool"] = db
        if settings.scheduler:
            running["scheduler"] = scheduler.start(settings, templates.engine_instance.engine)

    async def close_pool() -> None:
        if "scheduler" in running:
            running.pop("scheduler").stop()
        if "pool" in running:
            await _close(running.pop("pool"))

    app = Litestar(
        route_handlers=[
            # the pages and SCIM stay out of the OpenAPI document, which describes /api/v1 only
            Router(path="/", include_in_schema=False, route_handlers=[
                *WEB_ROUTES, *PEOPLE_ROUTES, *COURSES_ROUTES, *REMINDER_ROUTES, *KNOWLEDGE_ROUTES,
                *COMPETENCIES_ROUTES, *REPORTS_ROUTES, *INTEGRATIONS_ROUTES]),
            api(settings)],
        middleware=[forwarded_by(settings.trusted_proxies), SessionMiddleware(), KeptAnswers()],
        before_request=check_parameters,
        before_send=[security_headers(https=settings.secure_cookies)],
        csrf_config=CSRFConfig(
            secret=settings.secret_key, cookie_name=CSRF_COOKIE, cookie_secure=settings.secure_cookies,
            cookie_httponly=True, cookie_samesite="lax", header_name="x-csrftoken",
            exclude_from_csrf_key="exclude_from_csrf",
        ),
        template_config=templates,
        # pages and static files go compressed to phones; media is served with Range, so never compressed
        # level 5, not Litestar's 9: a 537 KB team matrix compresses in 3.5 ms instead of 9.9, 14% larger
        compression_config=CompressionConfig(backend="gzip", minimum_size=500, exclude=["^/media/", "^/scorm/"],
                                             gzip_compress_level=5),
        exception_handlers={**HANDLERS, HTTPException: _api_or_page(HANDLERS[HTTPException])},
        on_startup=[start_pool],
        on_shutdown=[close_pool],
        logging_config=LoggingConfig(log_exceptions="never"),  # lms.web.errors logs the 500s
        openapi_config=OpenAPIConfig(title="lms API", version="1", path="/api/v1/schema",
                                     render_plugins=[JsonRenderPlugin(path="/openapi.json")],
                                     description="People, courses, enrolments and certificates of lms, behind a "
                                                 "bearer token that L&D makes under Connections."),
        debug=False,
    )
    app.state.settings = settings
    return app
