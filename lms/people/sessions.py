"""Sessions in the database: revocable, shared by every app replica.

The cookie holds a random token issued at sign-in; the table keeps only its hash. A cookie
the server never issued matches nothing, so a planted session id signs nobody in."""
import hashlib
import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta

from lms import clock
from lms.people.tables import Employee, SignInFailure, UserSession

SESSION_LIFETIME = timedelta(days=14)
FAILURE_WINDOW = timedelta(minutes=15)
MAX_FAILURES_PER_EMAIL = 5
MAX_FAILURES_PER_IP = 30


@dataclass(frozen=True)
class SignedIn:
    id: int
    email: str
    first_name: str
    last_name: str
    role: str
    language: str
    wrote_at: datetime | None = None  # the person's last change, so kept pages never hide it

    @property
    def name(self) -> str:
        return f"{self.first_name} {self.last_name}"

    @property
    def is_admin(self) -> bool:
        return self.role == "admin"

    @property
    def is_manager(self) -> bool:
        return self.role in ("manager", "admin")


def hashed(token: str) -> str:
    """How a secret handed out once is kept: sessions, API tokens, sign-ins under way."""
    return hashlib.sha256(token.encode()).hexdigest()


async def start_session(employee_id: int) -> str:
    token = secrets.token_urlsafe(32)
    now = clock.now()
    await UserSession.delete().where(UserSession.employee == employee_id, UserSession.expires_at < now)
    await UserSession.insert(
        UserSession(token_hash=hashed(token), employee=employee_id, created_at=now, expires_at=now + SESSION_LIFETIME)
    )
    return token


async def end_session(token: str) -> None:
    await UserSession.delete().where(UserSession.token_hash == hashed(token))


async def end_all_sessions(employee_id: int) -> None:
    await UserSession.delete().where(UserSession.employee == employee_id)


async def end_other_sessions(employee_id: int, kept_token: str) -> None:
    """Every session but the one in use: after a password change, a stolen session ends too."""
    await UserSession.delete().where(UserSession.employee == employee_id, UserSession.token_hash != hashed(kept_token))


# Every signed-in request runs this: written out once, instead of built by the ORM per request. The last
# change is the person's, from any of their sessions: what they did on the phone shows on the laptop.
# (Joined as a row, not a MAX(): SQLite gives a computed column back as text, a table's column as a moment.)
SIGNED_IN = ("SELECT e.id, e.email, e.first_name, e.last_name, e.role, e.language, latest.wrote_at "
             "FROM employee e JOIN user_session s ON s.employee = e.id "
             "LEFT JOIN user_session latest ON latest.id = (SELECT o.id FROM user_session o WHERE o.employee = e.id "
             "AND o.wrote_at IS NOT NULL ORDER BY o.wrote_at DESC LIMIT 1) "
             "WHERE s.token_hash = {} AND s.expires_at > {} AND e.active = TRUE LIMIT 1")


async def signed_in_employee(token: str) -> SignedIn | None:
    """The active employee a session token belongs to, in one query."""
    if not token or len(token) > 100:
        return None
    rows = await Employee.raw(SIGNED_IN, hashed(token), clock.now())
    return SignedIn(**rows[0]) if rows else None


async def note_change(token: str) -> None:
    """Called as a change's answer leaves: from now on this session's pages are computed afresh."""
    await UserSession.update({UserSession.wrote_at: clock.now()}).where(UserSession.token_hash == hashed(token))


async def record_failure(email: str, ip: str) -> None:
    await SignInFailure.insert(SignInFailure(email=email[:254], ip=ip[:45], at=clock.now()))


async def too_many_failures(email: str, ip: str) -> bool:
    since = clock.now() - FAILURE_WINDOW
    by_email = await SignInFailure.count().where(SignInFailure.email == email, SignInFailure.at > since)
    by_ip = await SignInFailure.count().where(SignInFailure.ip == ip, SignInFailure.at > since)
    return by_email >= MAX_FAILURES_PER_EMAIL or by_ip >= MAX_FAILURES_PER_IP


async def forget_failures(email: str) -> None:
    await SignInFailure.delete().where(SignInFailure.email == email)
