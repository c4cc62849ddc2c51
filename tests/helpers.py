"""What tests share besides fixtures: the browser-like client and signing in."""
import re

import httpx

PASSWORD = "correct horse battery"
CSRF_FIELD = re.compile(r'name="_csrf_token" value="([^"]+)"')


class Client(httpx.AsyncClient):
    """A browser-like client: keeps cookies and sends the CSRF token the pages carry."""

    csrf = ""

    async def get(self, url, **kwargs):
        response = await super().get(url, **kwargs)
        if found := CSRF_FIELD.search(response.text):
            self.csrf = found.group(1)
        return response

    async def post(self, url, data=None, files=None, **kwargs):
        if not self.csrf:
            await self.get("/sign-in")
        data = {"_csrf_token": self.csrf, **(data or {})}
        return await super().post(url, data=data, files=files, **kwargs)


async def sign_in(client: Client, email: str, password: str = PASSWORD) -> httpx.Response:
    await client.get("/sign-in")
    return await client.post("/sign-in", data={"email": email, "password": password})


def kept_a_minute(monkeypatch, cache):
    """A fixture's body: the cache keeps for a minute, as in production (the tests keep nothing), and
    starts and ends empty."""
    monkeypatch.setattr(cache, "seconds", 60)
    cache.clear()
    yield
    cache.clear()
