"""Looks like an app, on a 360 x 740 phone against a real server: the header leaves the page room (one menu
button opens the navigation, by keyboard too, and the navigation stays without script), nothing scrolls
sideways however long an address, the calendar address copies with one tap, the catalogue's filters open
from a button that counts them, and axe-core finds no accessibility violation on the key pages of an
employee, a manager and L&D, in light and in dark mode."""
import re
import shutil
from pathlib import Path

import pytest
from axe_playwright_python.async_playwright import Axe
from playwright.async_api import Page, expect

from lms import clock
from lms.courses.tables import Lesson
from lms.people.tables import Employee
from lms.reminders.tables import Notification
from lms.storage import storage
from tests.e2e.conftest import PHONE
from tests.helpers import PASSWORD
from tests.knowledge.documents_fixtures import make_spaces
from tests.reports.overview_org import build, person

WIDTH = 360
DEMO_VIDEO = Path(__file__).parents[2] / "lms" / "courses" / "demo_media" / "fire-spot.webm"
LONG_EMAIL = "marie-christine.vandenbroeck-dewilde@warehouse-operations.benelux-subsidiary.example.org"


@pytest.fixture
async def lived_in(org, course, as_charlie) -> dict:
    """The conftest org and course, with what the key pages show when in use: a competency matrix, a
    playable video, an unread message, a wiki page, and a colleague with a very long e-mail address."""
    made = await build(org)
    long = await person("long", "Marie-Christine", "Vandenbroeck-Dewilde", org["bob"].id, org["bob"].department,
                        made["nurse"].id)
    await Employee.update({Employee.email: LONG_EMAIL}).where(Employee.id == long.id)
    key = "videos/e2e-look.webm"
    storage().path(key).parent.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(DEMO_VIDEO, storage().path(key))
    await Lesson.update({Lesson.video: key, Lesson.duration_seconds: 24}).where(Lesson.id == course["video"].id)
    await Notification.insert(Notification(employee=org["charlie"].id, title="Fire safety basics is due in a week",
                                           url=f"/courses/{course['course'].id}", created_at=clock.now()))
    space = (await make_spaces(org))["open"]
    made_page = await as_charlie.post(f"/knowledge/spaces/{space}/pages", data={
        "title": "Evacuation drill", "body": "## Before the drill\n\nCheck the assembly point.\n\n"
        "### Who counts heads\n\nThe floor warden, listed on https://intranet.example.org/safety/floor-wardens"
        "/building-b/second-floor/list-of-wardens-and-deputies.pdf\n\n| Floor | Warden |\n| --- | --- |\n"
        f"| 2 | {LONG_EMAIL} |"})
    assert made_page.status_code == 303, made_page.text
    c = course["course"].id
    return {
        "charlie@example.org": ["/", "/catalogue", "/catalogue?format=online", f"/courses/{c}",
                                f"/courses/{c}/lessons/{course['video'].id}", f"/courses/{c}/lessons/{course['text'].id}",
                                f"/courses/{c}/quiz", made_page.headers["location"], "/knowledge/search?q=drill",
                                "/inbox", "/me/notifications"],
        "bob@example.org": ["/", "/team", "/team/matrix", f"/people/{long.id}"],
        "alice@example.org": ["/admin", "/admin/people", "/admin/tokens"],
    }


async def sign_in(page: Page, email: str) -> None:
    await page.goto("/sign-in")
    await page.get_by_label("E-mail").fill(email)
    await page.get_by_label("Password").fill(PASSWORD)
    await page.get_by_role("button", name="Sign in").click()
    await expect(page.get_by_role("heading", level=1, name=re.compile(r"^Hello "))).to_be_visible()


def watch(page: Page) -> Page:
    page.errors = []
    page.on("console", lambda m: page.errors.append(f"console: {m.text}") if m.type == "error" else None)
    page.on("pageerror", lambda e: page.errors.append(f"uncaught: {e}"))
    return page


async def main_top(page: Page) -> float:
    return await page.evaluate("document.querySelector('main').getBoundingClientRect().top")


async def scrolls_sideways(page: Page) -> bool:
    return await page.evaluate(f"document.documentElement.scrollWidth > {WIDTH + 1}")


def nav_link(page: Page, name: str):
    return page.get_by_role("navigation", name="Main").get_by_role("link", name=name, exact=True)


@pytest.mark.parametrize("scheme", ["light", "dark"])
async def test_axe_finds_nothing_on_the_key_pages_on_a_phone(browser, live_server, lived_in, scheme):
    axe, found = Axe(), []
    for email, urls in lived_in.items():
        context = await browser.new_context(base_url=live_server, color_scheme=scheme, **PHONE)
        page = watch(await context.new_page())
        await sign_in(page, email)
        for url in urls:
            await page.goto(url)
            await page.wait_for_load_state("networkidle")  # the inbox badge comes through htmx
            results = await axe.run(page)
            if results.violations_count:
                found.append(f"{email} {url} ({scheme}): {results.generate_report()}")
            if await scrolls_sideways(page):
                found.append(f"{email} {url} ({scheme}) scrolls sideways at {WIDTH} px")
            if (top := await main_top(page)) > 60:
                found.append(f"{email} {url} ({scheme}): the page starts at {top} px, under a tall header")
        found += [f"{email}: {error}" for error in page.errors]
        await context.close()
    assert not found, "\n".join(found)


