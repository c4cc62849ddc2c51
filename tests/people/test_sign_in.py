from datetime import timedelta

import pytest
from httpx import ASGITransport

from lms import clock
from lms.app import create_app
from lms.people.sessions import MAX_FAILURES_PER_IP
from lms.people.tables import UserSession
from lms.settings import SettingsError, load_settings
from tests.helpers import PASSWORD, Client, sign_in


async def test_it_signs_in_and_reaches_home(client, org):
    response = await sign_in(client, "charlie@example.org")
    assert response.status_code == 303
    assert response.headers["location"] == "/"
    home = await client.get("/")
    assert home.status_code == 200
    assert "Hello Charlie" in home.text


async def test_it_sets_a_safe_session_cookie(client, org):
    response = await sign_in(client, "charlie@example.org")
    cookie = response.headers["set-cookie"].lower()
    assert "httponly" in cookie and "samesite=lax" in cookie


async def test_it_refuses_a_wrong_password(client, org):
    response = await sign_in(client, "charlie@example.org", "wrong password")
    assert response.status_code == 200
    assert "do not match" in response.text
    assert (await client.get("/")).status_code == 303


async def test_it_ignores_case_in_the_email(client, org):
    response = await sign_in(client, "Charlie@Example.org")
    assert response.status_code == 303


async def test_it_redirects_to_sign_in_with_next(client):
    response = await client.get("/admin/people")
    assert response.status_code == 303
    assert response.headers["location"] == "/sign-in?next=/admin/people"


async def test_it_returns_to_the_page_asked_for(client, org):
    await client.get("/sign-in?next=/me/settings")
    response = await client.post("/sign-in", data={"email": "charlie@example.org", "password": "correct horse battery",
                                                   "next": "/me/settings"})
    assert response.headers["location"] == "/me/settings"


async def test_it_never_redirects_off_site(client, org):
    await client.get("/sign-in")
    response = await client.post("/sign-in", data={"email": "charlie@example.org", "password": "correct horse battery",
                                                   "next": "//evil.example/"})
    assert response.headers["location"] == "/"


async def test_it_does_not_accept_a_planted_session_cookie(client, org):
    client.cookies.set("lms_session", "planted-by-an-attacker", domain="testserver.local")
    response = await sign_in(client, "charlie@example.org")
    assert "lms_session=planted" not in response.headers["set-cookie"]
    attacker = client.__class__(transport=client._transport, base_url="http://testserver")
    attacker.cookies.set("lms_session", "planted-by-an-attacker")
    assert (await attacker.get("/")).status_code == 303


async def test_sign_out_ends_the_session_on_the_server(client, org):
    await sign_in(client, "charlie@example.org")
    token = client.cookies.get("lms_session")
    await client.get("/")
    response = await client.post("/sign-out")
    assert response.status_code == 303
    assert await UserSession.count() == 0
    client.cookies.set("lms_session", token)  # a copied cookie no longer works
    assert (await client.get("/")).status_code == 303


async def test_an_expired_session_is_signed_out(client, org):
    await sign_in(client, "charlie@example.org")
    clock.travel(timedelta(days=15))
    assert (await client.get("/")).status_code == 303


async def test_it_rate_limits_failed_attempts(client, org):
    for _ in range(5):
        await sign_in(client, "charlie@example.org", "wrong password")
    response = await sign_in(client, "charlie@example.org")
    assert response.status_code == 429
    assert "Too many failed attempts" in response.text
    clock.travel(timedelta(minutes=16))
    assert (await sign_in(client, "charlie@example.org")).status_code == 303


async def test_it_asks_for_missing_fields(client, org):
    await client.get("/sign-in")
    response = await client.post("/sign-in", data={"email": "charlie@example.org"})
    assert response.status_code == 200
    assert "Fill in your e-mail address and password" in response.text


async def test_it_refuses_a_post_without_csrf_token(client, org):
    await client.get("/sign-in")
    response = await client.post("/sign-in", data={"_csrf_token": "", "email": "charlie@example.org",
                                                   "password": "correct horse battery"})
    assert response.status_code == 403
    assert "form had expired" in response.text


async def test_sessions_are_shared_by_replicas(client, org, make_client):
    """A second app instance (another replica) accepts a session the first one issued."""
    import httpx

    from lms.app import create_app

    await sign_in(client, "charlie@example.org")
    replica = create_app()
    async with httpx.AsyncClient(transport=httpx.ASGITransport(app=replica), base_url="http://testserver") as other:
        other.cookies.set("lms_session", client.cookies.get("lms_session"))
        response = await other.get("/")
    assert response.status_code == 200
    assert "Hello Charlie" in response.text


def behind(app, address: str, forwarded: str) -> Client:
    """A browser whose requests reach the app from this address (a proxy's, or its own), with this
    X-Forwarded-For header."""
    return Client(transport=ASGITransport(app=app, client=(address, 40000)), base_url="http://testserver",
                  headers={"X-Forwarded-For": forwarded})


async def sign_in_from(app, address: str, forwarded: str, email: str, password: str = PASSWORD):
    async with behind(app, address, forwarded) as browser:
        return await sign_in(browser, email, password)


async def test_a_forged_forwarded_for_does_not_dodge_the_limit_per_address(monkeypatch, org):
    monkeypatch.delenv("LMS_TRUSTED_PROXIES", raising=False)  # the default: no proxy is believed
    app = create_app()
    for n in range(MAX_FAILURES_PER_IP):
        await sign_in_from(app, "203.0.113.9", f"198.51.100.{n}", f"nobody{n}@example.org", "wrong password")
    response = await sign_in_from(app, "203.0.113.9", "198.51.100.200", "charlie@example.org")
    assert response.status_code == 429


async def test_behind_a_trusted_proxy_each_person_has_their_own_limit(monkeypatch, org):
    monkeypatch.setenv("LMS_TRUSTED_PROXIES", "10.0.0.0/8")
    app = create_app()
    for n in range(MAX_FAILURES_PER_IP):  # the attacker forges a first address; the proxy appends what it saw
        await sign_in_from(app, "10.0.0.5", f"1.2.3.{n}, 198.51.100.7", f"nobody{n}@example.org", "wrong password")
    forged = await sign_in_from(app, "10.0.0.5", "5.6.7.8, 198.51.100.7", "charlie@example.org")
    own = await sign_in_from(app, "10.0.0.5", "198.51.100.8", "charlie@example.org")
    assert forged.status_code == 429  # still the attacker's own address
    assert own.status_code == 303  # a colleague behind the same proxy signs in


async def test_a_bad_trusted_proxies_setting_fails_loudly(monkeypatch):
    monkeypatch.setenv("LMS_TRUSTED_PROXIES", "10.0.0.0/8, not-an-address")
    with pytest.raises(SettingsError, match="LMS_TRUSTED_PROXIES"):
        load_settings()
