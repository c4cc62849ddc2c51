"""Single sign-on against a real OpenID Connect provider (panva's oidc-provider on Node.js, started
here), driven as a browser would: lms sends the browser to the provider, the person signs in on
the provider's own form, the provider sends the browser back with a code."""
import base64
import dataclasses
from datetime import timedelta
import json
import re
from urllib.parse import parse_qs, urljoin, urlsplit

import httpx
import pytest
from joserfc.jwk import RSAKey
from httpx import ASGITransport

from lms.app import create_app
from lms.people import password_links, sso
from lms.people.tables import AuditEntry, Department, Employee, SsoLogin, UserSession
from lms.reminders.tables import Reminder
from lms.settings import SingleSignOn, load_settings
from tests.helpers import PASSWORD, Client, sign_in
from tests.oidc import free_port, run_provider

LMS = "http://testserver"
CLIENTS = [{"client_id": "lms", "client_secret": "lms-secret", "redirect_uris": [f"{LMS}/sign-in/sso/callback"]},
           {"client_id": "other-app", "client_secret": "other-secret",
            "redirect_uris": [f"{LMS}/sign-in/sso/callback"]}]


def start_provider(port: int, jwks: dict | None = None):
    return run_provider(port, CLIENTS, jwks)


@pytest.fixture(scope="module")
def issuer():
    port = free_port()
    process = start_provider(port)
    yield f"http://127.0.0.1:{port}"
    process.terminate()
    process.wait()


def settings_for(issuer: str, client_id: str = "lms", **changes):
    sso_settings = SingleSignOn(
        issuer=issuer, client_id=client_id, client_secret=f"{client_id.split('-')[0]}-secret", label="",
        email_claim="email", department_claim="department", job_title_claim="job_title", groups_claim="groups",
        admin_groups=("lms-admins",), manager_groups=(), create_people=False, trust_email=False)
    sso_settings = dataclasses.replace(sso_settings, **{k: v for k, v in changes.items() if hasattr(sso_settings, k)})
    rest = {k: v for k, v in changes.items() if not hasattr(sso_settings, k)}
    return dataclasses.replace(load_settings(), base_url=LMS, sso=sso_settings, **rest)


@pytest.fixture
def lms_with_sso(app, issuer):
    """A client of an lms that signs in through the provider; pass settings changes to vary it."""
    clients = []

    def make(**changes) -> Client:
        client = Client(transport=ASGITransport(app=create_app(settings_for(issuer, **changes))), base_url=LMS)
        clients.append(client)
        return client

    sso._providers.clear()
    yield make


async def at_provider(url: str, login: str, consent: bool = True) -> str:
    """Signs in on the provider's own pages as `login`; returns the address it sends the browser back to."""
    async with httpx.AsyncClient() as browser:
        for _ in range(12):
            response = await browser.get(url)
            if response.status_code in (302, 303):
                url = urljoin(url, response.headers["location"])
                if url.startswith(LMS):
                    return url
                continue
            action, form = re.search(r'<form[^>]*action="([^"]+)"[^>]*>(.*?)</form>', response.text, re.S).groups()
            fields = dict(re.findall(r'<input[^>]*name="([^"]+)"[^>]*value="([^"]*)"', form))
            if fields.get("prompt") == "login":
                fields.update(login=login, password="any password")
            elif not consent:  # the person cancels on the provider's page
                url = urljoin(url, re.search(r'href="([^"]*/abort)"', response.text).group(1))
                continue
            response = await browser.post(urljoin(url, action), data=fields)
            url = urljoin(url, response.headers["location"])
    raise AssertionError("the provider did not send the browser back")


def local(url: str) -> str:
    parts = urlsplit(url)
    return f"{parts.path}?{parts.query}"


async def sign_in_through_provider(client: Client, login: str, next_url: str = "/") -> httpx.Response:
    started = await client.get("/sign-in/sso", params={"next": next_url})
    assert started.status_code == 303
    assert started.headers["location"].startswith("http://127.0.0.1:")
    back = await at_provider(started.headers["location"], login)
    return await client.get(local(back))


