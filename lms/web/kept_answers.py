"""The answers of the pages people come back to (home, the catalogue, a course, a lesson, a wiki page,
search, the overviews), kept a short while per session in each process: going back to a page you saw
a moment ago costs a session lookup, not the page's queries, rendering and compression again.

The same rule as every kept value (lms.cache): your own change shows at once, on any worker and any
device, because a change marks the session that made it (lms.web.auth), the session lookup reads the
person's latest mark, and an answer computed before it is computed afresh; someone else's change
shows within LMS_SHARED_CACHE_SECONDS. Only a signed-in GET of a route that opts in with KEEP_ANSWER
is kept, only when it answered 200 in plain messages without setting a cookie, and only for the same
person, role, language, CSRF cookie, address and request headers the answer can depend on: the
session is checked first on every request, so a role taken away, a deactivated account or a
signed-out session never reaches a kept answer."""
from dataclasses import dataclass

from litestar.connection import ASGIConnection
from litestar.enums import ScopeType
from litestar.middleware import ASGIMiddleware
from litestar.types import ASGIApp, Message, Receive, Scope, Send

from lms import i18n
from lms.cache import ShortCache
from lms.settings import load_settings
from lms.web.auth import CSRF_COOKIE

KEEP_ANSWER = "keep_answer"  # a route's opt key: its GET answers may be kept per session
MAX_ENTRIES = 1024
MAX_BODY = 64 * 1024  # compressed, a page is 1 to 32 KB (a grid of 50 people): at most 64 MB a worker
# the request headers an answer can depend on, besides the person, the CSRF cookie and the address;
# htmx's say whether a partial or the whole page is asked for (hx-current-url only says where from,
# and would split the keys)
VARYING = (b"host", b"accept", b"accept-encoding")
PLAIN = ("http.response.start", "http.response.body")
_settings = load_settings()
answers = ShortCache(seconds=_settings.shared_cache_seconds if _settings.keep_answers else 0, max_entries=MAX_ENTRIES)


@dataclass(frozen=True)
class Answer:
    messages: tuple[Message, ...]

    @property
    def keepable(self) -> bool:
        start = self.messages[0]
        return (start["status"] == 200 and all(message["type"] in PLAIN for message in self.messages)
                and sum(len(message.get("body", b"")) for message in self.messages) <= MAX_BODY
                and not any(name.lower() == b"set-cookie" for name, _ in start.get("headers", ())))

    async def send_to(self, send: Send) -> None:
        for message in self.messages:  # copies: what is sent on may be changed on its way
            await send({**message, "headers": list(message["headers"])} if "headers" in message else dict(message))


async def _answered(next_app: ASGIApp, scope: Scope, receive: Receive) -> Answer:
    """The whole answer the page gives, collected instead of sent."""
    messages = []

    async def collect(message: Message) -> None:
        messages.append(message)

    await next_app(scope, receive, collect)
    if not messages or messages[0]["type"] != "http.response.start":
        raise RuntimeError(f"{scope['path']} answered without starting a response")
    return Answer(tuple(messages))


def _key(scope: Scope) -> tuple:
    user = scope["user"]
    headers = tuple(sorted((name, value) for name, value in scope["headers"]
                           if name in VARYING or (name.startswith(b"hx-") and name != b"hx-current-url")))
    # the page is the person's, and its forms carry the CSRF cookie's token
    return (user.id, user.role, i18n.current_language.get(), ASGIConnection(scope).cookies.get(CSRF_COOKIE),
            scope["path"], scope["query_string"], headers)


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
