"""In a phone-sized Chromium: sign in and reach the home page; L&D searches people live."""
import pytest
from playwright.async_api import async_playwright

from tests.e2e.server import CHROMIUM, CHROMIUM_ARGS, Server, require_chromium
from tests.helpers import PASSWORD


@pytest.fixture(scope="module")
def server():
    require_chromium()
    running = Server()
    yield running
    running.stop()


@pytest.fixture
async def phone():
    async with async_playwright() as p:
        browser = await p.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        context = await browser.new_context(viewport={"width": 360, "height": 740}, is_mobile=True, has_touch=True)
        page = await context.new_page()
        page.errors = []
        page.on("console", lambda m: page.errors.append(m.text) if m.type == "error" else None)
        yield page
        await browser.close()


async def sign_in(page, server, email):
    await page.goto(f"{server.url}/")
    await page.wait_for_url("**/sign-in?next=/")
    await page.fill("#email", email)
    await page.fill("#password", PASSWORD)
    await page.keyboard.press("Enter")


async def test_an_employee_signs_in_on_a_phone_and_reaches_home(server, phone, org):
    await sign_in(phone, server, "charlie@example.org")
    await phone.wait_for_selector("h1:has-text('Hello Charlie')")
    assert await phone.evaluate("document.documentElement.scrollWidth <= 361")
    assert phone.errors == []


async def test_a_wrong_password_keeps_you_on_the_form(server, phone, org):
    await phone.goto(f"{server.url}/sign-in")
    await phone.fill("#email", "charlie@example.org")
    await phone.fill("#password", "not the password")
    await phone.click("button[type=submit]")
    await phone.wait_for_selector("text=That e-mail address and password do not match.")


async def test_l_and_d_searches_people_as_they_type(server, phone, org):
    await sign_in(phone, server, "alice@example.org")
    await phone.wait_for_selector("h1:has-text('Hello Alice')")
    await phone.goto(f"{server.url}/admin/people")
    await phone.wait_for_selector("text=5 people")
    await phone.type("#q", "dave", delay=30)
    await phone.wait_for_selector("#results >> text=1 person")
    assert await phone.locator("#results").inner_text() != ""
    assert "Charlie" not in await phone.locator("#results").inner_text()
    assert "q=dave" in phone.url  # hx-push-url keeps the search in the address
    assert phone.errors == []
