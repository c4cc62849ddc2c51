"""Provisioning with SCIM 2.0 (RFC 7643/7644): the organisation's identity provider adds, changes and
deactivates people. scim2-models parses and writes every payload (validation per operation, PATCH
paths, attribute selection); this module maps its User to our Employee and back.

lms publishes the part of the User schema it keeps, so a client never sends what would be lost:
userName, name (given and family), emails (value), active, title, externalId, and of the
enterprise extension department (by name; a new name makes the department) and manager (an lms id).
lms keeps one address per person: the primary one of emails, else the first.
DELETE deactivates the person, signs them out and takes them out of SCIM; their learning record stays."""
import hashlib
import re

from pydantic import ValidationError
from scim2_models import (AuthenticationScheme, Bulk, ChangePassword, Context, Email, EnterpriseUser, ETag,
                          Filter, InvalidFilterException, InvalidValueException, ListResponse, Manager, Meta, Name,
                          NotFoundException, Patch, PatchOp, PreconditionFailedException, Required, ResourceType,
                          ResponseParameters, Schema, ServiceProviderConfig, Sort, UniquenessException, User)

from lms import clock
from lms.db import write_transaction
from lms.forms import EMAIL
from lms.people import audit, sessions
from lms.people.tables import Department, Employee

ScimUser = User[EnterpriseUser]
ENTERPRISE_URN = str(EnterpriseUser.__schema__)
KEPT = {User: {"userName": None, "name": {"givenName", "familyName"}, "emails": {"value"},
               "active": None, "title": None},
        EnterpriseUser: {"department": None, "manager": {"value", "$ref"}}}
MAX_COUNT = 200
# A person provisioned without an e-mail address gets one that can never receive mail (RFC 2606),
# unique by their userName, until the provider sends the real one; SCIM never shows it.
NO_ADDRESS = "@no-address.invalid"
# The filters identity providers send to find a person before creating one (Entra ID, Okta, Keycloak)
FILTER = re.compile(r'^\s*(userName|externalId|emails\.value|emails)\s+eq\s+"((?:[^"\\]|\\.)*)"\s*$', re.IGNORECASE)
FIELDS = (Employee.id, Employee.email, Employee.user_name, Employee.external_id, Employee.first_name,
          Employee.last_name, Employee.active, Employee.job_title, Employee.manager, Employee.created_at,
          Employee.department.name.as_alias("department_name"))


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
RESOURCE_TYPES = [ResourceType.from_resource(ScimUser)]
CONFIG = ServiceProviderConfig(
    documentation_uri="https://github.com/lms/lms#single-sign-on-openid-connect",
    patch=Patch(supported=True), bulk=Bulk(supported=False, max_operations=0, max_payload_size=0),
    filter=Filter(supported=True, max_results=MAX_COUNT), change_password=ChangePassword(supported=False),
    sort=Sort(supported=False), etag=ETag(supported=True),
    authentication_schemes=[AuthenticationScheme(type="oauthbearertoken", name="Bearer token",
                                                 description="A token L&D makes under Connections", primary=True)])


def _version(resource: ScimUser) -> str:
    body = resource.model_dump_json(scim_ctx=Context.RESOURCE_QUERY_RESPONSE, exclude={"meta"})
    return f'W/"{hashlib.sha256(body.encode()).hexdigest()[:20]}"'


def _resource(row: dict, base: str) -> ScimUser:
    user = ScimUser(
        id=str(row["id"]), user_name=row["user_name"] or row["email"], external_id=row["external_id"] or None,
        name=Name(given_name=row["first_name"] or None, family_name=row["last_name"] or None),
        emails=None if row["email"].endswith(NO_ADDRESS) else [Email(value=row["email"])],
        active=row["active"], title=row["job_title"] or None)
    if row["department_name"] or row["manager"]:
        user[EnterpriseUser] = EnterpriseUser(department=row["department_name"] or None,
                                              manager=Manager(value=str(row["manager"]), ref=f"{base}/Users/{row['manager']}")
                                              if row["manager"] else None)
    user.meta = Meta(resource_type="User", created=row["created_at"], last_modified=row["created_at"],
                     location=f"{base}/Users/{row['id']}")
    user.meta.version = _version(user)
    return user


