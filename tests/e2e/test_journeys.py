"""Whole journeys in Chromium against a real server, each reached from the home page by clicking: renew an
expired certificate, share what you learned, hear a request decided, assign a course from a matrix gap, reset
quiz attempts, and invite imported people who then set a password. Each checks what the person sees, what the
database holds afterwards, and that the browser reported no console error."""
import re
from datetime import timedelta

import pytest
from playwright.async_api import Page, expect

from lms import clock
from lms.courses.learning import enrolment_of
from lms.courses.tables import Certificate, Course, CourseCompetency, Enrolment, QuizAttempt
from lms.knowledge.tables import PageCourse
from lms.people.tables import Employee
from lms.reminders.sweep import sweep
from tests.helpers import PASSWORD
from tests.reports.overview_org import build

DESKTOP = {"viewport": {"width": 1280, "height": 800}}
LINK = re.compile(r"https?://[^\s/]+(/password/\d+/\d+/[0-9a-f]+)")


@pytest.fixture
async def open_page(browser, live_server):
    """Opens a page in a fresh context (its own cookies) that records console errors like `phone` does."""
    contexts = []

    async def open_(options: dict = DESKTOP) -> Page:
        context = await browser.new_context(base_url=live_server, **options)
        contexts.append(context)
        page = await context.new_page()
        page.errors = []
        page.on("console", lambda m: page.errors.append(f"console: {m.text}") if m.type == "error" else None)
        page.on("pageerror", lambda e: page.errors.append(f"uncaught: {e}"))
        return page

    yield open_
    for context in contexts:
        await context.close()


@pytest.fixture
async def desktop(open_page) -> Page:
    """A 1280x800 page."""
    return await open_page()


async def sign_in(page: Page, email: str) -> None:
    """Through the sign-in form, to the home page."""
    await page.goto("/sign-in")
    await page.get_by_label("E-mail").fill(email)
    await page.get_by_label("Password").fill(PASSWORD)
    await page.get_by_role("button", name="Sign in").click()
    await expect(page.get_by_role("heading", level=1, name=re.compile(r"^Hello "))).to_be_visible()


def nav(page: Page, name: str):
    """A link of the main navigation (the Inbox link carries an unread badge after its name)."""
    return page.get_by_role("navigation", name="Main").get_by_role("link", name=re.compile(f"^{re.escape(name)}"))


async def open_menu(phone: Page) -> None:
    """On a phone every link of the navigation but the Inbox is behind the Menu button."""
    await phone.get_by_role("button", name="Menu").click()


async def completed(person: Employee, course: Course, days_ago: int = 30) -> Enrolment:
    done = clock.now() - timedelta(days=days_ago)
    enrolment = Enrolment(employee=person.id, course=course.id, source="self", enrolled_at=done - timedelta(days=1),
                          last_activity_at=done, completed_at=done, score=80, attempt=1)
    await enrolment.save()
    return enrolment


async def test_an_employee_renews_an_expired_certificate_on_her_phone(phone, course, org):
    charlie, fire = org["charlie"], course["course"]
    await completed(charlie, fire, days_ago=375)
    today = clock.now().date()
    await Certificate.insert(Certificate(employee=charlie.id, course=fire.id, title=fire.title, code="E2E-EXPD-0001",
                                         issued_on=today - timedelta(days=375), expires_on=today - timedelta(days=10)))

    await sign_in(phone, "charlie@example.org")
    await phone.get_by_role("link", name="My learning", exact=True).click()
    await expect(phone.get_by_role("heading", level=1, name="My learning")).to_be_visible()
    certificates = phone.locator("section", has=phone.get_by_role("heading", name="Certificates"))
    row = certificates.get_by_role("row", name=re.compile("Fire safety basics"))
    await expect(row).to_contain_text("Expired")
    await row.get_by_role("button", name="Renew").click()

    await expect(phone).to_have_url(re.compile(rf"/courses/{fire.id}\?notice=renewing$"))
    await expect(phone.get_by_role("status").filter(has_text="Your renewal has started")).to_be_visible()
    attempts = await Enrolment.select(Enrolment.attempt, Enrolment.completed_at).where(
        Enrolment.employee == charlie.id, Enrolment.course == fire.id).order_by(Enrolment.attempt)
    assert [(a["attempt"], a["completed_at"] is None) for a in attempts] == [(1, False), (2, True)]
    assert phone.errors == []


