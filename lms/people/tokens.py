"""Bearer tokens for other systems: L&D makes one per connection (the identity provider's
provisioning, say), sees it once, and can revoke it. Only a hash is stored. A token acts for the
person who made it and stops working when they are deactivated."""
import secrets
from datetime import timedelta

from lms import clock
from lms.db import is_valid_id
from lms.errors import NotFound
from lms.i18n import N_
from lms.people.sessions import SignedIn, hashed
from lms.people.tables import ApiToken

PREFIX = "lms_"  # lets secret scanners and people recognise a leaked token
SCOPES = {"scim": N_("Provisioning (SCIM): add, change and deactivate people and their job profiles"),
          "read": N_("API: read people, courses, enrolments, needs, levels and certificates, as the maker may"),
          "enrolments:write": N_("API: enrol people in courses, as the assign form does"),
          "catalogue:write": N_("API: add courses to the catalogue"),
          "competencies:write": N_("API: rate competency levels, as the maker may on the pages")}
PERSONAL = ("read", "enrolments:write", "competencies:write")  # what anyone's own token may ask for
TOUCH_EVERY = timedelta(minutes=1)  # last use is written at most this often, not on every request


async def create_token(name: str, scopes: list[str], actor_id: int) -> str:
    """The new token in clear, to show once."""
    token = PREFIX + secrets.token_urlsafe(32)
    await ApiToken.insert(ApiToken(name=name[:100], token_hash=hashed(token), scopes=" ".join(sorted(scopes)),
                                   created_by=actor_id, created_at=clock.now()))
    return token


async def list_tokens(made_by: int | None = None) -> list[dict]:
    """Live tokens first, newest first: everyone's for L&D, or one person's own."""
    where = [] if made_by is None else [ApiToken.created_by == made_by]
    rows = await ApiToken.select(
        ApiToken.id, ApiToken.name, ApiToken.scopes, ApiToken.created_at, ApiToken.last_used_at,
        ApiToken.revoked_at, ApiToken.created_by.first_name.as_alias("creator_first_name"),
        ApiToken.created_by.last_name.as_alias("creator_last_name"),
    ).where(*where).order_by(ApiToken.created_at, ascending=False)
    return sorted(rows, key=lambda row: row["revoked_at"] is not None)


async def get_token(token_id: int, made_by: int | None = None) -> dict:
    """The token; with made_by, only if that person made it (someone else's is not found)."""
    row = await ApiToken.select(ApiToken.id, ApiToken.name, ApiToken.revoked_at, ApiToken.created_by).where(
        ApiToken.id == token_id).first() if is_valid_id(token_id) else None
    if row is None or made_by not in (None, row["created_by"]):
        raise NotFound
    return row


async def revoke(token_id: int, made_by: int | None = None) -> None:
    await get_token(token_id, made_by)
    await ApiToken.update({ApiToken.revoked_at: clock.now()}).where(ApiToken.id == token_id,
                                                                   ApiToken.revoked_at.is_null())


async def _live(authorization: str) -> dict | None:
    """The live token an `Authorization: Bearer …` header carries; its last use noted (once a minute)."""
    kind, _, token = authorization.partition(" ")
    if kind.lower() != "bearer" or not token.startswith(PREFIX) or len(token) > 100:
        return None
    maker = ApiToken.created_by
    row = await ApiToken.select(
        ApiToken.id, ApiToken.scopes, ApiToken.last_used_at, maker.id.as_alias("maker_id"),
        maker.email.as_alias("email"), maker.first_name.as_alias("first_name"),
        maker.last_name.as_alias("last_name"), maker.role.as_alias("role"), maker.language.as_alias("language"),
    ).where(ApiToken.token_hash == hashed(token.strip()), ApiToken.revoked_at.is_null(),
            maker.active.eq(True)).first()  # a token stops when its maker leaves
    if row is None:
        return None
    now = clock.now()
    if row["last_used_at"] is None or now - row["last_used_at"] > TOUCH_EVERY:
        await ApiToken.update({ApiToken.last_used_at: now}).where(ApiToken.id == row["id"])
    return row


async def holder(authorization: str, scope: str) -> int | None:
    """The id of the live token the header carries, if it has the scope."""
    row = await _live(authorization)
    return row["id"] if row and scope in row["scopes"].split() else None


async def caller(authorization: str) -> tuple[SignedIn, set[str]] | None:
    """Whom an API token acts for (its maker, while active, with their role as it is now) and its scopes."""
    row = await _live(authorization)
    if row is None:
        return None
    person = SignedIn(id=row["maker_id"], email=row["email"], first_name=row["first_name"],
                      last_name=row["last_name"], role=row["role"], language=row["language"])
    return person, set(row["scopes"].split())
