from lms.people.tables import Employee
from tests.helpers import PASSWORD, sign_in


async def test_it_changes_the_password_and_signs_out_the_other_devices(as_charlie, make_client, org):
    phone = make_client()
    await sign_in(phone, "charlie@example.org")
    assert (await phone.get("/me/settings")).status_code == 200
    response = await as_charlie.post("/me/password", data={
        "current_password": PASSWORD, "password": "a better passphrase", "password_confirm": "a better passphrase"})
    assert response.status_code == 303
    assert (await as_charlie.get("/me/settings")).status_code == 200  # this device stays signed in
    assert (await phone.get("/me/settings")).status_code == 303  # the other one is signed out
    assert (await sign_in(make_client(), "charlie@example.org", "a better passphrase")).status_code == 303


async def test_it_checks_the_current_password(as_charlie, org):
    response = await as_charlie.post("/me/password", data={
        "current_password": "guess", "password": "a better passphrase", "password_confirm": "a better passphrase"})
    assert response.status_code == 200
    assert "Your current password is not right." in response.text


async def test_it_refuses_a_short_or_mismatched_password(as_charlie, org):
    response = await as_charlie.post("/me/password", data={"current_password": PASSWORD, "password": "short",
                                                           "password_confirm": "short"})
    assert "The password must be at least 10 characters." in response.text
    response = await as_charlie.post("/me/password", data={"current_password": PASSWORD})
    assert "The password must be at least 10 characters." in response.text
    response = await as_charlie.post("/me/password", data={"current_password": PASSWORD,
                                                           "password": "long enough one", "password_confirm": "nope"})
    assert "The two passwords are not the same." in response.text


async def test_it_refuses_a_password_with_ones_name_or_an_easy_to_guess_one(as_charlie, org, make_client):
    for own in ("charlie-rocks-2026", "TEST family fun", "charlie@example.org!"):
        response = await as_charlie.post("/me/password", data={"current_password": PASSWORD, "password": own,
                                                               "password_confirm": own})
        assert "The password may not contain your name or e-mail address." in response.text, own
    for common in ("Password123!", "qwertyuiop1", "1234567890", "iloveyou2026", "welkom12345"):
        response = await as_charlie.post("/me/password", data={"current_password": PASSWORD, "password": common,
                                                               "password_confirm": common})
        assert "This password is easy to guess" in response.text, common
    assert (await sign_in(make_client(), "charlie@example.org")).status_code == 303  # the old one still works


async def test_the_browser_language_is_the_default(client, org):
    response = await client.get("/sign-in", headers={"Accept-Language": "nl-BE,nl;q=0.9,en;q=0.8"})
    assert '<html lang="nl">' in response.text
    assert "Aanmelden" in response.text
    response = await client.get("/sign-in", headers={"Accept-Language": "fr-BE,en;q=0.5"})
    assert '<html lang="en">' in response.text


async def test_a_chosen_language_wins_over_the_browser(as_charlie, org):
    response = await as_charlie.post("/me/language", data={"language": "nl"})
    assert response.status_code == 303
    page = await as_charlie.get("/", headers={"Accept-Language": "en"})
    assert '<html lang="nl">' in page.text
    await as_charlie.post("/me/language", data={"language": ""})
    page = await as_charlie.get("/", headers={"Accept-Language": "en"})
    assert '<html lang="en">' in page.text


async def test_it_refuses_an_unknown_language(as_charlie, org):
    response = await as_charlie.post("/me/language", data={"language": "xx"})
    assert response.status_code == 200
    assert "Choose a valid language." in response.text
    assert (await Employee.objects().get(Employee.id == org["charlie"].id)).language == ""


async def test_languages_do_not_leak_between_concurrent_requests(make_client, org):
    import asyncio

    dutch, english = make_client(), make_client()
    pages = await asyncio.gather(*(
        c.get("/sign-in", headers={"Accept-Language": lang})
        for _ in range(10) for c, lang in ((dutch, "nl"), (english, "en"))
    ))
    for i, page in enumerate(pages):
        assert ('<html lang="nl">' if i % 2 == 0 else '<html lang="en">') in page.text
