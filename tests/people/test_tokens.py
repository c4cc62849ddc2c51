"""Tokens for other systems: made by L&D, shown once, stored as a hash, revoked."""
import re
from datetime import timedelta

import pytest

from lms import clock
from lms.people import tokens
from lms.people.tables import ApiToken
from tests.helpers import sign_in

TOKEN = re.compile(r'value="(lms_[A-Za-z0-9_-]+)"')


async def make(client, name="Entra ID provisioning", scopes=("scim",)):
    await client.get("/admin/tokens")
    return await client.post("/admin/tokens", data={"name": name, "scopes": list(scopes)})


async def test_l_and_d_makes_a_token_sees_it_once_and_revokes_it(org, client):
    await sign_in(client, "alice@example.org")
    made = await make(client)
    assert made.status_code == 200 and "shown only this once" in made.text
    token = TOKEN.search(made.text).group(1)
    row = await ApiToken.select().first()
    assert row["token_hash"] != token and token not in str(row) and row["scopes"] == "scim"
    listed = await client.get("/admin/tokens")
    assert "Entra ID provisioning" in listed.text and token not in listed.text
    assert await tokens.holder(f"Bearer {token}", "scim") == row["id"]

    confirm = await client.get(f"/admin/tokens/{row['id']}/revoke")
    assert "Revoke the token for Entra ID provisioning?" in confirm.text
    revoked = await client.post(f"/admin/tokens/{row['id']}/revoke", follow_redirects=True)
    assert "The token is revoked" in revoked.text
    assert await tokens.holder(f"Bearer {token}", "scim") is None


async def test_a_token_is_found_only_with_its_scope_and_as_a_bearer(org):
    token = await tokens.create_token("Integration", ["scim"], org["alice"].id)
    assert await tokens.holder(f"bearer {token}", "scim") is not None
    assert await tokens.holder(f"Bearer {token}", "api:write") is None
    assert await tokens.holder(f"Basic {token}", "scim") is None
    assert await tokens.holder(f"Bearer {token}x", "scim") is None
    assert await tokens.holder("", "scim") is None


async def test_last_use_is_written_at_most_once_a_minute(org):
    token = await tokens.create_token("Integration", ["scim"], org["alice"].id)
    await tokens.holder(f"Bearer {token}", "scim")
    first = (await ApiToken.select(ApiToken.last_used_at).first())["last_used_at"]
    assert first is not None
    await tokens.holder(f"Bearer {token}", "scim")
    assert (await ApiToken.select(ApiToken.last_used_at).first())["last_used_at"] == first
    clock.travel(timedelta(minutes=2))
    await tokens.holder(f"Bearer {token}", "scim")
    assert (await ApiToken.select(ApiToken.last_used_at).first())["last_used_at"] > first


@pytest.mark.parametrize("name, scopes, message", [
    ("", ("scim",), "Name is required."), ("Entra", (), "Choose what the token may do."),
    ("Entra", ("everything",), "Choose what the token may do."), ("x" * 101, ("scim",), "at most 100 characters")])
async def test_a_token_needs_a_name_and_a_known_scope(org, client, name, scopes, message):
    await sign_in(client, "alice@example.org")
    response = await make(client, name, scopes)
    assert response.status_code == 400 and message in response.text
    assert await ApiToken.count() == 0


@pytest.mark.parametrize("email", ["bob@example.org", "charlie@example.org"])
async def test_only_l_and_d_sees_or_makes_tokens(org, client, email):
    token = await tokens.create_token("Integration", ["scim"], org["alice"].id)
    await sign_in(client, email)
    assert (await client.get("/admin/tokens")).status_code == 403
    assert (await client.post("/admin/tokens", data={"name": "Mine", "scopes": ["scim"]})).status_code == 403
    row = await ApiToken.select(ApiToken.id).first()
    assert (await client.post(f"/admin/tokens/{row['id']}/revoke")).status_code == 403
    assert await tokens.holder(f"Bearer {token}", "scim") is not None


async def test_revoking_a_token_that_does_not_exist_is_not_found(org, client):
    await sign_in(client, "alice@example.org")
    assert (await client.get("/admin/tokens/999/revoke")).status_code == 404
    assert (await client.post("/admin/tokens/999/revoke")).status_code == 404
    assert (await client.get("/admin/tokens/abc/revoke")).status_code == 404


async def test_anyone_makes_a_personal_token_that_acts_with_their_own_rights(org, client):
    await sign_in(client, "charlie@example.org")
    await client.get("/me/settings")
    made = await client.post("/me/tokens", data={"token_name": "My dashboard", "token_scopes": ["read"]})
    assert made.status_code == 200 and "shown only this once" in made.text
    token = re.search(r"<code>(lms_[A-Za-z0-9_-]+)</code>", made.text).group(1)
    people = (await client.get("/api/v1/people", headers={"Authorization": f"Bearer {token}"})).json()
    assert [p["email"] for p in people["items"]] == ["charlie@example.org"]
    assert token not in (await client.get("/me/settings")).text  # shown once

    for scopes in (["scim"], ["catalogue:write"], []):
        refused = await client.post("/me/tokens", data={"token_name": "More", "token_scopes": scopes})
        assert refused.status_code == 400 and "Choose what the token may do." in refused.text
    assert await ApiToken.count() == 1


async def test_a_personal_token_is_revoked_by_its_maker_only(org, client):
    alices = await tokens.create_token("L&D export", ["read"], org["alice"].id)
    charlies = await tokens.create_token("Mine", ["read"], org["charlie"].id)
    await sign_in(client, "charlie@example.org")
    page = await client.get("/me/settings")
    assert "Mine" in page.text and "L&amp;D export" not in page.text
    alice_id = (await ApiToken.select(ApiToken.id).where(ApiToken.created_by == org["alice"].id).first())["id"]
    assert (await client.post(f"/me/tokens/{alice_id}/revoke")).status_code == 404
    assert await tokens.holder(f"Bearer {alices}", "read") is not None
    own_id = (await ApiToken.select(ApiToken.id).where(ApiToken.created_by == org["charlie"].id).first())["id"]
    revoked = await client.post(f"/me/tokens/{own_id}/revoke", follow_redirects=True)
    assert "The token is revoked" in revoked.text
    assert await tokens.holder(f"Bearer {charlies}", "read") is None


async def test_revoking_your_own_token_asks_first(org, client):
    await tokens.create_token("Mine", ["read"], org["charlie"].id)
    own_id = (await ApiToken.select(ApiToken.id).first())["id"]
    await sign_in(client, "charlie@example.org")
    link = f"/me/tokens/{own_id}/revoke"
    assert link in (await client.get("/me/settings")).text
    assert "Revoke the token for Mine?" in (await client.get(link)).text
    assert await ApiToken.exists().where(ApiToken.id == own_id, ApiToken.revoked_at.is_null())  # not before the button


async def test_the_settings_page_has_one_token_section_and_a_plain_title(org, client):
    await sign_in(client, "charlie@example.org")
    page = (await client.get("/me/settings")).text
    assert page.count('id="tokens"') == 1
    assert re.search(r"<title>[^<]*</title>", page)
