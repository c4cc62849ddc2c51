"""Provisioning with SCIM 2.0 (RFC 7643/7644): the organisation's identity provider adds, changes and
deactivates people (scim_users) and keeps job profiles with their members (scim_groups).
scim2-models parses and writes every payload (validation per operation, PATCH paths, attribute
selection); this module holds what both resources share: the discovery documents, ETags, filters,
paging and PATCH.

lms publishes the part of each schema it keeps, so a client never sends what would be lost."""
import hashlib
import re

from pydantic import ValidationError
from scim2_models import (AuthenticationScheme, Bulk, ChangePassword, Context, EnterpriseUser, ETag, Filter, Group,
                          InvalidFilterException, InvalidValueException, NotFoundException, Patch, PatchOp,
                          PreconditionFailedException, Required, ResourceType, ResponseParameters, Schema,
                          ServiceProviderConfig, Sort, User)

from lms.db import MAX_ID
from lms.forms import optional_int

ScimUser = User[EnterpriseUser]
KEPT = {User: {"userName": None, "name": {"givenName", "familyName"}, "emails": {"value"},
               "active": None, "title": None},
        EnterpriseUser: {"department": None, "manager": {"value", "$ref"}},
        Group: {"displayName": None, "members": {"value", "$ref"}}}
MAX_COUNT = 200
# The filters identity providers send to find someone before creating them (Entra ID, Okta, Keycloak)
FILTER = re.compile(r'^\s*([a-zA-Z.]+)\s+eq\s+"((?:[^"\\]|\\.)*)"\s*$')


ALWAYS_THERE = {"active"}  # every person in lms is active or not: never absent (a create without it is active)


def _kept(schema: Schema, kept: dict) -> Schema:
    attributes = []
    for attribute in schema.attributes:
        if attribute.name in kept:
            sub = kept[attribute.name]
            update = {"sub_attributes": [a for a in attribute.sub_attributes if a.name in sub]} if sub else {}
            if attribute.name in ALWAYS_THERE:
                update["required"] = Required.true
            attributes.append(attribute.model_copy(update=update))
    return schema.model_copy(update={"attributes": attributes})


SCHEMAS = [_kept(model.to_schema(), kept) for model, kept in KEPT.items()]
RESOURCE_TYPES = [ResourceType.from_resource(ScimUser), ResourceType.from_resource(Group)]
CONFIG = ServiceProviderConfig(
    documentation_uri="https://github.com/lms/lms#single-sign-on-openid-connect",
    patch=Patch(supported=True), bulk=Bulk(supported=False, max_operations=0, max_payload_size=0),
    filter=Filter(supported=True, max_results=MAX_COUNT), change_password=ChangePassword(supported=False),
    sort=Sort(supported=False), etag=ETag(supported=True),
    authentication_schemes=[AuthenticationScheme(type="oauthbearertoken", name="Bearer token",
                                                 description="A token L&D makes under Connections", primary=True)])


def version(resource) -> str:
    """The resource's ETag: a hash of what SCIM shows of it, so any change makes a new one."""
    body = resource.model_dump_json(scim_ctx=Context.RESOURCE_QUERY_RESPONSE, exclude={"meta"})
    return f'W/"{hashlib.sha256(body.encode()).hexdigest()[:20]}"'


def dump(resource, context: Context, parameters: ResponseParameters | None = None) -> dict:
    return resource.model_dump(scim_ctx=context, response_parameters=parameters)


def lms_id(text: str) -> int:
    """The id in a SCIM address; any other text is a resource that does not exist."""
    if (found := optional_int(text)) is None:
        raise NotFoundException()
    return found


def id_in_ref(ref) -> str:
    return str(ref or "").rstrip("/").rpartition("/")[2]


def parse(model, payload: dict, context: Context):
    try:
        return model.model_validate(payload, scim_ctx=context)
    except ValidationError as error:
        raise InvalidValueException(detail=str(error.errors()[0]["msg"])[:200]) from None


def filter_on(filter_text: str | None, attributes: tuple[str, ...]) -> tuple[str, str] | None:
    """(attribute, value) of an `attribute eq "value"` filter on one of the attributes lms searches."""
    if not filter_text:
        return None
    found = FILTER.match(filter_text)
    if not found or found.group(1).lower() not in attributes:
        raise InvalidFilterException(detail=f"Filters supported here: {', '.join(attributes)} eq \"…\"")
    return found.group(1).lower(), found.group(2).replace('\\"', '"')


def page_of(start: int, count: int | None) -> tuple[int, int]:
    return min(max(start, 1), MAX_ID), min(MAX_COUNT if count is None else max(count, 0), MAX_COUNT)


def check_version(current, if_match: str | None) -> None:
    if if_match and if_match.strip() != "*" and current.meta.version not in [v.strip() for v in if_match.split(",")]:
        raise PreconditionFailedException(detail="It changed since you read it")


async def patch(kind, resource_id: str, payload: dict, base: str, if_match: str | None = None):
    """A PATCH applied by scim2-models to the resource as it is, then saved as a replacement."""
    current = await kind.get(resource_id, base)
    check_version(current, if_match)
    operation = parse(PatchOp[kind.MODEL], kind.ready_for_patch(payload, base), Context.RESOURCE_PATCH_REQUEST)
    operation.patch(current)
    return await kind.replace(resource_id, current, base)
