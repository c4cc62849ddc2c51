"""Whatever comes in, no route answers 5xx: hypothesis sends arbitrary path parameters, query
strings and form values to every route of the app, for every role.

The budget is bounded for CI (LMS_FUZZ_EXAMPLES sweeps of all routes per role, 3 by default);
raise it by hand to search longer, e.g. LMS_FUZZ_EXAMPLES=50. No shrinking: a failure names the
request that failed, and shrinking a sweep of 237 requests under coverage tracing took over an hour."""
import os
import re
from pathlib import Path

import pytest
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st

from lms.app import create_app
from tests.helpers import Client, sign_in

EXAMPLES = int(os.environ.get("LMS_FUZZ_EXAMPLES", "3"))
LMS = Path(__file__).resolve().parents[2] / "lms"
# Routes that end the session the sweep goes on with; their own tests cover them.
SKIP = {("POST", "/sign-out")}
NOT_QUERY = {"request", "data", "state", "scope", "headers", "cookies", "user", "signed_in"}


def field_names() -> list[str]:
    """The names forms use: literal name="…" in templates and the fields services read."""
    names = set()
    for template in LMS.rglob("*.html"):
        names.update(re.findall(r'name="([a-z_][a-z_0-9]*)"', template.read_text()))
    for source in LMS.rglob("*.py"):
        names.update(re.findall(r'\b(?:raw|text|integer|number|date|choice|money|boolean|required|ids|email|get|'
                                r'getall|optional_int|checked)\("([a-z_][a-z_0-9]*)"', source.read_text()))
    return sorted(names - {"_csrf_token"})


FIELDS = field_names()
numbers = st.one_of(st.integers(0, 60), st.integers(-2**70, 2**70), st.just(2**63), st.just(-1))
values = st.one_of(
    numbers.map(str), st.text(max_size=40), st.sampled_from(["", "on", "true", "2026-12-31", "2026-02-30", "abc",
                                                             "1e9", "NaN", "\x00", "%00", "../../etc/passwd",
                                                             "<script>x</script>", "9" * 40]),
)


def routes(app) -> list[tuple[str, str, dict, list[str]]]:
    """(method, path template, path parameter types, query parameter names) for every handler."""
    found = []
    for route in app.routes:
        for handler in getattr(route, "route_handlers", []):
            parameters = handler.parsed_fn_signature.parameters
            query = [name for name in parameters if name not in NOT_QUERY and name not in route.path_parameters]
            types = {name: definition.type for name, definition in route.path_parameters.items()}
            for method in sorted(handler.http_methods - {"HEAD", "OPTIONS"}):
                if (method, route.path) not in SKIP:
                    found.append((method, route.path, types, query))
    return found


def path_value(kind: type):
    if kind is int:
        return numbers
    return st.one_of(values, st.text(min_size=1, max_size=20))


@st.composite
def request_for(draw, route):
    method, template, types, query = route
    path = template
    for name, kind in types.items():
        value = str(draw(path_value(kind)))
        if kind is not int:  # a str or path parameter: send it as a browser would, escaped
            value = "".join(c if c.isalnum() or c in "-_." else "%{:02X}".format(ord(c)) if ord(c) < 128
                            else c for c in value) or "x"
        path = re.sub(r"\{" + name + r":[^}]+\}", value, path)
    params = draw(st.dictionaries(st.sampled_from(query or ["q"]), values, max_size=3))
    form = draw(st.dictionaries(st.sampled_from(FIELDS), values, max_size=8)) if method != "GET" else {}
    return method, path, params, form


ROLES = {"anonymous": None, "employee": "charlie@example.org", "manager": "bob@example.org",
         "admin": "alice@example.org"}


ALL_ROUTES = routes(create_app())


def test_the_walk_finds_every_route():
    assert len(ALL_ROUTES) > 200
    assert sum(1 for _, _, types, _ in ALL_ROUTES if int in types.values()) > 100


@pytest.mark.parametrize("role", ROLES)
@settings(max_examples=EXAMPLES, deadline=None, database=None, phases=[Phase.generate],
          suppress_health_check=list(HealthCheck))
@given(data=st.data())
async def test_no_route_answers_a_server_error(role, app, org, course, make_client, data):
    client: Client = make_client()
    if ROLES[role]:
        await sign_in(client, ROLES[role])
    for route in ALL_ROUTES:
        method, path, params, form = data.draw(request_for(route), label=f"{route[0]} {route[1]}")
        if method == "GET":
            response = await client.get(path, params=params)
        else:
            await client.get("/sign-in")  # a fresh CSRF token, as a page would carry
            response = await client.request(method, path, params=params, data={"_csrf_token": client.csrf, **form})
        assert response.status_code < 500, f"{method} {path} {params} {form} -> {response.status_code}"


@pytest.mark.parametrize("path", ["/admin/people?q=%00", "/knowledge/search?q=a%00", "/catalogue?q%00=a"])
async def test_a_nul_byte_in_a_query_string_is_a_bad_request(path, org, client):
    """PostgreSQL cannot store or compare a NUL byte: it was a 500 there, found by the sweep above."""
    await sign_in(client, "alice@example.org")
    response = await client.get(path)
    assert response.status_code == 400
    assert "contains a character that cannot be used" in response.text


async def test_a_nul_byte_in_a_form_is_a_bad_request_and_nothing_is_saved(org, client):
    from lms.people.tables import Employee

    await sign_in(client, "alice@example.org")
    await client.get("/admin/people/new")
    response = await client.post("/admin/people", data={
        "_csrf_token": client.csrf, "first_name": "Nul\x00", "last_name": "Byte", "email": "nul@example.org",
        "role": "employee"})
    assert response.status_code == 400
    assert "first_name contains a character that cannot be used" in response.text
    assert not await Employee.exists().where(Employee.email == "nul@example.org")