async def test_an_existing_person_signs_in_and_lands_where_they_were_going(org, lms_with_sso):
    client = lms_with_sso()
    page = await client.get("/sign-in")
    assert "Sign in with your organisation" in page.text and 'name="password"' in page.text
    response = await sign_in_through_provider(client, "charlie@example.org", "/catalogue")
    assert response.status_code == 303 and response.headers["location"] == "/catalogue"
    home = await client.get("/")
    assert home.status_code == 200 and "Charlie" in home.text
    charlie = await Employee.select(Employee.job_title, Employee.role).where(Employee.id == org["charlie"]).first()
    assert charlie == {"job_title": "Forklift driver", "role": "employee"}  # the provider's claims, mapped


async def test_the_session_token_is_new_after_the_callback(org, lms_with_sso):
    client = lms_with_sso()
    client.cookies.set("lms_session", "planted-by-an-attacker")
    response = await sign_in_through_provider(client, "charlie@example.org")
    assert response.cookies["lms_session"] not in ("", "planted-by-an-attacker")
    assert await UserSession.count().where(UserSession.employee == org["charlie"]) == 1


async def test_a_state_works_once(org, lms_with_sso):
    client = lms_with_sso()
    started = await client.get("/sign-in/sso")
    back = local(await at_provider(started.headers["location"], "charlie@example.org"))
    assert (await client.get(back)).status_code == 303
    replayed = await lms_with_sso().get(back)
    assert replayed.status_code == 400
    assert "expired or was already used" in replayed.text
    assert await SsoLogin.count() == 0


async def test_a_callback_opened_in_another_browser_signs_nobody_in(org, lms_with_sso):
    """Login CSRF: someone stops at their own callback address and sends it to a colleague."""
    attacker = lms_with_sso()
    started = await attacker.get("/sign-in/sso")
    back = local(await at_provider(started.headers["location"], "dave@example.org"))
    victim = lms_with_sso()
    refused = await victim.get(back)
    assert refused.status_code == 400 and "begun in another browser" in refused.text
    assert "lms_session" not in refused.cookies
    assert await UserSession.count() == 0


async def test_a_made_up_state_or_a_cancelled_sign_in_signs_nobody_in(org, lms_with_sso):
    client = lms_with_sso()
    made_up = await client.get("/sign-in/sso/callback", params={"state": "guessed", "code": "guessed"})
    assert made_up.status_code == 400 and "lms_session" not in made_up.cookies
    started = await client.get("/sign-in/sso")
    cancelled = await client.get(local(await at_provider(started.headers["location"], "charlie@example.org",
                                                         consent=False)))
    assert cancelled.status_code == 400 and "was not completed" in cancelled.text


async def test_an_unknown_address_is_refused_unless_the_organisation_creates_people(org, lms_with_sso):
    refused = await sign_in_through_provider(lms_with_sso(), "new.starter@example.org")
    assert refused.status_code == 403
    assert "There is no account for new.starter@example.org" in refused.text
    assert not await Employee.exists().where(Employee.email == "new.starter@example.org")

    logistics = Department(name="Logistics")
    await logistics.save()
    created = await sign_in_through_provider(lms_with_sso(create_people=True), "new.starter@example.org")
    assert created.status_code == 303
    person = await Employee.select(Employee.first_name, Employee.last_name, Employee.role, Employee.department,
                                   Employee.password_hash).where(Employee.email == "new.starter@example.org").first()
    assert person == {"first_name": "New", "last_name": "Starter", "role": "employee",
                      "department": logistics.id, "password_hash": ""}
    assert await AuditEntry.exists().where(AuditEntry.record == "person", AuditEntry.action == "created")


async def test_a_deactivated_person_cannot_get_in_through_the_provider(org, lms_with_sso):
    await Employee.update({Employee.active: False}).where(Employee.id == org["charlie"])
    response = await sign_in_through_provider(lms_with_sso(create_people=True), "charlie@example.org")
    assert response.status_code == 403 and "deactivated" in response.text
    assert await UserSession.count().where(UserSession.employee == org["charlie"]) == 0


@pytest.mark.parametrize("login, trust_email, signed_in", [
    ("unverified@example.org", False, False), ("unverified@example.org", True, False),
    ("unmarked@example.org", False, False), ("unmarked@example.org", True, True)])
async def test_only_a_verified_address_links_or_makes_an_account(org, lms_with_sso, login, trust_email, signed_in):
    """An address marked unverified never counts; one without the mark only where the organisation
    trusts its provider's addresses (Entra ID sends no mark)."""
    response = await sign_in_through_provider(lms_with_sso(create_people=True, trust_email=trust_email), login)
    assert response.status_code == (303 if signed_in else 403)
    assert await Employee.exists().where(Employee.email == login) is signed_in


