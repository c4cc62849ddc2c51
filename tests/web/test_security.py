import re

from lms.settings import DEFAULT_SECRET_KEY, SettingsError, load_settings


async def test_every_page_sends_security_headers(client):
    for url in ("/sign-in", "/ping", "/static/app.css", "/nope"):
        headers = (await client.get(url)).headers
        csp = headers["content-security-policy"]
        assert "script-src 'self'" in csp and "unsafe-inline" not in csp
        assert headers["x-content-type-options"] == "nosniff"
        assert headers["x-frame-options"] == "DENY"


async def test_pages_carry_no_inline_script_or_style(as_alice, org):
    for url in ("/", "/admin/people", "/me/settings", "/admin/import"):
        page = (await as_alice.get(url)).text
        assert "<script>" not in page and "<script src" in page
        assert "style=" not in page and "<style" not in page
        assert " onclick=" not in page


async def test_htmx_requests_need_the_csrf_header(as_alice, org):
    url = f"/admin/people/{org['dave'].id}/deactivate"
    without = await as_alice.post(url, data={"_csrf_token": ""}, headers={"HX-Request": "true"})
    assert without.status_code == 403
    with_header = await as_alice.post(url, data={"_csrf_token": ""},
                                      headers={"HX-Request": "true", "x-csrftoken": as_alice.csrf})
    assert with_header.status_code == 303


async def test_an_error_never_shows_a_stack_trace(as_alice):
    response = await as_alice.get("/admin/people?page=abc")
    assert response.status_code == 400
    assert "Traceback" not in response.text
    assert "page" in response.text


def test_production_refuses_the_default_secret(monkeypatch):
    monkeypatch.setenv("LMS_MODE", "production")
    monkeypatch.setenv("LMS_SECRET_KEY", DEFAULT_SECRET_KEY)
    try:
        load_settings()
    except SettingsError as error:
        assert "LMS_SECRET_KEY" in str(error)
    else:
        raise AssertionError("production started with the default secret key")
    monkeypatch.setenv("LMS_SECRET_KEY", "a-real-secret-of-forty-characters-or-so")
    assert load_settings().mode == "production"


def test_a_bad_setting_fails_loudly(monkeypatch):
    for name, value in (("LMS_MODE", "staging"), ("LMS_SMTP_PORT", "twenty-five"), ("LMS_DATABASE_URL", "mysql://x")):
        monkeypatch.setenv(name, value)
        try:
            load_settings()
        except SettingsError as error:
            assert name in str(error)
        else:
            raise AssertionError(f"{name}={value} was accepted")
        monkeypatch.undo()


def test_cookies_are_secure_behind_https(monkeypatch):
    monkeypatch.setenv("LMS_BASE_URL", "https://lms.example.org")
    assert load_settings().secure_cookies
    monkeypatch.setenv("LMS_BASE_URL", "http://127.0.0.1:8000")
    assert not load_settings().secure_cookies


async def test_behind_https_every_cookie_is_secure(monkeypatch, org):
    import httpx

    from lms.app import create_app
    from tests.helpers import Client, sign_in

    monkeypatch.setenv("LMS_BASE_URL", "https://lms.example.org")
    app = create_app()
    async with Client(transport=httpx.ASGITransport(app=app), base_url="https://testserver") as client:
        page = await client.get("/sign-in")
        assert "secure" in page.headers["set-cookie"].lower()
        assert page.headers["strict-transport-security"].startswith("max-age=")
        response = await sign_in(client, "charlie@example.org")
    assert "secure" in response.headers["set-cookie"].lower()


async def test_static_files_are_compressed(as_charlie):
    page = await as_charlie.get("/static/app.css", headers={"Accept-Encoding": "gzip"})
    assert page.headers["content-encoding"] == "gzip"


async def test_pages_name_static_files_by_content_so_phones_keep_them(as_charlie):
    home = (await as_charlie.get("/")).text
    stylesheet = re.search(r'href="(/static/app\.css\?v=[0-9a-f]{12})"', home).group(1)
    response = await as_charlie.get(stylesheet)
    assert response.status_code == 200 and "immutable" in response.headers["cache-control"]
    assert "max-age=31536000" in response.headers["cache-control"]


async def test_the_l_and_d_hub_is_for_l_and_d_only(as_alice, as_bob, as_charlie):
    page = await as_alice.get("/admin")
    assert "Import people" in page.text and "/admin/outbox" in page.text
    assert (await as_bob.get("/admin")).status_code == 403
    assert (await as_charlie.get("/admin")).status_code == 403
