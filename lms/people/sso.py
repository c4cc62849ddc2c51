"""Single sign-on with the organisation's OpenID Connect provider: the authorization code flow with
PKCE, state and nonce; the ID token checked with joserfc (the JOSE library of the Authlib project):
signature against the provider's published keys, issuer, audience, expiry, nonce and at_hash. The
provider's metadata comes from its discovery document; its keys are fetched again when a token
names one we have not seen (key rotation)."""
import base64
import hashlib
import hmac
import secrets
import time
from dataclasses import dataclass
from datetime import timedelta
from urllib.parse import urlencode

import httpx
from joserfc import jwt
from joserfc.errors import InvalidKeyIdError, JoseError
from joserfc.jwk import KeySet

from lms import clock
from lms.db import write_transaction
from lms.forms import EMAIL
from lms.i18n import N_
from lms.i18n import gettext as _
from lms.people import audit
from lms.people.sessions import hashed
from lms.people.tables import Department, Employee, SsoLogin
from lms.settings import Settings, SingleSignOn

LOGIN_LIFETIME = timedelta(minutes=10)
METADATA_LIFETIME = 3600  # seconds a discovery document is trusted before it is read again
LEEWAY = 120  # seconds of clock difference tolerated between the provider and us
MAX_OPEN_LOGINS = 5000  # sign-ins under way at once (ten minutes each): more is someone filling the table
# Asymmetric algorithms only: a provider's public key can never be mistaken for a shared secret.
ALGORITHMS = ("RS256", "RS384", "RS512", "PS256", "PS384", "PS512", "ES256", "ES384", "ES512", "EdDSA")
TIMEOUT = httpx.Timeout(10.0)
UNREACHABLE = N_("The sign-in service of your organisation cannot be reached. Try again in a moment.")


class SsoError(Exception):
    """Why a single sign-on did not sign anyone in, in words for the person (status: the page's)."""

    def __init__(self, message: str, status: int = 400):
        super().__init__(message)
        self.message = message
        self.status = status


@dataclass
class _Provider:
    metadata: dict
    keys: dict
    fetched: float


_providers: dict[str, _Provider] = {}


def callback_url(settings: Settings) -> str:
    return f"{settings.base_url}/sign-in/sso/callback"


async def _get_json(url: str) -> dict:
    async with httpx.AsyncClient(timeout=TIMEOUT) as client:
        response = await client.get(url)
        response.raise_for_status()
        return response.json()


async def provider(sso: SingleSignOn, fresh_keys: bool = False) -> _Provider:
    """The provider's discovery document and keys, kept an hour; the keys again on request."""
    known = _providers.get(sso.issuer)
    try:
        if known is None or time.monotonic() - known.fetched > METADATA_LIFETIME:
            metadata = await _get_json(f"{sso.issuer.rstrip('/')}/.well-known/openid-configuration")
            if str(metadata.get("issuer", "")).rstrip("/") != sso.issuer.rstrip("/"):
                raise SsoError(_("The sign-in service describes itself as another issuer."), 502)
            known = _providers[sso.issuer] = _Provider(metadata, await _get_json(metadata["jwks_uri"]),
                                                      time.monotonic())
        elif fresh_keys:
            known.keys = await _get_json(known.metadata["jwks_uri"])
    except (httpx.HTTPError, ValueError, KeyError):
        raise SsoError(_(UNREACHABLE), 502) from None
    return known


def _s256(verifier: str) -> str:
    """PKCE's code challenge (RFC 7636): the verifier's SHA-256, base64url without padding."""
    return base64.urlsafe_b64encode(hashlib.sha256(verifier.encode()).digest()).rstrip(b"=").decode()


async def begin(settings: Settings, next_url: str) -> tuple[str, str]:
    """Where to send the browser (the provider's sign-in, with a state, a nonce and a PKCE challenge
    only this server can answer) and the secret the browser keeps in a cookie until it comes back."""
    found = await provider(settings.sso)
    state, nonce, verifier = secrets.token_urlsafe(32), secrets.token_urlsafe(32), secrets.token_urlsafe(64)
    browser = secrets.token_urlsafe(32)
    now = clock.now()
    await SsoLogin.delete().where(SsoLogin.created_at < now - LOGIN_LIFETIME)
    if await SsoLogin.count() >= MAX_OPEN_LOGINS:
        raise SsoError(_("Too many sign-ins are under way. Try again in a few minutes."), 429)
    await SsoLogin.insert(SsoLogin(state_hash=hashed(state), nonce=nonce, code_verifier=verifier,
                                   browser_hash=hashed(browser), next_url=next_url[:500], created_at=now))
    query = urlencode({"response_type": "code", "client_id": settings.sso.client_id, "scope": "openid email profile",
                       "redirect_uri": callback_url(settings), "state": state, "nonce": nonce,
                       "code_challenge": _s256(verifier), "code_challenge_method": "S256"})
    return f"{found.metadata['authorization_endpoint']}?{query}", browser


