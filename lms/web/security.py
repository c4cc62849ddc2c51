"""Security headers on every response (pages, static files, errors, unknown paths), and which proxies to believe."""
from litestar.types import Message, Scope
from uvicorn.middleware.proxy_headers import ProxyHeadersMiddleware

# No inline script or style anywhere: htmx and our stylesheet come from /static.
CONTENT_SECURITY_POLICY = (
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
    "media-src 'self'; object-src 'none'; base-uri 'self'; form-action 'self'; frame-ancestors 'none'"
)
HEADERS = [
    (b"content-security-policy", CONTENT_SECURITY_POLICY.encode()),
    (b"x-content-type-options", b"nosniff"),
    (b"x-frame-options", b"DENY"),
    (b"referrer-policy", b"same-origin"),
    (b"permissions-policy", b"camera=(), microphone=(), geolocation=()"),
    (b"cross-origin-opener-policy", b"same-origin"),
]
HSTS = (b"strict-transport-security", b"max-age=31536000")


def security_headers(https: bool):
    """A before-send hook: unlike middleware, it also sees responses for unknown paths."""
    headers = HEADERS + ([HSTS] if https else [])

    async def add_headers(message: Message, scope: Scope) -> None:
        if message["type"] == "http.response.start":
            own = list(message.get("headers", []))
            # a response that sets one of these itself means it (a SCORM package framed by our pages)
            named = {name.lower() for name, _ in own}
            message["headers"] = own + [(name, value) for name, value in headers if name not in named]

    return add_headers


def forwarded_by(proxies: tuple[str, ...]):
    """Believes X-Forwarded-For and X-Forwarded-Proto only when they come from a proxy named in
    LMS_TRUSTED_PROXIES; uvicorn's middleware then takes the nearest address no trusted proxy added,
    so a client cannot forge its way past the sign-in limit, and people behind one proxy are told apart."""
    return lambda app: ProxyHeadersMiddleware(app, trusted_hosts=list(proxies))
