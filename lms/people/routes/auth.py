"""Signing in and out: with a password, or through the organisation's OpenID Connect provider."""
from typing import Annotated

from litestar import Request, get, post
from litestar.datastructures import Cookie
from litestar.params import FromPath, FromQuery, QueryParameter
from litestar.response import Redirect, Template

from lms.errors import NotFound, TooManyRequests
from lms.forms import EMAIL, FormData
from lms.i18n import gettext as _
from lms.people import accounts, password_links, sessions, sso
from lms.people.forms import password_form
from lms.reminders import notify
from lms.web.auth import SESSION_COOKIE, expired_session_cookie, session_cookie

SSO_COOKIE = "lms_sso"



def _safe_next(target: str | None) -> str:
    """Only a path on this site, so the sign-in page cannot send anyone elsewhere."""
    if target and target.startswith("/") and not target.startswith("//") and "\\" not in target:
        return target
    return "/"


def _form(request: Request, next_url: str, email: str = "", error: str = "", status: int = 200,
          provider_sign_out: str = "") -> Template:
    settings = request.app.state.settings
    return Template(template_name="people/sign_in.html", status_code=status, context={
        "next": next_url, "email": email, "error": error, "sso": settings.sso,
        "passwords": settings.password_sign_in, "provider_sign_out": provider_sign_out})


@get("/sign-in", name="people:sign_in")
async def sign_in_form(request: Request, next: FromQuery[str | None] = None,
                       notice: FromQuery[str | None] = None) -> Template | Redirect:
    if request.user:
        return Redirect(status_code=303, path=_safe_next(next))
    settings = request.app.state.settings
    signed_out_of_sso = notice == "signed_out" and settings.sso
    return _form(request, _safe_next(next),
                 provider_sign_out=await sso.end_session_url(settings) if signed_out_of_sso else "")


@get("/sign-in/sso", name="people:sso")
async def sso_begin(request: Request, next: FromQuery[str | None] = None) -> Template | Redirect:
    settings = request.app.state.settings
    if not settings.sso:
        raise NotFound
    try:
        address, browser = await sso.begin(settings, _safe_next(next))
    except sso.SsoError as error:
        return _form(request, _safe_next(next), error=error.message, status=error.status)
    return Redirect(status_code=303, path=address, cookies=[_sso_cookie(browser, settings.secure_cookies)])


def _sso_cookie(value: str, secure: bool) -> Cookie:
    """Ties a sign-in to the browser that began it; Lax, so the provider's redirect back carries it."""
    return Cookie(key=SSO_COOKIE, value=value, httponly=True, secure=secure, samesite="lax",
                  max_age=int(sso.LOGIN_LIFETIME.total_seconds()) if value else 0, path="/sign-in/sso")


@get("/sign-in/sso/callback", name="people:sso_callback")
async def sso_callback(request: Request, oauth_state: Annotated[str, QueryParameter(name="state")] = "",
                       code: FromQuery[str] = "", error: FromQuery[str] = "") -> Template | Redirect:
    """The provider sends the browser back here with a code (or an error) and our state."""
    settings = request.app.state.settings
    if not settings.sso:
        raise NotFound
    if error or not oauth_state or not code:
        return _form(request, "/", error=_("The sign-in at your organisation was not completed. Start again."),
                     status=400)
    try:
        employee_id, next_url = await sso.finish(settings, oauth_state[:200], code[:2000],
                                                 request.cookies.get(SSO_COOKIE, "")[:100])
    except sso.SsoError as problem:
        return _form(request, "/", error=problem.message, status=problem.status)
    token = await sessions.start_session(employee_id)  # a new token: nothing from before the sign-in carries over
    return Redirect(status_code=303, path=_safe_next(next_url), cookies=[
        session_cookie(token, settings.secure_cookies), _sso_cookie("", settings.secure_cookies)])


