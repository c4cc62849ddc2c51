from typing import Annotated, Any

from litestar import Request, get, post
from litestar.params import Body, FromQuery
from litestar.enums import RequestEncodingType
from litestar.response import Redirect, Template

from lms.errors import TooManyRequests
from lms.i18n import gettext as _
from lms.people import accounts, sessions
from lms.web.auth import SESSION_COOKIE, expired_session_cookie, session_cookie

Form = Annotated[dict[str, Any], Body(media_type=RequestEncodingType.URL_ENCODED)]


def _safe_next(target: str | None) -> str:
    """Only a path on this site, so the sign-in page cannot send anyone elsewhere."""
    if target and target.startswith("/") and not target.startswith("//") and "\\" not in target:
        return target
    return "/"


def _form(next_url: str, email: str = "", error: str = "", status: int = 200) -> Template:
    return Template(template_name="people/sign_in.html", status_code=status,
                    context={"next": next_url, "email": email, "error": error})


@get("/sign-in", name="people:sign_in")
async def sign_in_form(request: Request, next: FromQuery[str | None] = None) -> Template | Redirect:
    if request.user:
        return Redirect(status_code=303, path=_safe_next(next))
    return _form(_safe_next(next))


@post("/sign-in", name="people:sign_in_post")
async def sign_in(request: Request, data: Form) -> Template | Redirect:
    email, password = str(data.get("email", ""))[:254], str(data.get("password", ""))[:200]
    next_url = _safe_next(data.get("next"))
    if not email or not password:
        return _form(next_url, email, _("Fill in your e-mail address and password."))
    try:
        token = await accounts.sign_in(email, password, request.client.host if request.client else "")
    except TooManyRequests:
        return _form(next_url, email, _("Too many failed attempts. Wait 15 minutes and try again."), 429)
    if token is None:
        return _form(next_url, email, _("That e-mail address and password do not match."))
    return Redirect(status_code=303, path=next_url, cookies=[session_cookie(token, request.app.state.settings.secure_cookies)])


@post("/sign-out", name="people:sign_out")
async def sign_out(request: Request) -> Redirect:
    await sessions.end_session(request.cookies.get(SESSION_COOKIE, ""))
    return Redirect(status_code=303, path="/sign-in?notice=signed_out",
                    cookies=[expired_session_cookie(request.app.state.settings.secure_cookies)])
