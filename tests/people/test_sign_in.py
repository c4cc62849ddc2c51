from datetime import timedelta

from lms import clock
from lms.people.tables import UserSession
from tests.helpers import sign_in


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
