"""The single sign-on journey in Chromium: the sign-in page's button, the organisation's provider
(a real OpenID Connect provider on Node.js), and back to the home page, signed in."""
import os

import pytest
from playwright.async_api import expect

from tests.e2e.conftest import serving
from tests.oidc import free_port, run_provider


@pytest.fixture
def lms_with_provider(database):
    lms_port, provider_port = free_port(), free_port()
    lms = f"http://127.0.0.1:{lms_port}"
    provider = run_provider(provider_port, [{"client_id": "lms", "client_secret": "lms-secret",
                                             "redirect_uris": [f"{lms}/sign-in/sso/callback"]}])
    environment = {**os.environ, "LMS_BASE_URL": lms, "LMS_OIDC_ISSUER": f"http://127.0.0.1:{provider_port}",
                   "LMS_OIDC_CLIENT_ID": "lms", "LMS_OIDC_CLIENT_SECRET": "lms-secret",
                   "LMS_OIDC_LABEL": "Sign in with Example Corp", "LMS_PASSWORD_SIGN_IN": "admins"}
    try:
        with serving(environment, lms_port) as url:
            yield url
    finally:
        provider.terminate()
        provider.wait()


async def test_an_employee_signs_in_with_her_organisations_account(browser, lms_with_provider, org):
    context = await browser.new_context(base_url=lms_with_provider, viewport={"width": 1280, "height": 800})
    page = await context.new_page()
    try:
        await page.goto("/catalogue")  # signed out: the sign-in page, which remembers where she was going
        await expect(page.get_by_role("button", name="Sign in", exact=True)).to_be_hidden()  # passwords: admins only
        await page.get_by_role("link", name="Sign in with Example Corp").click()
        await page.locator("input[name=login]").fill("charlie@example.org")
        await page.locator("input[name=password]").fill("her password at Example Corp")
        await page.get_by_role("button", name="Sign-in").click()
        await page.get_by_role("button", name="Continue").click()
        await expect(page).to_have_url(f"{lms_with_provider}/catalogue")
        await page.goto("/")
        await expect(page.locator("body")).to_contain_text("Charlie")
    finally:
        await context.close()