async def test_an_employee_shares_what_she_learned_and_a_colleague_finds_it_on_the_course_page(
        phone, open_page, course, org):
    fire = course["course"]
    await completed(org["charlie"], fire)
    title = "Fire blankets in our kitchen"

    await sign_in(phone, "charlie@example.org")
    await open_menu(phone)
    await nav(phone, "Catalogue").click()
    await phone.get_by_role("link", name=re.compile("Fire safety basics")).first.click()
    await expect(phone.get_by_role("heading", level=1, name="Fire safety basics")).to_be_visible()
    await phone.get_by_role("link", name="Share what you learned").click()
    await expect(phone.get_by_role("heading", level=1, name="Share what you learned")).to_be_visible()
    await phone.get_by_label("Title", exact=True).fill(title)
    await phone.get_by_label(re.compile(r"^Text")).fill("## What I use from it\n\nThe blanket hangs by the stove.")
    await phone.get_by_role("button", name="Save", exact=True).click()
    await expect(phone).to_have_url(re.compile(r"/knowledge/pages/\d+\?notice=shared$"))
    await expect(phone.get_by_role("status")).to_contain_text("Thank you for sharing")
    await expect(phone.get_by_role("heading", level=1, name=title)).to_be_visible()
    linked = await PageCourse.select(PageCourse.page.title).where(PageCourse.course == fire.id)
    assert [row["page.title"] for row in linked] == [title]
    assert phone.errors == []

    bob = await open_page()
    await sign_in(bob, "bob@example.org")
    await nav(bob, "Catalogue").click()
    await bob.get_by_role("link", name=re.compile("Fire safety basics")).first.click()
    shared = bob.locator("ul.shared-pages")
    await expect(bob.get_by_role("heading", name="Shared by colleagues")).to_be_visible()
    await expect(shared.get_by_role("link", name=title)).to_be_visible()
    await expect(shared).to_contain_text("by Charlie Test")
    assert bob.errors == []


async def test_an_employee_hears_in_her_inbox_and_by_mail_that_her_request_is_approved(
        phone, open_page, org, settings, templates, mailbox):
    await sign_in(phone, "charlie@example.org")
    await phone.get_by_role("link", name="Request a training").click()
    await phone.get_by_label("Training", exact=True).fill("Negotiation masterclass")
    await phone.get_by_label("Provider").fill("Acme Academy")
    await phone.get_by_label("Cost in euros").fill("1250")
    await phone.get_by_label("Reason").fill("I negotiate with suppliers every week.")
    await phone.get_by_role("button", name="Send the request").click()
    await expect(phone.get_by_role("status")).to_contain_text("Your request is sent")

    bob = await open_page()
    await sign_in(bob, "bob@example.org")
    waiting = bob.get_by_role("region", name="Waiting for you")
    await waiting.get_by_role("link", name="1 training request to decide").click()
    await expect(bob.get_by_role("heading", level=1, name="Training requests of my team")).to_be_visible()
    await bob.get_by_label("Comment (required when you reject)").fill("Good plan, go ahead")
    await bob.get_by_role("button", name="Approve").click()
    await expect(bob.get_by_role("status")).to_contain_text("The decision is saved.")
    assert bob.errors == []

    await sweep(clock.now(), settings, templates)
    await open_menu(phone)
    await nav(phone, "Home").click()
    await nav(phone, "Inbox").click()
    await expect(phone.get_by_role("heading", level=1, name="Inbox")).to_be_visible()
    await expect(phone.get_by_role("link", name="Approved: Negotiation masterclass")).to_be_visible()
    mails = [m for m in mailbox.messages if m["To"] == "charlie@example.org"]
    assert [m["Subject"] for m in mails] == ["Approved: Negotiation masterclass"]
    assert "Good plan, go ahead" in mails[0].get_body(("plain",)).get_content()
    assert phone.errors == []


async def test_a_manager_assigns_a_course_from_a_gap_in_the_competency_matrix(desktop, org):
    made = await build(org)
    hygiene_course = Course(title="Hand hygiene in five minutes", published=True, minutes=5, created_at=clock.now())
    await hygiene_course.save()
    await CourseCompetency.insert(CourseCompetency(course=hygiene_course.id, competency=made["hygiene"].id, level=3))

    await sign_in(desktop, "bob@example.org")
    await nav(desktop, "My team").click()
    await desktop.get_by_role("link", name="Competency matrix").click()
    await expect(desktop.get_by_role("heading", level=1, name="Competency matrix")).to_be_visible()
    await desktop.get_by_role("link", name=re.compile(r"^Charlie Test, Hygiene:")).click()
    await expect(desktop.get_by_role("heading", name="Plan training")).to_be_visible()
    await desktop.get_by_role("link", name="Assign Hand hygiene in five minutes").click()
    await expect(desktop.get_by_role("heading", level=1, name="Assign a course")).to_be_visible()
    await expect(desktop.get_by_label("Course")).to_have_value(str(hygiene_course.id))
    await expect(desktop.get_by_role("checkbox", name="Test, Charlie")).to_be_checked()
    await desktop.get_by_role("button", name="Assign").click()

    await expect(desktop).to_have_url(re.compile(r"/team/matrix\?notice=assigned$"))
    await expect(desktop.get_by_role("status")).to_contain_text("The course is assigned")
    enrolment = await enrolment_of(org["charlie"].id, hygiene_course.id)
    assert enrolment and enrolment["source"] == "assigned" and enrolment["assigned_by"] == org["bob"].id
    assert desktop.errors == []