async def test_the_phone_menu_opens_and_closes_from_the_keyboard(phone, lived_in):
    await sign_in(watch(phone), "bob@example.org")
    menu = phone.get_by_role("button", name="Menu")
    assert await main_top(phone) <= 60
    await expect(nav_link(phone, "Inbox")).to_be_visible()  # beside the button, not behind it
    await expect(menu).to_have_attribute("aria-expanded", "false")
    await expect(nav_link(phone, "Home")).to_be_hidden()

    await menu.focus()
    await phone.keyboard.press("Enter")
    await expect(menu).to_have_attribute("aria-expanded", "true")
    await phone.keyboard.press("Tab")
    await expect(nav_link(phone, "Home")).to_be_focused()
    await expect(nav_link(phone, "Home")).to_have_attribute("aria-current", "page")
    for name in ("Catalogue", "Knowledge", "Search", "My team", "Requests", "Bob"):
        await expect(nav_link(phone, name)).to_be_visible()
    await expect(phone.get_by_role("button", name="Sign out")).to_be_visible()
    await phone.keyboard.press("Escape")
    await expect(menu).to_have_attribute("aria-expanded", "false")
    await expect(menu).to_be_focused()
    await expect(nav_link(phone, "Catalogue")).to_be_hidden()

    await phone.keyboard.press("Enter")
    await phone.keyboard.press("Tab")
    await phone.keyboard.press("Tab")
    await expect(nav_link(phone, "Catalogue")).to_be_focused()
    await phone.keyboard.press("Enter")
    await expect(phone.get_by_role("heading", level=1, name="Catalogue")).to_be_visible()
    await expect(menu).to_have_attribute("aria-expanded", "false")
    await menu.click()
    await expect(nav_link(phone, "Catalogue")).to_have_attribute("aria-current", "page")
    await phone.mouse.click(WIDTH / 2, 720)  # a tap on the page below the open menu closes it
    await expect(menu).to_have_attribute("aria-expanded", "false")
    assert phone.errors == []


@pytest.mark.parametrize("where", ["wide screen", "phone without script"])
async def test_the_whole_navigation_shows_on_a_wide_screen_and_without_script(browser, live_server, org, where):
    options = {"viewport": {"width": 1280, "height": 800}} if where == "wide screen" else {
        **PHONE, "java_script_enabled": False}
    context = await browser.new_context(base_url=live_server, **options)
    page = await context.new_page()
    await sign_in(page, "bob@example.org")
    await expect(page.get_by_role("button", name="Menu")).to_be_hidden()
    for name in ("Inbox", "Home", "Catalogue", "Knowledge", "Search", "My team", "Requests", "Bob"):
        await expect(nav_link(page, name)).to_be_visible()
    await expect(page.get_by_role("button", name="Sign out")).to_be_visible()
    if where == "wide screen":
        assert await main_top(page) <= 60  # one line
    await context.close()


async def test_the_calendar_address_stays_in_its_box_and_copies_with_one_tap(browser, live_server, org):
    context = await browser.new_context(base_url=live_server, permissions=["clipboard-read", "clipboard-write"],
                                        **PHONE)
    page = watch(await context.new_page())
    await sign_in(page, "charlie@example.org")
    await page.goto("/me/notifications")
    address = (await page.locator(".copy-box code").inner_text()).strip()
    assert re.fullmatch(r"http://127\.0\.0\.1:\d+/calendar/\S+\.ics", address)
    assert not await scrolls_sideways(page)

    await page.get_by_role("button", name="Copy").click()
    await expect(page.get_by_role("status").filter(has_text="Copied")).to_be_visible()
    assert await page.evaluate("navigator.clipboard.readText()") == address
    assert page.errors == []
    await context.close()


async def test_the_catalogue_filters_open_from_a_button_that_counts_them(phone, course):
    await sign_in(watch(phone), "charlie@example.org")
    await phone.goto("/catalogue")
    filters = phone.locator("summary", has_text="Filters")
    await expect(filters).to_have_text("Filters")
    await expect(phone.get_by_label("Format")).to_be_hidden()
    await filters.click()
    await phone.get_by_label("Format").select_option(label="Online, at your own pace")
    await expect(phone).to_have_url(re.compile(r"format=online"))
    await expect(filters).to_have_text(re.compile(r"^Filters\s+1 active$"))  # sent anew with the results
    await phone.get_by_label("Mandatory only").check()
    await expect(filters).to_have_text(re.compile(r"^Filters\s+2 active$"))
    await expect(phone.locator("#catalogue-results")).to_contain_text("Fire safety basics")

    await phone.reload()
    await expect(filters).to_have_text(re.compile(r"^Filters\s+2 active$"))
    await expect(phone.get_by_label("Format")).to_be_visible()  # open while filters are on
    assert phone.errors == []