def dump(resource, context: Context, parameters: ResponseParameters | None = None) -> dict:
    return resource.model_dump(scim_ctx=context, response_parameters=parameters)


async def _row(person_id: str) -> dict:
    if not person_id.isdigit() or len(person_id) > 10:
        raise NotFoundException()
    row = await Employee.select(*FIELDS).where(Employee.id == int(person_id), Employee.removed_at.is_null()).first()
    if row is None:
        raise NotFoundException()
    return row


async def get_user(person_id: str, base: str) -> ScimUser:
    return _resource(await _row(person_id), base)


def _matching(attribute: str, value: str):
    if attribute == "username":  # people lms made themselves have no userName of the provider's: their address
        return (Employee.user_name == value) | (Employee.user_name.is_null() & (Employee.email == value.lower()))
    if attribute == "externalid":
        return Employee.external_id == value
    return Employee.email == value.lower()


async def list_users(base: str, filter_text: str | None, start: int = 1, count: int | None = None) -> ListResponse:
    where = [Employee.removed_at.is_null()]
    if filter_text:
        found = FILTER.match(filter_text)
        if not found:
            raise InvalidFilterException(detail="Filters supported: userName, externalId or emails.value eq \"…\"")
        where.append(_matching(found.group(1).lower(), found.group(2).replace('\\"', '"')))
    start, count = max(start, 1), min(MAX_COUNT if count is None else max(count, 0), MAX_COUNT)
    total = await Employee.count().where(*where)
    rows = await Employee.select(*FIELDS).where(*where).order_by(Employee.id).offset(start - 1).limit(count) if count else []
    return ListResponse[ScimUser](total_results=total, start_index=start, items_per_page=len(rows),
                                  resources=[_resource(row, base) for row in rows])


def parse(payload: dict, context: Context, base: str) -> ScimUser:
    manager = payload.get(ENTERPRISE_URN, {}).get("manager") if isinstance(payload.get(ENTERPRISE_URN), dict) else None
    if isinstance(manager, dict) and manager.get("value") and "$ref" not in manager:
        manager["$ref"] = f"{base}/Users/{manager['value']}"  # identity providers send the id alone
    try:
        return ScimUser.model_validate(payload, scim_ctx=context)
    except ValidationError as error:
        raise InvalidValueException(detail=str(error.errors()[0]["msg"])[:200]) from None


async def _columns(user: ScimUser) -> dict:
    """The Employee columns a SCIM user sets; refuses what lms cannot keep."""
    emails = user.emails or []
    email = next((e.value for e in emails if e.primary), None) or (emails[0].value if emails else None)
    if email is None:
        email = user.user_name if EMAIL.match(user.user_name) else _no_address(user.user_name)
    if not EMAIL.match(email.strip()):
        raise InvalidValueException(detail=f"{email!r} is not an e-mail address")
    enterprise = user[EnterpriseUser]
    columns = {Employee.email: email.strip().lower()[:254], Employee.user_name: user.user_name[:254],
               Employee.external_id: (user.external_id or "")[:200],
               Employee.first_name: ((user.name and user.name.given_name) or "")[:100],
               Employee.last_name: ((user.name and user.name.family_name) or "")[:100],
               Employee.active: user.active is not False, Employee.job_title: (user.title or "")[:150],
               Employee.department: None, Employee.manager: None}
    if enterprise and enterprise.department:
        columns[Employee.department] = await _department(enterprise.department.strip()[:120])
    if enterprise and enterprise.manager and (enterprise.manager.value or enterprise.manager.ref):
        columns[Employee.manager] = await _manager(enterprise.manager)
    return columns