async def test_another_provider_account_with_the_same_address_cannot_take_over(org, lms_with_sso):
    assert (await sign_in_through_provider(lms_with_sso(), "charlie@example.org")).status_code == 303
    linked = await Employee.select(Employee.sso_subject).where(Employee.id == org["charlie"].id).first()
    assert linked["sso_subject"].endswith(" charlie@example.org")  # issuer and subject
    refused = await sign_in_through_provider(lms_with_sso(), "impostor:charlie@example.org")
    assert refused.status_code == 403 and "linked to another sign-in" in refused.text
    # the linked account still gets in after the address changes in lms
    await Employee.update({Employee.email: "charlie.new@example.org"}).where(Employee.id == org["charlie"].id)
    assert (await sign_in_through_provider(lms_with_sso(), "charlie@example.org")).status_code == 303


async def test_the_admin_group_makes_an_admin_and_leaving_it_undoes_that(org, lms_with_sso):
    person = Employee(email="admin.kim@example.org", first_name="Kim", last_name="Admin", role="employee")
    await Employee.insert(person)
    await sign_in_through_provider(lms_with_sso(), "admin.kim@example.org")
    assert (await Employee.select(Employee.role).where(Employee.id == person.id).first())["role"] == "admin"
    # Kim's groups (lms-admins, staff) no longer give the admin role: at her next sign-in she loses it
    await sign_in_through_provider(lms_with_sso(admin_groups=("lms-board",)), "admin.kim@example.org")
    assert (await Employee.select(Employee.role).where(Employee.id == person.id).first())["role"] == "employee"


async def test_without_the_groups_claim_no_group_role_is_kept(org, lms_with_sso):
    await Employee.update({Employee.role: "admin"}).where(Employee.id == org["charlie"].id)
    await sign_in_through_provider(lms_with_sso(groups_claim="lms_groups"), "charlie@example.org")  # never sent
    assert (await Employee.select(Employee.role).where(Employee.id == org["charlie"].id).first())["role"] == "employee"


async def test_password_sign_in_can_be_kept_for_admins_only_or_closed(org, lms_with_sso):
    admins_only = lms_with_sso(password_sign_in="admins")
    page = await admins_only.get("/sign-in")
    assert "L&D administrators: sign in with a password" in page.text
    refused = await sign_in(admins_only, "charlie@example.org")
    assert refused.status_code == 403 and "only for L&amp;D administrators" in refused.text
    assert (await sign_in(admins_only, "alice@example.org")).status_code == 303

    closed = lms_with_sso(password_sign_in="off")
    page = await closed.get("/sign-in")
    assert 'name="password"' not in page.text and "Sign in with your organisation" in page.text
    closed.cookies, closed.csrf = admins_only.cookies, admins_only.csrf  # a form kept from before
    refused = await closed.post("/sign-in", data={"email": "alice@example.org", "password": PASSWORD})
    assert refused.status_code == 403 and "Sign in with your organisation&#39;s account." in refused.text


async def test_signing_out_ends_the_lms_session_and_offers_the_providers_sign_out(org, lms_with_sso, issuer):
    client = lms_with_sso()
    await sign_in_through_provider(client, "charlie@example.org")
    await client.get("/")
    response = await client.post("/sign-out", data={"_csrf_token": client.csrf}, follow_redirects=True)
    assert f'href="{issuer}/session/end?client_id=lms"' in response.text
    assert (await client.get("/")).status_code in (302, 303, 401)
    assert await UserSession.count().where(UserSession.employee == org["charlie"]) == 0


async def real_tokens(issuer: str, client_id: str, login: str) -> tuple[dict, str]:
    """An ID token the provider really issued to `client_id`, and the nonce it was asked for."""
    settings = settings_for(issuer, client_id)
    started, browser = await sso.begin(settings, "/")
    back = await at_provider(started, login)
    state, code = (parse_qs(urlsplit(back).query)[key][0] for key in ("state", "code"))
    login_row = await sso._take_login(state, browser)
    found = await sso.provider(settings.sso)
    return await sso._tokens(settings, found, code, login_row["code_verifier"]), login_row["nonce"]