@post("/sign-in", name="people:sign_in_post")
async def sign_in(request: Request, data: FormData) -> Template | Redirect:
    email, password = str(data.get("email", ""))[:254], str(data.get("password", ""))[:200]
    next_url = _safe_next(data.get("next"))
    policy = request.app.state.settings.password_sign_in
    if policy == "off":
        return _form(request, next_url, email, _("Sign in with your organisation's account."), 403)
    if not email or not password:
        return _form(request, next_url, email, _("Fill in your e-mail address and password."))
    try:
        token = await accounts.sign_in(email, password, request.client.host if request.client else "",
                                       admins_only=policy == "admins")
    except TooManyRequests:
        return _form(request, next_url, email, _("Too many failed attempts. Wait 15 minutes and try again."), 429)
    except accounts.PasswordsOff:
        return _form(request, next_url, email,
                     _("Passwords are only for L&D administrators here. Sign in with your organisation's account."),
                     403)
    if token is None:
        return _form(request, next_url, email, _("That e-mail address and password do not match."))
    return Redirect(status_code=303, path=next_url, cookies=[session_cookie(token, request.app.state.settings.secure_cookies)])


@post("/sign-out", name="people:sign_out")
async def sign_out(request: Request) -> Redirect:
    await sessions.end_session(request.cookies.get(SESSION_COOKIE, ""))
    return Redirect(status_code=303, path="/sign-in?notice=signed_out",
                    cookies=[expired_session_cookie(request.app.state.settings.secure_cookies)])


@get("/password/forgot", name="people:forgot")
async def forgot_form(request: Request) -> Template:
    if closed := _passwords_closed(request):
        return closed
    return Template(template_name="people/forgot_password.html", context={"email": "", "error": "", "sent": False})


def _passwords_closed(request: Request) -> Template | None:
    """The sign-in page saying so, where nobody signs in with a password (single sign-on only)."""
    if request.app.state.settings.password_sign_in == "off":
        return _form(request, "/", error=_("Sign in with your organisation's account."), status=403)
    return None


@post("/password/forgot", name="people:forgot_post")
async def forgot(request: Request, data: FormData) -> Template:
    """The same answer for known and unknown addresses: nobody learns who has an account."""
    if closed := _passwords_closed(request):
        return closed
    email = str(data.get("email", "")).strip()[:254]
    if not EMAIL.match(email):
        return Template(template_name="people/forgot_password.html", status_code=400, context={
            "email": email, "error": _("Fill in the e-mail address you sign in with."), "sent": False})
    admins_only = request.app.state.settings.password_sign_in == "admins"
    employee_id = await password_links.active_id_of(email, admins_only)
    if employee_id is not None:
        await notify.password_reset(employee_id)
    return Template(template_name="people/forgot_password.html", context={"email": email, "error": "", "sent": True})


def _link_for_passwords(request: Request, person: dict | None) -> dict | None:
    """A link only sets a password for someone who may sign in with one."""
    return person if person and request.app.state.settings.password_allowed(person["role"]) else None


def _link_page(person: dict | None, errors: dict | None = None) -> Template:
    return Template(template_name="people/set_password.html", status_code=400 if errors else 200 if person else 404,
                    context={"person": person, "errors": errors or {}})


@get("/password/{employee_id:int}/{expires:int}/{signature:str}", name="people:password_link")
async def password_link(request: Request, employee_id: FromPath[int], expires: FromPath[int],
                        signature: FromPath[str]) -> Template:
    try:
        person = await password_links.check(request.app.state.settings.secret_key, employee_id, expires, signature)
    except password_links.LinkNotValid:
        person = None
    return _link_page(_link_for_passwords(request, person))


@post("/password/{employee_id:int}/{expires:int}/{signature:str}", name="people:password_link_post")
async def password_link_post(request: Request, employee_id: FromPath[int], expires: FromPath[int],
                             signature: FromPath[str], data: FormData) -> Template | Redirect:
    """Sets the password and signs the person in with a fresh session."""
    secret = request.app.state.settings.secret_key
    try:
        person = _link_for_passwords(request, await password_links.check(secret, employee_id, expires, signature))
        if person is None:
            return _link_page(None)
        password, form = password_form(data, person["email"], (person["first_name"], person["last_name"]))
        if password is None:
            return _link_page(person, form.errors)
        await password_links.set_password(secret, employee_id, expires, signature, password)
    except password_links.LinkNotValid:
        return _link_page(None)
    token = await sessions.start_session(employee_id)
    return Redirect(status_code=303, path="/?notice=password_set",
                    cookies=[session_cookie(token, request.app.state.settings.secure_cookies)])