async def _take_login(state: str, browser: str) -> dict:
    """The sign-in this state began, removed in the same statement (a state works once), if this
    browser began it: a callback address sent to someone else signs them in as nobody."""
    rows = await SsoLogin.raw("DELETE FROM sso_login WHERE state_hash = {} RETURNING nonce, code_verifier, "
                              "browser_hash, next_url, created_at", hashed(state))
    if not rows or rows[0]["created_at"] < clock.now() - LOGIN_LIFETIME:
        raise SsoError(_("This sign-in has expired or was already used. Start again."))
    if not hmac.compare_digest(rows[0]["browser_hash"], hashed(browser)):
        raise SsoError(_("This sign-in was begun in another browser. Start again here."))
    return rows[0]


async def _tokens(settings: Settings, found: _Provider, code: str, verifier: str) -> dict:
    """The code exchanged for tokens, with the client's secret and the PKCE verifier."""
    sso = settings.sso
    try:
        async with httpx.AsyncClient(timeout=TIMEOUT) as client:
            response = await client.post(found.metadata["token_endpoint"], auth=(sso.client_id, sso.client_secret),
                                         data={"grant_type": "authorization_code", "code": code,
                                               "redirect_uri": callback_url(settings), "code_verifier": verifier})
        tokens = response.json()
    except httpx.HTTPError:
        raise SsoError(_(UNREACHABLE), 502) from None
    except ValueError:
        tokens = {}
    if response.status_code != 200 or not isinstance(tokens, dict) or not isinstance(tokens.get("id_token"), str):
        raise SsoError(_("The sign-in service did not confirm who you are. Start again."))
    return tokens


