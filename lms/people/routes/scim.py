"""SCIM 2.0 at /scim/v2 for the organisation's identity provider, behind a token L&D makes: Users
(people) and Groups (job profiles), with the same routes for both."""
import json

from litestar import Controller, Request, Response, delete, get, patch, post, put
from litestar.connection import ASGIConnection
from litestar.handlers.base import BaseRouteHandler
from litestar.params import FromPath, FromQuery
from scim2_models import (Context, InvalidSyntaxException, InvalidValueException, ListResponse, NotImplementedException,
                          ResponseParameters,
                          SCIMException, SearchRequest, UnauthorizedException)

from lms.people import scim, scim_groups, scim_users, tokens
from lms.web.parameters import holds_nul

MEDIA_TYPE = "application/scim+json"
KINDS = {kind.ENDPOINT: kind for kind in (scim_users, scim_groups)}


def _answer(body: dict, status: int = 200, version: str | None = None, location: str | None = None) -> Response:
    headers = {key: value for key, value in (("ETag", version), ("Location", location)) if value}
    return Response(content=body, status_code=status, media_type=MEDIA_TYPE, headers=headers)


def scim_error(_request: Request, error: SCIMException) -> Response:
    message = error.to_error()
    return _answer(message.model_dump(), int(message.status))


async def bearer_token(connection: ASGIConnection, _handler: BaseRouteHandler) -> None:
    if await tokens.holder(connection.headers.get("authorization", ""), "scim") is None:
        raise UnauthorizedException(detail="A valid bearer token with the SCIM scope is needed")


def _base(request: Request) -> str:
    return f"{request.app.state.settings.base_url}/scim/v2"


async def _json(request: Request) -> dict:
    try:
        body = json.loads(await request.body())
    except (ValueError, UnicodeDecodeError, RecursionError):
        raise InvalidSyntaxException(detail="The body is not JSON") from None
    if not isinstance(body, dict):
        raise InvalidSyntaxException(detail="The body is not a JSON object")
    if holds_nul(body):
        raise InvalidValueException(detail="A value holds a NUL character, which cannot be stored")
    return body


def _parameters(attributes: str | None, excluded: str | None) -> ResponseParameters:
    def names(text: str | None) -> list[str] | None:
        return [name.strip() for name in text.split(",") if name.strip()] if text else None

    try:
        return ResponseParameters(attributes=names(attributes), excluded_attributes=names(excluded))
    except ValueError:
        raise InvalidSyntaxException(detail="attributes and excludedAttributes cannot be used together") from None


def _kind(endpoint: str):
    if endpoint not in KINDS:
        raise scim.NotFoundException(detail=f"No such SCIM endpoint: /{endpoint[:100]}")
    return KINDS[endpoint]


async def _search_request(request: Request) -> SearchRequest:
    try:
        return SearchRequest.model_validate(await _json(request), scim_ctx=Context.SEARCH_REQUEST)
    except ValueError:
        raise InvalidSyntaxException(detail="Not a SCIM search request") from None


def _one(resource, context: Context, parameters: ResponseParameters | None = None,
         status: int = 200) -> Response:
    return _answer(scim.dump(resource, context, parameters), status, resource.meta.version,
                   resource.meta.location if status == 201 else None)


def _many(found: ListResponse, parameters: ResponseParameters | None) -> Response:
    return _answer(scim.dump(found, Context.SEARCH_RESPONSE, parameters))


