"""Accounts a real organisation needs: people created by L&D or imported get an invitation to set their
password, and "Forgot your password?" works the same way; links are single-use, expire, and say nothing
about who has an account."""
import asyncio
import re
from datetime import timedelta

import pytest

from lms import clock
from lms.people.tables import Employee
from lms.reminders.sweep import sweep
from lms.reminders.tables import Notification, Preference, Reminder
from tests.helpers import sign_in
from tests.people.test_import import HR_EXPORT, encoded_file, upload

NEW_PERSON = {"email": "nora.new@example.org", "first_name": "Nora", "last_name": "New", "role": "employee",
              "department": "", "job_profile": "", "manager": "", "job_title": "", "hire_date": "", "password": ""}
LINK = re.compile(r"https://lms\.example\.org(/password/\d+/\d+/[0-9a-f]+)")


def link_in(mailbox, address: str) -> str:
    mails = [m for m in mailbox.messages if m["To"] == address]
    assert mails, f"no mail to {address}"
    return LINK.search(mails[-1].get_body(("plain",)).get_content()).group(1)


async def test_someone_l_and_d_creates_is_invited_and_sets_a_password(as_alice, make_client, org, settings, templates,
                                                                      mailbox):
    response = await as_alice.post("/admin/people", data=NEW_PERSON)
    assert response.status_code == 303 and response.headers["location"].endswith("notice=invited")
    await sweep(clock.now(), settings, templates)
    mail = [m for m in mailbox.messages if m["To"] == "nora.new@example.org"][0]
    assert mail["Subject"] == "Welcome to lms: set your password"
    assert not await Notification.exists()  # a link to set a password never sits in an inbox
    path = link_in(mailbox, "nora.new@example.org")

    nora = make_client()
    page = await nora.get(path)
    assert page.status_code == 200 and "Choose a password for nora.new@example.org" in page.text
    short = await nora.post(path, data={"password": "short", "password_confirm": "short"})
    assert short.status_code == 400 and "at least 10 characters" in short.text
    done = await nora.post(path, data={"password": "a long passphrase", "password_confirm": "a long passphrase"})
    assert done.status_code == 303 and done.headers["location"] == "/?notice=password_set"
    assert (await nora.get("/")).status_code == 200  # signed in
    again = await make_client().get(path)
    assert again.status_code == 404 and "This link no longer works" in again.text  # single use
    assert (await sign_in(make_client(), "nora.new@example.org", "a long passphrase")).status_code == 303


async def test_imported_people_are_invited_and_updated_ones_are_not(as_alice, org, settings, templates, mailbox):
    preview = await upload(as_alice, HR_EXPORT)
    await as_alice.post("/admin/import", data={"file": encoded_file(preview.text)})
    await as_alice.post("/admin/import", data={"file": encoded_file(preview.text)})  # again: updates only
    await sweep(clock.now(), settings, templates)
    assert sorted(m["To"] for m in mailbox.messages) == [
        "ines.boss@example.org", "jo.rep@example.org", "kim.new@example.org"]


async def test_l_and_d_sends_an_invitation_again_and_only_l_and_d(as_alice, as_bob, org, settings, templates, mailbox):
    url = f"/admin/people/{org['charlie'].id}/invite"
    assert (await as_bob.post(url)).status_code == 403
    response = await as_alice.post(url)
    assert response.headers["location"].endswith("notice=invited")
    await as_alice.post(url)
    await sweep(clock.now(), settings, templates)
    assert [m["To"] for m in mailbox.messages] == ["charlie@example.org"] * 2


async def test_forgot_password_answers_the_same_for_anyone_and_mails_only_the_holder(client, org, settings, templates,
                                                                                    mailbox):
    await Employee.update({Employee.active: False}).where(Employee.id == org["dave"].id)
    answers = set()
    for email in ("charlie@example.org", "nobody@example.org", "dave@example.org", "CHARLIE@example.org"):
        await client.get("/password/forgot")
        page = await client.post("/password/forgot", data={"email": email})
        assert page.status_code == 200
        answers.add(page.text.replace(email, "EMAIL"))
    assert len(answers) == 1 and "a link to set a new password is on its way" in answers.pop()
    await sweep(clock.now(), settings, templates)
    assert [m["To"] for m in mailbox.messages] == ["charlie@example.org"]  # once per ten minutes, however often asked
    assert mailbox.messages[0]["Subject"] == "Set a new password for lms"


async def test_a_reset_link_expires_within_the_hour_and_resists_tampering(client, make_client, org, settings,
                                                                          templates, mailbox):
    await Preference.insert(Preference(employee=org["charlie"].id, email="none", calendar_token="t"))
    await client.get("/password/forgot")
    await client.post("/password/forgot", data={"email": "charlie@example.org"})
    await sweep(clock.now(), settings, templates)
    path = link_in(mailbox, "charlie@example.org")  # mailed even to someone who turned e-mail off
    employee, expires, signature = path.split("/")[2:]
    flipped = signature[:-1] + ("1" if signature[-1] == "0" else "0")  # one character changed, never the same
    for bad in (f"/password/{employee}/{expires}/{flipped}", f"/password/{org['dave'].id}/{expires}/{signature}",
                f"/password/{employee}/{int(expires) + 1}/{signature}", f"/password/{employee}/{expires}/x",
                f"/password/99999999999999999999/{expires}/{signature}", f"/password/{employee}/-1/{signature}",
                f"/password/{employee}/{expires}/é{signature[1:]}"):
        assert (await make_client().get(bad)).status_code in (400, 404), bad
    clock.travel(timedelta(minutes=61))
    assert (await make_client().get(path)).status_code == 404


async def test_setting_a_password_by_link_ends_every_session_and_one_of_two_uses_wins(make_client, org, settings,
                                                                                      templates, mailbox):
    phone = make_client()
    await sign_in(phone, "charlie@example.org")
    asker = make_client()
    await asker.get("/password/forgot")
    await asker.post("/password/forgot", data={"email": "charlie@example.org"})
    await sweep(clock.now(), settings, templates)
    path = link_in(mailbox, "charlie@example.org")
    first, second = make_client(), make_client()
    await first.get(path)
    await second.get(path)
    data = {"password": "a long passphrase", "password_confirm": "a long passphrase"}
    results = await asyncio.gather(first.post(path, data=data), second.post(path, data=data))
    assert sorted(r.status_code for r in results) == [303, 404]
    assert (await phone.get("/")).status_code == 303  # the old session is over


@pytest.mark.parametrize("email", ["", "not-an-address", "x" * 300])
async def test_a_bad_address_is_named(client, org, email):
    await client.get("/password/forgot")
    response = await client.post("/password/forgot", data={"email": email})
    assert response.status_code == 400 and "Fill in the e-mail address you sign in with." in response.text
    assert not await Reminder.exists()


async def test_the_sign_in_page_offers_it(client):
    assert 'href="/password/forgot"' in (await client.get("/sign-in")).text
