"""Every error becomes a page that says what went wrong, never a stack trace."""
import logging
from urllib.parse import quote

from litestar import Request, Response
from litestar.exceptions import HTTPException, ValidationException
from litestar.response import Redirect, Template

from lms.errors import BadRequest, Conflict, Forbidden, NotFound, TooManyRequests
from lms.i18n import N_
from lms.i18n import gettext as _

log = logging.getLogger("lms")

TITLES = {
    400: N_("That request was not valid"),
    403: N_("You may not open this page"),
    404: N_("Page not found"),
    409: N_("That has already been done"),
    405: N_("That action is not possible here"),
    413: N_("The file is too large"),
    429: N_("Too many attempts"),
    500: N_("Something went wrong on our side"),
}


def _page(request: Request, status: int, detail: str = "") -> Response:
    title = _(TITLES.get(status, TITLES[400]))
    return Template(template_name="error.html", context={"status": status, "title": title, "detail": detail},
                    status_code=status)


def _validation_detail(exc: ValidationException) -> str:
    problems = exc.extra if isinstance(exc.extra, list) else []
    names = [str(p.get("key")) for p in problems if isinstance(p, dict) and p.get("key")]
    return _("Check these fields: %(fields)s.", fields=", ".join(names)) if names else ""


def http_error(request: Request, exc: HTTPException) -> Response:
    if exc.status_code == 401:
        if request.headers.get("hx-request"):
            return Response(content="", status_code=401, headers={"HX-Redirect": "/sign-in"})
        target = request.url.path + (f"?{request.url.query}" if request.url.query else "")
        return Redirect(status_code=303, path=f"/sign-in?next={quote(target)}")
    if isinstance(exc, ValidationException):
        return _page(request, 400, _validation_detail(exc))
    if exc.status_code >= 500:
        return server_error(request, exc)
    if exc.status_code == 403 and "csrf" in str(exc.detail).lower():
        return _page(request, 403, _("The form had expired. Go back, reload the page and try again."))
    return _page(request, exc.status_code)


def not_found(request: Request, _exc: NotFound) -> Response:
    return _page(request, 404, _("It may have been removed, or the address is wrong."))


def forbidden(request: Request, _exc: Forbidden) -> Response:
    return _page(request, 403)


def too_many(request: Request, _exc: TooManyRequests) -> Response:
    return _page(request, 429, _("Wait a few minutes and try again."))


def conflict(request: Request, exc: Conflict) -> Response:
    return _page(request, 409, str(exc))


def bad_request(request: Request, exc: BadRequest) -> Response:
    return _page(request, 400, str(exc))


def server_error(request: Request, exc: Exception) -> Response:
    log.exception("error on %s %s", request.method, request.url.path, exc_info=exc)
    return _page(request, 500, _("It has been logged. Please try again in a moment."))


HANDLERS = {
    HTTPException: http_error,
    NotFound: not_found,
    Forbidden: forbidden,
    TooManyRequests: too_many,
    Conflict: conflict,
    BadRequest: bad_request,
    Exception: server_error,
}