def _no_address(user_name: str) -> str:
    return hashlib.sha256(user_name.encode()).hexdigest()[:32] + NO_ADDRESS


async def _department(name: str) -> int | None:
    if not name:
        return None
    await Department.insert(Department(name=name)).on_conflict(action="DO NOTHING")
    return (await Department.select(Department.id).where(Department.name == name).first())["id"]


async def _manager(manager: Manager) -> int:
    """The manager's lms id, from value or else from the $ref to their User resource."""
    for candidate in (manager.value or "", str(manager.ref or "").rstrip("/").rpartition("/")[2]):
        if candidate.isdigit() and len(candidate) <= 10 and await Employee.exists().where(
                Employee.id == int(candidate), Employee.removed_at.is_null()):
            return int(candidate)
    raise InvalidValueException(detail="manager must be a person in lms: their id as value, or their $ref")


async def create_user(user: ScimUser, base: str) -> ScimUser:
    columns = await _columns(user)
    async with write_transaction():
        taken = await Employee.select(Employee.id, Employee.removed_at).where(
            (Employee.email == columns[Employee.email]) | (Employee.user_name == columns[Employee.user_name])).first()
        if taken and taken["removed_at"] is None:
            raise UniquenessException(detail="A person with this userName or e-mail address exists")
        if taken:  # provisioned again after a DELETE: the same person, their record intact
            await Employee.update({**columns, Employee.removed_at: None}).where(Employee.id == taken["id"])
            person_id = taken["id"]
        else:
            rows = await Employee.insert(Employee(created_at=clock.now(), **{c._meta.name: v for c, v in columns.items()})
                                         ).returning(Employee.id)
            person_id = rows[0]["id"]
        await audit.record_people(None, {}, await audit.people_now(Employee.id == person_id))
    return await get_user(str(person_id), base)


def check_version(current: ScimUser, if_match: str | None) -> None:
    if if_match and if_match.strip() != "*" and current.meta.version not in [v.strip() for v in if_match.split(",")]:
        raise PreconditionFailedException(detail="The person changed since you read them")


async def replace_user(person_id: str, user: ScimUser, base: str, if_match: str | None = None) -> ScimUser:
    current = await get_user(person_id, base)
    check_version(current, if_match)
    columns = await _columns(user)
    key = Employee.id == int(person_id)
    async with write_transaction():
        clash = await Employee.exists().where(
            (Employee.email == columns[Employee.email]) | (Employee.user_name == columns[Employee.user_name]),
            Employee.id != int(person_id))
        if clash:
            raise UniquenessException(detail="Another person has this userName or e-mail address")
        before = await audit.people_now(key)
        await Employee.update(columns).where(key)
        await audit.record_people(None, before, await audit.people_now(key))
    if not columns[Employee.active]:
        await sessions.end_all_sessions(int(person_id))
    return await get_user(person_id, base)


async def patch_user(person_id: str, payload: dict, base: str, if_match: str | None = None) -> ScimUser:
    current = await get_user(person_id, base)
    check_version(current, if_match)
    try:
        operation = PatchOp[ScimUser].model_validate(payload, scim_ctx=Context.RESOURCE_PATCH_REQUEST)
    except ValidationError as error:
        raise InvalidValueException(detail=str(error.errors()[0]["msg"])[:200]) from None
    operation.patch(current)
    return await replace_user(person_id, current, base)


async def remove_user(person_id: str, base: str, if_match: str | None = None) -> None:
    check_version(await get_user(person_id, base), if_match)
    key = Employee.id == int(person_id)
    before = await audit.people_now(key)
    await Employee.update({Employee.active: False, Employee.removed_at: clock.now()}).where(key)
    await audit.record_people(None, before, await audit.people_now(key))
    await sessions.end_all_sessions(int(person_id))