class Scim(Controller):
    path = "/scim/v2"
    guards = [bearer_token]
    exception_handlers = {SCIMException: scim_error}
    opt = {"skip_session": True, "exclude_from_csrf": True}

    @get("/ServiceProviderConfig", name="scim:config")
    async def config(self) -> Response:
        return _answer(scim.CONFIG.model_dump(scim_ctx=Context.RESOURCE_QUERY_RESPONSE))

    @get("/Schemas", name="scim:schemas")
    async def schemas(self) -> Response:
        return _answer(ListResponse[scim.Schema](total_results=len(scim.SCHEMAS), start_index=1,
                                                 items_per_page=len(scim.SCHEMAS), resources=scim.SCHEMAS
                                                 ).model_dump(scim_ctx=Context.SEARCH_RESPONSE))

    @get("/Schemas/{schema_id:str}", name="scim:schema")
    async def schema(self, schema_id: FromPath[str]) -> Response:
        for schema in scim.SCHEMAS:
            if schema.id == schema_id:
                return _answer(schema.model_dump(scim_ctx=Context.RESOURCE_QUERY_RESPONSE))
        raise scim.NotFoundException()

    @get("/ResourceTypes", name="scim:resource_types")
    async def resource_types(self) -> Response:
        return _answer(ListResponse[scim.ResourceType](
            total_results=len(scim.RESOURCE_TYPES), start_index=1, items_per_page=len(scim.RESOURCE_TYPES),
            resources=scim.RESOURCE_TYPES).model_dump(scim_ctx=Context.SEARCH_RESPONSE))

    @get("/ResourceTypes/{type_id:str}", name="scim:resource_type")
    async def resource_type(self, type_id: FromPath[str]) -> Response:
        for resource_type in scim.RESOURCE_TYPES:
            if resource_type.id == type_id:
                return _answer(resource_type.model_dump(scim_ctx=Context.RESOURCE_QUERY_RESPONSE))
        raise scim.NotFoundException()

    @get("/{endpoint:str}", name="scim:list")
    async def many(self, request: Request, endpoint: FromPath[str], filter: FromQuery[str | None] = None,
                   startIndex: FromQuery[int] = 1, count: FromQuery[int | None] = None,  # noqa: N803 (SCIM's names)
                   attributes: FromQuery[str | None] = None, excludedAttributes: FromQuery[str | None] = None,
                   ) -> Response:
        parameters = _parameters(attributes, excludedAttributes)
        return _many(await _kind(endpoint).find(_base(request), filter, startIndex, count), parameters)

    @post("/{endpoint:str}/.search", name="scim:search", status_code=200)
    async def search(self, request: Request, endpoint: FromPath[str]) -> Response:
        """A search in the body (RFC 7644 §3.4.3)."""
        asked = await _search_request(request)
        return _many(await _kind(endpoint).find(_base(request), str(asked.filter) if asked.filter else None,
                                                asked.start_index or 1, asked.count), asked)

    @post("/.search", name="scim:search_all")
    async def search_all(self) -> None:
        """Searching users and groups at once (RFC 7644 §3.4.3) is optional: search each endpoint."""
        raise NotImplementedException(detail="Search /Users/.search or /Groups/.search")

    @post("/{endpoint:str}", name="scim:create")
    async def create(self, request: Request, endpoint: FromPath[str]) -> Response:
        kind, base = _kind(endpoint), _base(request)
        made = await kind.create(kind.read(await _json(request), Context.RESOURCE_CREATION_REQUEST, base), base)
        return _one(made, Context.RESOURCE_CREATION_RESPONSE, status=201)

    @get("/{endpoint:str}/{resource_id:str}", name="scim:read")
    async def read(self, request: Request, endpoint: FromPath[str], resource_id: FromPath[str],
                   attributes: FromQuery[str | None] = None,
                   excludedAttributes: FromQuery[str | None] = None) -> Response:  # noqa: N803
        return _one(await _kind(endpoint).get(resource_id, _base(request)), Context.RESOURCE_QUERY_RESPONSE,
                    _parameters(attributes, excludedAttributes))

    @put("/{endpoint:str}/{resource_id:str}", name="scim:replace")
    async def replace(self, request: Request, endpoint: FromPath[str], resource_id: FromPath[str]) -> Response:
        kind, base = _kind(endpoint), _base(request)
        given = kind.read(await _json(request), Context.RESOURCE_REPLACEMENT_REQUEST, base)
        changed = await kind.replace(resource_id, given, base, request.headers.get("if-match"))
        return _one(changed, Context.RESOURCE_REPLACEMENT_RESPONSE)

    @patch("/{endpoint:str}/{resource_id:str}", name="scim:patch")
    async def patch(self, request: Request, endpoint: FromPath[str], resource_id: FromPath[str]) -> Response:
        changed = await scim.patch(_kind(endpoint), resource_id, await _json(request), _base(request),
                                   request.headers.get("if-match"))
        return _one(changed, Context.RESOURCE_PATCH_RESPONSE)

    @delete("/{endpoint:str}/{resource_id:str}", name="scim:delete", status_code=204)
    async def remove(self, request: Request, endpoint: FromPath[str], resource_id: FromPath[str]) -> None:
        await _kind(endpoint).remove(resource_id, _base(request), request.headers.get("if-match"))