def _left_half_hash(value: str, algorithm: str) -> str:
    """OpenID Connect's at_hash: the left half of the token's hash, by the signature's hash size."""
    digest = {"384": hashlib.sha384, "512": hashlib.sha512}.get(algorithm[-3:], hashlib.sha256)(value.encode()).digest()
    return base64.urlsafe_b64encode(digest[:len(digest) // 2]).rstrip(b"=").decode()


async def verified_claims(sso: SingleSignOn, id_token: str, nonce: str, access_token: str = "") -> dict:
    """The ID token's claims once its signature, issuer, audience, times, nonce and at_hash hold."""
    for fresh_keys in (False, True):
        found = await provider(sso, fresh_keys=fresh_keys)
        registry = jwt.JWTClaimsRegistry(  # iss exactly as the provider's own document states it
            leeway=LEEWAY, iss={"essential": True, "value": found.metadata["issuer"]},
            aud={"essential": True, "value": sso.client_id}, sub={"essential": True}, exp={"essential": True},
            iat={"essential": True}, nonce={"essential": True, "value": nonce})
        try:
            token = jwt.decode(id_token, KeySet.import_key_set(found.keys), algorithms=ALGORITHMS)
            registry.validate(token.claims)
        except (InvalidKeyIdError, ValueError):  # a key we have not seen: the provider may have rotated its keys
            continue
        except JoseError:
            break
        claims = token.claims
        audiences = claims["aud"] if isinstance(claims["aud"], list) else [claims["aud"]]
        if len(audiences) > 1 and claims.get("azp") != sso.client_id:
            break
        if "at_hash" in claims and not hmac.compare_digest(
                str(claims["at_hash"]), _left_half_hash(access_token, token.header["alg"])):
            break
        return claims
    raise SsoError(_("The sign-in could not be verified. Start again."))


def _role(sso: SingleSignOn, claims: dict, role: str) -> str:
    """The role the provider's groups give, where the organisation maps groups to roles."""
    if not sso.groups_claim:
        return role
    listed = claims.get(sso.groups_claim)  # missing: in no group, so no role a group gives
    groups = {str(group) for group in listed} if isinstance(listed, list) else set()
    if sso.admin_groups:
        role = "admin" if groups & set(sso.admin_groups) else ("employee" if role == "admin" else role)
    if sso.manager_groups and role != "admin":
        role = "manager" if groups & set(sso.manager_groups) else ("employee" if role == "manager" else role)
    return role


async def _profile(sso: SingleSignOn, claims: dict, role: str) -> dict:
    """What the provider says of the person, as columns: role, and department and job title where mapped."""
    values = {"role": _role(sso, claims, role)}
    if sso.job_title_claim and isinstance(title := claims.get(sso.job_title_claim), str) and title.strip():
        values["job_title"] = title.strip()[:150]
    if sso.department_claim and isinstance(name := claims.get(sso.department_claim), str):
        rows = await Department.select(Department.id, Department.name)
        departments = {row["name"].casefold(): row["id"] for row in rows}
        if name.strip().casefold() in departments:
            values["department"] = departments[name.strip().casefold()]
    return values


def _verified_email(sso: SingleSignOn, claims: dict) -> str:
    email = claims.get(sso.email_claim)
    marked = claims.get("email_verified")  # an explicit false is never trusted
    verified = marked is True or (marked is None and sso.trust_email)
    if not isinstance(email, str) or not EMAIL.match(email.strip()) or not verified:
        raise SsoError(_("Your organisation's sign-in did not give a verified e-mail address."), 403)
    return email.strip().lower()[:254]


async def _linked(subject: str, email: str) -> dict | None:
    """The person this provider account signed in as before, else the one with its address, unless
    that person is linked to another provider account (then someone took over an address)."""
    columns = (Employee.id, Employee.active, Employee.role, Employee.sso_subject)
    row = await Employee.select(*columns).where(Employee.sso_subject == subject).first()
    if row is None:
        row = await Employee.select(*columns).where(Employee.email == email).first()
        if row and row["sso_subject"] not in (None, subject):
            raise SsoError(_("This account is linked to another sign-in of your organisation. Ask your L&D team."),
                           403)
    return row


async def person_for(sso: SingleSignOn, claims: dict) -> int:
    """The person the verified claims are about: the provider account linked before, else linked now
    by its verified e-mail address, or made on first sign-in where the organisation allows it;
    refused when unknown or deactivated."""
    email, subject = _verified_email(sso, claims), f"{claims['iss']} {claims['sub']}"[:400]
    async with write_transaction():
        row = await _linked(subject, email)
        if row and not row["active"]:
            raise SsoError(_("Your account is deactivated. Ask your L&D team if you need it again."), 403)
        if row is None and not sso.create_people:
            raise SsoError(_("There is no account for %(email)s. Ask your L&D team to add you.", email=email), 403)
        profile = {**await _profile(sso, claims, row["role"] if row else "employee"), "sso_subject": subject}
        if row is None:
            rows = await Employee.insert(Employee(
                email=email, first_name=str(claims.get("given_name") or email.split("@")[0])[:100],
                last_name=str(claims.get("family_name") or "")[:100], created_at=clock.now(), **profile)
            ).on_conflict(action="DO NOTHING").returning(Employee.id)
            if not rows:  # the same person's first sign-in in two tabs at once: the other made them
                raise SsoError(_("This sign-in has expired or was already used. Start again."))
            person_id, before = rows[0]["id"], {}
        else:
            person_id = row["id"]
            before = await audit.people_now(Employee.id == person_id)
            await Employee.update(profile).where(Employee.id == person_id)
        await audit.record_people(None, before, await audit.people_now(Employee.id == person_id))
    return person_id


async def finish(settings: Settings, state: str, code: str, browser: str) -> tuple[int, str]:
    """(the person signed in, where they were going) for the provider's answer to `begin`."""
    login = await _take_login(state, browser)
    found = await provider(settings.sso)
    tokens = await _tokens(settings, found, code, login["code_verifier"])
    access_token = tokens.get("access_token") if isinstance(tokens.get("access_token"), str) else ""
    claims = await verified_claims(settings.sso, tokens["id_token"], login["nonce"], access_token)
    return await person_for(settings.sso, claims), login["next_url"]


async def end_session_url(settings: Settings) -> str:
    """The provider's sign-out page, to offer after signing out of lms; empty when it has none."""
    try:
        found = await provider(settings.sso)
    except SsoError:
        return ""
    endpoint = found.metadata.get("end_session_endpoint", "")
    return f"{endpoint}?{urlencode({'client_id': settings.sso.client_id})}" if endpoint else ""
