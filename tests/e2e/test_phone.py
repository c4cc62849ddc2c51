"""On a phone (360 px, headless Chromium) against a real server: sign in through the form and
reach home; L&D searches people live. No console errors, no sideways scrolling."""
import re

from playwright.async_api import Page, expect

from tests.helpers import PASSWORD

WIDTH = 360


async def scrolls_sideways(page: Page) -> bool:
    return await page.evaluate(f"document.documentElement.scrollWidth > {WIDTH + 1}")


async def sign_in_through_the_form(page: Page, email: str) -> None:
    await expect(page.get_by_role("heading", name="Sign in to lms")).to_be_visible()
    assert not await scrolls_sideways(page), "the sign-in page scrolls sideways at 360 px"
    await page.get_by_label("E-mail").fill(email)
    await page.get_by_label("Password").fill(PASSWORD)
    await page.get_by_role("button", name="Sign in").click()


async def test_the_error_watch_sees_a_csp_violation(phone, org):
    """Guards the guard: an inline script, which the CSP forbids, must show up in phone.errors."""
    await phone.goto("/sign-in")
    async with phone.expect_console_message(lambda m: m.type == "error"):
        await phone.evaluate("""() => { const s = document.createElement('script');
                                        s.textContent = 'window.ran = true'; document.head.append(s); }""")
    assert "Content Security Policy" in phone.errors[0]
    assert not await phone.evaluate("window.ran === true")


async def test_an_employee_signs_in_on_a_phone_and_reaches_home(phone, org):
    await phone.goto("/")
    await expect(phone).to_have_url(re.compile(r"/sign-in\?next=/$"))
    await sign_in_through_the_form(phone, "charlie@example.org")

    await expect(phone.get_by_role("heading", name="Hello Charlie", level=1)).to_be_visible()
    await expect(phone).to_have_url(re.compile(r"127\.0\.0\.1:\d+/$"))
    await phone.wait_for_load_state("networkidle")  # the inbox badge loads through htmx
    assert not await scrolls_sideways(phone), "home scrolls sideways at 360 px"
    assert phone.errors == []


async def test_l_and_d_searches_people_as_they_type_on_a_phone(phone, org):
    await phone.goto("/admin/people")
    await expect(phone).to_have_url(re.compile(r"/sign-in\?next=/admin/people$"))
    await sign_in_through_the_form(phone, "alice@example.org")

    results = phone.locator("#results")
    await expect(phone.get_by_role("heading", name="People", level=1)).to_be_visible()
    await expect(results).to_contain_text("5 people")
    await expect(results.locator("tbody tr")).to_have_count(5)
    assert not await scrolls_sideways(phone), "the people list scrolls sideways at 360 px"

    await phone.evaluate("window.samePage = true")  # gone if the search reloaded the whole page
    await phone.get_by_label("Search").press_sequentially("dav", delay=50)

    await expect(results).to_contain_text("1 person")
    await expect(results.locator("tbody tr")).to_have_count(1)
    await expect(results.locator("tbody")).to_contain_text("Test, Dave")
    for other in ("Alice", "Bob", "Charlie", "Erin"):
        await expect(results).not_to_contain_text(other)
    await expect(phone).to_have_url(re.compile(r"/admin/people\?(.*&)?q=dav(&|$)"))  # hx-push-url
    assert await phone.evaluate("window.samePage === true"), "the search reloaded the page instead of htmx"

    await phone.get_by_label("Search").fill("nobody-like-this")
    await expect(results).to_contain_text("Nobody matches this search")
    await expect(phone).to_have_url(re.compile(r"q=nobody-like-this"))

    await phone.wait_for_load_state("networkidle")
    assert not await scrolls_sideways(phone), "the people list scrolls sideways at 360 px after searching"
    assert phone.errors == []
