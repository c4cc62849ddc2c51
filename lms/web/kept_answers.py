"""The answers of the pages people come back to (home, the catalogue, a course, a lesson, a wiki page,
search, the overviews), kept a short while per session in each process: going back to a page you saw
a moment ago costs a session lookup, not the page's queries, rendering and compression again.

The same rule as every kept value (lms.cache): your own change shows at once, on any worker, because
a session's change marks it (lms.web.auth) and an answer computed before that mark is computed afresh;
someone else's change shows within LMS_SHARED_CACHE_SECONDS. Only a signed-in GET of a route that
opts in with KEEP_ANSWER is kept, only when it answered 200 without setting a cookie, and only for
the same session, CSRF cookie, role, language, address and request headers the answer can depend on:
a role taken away, a deactivated account or a signed-out session never reaches a kept answer."""
from dataclasses import dataclass

from litestar.enums import ScopeType
from litestar.middleware import ASGIMiddleware
from litestar.types import ASGIApp, Receive, Scope, Send

from lms import i18n
from lms.cache import ShortCache
from lms.settings import load_settings

KEEP_ANSWER = "keep_answer"  # a route's opt key: its GET answers may be kept per session
MAX_ENTRIES = 1024
MAX_BODY = 96 * 1024  # compressed, a page is 3 to 60 KB; a bigger answer is not kept
# the request headers an answer can depend on, besides the session's and the address
VARYING = (b"host", b"accept", b"accept-encoding", b"cookie")
answers = ShortCache(seconds=load_settings().shared_cache_seconds, max_entries=MAX_ENTRIES)


@dataclass(frozen=True)
class Answer:
    status: int
    headers: list[tuple[bytes, bytes]]
    body: bytes

    @property
    def keepable(self) -> bool:
        return (self.status == 200 and len(self.body) <= MAX_BODY
                and not any(name.lower() == b"set-cookie" for name, _ in self.headers))

    async def send_to(self, send: Send) -> None:
        await send({"type": "http.response.start", "status": self.status, "headers": self.headers})
        await send({"type": "http.response.body", "body": self.body, "more_body": False})


async def _answered(next_app: ASGIApp, scope: Scope, receive: Receive) -> Answer:
    """The whole answer the page gives, collected instead of sent."""
    start, body = {}, []

    async def collect(message) -> None:
        if message["type"] == "http.response.start":
            start.update(message)
        elif message["type"] == "http.response.body":
            body.append(message.get("body", b""))

    await next_app(scope, receive, collect)
    return Answer(start["status"], list(start.get("headers", [])), b"".join(body))


def _key(scope: Scope) -> tuple:
    """Everything the answer can depend on. The cookie header carries the session and the CSRF token
    the page's forms hold; htmx's headers (a partial instead of the whole page) vary too."""
    user = scope["user"]
    headers = tuple(sorted((name, value) for name, value in scope["headers"]
                           if name in VARYING or name.startswith(b"hx-")))
    return user.id, user.role, i18n.current_language.get(), scope["path"], scope["query_string"], headers


class KeptAnswers(ASGIMiddleware):
    """Runs inside SessionMiddleware, so the signed-in person is known and checked on every request."""

    scopes = (ScopeType.HTTP,)

    async def handle(self, scope: Scope, receive: Receive, send: Send, next_app: ASGIApp) -> None:
        user = scope.get("user")
        if (user is None or scope["method"] != "GET" or answers.seconds <= 0
                or not scope["route_handler"].opt.get(KEEP_ANSWER)):
            await next_app(scope, receive, send)
            return
        answer = await answers.get(_key(scope), lambda: _answered(next_app, scope, receive),
                                        fresh_after=user.wrote_at, keep=lambda answer: answer.keepable)
        await answer.send_to(send)
