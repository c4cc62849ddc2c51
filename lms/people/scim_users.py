"""SCIM Users: people in lms. Kept: userName, name (given and family), emails (one address: the
primary one, else the first), active, title (job title), externalId, and from the enterprise
extension department (by name; a new name makes the department) and manager (an lms id, or the $ref
to their User). DELETE deactivates the person, signs them out and takes them out of SCIM; their
learning record stays, and provisioning them again brings the same person back."""
import hashlib
import re

from scim2_models import (Context, Email, EnterpriseUser, InvalidValueException, ListResponse, Manager, Meta,
                          MutabilityException, Name, NotFoundException, UniquenessException)

from lms import clock
from lms.db import is_unique_violation, write_transaction
from lms.forms import EMAIL, optional_int
from lms.people import audit, sessions
from lms.people.scim import ScimUser, check_version, filter_on, id_in_ref, lms_id, page_of, parse, version
from lms.people.tables import Department, Employee

ENDPOINT = "Users"
MODEL = ScimUser
ENTERPRISE_URN = str(EnterpriseUser.__schema__)
FILTERS = ("username", "externalid", "emails.value", "emails")
# A person provisioned without an e-mail address gets one that can never receive mail (RFC 2606),
# unique by their userName, until the provider sends the real one; SCIM never shows it.
NO_ADDRESS = "@no-address.invalid"
FIELDS = (Employee.id, Employee.email, Employee.user_name, Employee.external_id, Employee.first_name,
          Employee.last_name, Employee.active, Employee.job_title, Employee.manager, Employee.created_at,
          Employee.department.name.as_alias("department_name"))
TAKEN = "A person with this userName or e-mail address exists"
WORK_ADDRESS = re.compile(r'emails\[type eq "[A-Za-z]+"\]\.value', re.IGNORECASE)


def _resource(row: dict, base: str) -> ScimUser:
    user = ScimUser(
        id=str(row["id"]), user_name=row["user_name"] or row["email"], external_id=row["external_id"] or None,
        name=Name(given_name=row["first_name"] or None, family_name=row["last_name"] or None),
        emails=None if row["email"].endswith(NO_ADDRESS) else [Email(value=row["email"])],
        active=row["active"], title=row["job_title"] or None)
    if row["department_name"] or row["manager"]:
        manager = Manager(value=str(row["manager"]), ref=f"{base}/Users/{row['manager']}") if row["manager"] else None
        user[EnterpriseUser] = EnterpriseUser(department=row["department_name"] or None, manager=manager)
    user.meta = Meta(resource_type="User", created=row["created_at"], last_modified=row["created_at"],
                     location=f"{base}/Users/{row['id']}")
    user.meta.version = version(user)
    return user


async def get(person_id: str, base: str) -> ScimUser:
    row = await Employee.select(*FIELDS).where(Employee.id == lms_id(person_id), Employee.removed_at.is_null()).first()
    if row is None:
        raise NotFoundException()
    return _resource(row, base)


def _matching(attribute: str, value: str):
    if attribute == "username":  # people lms made itself have no userName of the provider's: their address
        return (Employee.user_name == value) | (Employee.user_name.is_null() & (Employee.email == value.lower()))
    if attribute == "externalid":
        return Employee.external_id == value
    return Employee.email == value.lower()


async def find(base: str, filter_text: str | None, start: int = 1, count: int | None = None) -> ListResponse:
    where = [Employee.removed_at.is_null()]
    if asked := filter_on(filter_text, FILTERS):
        where.append(_matching(*asked))
    start, count = page_of(start, count)
    query = Employee.select(*FIELDS).where(*where).order_by(Employee.id).offset(start - 1).limit(count)
    rows = await query if count else []
    return ListResponse[ScimUser](total_results=await Employee.count().where(*where), start_index=start,
                                  items_per_page=len(rows), resources=[_resource(row, base) for row in rows])


def _manager_with_ref(manager, base: str):
    """Identity providers send a manager as a bare id, or as {"value": id} without the $ref SCIM requires."""
    if isinstance(manager, str):
        manager = {"value": manager}
    if isinstance(manager, dict) and manager.get("value") and "$ref" not in manager:
        manager["$ref"] = f"{base}/Users/{manager['value']}"
    return manager