async def test_l_and_d_resets_the_quiz_attempts_of_a_learner(desktop, course, org):
    fire = course["course"]
    await Course.update({Course.max_attempts: 1}).where(Course.id == fire.id)
    now = clock.now()
    enrolment = Enrolment(employee=org["charlie"].id, course=fire.id, enrolled_at=now, last_activity_at=now)
    await enrolment.save()
    await QuizAttempt.insert(QuizAttempt(enrolment=enrolment.id, score=0, passed=False, created_at=now))

    await sign_in(desktop, "alice@example.org")
    await nav(desktop, "L&D").click()
    await desktop.get_by_role("main").get_by_role("link", name=re.compile("^Catalogue")).click()
    await desktop.get_by_role("link", name="Fire safety basics", exact=True).click()
    await expect(desktop.get_by_role("heading", level=1, name="Fire safety basics")).to_be_visible()
    await desktop.get_by_role("link", name="Enrolments", exact=True).click()
    await expect(desktop.get_by_role("heading", level=1, name="Enrolments")).to_be_visible()
    await desktop.get_by_role("link", name="Charlie Test").click()
    await expect(desktop.get_by_text("0% (of 1 allowed)")).to_be_visible()
    await desktop.get_by_role("link", name="Reset quiz attempts").click()
    confirm = desktop.get_by_role("heading", level=1, name="Reset the quiz attempts of Charlie Test?")
    await expect(confirm).to_be_visible()
    await desktop.get_by_role("button", name="Reset attempts").click()

    await expect(desktop.get_by_role("status")).to_contain_text("The quiz attempts are reset.")
    await expect(desktop.get_by_role("link", name="Reset quiz attempts")).to_have_count(0)
    assert await QuizAttempt.count() == 0
    assert await Enrolment.exists().where(Enrolment.id == enrolment.id)
    assert desktop.errors == []


async def test_l_and_d_imports_a_person_who_sets_a_password_from_the_invitation(
        desktop, phone, org, settings, templates, mailbox):
    await sign_in(desktop, "alice@example.org")
    await nav(desktop, "L&D").click()
    await desktop.get_by_role("link", name=re.compile("^Import people")).click()
    await expect(desktop.get_by_role("heading", level=1, name="Import people from CSV")).to_be_visible()
    csv = "\ufeffE-mail;First name;Last name\nnora.new@example.org;Nora;New\n".encode()
    await desktop.get_by_label("CSV file").set_input_files(
        files=[{"name": "people.csv", "mimeType": "text/csv", "buffer": csv}])
    await desktop.get_by_role("button", name="Show preview").click()
    await expect(desktop.locator("#preview")).to_contain_text("1 new, 0 updated.")
    await desktop.get_by_role("button", name="Import 1 person").click()
    await expect(desktop.get_by_role("status")).to_contain_text("The people in the file are imported.")
    nora = await Employee.objects().get(Employee.email == "nora.new@example.org")
    assert (nora.first_name, nora.last_name, nora.role) == ("Nora", "New", "employee")
    assert desktop.errors == []

    await sweep(clock.now(), settings, templates)
    mails = [m for m in mailbox.messages if m["To"] == "nora.new@example.org"]
    assert [m["Subject"] for m in mails] == ["Welcome to lms: set your password"]
    path = LINK.search(mails[0].get_body(("plain",)).get_content()).group(1)

    await phone.goto(path)
    await expect(phone.get_by_text("Choose a password for nora.new@example.org")).to_be_visible()
    await phone.get_by_label("New password", exact=True).fill("a long passphrase")
    await phone.get_by_label("New password again").fill("a long passphrase")
    await phone.get_by_role("button", name="Set password and sign in").click()
    await expect(phone).to_have_url(re.compile(r"127\.0\.0\.1:\d+/\?notice=password_set$"))
    await expect(phone.get_by_role("status")).to_contain_text("Your password is set")
    await expect(phone.get_by_role("heading", level=1, name="Hello Nora")).to_be_visible()
    assert phone.errors == []