async def test_a_tampered_token_a_wrong_audience_or_nonce_is_refused(org, issuer):
    sso._providers.clear()
    mine = settings_for(issuer).sso
    tokens, nonce = await real_tokens(issuer, "lms", "charlie@example.org")
    claims = await sso.verified_claims(mine, tokens["id_token"], nonce, tokens["access_token"])
    assert claims["email"] == "charlie@example.org" and claims["aud"] == "lms"

    header, payload, signature = tokens["id_token"].split(".")
    data = json.loads(base64.urlsafe_b64decode(payload + "=" * (-len(payload) % 4)))
    data["email"] = "alice@example.org"
    forged = base64.urlsafe_b64encode(json.dumps(data).encode()).rstrip(b"=").decode()
    with pytest.raises(sso.SsoError, match="could not be verified"):
        await sso.verified_claims(mine, f"{header}.{forged}.{signature}", nonce)
    with pytest.raises(sso.SsoError, match="could not be verified"):
        await sso.verified_claims(mine, tokens["id_token"], "another nonce")
    with pytest.raises(sso.SsoError, match="could not be verified"):
        await sso.verified_claims(mine, f"{header}.{payload}.", nonce)  # no signature at all

    theirs, their_nonce = await real_tokens(issuer, "other-app", "charlie@example.org")
    with pytest.raises(sso.SsoError, match="could not be verified"):
        await sso.verified_claims(mine, theirs["id_token"], their_nonce)  # issued to another application


async def test_new_signing_keys_at_the_provider_are_fetched(org, app):
    """Key rotation: the provider restarts with a key lms has not seen; lms fetches the new set."""
    port = free_port()
    issuer = f"http://127.0.0.1:{port}"
    sso._providers.clear()
    keys = [RSAKey.generate_key(2048, {"kid": kid, "use": "sig", "alg": "RS256"}, private=True).as_dict(private=True)
            for kid in ("first", "second")]
    provider = start_provider(port, {"keys": [keys[0]]})
    try:
        client = Client(transport=ASGITransport(app=create_app(settings_for(issuer))), base_url=LMS)
        assert (await sign_in_through_provider(client, "charlie@example.org")).status_code == 303
        assert [key["kid"] for key in sso._providers[issuer].keys["keys"]] == ["first"]
    finally:
        provider.terminate()
        provider.wait()
    provider = start_provider(port, {"keys": [keys[1]]})
    try:
        client = Client(transport=ASGITransport(app=create_app(settings_for(issuer))), base_url=LMS)
        assert (await sign_in_through_provider(client, "charlie@example.org")).status_code == 303
        assert [key["kid"] for key in sso._providers[issuer].keys["keys"]] == ["second"]
    finally:
        provider.terminate()
        provider.wait()


async def test_without_a_provider_the_sso_addresses_do_not_exist(org, client):
    assert (await client.get("/sign-in/sso")).status_code == 404
    assert (await client.get("/sign-in/sso/callback", params={"state": "x", "code": "y"})).status_code == 404
    assert "organisation's account" not in (await client.get("/sign-in")).text


@pytest.mark.parametrize("policy, mailed", [("admins", {"alice"}), ("off", set())])
async def test_password_resets_follow_the_password_rule(org, lms_with_sso, policy, mailed):
    """Where passwords are closed (or kept for L&D admins), a reset mail or link cannot open them."""
    client = lms_with_sso(password_sign_in=policy)
    asked = set()
    for who in ("alice", "charlie"):
        await client.get("/password/forgot")
        response = await client.post("/password/forgot", data={"email": f"{who}@example.org"})
        assert response.status_code == (403 if policy == "off" else 200)
        if await Reminder.exists().where(Reminder.employee == org[who].id, Reminder.kind == "password_reset"):
            asked.add(who)
    assert asked == mailed
    settings = settings_for("http://unused", password_sign_in=policy)
    link = await password_links.link_path(settings.secret_key, org["charlie"].id, timedelta(hours=1))
    page = await client.get(link)
    assert page.status_code == 404
    await client.get("/sign-in")
    refused = await client.post(link, data={"password": "a long and unusual passphrase 42",
                                            "confirm": "a long and unusual passphrase 42"})
    # with passwords closed no page carries a form token, so the form is refused before it is read
    assert refused.status_code == (404 if policy == "admins" else 403) and "lms_session" not in refused.cookies
