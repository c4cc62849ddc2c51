"""SCIM 2.0 at /scim/v2, for the organisation's identity provider, behind a token L&D makes."""
import json

from litestar import Controller, Request, Response, delete, get, patch, post, put, route
from litestar.connection import ASGIConnection
from litestar.handlers.base import BaseRouteHandler
from litestar.params import FromPath, FromQuery
from scim2_models import (Context, InvalidSyntaxException, ListResponse, ResponseParameters, SCIMException,
                          SearchRequest, UnauthorizedException)

from lms.people import scim, tokens

MEDIA_TYPE = "application/scim+json"


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
    except (ValueError, UnicodeDecodeError):
        raise InvalidSyntaxException(detail="The body is not JSON") from None
    if not isinstance(body, dict):
        raise InvalidSyntaxException(detail="The body is not a JSON object")
    return body


def _parameters(attributes: str | None, excluded: str | None) -> ResponseParameters:
    def names(text: str | None) -> list[str] | None:
        return [name.strip() for name in text.split(",") if name.strip()] if text else None

    try:
        return ResponseParameters(attributes=names(attributes), excluded_attributes=names(excluded))
    except ValueError:
        raise InvalidSyntaxException(detail="attributes and excludedAttributes cannot be used together") from None


def _one(resource: scim.ScimUser, context: Context, parameters: ResponseParameters | None = None,
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

    @route("/{anything:path}", http_method=["GET", "POST", "PUT", "PATCH", "DELETE"], name="scim:unknown")
    async def unknown(self, anything: FromPath[str]) -> None:
        """Any other address under /scim/v2 answers as SCIM does: a 404 with a SCIM error."""
        raise scim.NotFoundException(detail=f"No such SCIM endpoint: {anything[:100]}")

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

    @get("/Users", name="scim:users")
    async def users(self, request: Request, filter: FromQuery[str | None] = None,
                    startIndex: FromQuery[int] = 1, count: FromQuery[int | None] = None,  # noqa: N803 (SCIM's names)
                    attributes: FromQuery[str | None] = None, excludedAttributes: FromQuery[str | None] = None,
                    ) -> Response:
        parameters = _parameters(attributes, excludedAttributes)
        return _many(await scim.list_users(_base(request), filter, startIndex, count), parameters)

    @post(["/Users/.search", "/.search"], name="scim:search", status_code=200)
    async def search(self, request: Request) -> Response:
        """A search in the body (RFC 7644 §3.4.3), at /Users or the root: Users are all lms serves."""
        try:
            asked = SearchRequest.model_validate(await _json(request), scim_ctx=Context.SEARCH_REQUEST)
        except ValueError:
            raise InvalidSyntaxException(detail="Not a SCIM search request") from None
        found = await scim.list_users(_base(request), str(asked.filter) if asked.filter else None,
                                      asked.start_index or 1, asked.count)
        return _many(found, asked)

    @post("/Users", name="scim:create")
    async def create(self, request: Request) -> Response:
        user = scim.parse(await _json(request), Context.RESOURCE_CREATION_REQUEST, _base(request))
        return _one(await scim.create_user(user, _base(request)), Context.RESOURCE_CREATION_RESPONSE, status=201)

    @get("/Users/{person_id:str}", name="scim:user")
    async def user(self, request: Request, person_id: FromPath[str], attributes: FromQuery[str | None] = None,
                   excludedAttributes: FromQuery[str | None] = None) -> Response:  # noqa: N803
        return _one(await scim.get_user(person_id, _base(request)), Context.RESOURCE_QUERY_RESPONSE,
                    _parameters(attributes, excludedAttributes))

    @put("/Users/{person_id:str}", name="scim:replace")
    async def replace(self, request: Request, person_id: FromPath[str]) -> Response:
        user = scim.parse(await _json(request), Context.RESOURCE_REPLACEMENT_REQUEST, _base(request))
        changed = await scim.replace_user(person_id, user, _base(request), request.headers.get("if-match"))
        return _one(changed, Context.RESOURCE_REPLACEMENT_RESPONSE)

    @patch("/Users/{person_id:str}", name="scim:patch")
    async def patch(self, request: Request, person_id: FromPath[str]) -> Response:
        changed = await scim.patch_user(person_id, await _json(request), _base(request),
                                        request.headers.get("if-match"))
        return _one(changed, Context.RESOURCE_PATCH_RESPONSE)

    @delete("/Users/{person_id:str}", name="scim:delete", status_code=204)
    async def remove(self, request: Request, person_id: FromPath[str]) -> None:
        await scim.remove_user(person_id, _base(request), request.headers.get("if-match"))
