"""Who is signing in, and in which language the page speaks to them."""
import logging

from litestar.connection import ASGIConnection
from litestar.datastructures import Cookie
from litestar.exceptions import NotAuthorizedException, PermissionDeniedException
from litestar.handlers.base import BaseRouteHandler
from litestar.middleware import ASGIMiddleware
from litestar.enums import ScopeType
from litestar.types import ASGIApp, Receive, Scope, Send

from lms import i18n
from lms.people.sessions import SESSION_LIFETIME, SignedIn, note_change, signed_in_employee

SESSION_COOKIE = "lms_session"
CSRF_COOKIE = "lms_csrf"
SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})


class SessionMiddleware(ASGIMiddleware):
    """Puts the signed-in employee (or None) in scope["user"] and picks the language."""

    scopes = (ScopeType.HTTP,)
    exclude_opt_key = "skip_session"  # /ping and static files need no session

    async def handle(self, scope: Scope, receive: Receive, send: Send, next_app: ASGIApp) -> None:
        connection = ASGIConnection(scope)
        session = connection.cookies.get(SESSION_COOKIE, "")
        user = await signed_in_employee(session)
        scope["user"] = user
        language = (user and user.language) or i18n.negotiate(connection.headers.get("accept-language"))
        token = i18n.current_language.set(language)
        try:
            marks = user is not None and scope["method"] not in SAFE_METHODS
            await next_app(scope, receive, _noting_change(session, send) if marks else send)
        finally:
            i18n.current_language.reset(token)


def _noting_change(session: str, send: Send) -> Send:
    """Marks the session as having changed something before its answer leaves, so the page it goes
    to next (on any worker) is never one kept from before the change (lms.cache). A refusal changed nothing."""
    async def sending(message) -> None:
        if message["type"] == "http.response.start" and message["status"] < 400:
            try:
                await note_change(session)
            except Exception:  # the change itself is saved: answer it, at worst a kept page is a minute old
                logging.getLogger("lms").exception("could not note a session's change")
        await send(message)

    return sending


def session_cookie(token: str, secure: bool) -> Cookie:
    return Cookie(key=SESSION_COOKIE, value=token, httponly=True, secure=secure, samesite="lax",
                  max_age=int(SESSION_LIFETIME.total_seconds()), path="/")


def expired_session_cookie(secure: bool) -> Cookie:
    return Cookie(key=SESSION_COOKIE, value="", httponly=True, secure=secure, samesite="lax", max_age=0, path="/")


def current_user(connection: ASGIConnection) -> SignedIn | None:
    return connection.scope.get("user")


def signed_in(connection: ASGIConnection, _: BaseRouteHandler) -> None:
    if current_user(connection) is None:
        raise NotAuthorizedException


def _role_guard(*roles: str):
    def guard(connection: ASGIConnection, handler: BaseRouteHandler) -> None:
        signed_in(connection, handler)
        if current_user(connection).role not in roles:
            raise PermissionDeniedException

    return guard


manager_only = _role_guard("manager", "admin")
admin_only = _role_guard("admin")