def read(payload: dict, context: Context, base: str) -> ScimUser:
    if isinstance(enterprise := payload.get(ENTERPRISE_URN), dict) and "manager" in enterprise:
        enterprise["manager"] = _manager_with_ref(enterprise["manager"], base)
    return parse(ScimUser, payload, context)


def ready_for_patch(payload: dict, base: str) -> dict:
    """Entra ID's PATCH in the form SCIM's grammar and lms's schema take: the work address by a
    filtered path (lms keeps one address, so it replaces), the manager as a bare id."""
    for operation in payload.get("Operations") or []:
        path = operation.get("path") if isinstance(operation, dict) else None
        if not isinstance(path, str):
            continue
        if WORK_ADDRESS.fullmatch(path) and isinstance(operation.get("value"), str):
            operation.update(op="replace", path="emails", value=[{"value": operation["value"]}])
        elif path.endswith(":manager") and "value" in operation:
            operation["value"] = _manager_with_ref(operation["value"], base)
    return payload


def _no_address(user_name: str) -> str:
    return hashlib.sha256(user_name.encode()).hexdigest()[:32] + NO_ADDRESS


async def _department(name: str) -> int:
    await Department.insert(Department(name=name)).on_conflict(action="DO NOTHING")
    return (await Department.select(Department.id).where(Department.name == name).first())["id"]


async def _manager(manager: Manager) -> int:
    """The manager's lms id, from value or else from the $ref to their User resource."""
    for candidate in (optional_int(manager.value or ""), optional_int(id_in_ref(manager.ref))):
        if candidate and await Employee.exists().where(Employee.id == candidate, Employee.removed_at.is_null()):
            return candidate
    raise InvalidValueException(detail="manager must be a person in lms: their id as value, or their $ref")


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
    if enterprise and enterprise.department and enterprise.department.strip():
        columns[Employee.department] = await _department(enterprise.department.strip()[:120])
    if enterprise and enterprise.manager and (enterprise.manager.value or enterprise.manager.ref):
        columns[Employee.manager] = await _manager(enterprise.manager)
    return columns


async def create(user: ScimUser, base: str) -> ScimUser:
    columns = await _columns(user)
    async with write_transaction():
        # the insert settles a race between two creates; a taken address or userName is answered after it
        rows = await Employee.insert(Employee(created_at=clock.now(), **{c._meta.name: v for c, v in columns.items()})
                                     ).on_conflict(action="DO NOTHING").returning(Employee.id)
        if rows:
            person_id = rows[0]["id"]
            await audit.record_people(None, {}, await audit.people_now(Employee.id == person_id))
        else:
            same = (Employee.email == columns[Employee.email]) | (Employee.user_name == columns[Employee.user_name])
            taken = await Employee.select(Employee.id, Employee.removed_at).where(same).first()
            if taken is None or taken["removed_at"] is None:
                raise UniquenessException(detail=TAKEN)
            person_id = taken["id"]  # provisioned again after a DELETE: the same person, their record intact
            await _update(person_id, {**columns, Employee.removed_at: None})
    return await get(str(person_id), base)


async def _update(person_id: int, columns: dict) -> None:
    key = Employee.id == person_id
    before = await audit.people_now(key)
    try:
        await Employee.update(columns).where(key)
    except Exception as error:
        if is_unique_violation(error):
            raise UniquenessException(detail=TAKEN) from None
        raise
    await audit.record_people(None, before, await audit.people_now(key))


async def replace(person_id: str, user: ScimUser, base: str, if_match: str | None = None) -> ScimUser:
    check_version(await get(person_id, base), if_match)
    columns = await _columns(user)
    now = await Employee.select(Employee.role, Employee.email).where(Employee.id == int(person_id)).first()
    if now["role"] == "admin" and columns[Employee.email] != now["email"]:
        # else a leaked SCIM token could move an L&D admin's address, and with it a password reset
        raise MutabilityException(detail="An L&D admin's e-mail address is changed in lms itself")
    async with write_transaction():
        await _update(int(person_id), columns)
    if not columns[Employee.active]:
        await sessions.end_all_sessions(int(person_id))
    return await get(person_id, base)


async def remove(person_id: str, base: str, if_match: str | None = None) -> None:
    check_version(await get(person_id, base), if_match)
    async with write_transaction():
        await _update(int(person_id), {Employee.active: False, Employee.removed_at: clock.now()})
    await sessions.end_all_sessions(int(person_id))
