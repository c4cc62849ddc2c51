"""SCIM Groups: job profiles. A group's members are the people with that job profile; as a person
has one job profile, joining a group moves them out of the one they were in. Kept: displayName
(the profile's name), externalId and members (value: an lms person id, or the $ref to their User). DELETE
removes the job profile as L&D's own delete does: its people keep their accounts."""
from scim2_models import (Context, Group, GroupMember, InvalidValueException, ListResponse, Meta, NotFoundException,
                          UniquenessException)

from lms import clock
from lms.db import is_unique_violation, write_transaction
from lms.forms import optional_int
from lms.people import audit
from lms.people.scim import check_version, filter_on, id_in_ref, lms_id, page_of, parse, version
from lms.people.tables import Employee, JobProfile

ENDPOINT = "Groups"
MODEL = Group
FILTERS = ("displayname", "externalid")
FIELDS = (JobProfile.id, JobProfile.name, JobProfile.external_id)
TAKEN = "A job profile with this name exists"
CREATED = clock.now()  # job profiles keep no dates; meta needs one


async def _members(profile_ids: list[int]) -> dict[int, list[int]]:
    """The people of each job profile, as SCIM shows them (not those removed), in one query."""
    found: dict[int, list[int]] = {}
    rows = await Employee.select(Employee.id, Employee.job_profile).where(
        Employee.job_profile.is_in(profile_ids or [0]), Employee.removed_at.is_null()).order_by(Employee.id)
    for row in rows:
        found.setdefault(row["job_profile"], []).append(row["id"])
    return found


def _resource(row: dict, members: list[int], base: str) -> Group:
    group = Group(id=str(row["id"]), display_name=row["name"], external_id=row["external_id"] or None,
                  members=[GroupMember(value=str(m), ref=f"{base}/Users/{m}") for m in members] or None)
    group.meta = Meta(resource_type="Group", created=CREATED, last_modified=CREATED,
                      location=f"{base}/Groups/{row['id']}")
    group.meta.version = version(group)
    return group


async def get(group_id: str, base: str) -> Group:
    row = await JobProfile.select(*FIELDS).where(JobProfile.id == lms_id(group_id)).first()
    if row is None:
        raise NotFoundException()
    return _resource(row, (await _members([row["id"]])).get(row["id"], []), base)


async def find(base: str, filter_text: str | None, start: int = 1, count: int | None = None) -> ListResponse:
    where = []
    if asked := filter_on(filter_text, FILTERS):
        where.append((JobProfile.name if asked[0] == "displayname" else JobProfile.external_id) == asked[1])
    start, count = page_of(start, count)
    rows = await JobProfile.select(*FIELDS).where(*where).order_by(JobProfile.id).offset(
        start - 1).limit(count) if count else []
    members = await _members([row["id"] for row in rows])
    return ListResponse[Group](total_results=await JobProfile.count().where(*where), start_index=start,
                               items_per_page=len(rows),
                               resources=[_resource(row, members.get(row["id"], []), base) for row in rows])


def _with_refs(members, base: str) -> None:
    for member in members if isinstance(members, list) else []:
        if isinstance(member, dict) and member.get("value") and "$ref" not in member:
            member["$ref"] = f"{base}/Users/{member['value']}"  # identity providers send the id alone


def read(payload: dict, context: Context, base: str) -> Group:
    _with_refs(payload.get("members"), base)
    return parse(Group, payload, context)


def ready_for_patch(payload: dict, base: str) -> dict:
    for operation in payload.get("Operations") or []:
        if isinstance(operation, dict):
            _with_refs(operation.get("value"), base)
    return payload


async def _member_ids(group: Group) -> set[int]:
    """The people a group lists, each of whom must be in lms (one query for all of them)."""
    wanted = {optional_int(m.value or "") or optional_int(id_in_ref(m.ref)) for m in group.members or []}
    known = await Employee.select(Employee.id).where(
        Employee.id.is_in([m for m in wanted if m] or [0]), Employee.removed_at.is_null()).output(as_list=True)
    if None in wanted or wanted - set(known):
        raise InvalidValueException(detail="Every member must be a person in lms: their id, or their $ref")
    return wanted


def _name(group: Group) -> str:
    name = (group.display_name or "").strip()[:120]
    if not name:
        raise InvalidValueException(detail="displayName is required")
    return name


async def _set_members(profile_id: int, wanted: set[int]) -> None:
    """Exactly these people have the job profile: the others in it lose it, the new ones move to it."""
    in_profile = (Employee.job_profile == profile_id) & Employee.removed_at.is_null()  # as SCIM shows them
    before = await audit.people_now(Employee.id.is_in(list(wanted)) | in_profile if wanted else in_profile)
    await Employee.update({Employee.job_profile: None}).where(in_profile)
    if wanted:
        await Employee.update({Employee.job_profile: profile_id}).where(Employee.id.is_in(list(wanted)))
    if before:
        await audit.record_people(None, before, await audit.people_now(Employee.id.is_in(list(before))))


async def create(group: Group, base: str) -> Group:
    name, wanted = _name(group), await _member_ids(group)
    async with write_transaction():
        rows = await JobProfile.insert(JobProfile(name=name, external_id=(group.external_id or "")[:200])).on_conflict(
            action="DO NOTHING").returning(JobProfile.id)
        if not rows:
            raise UniquenessException(detail=TAKEN)
        await _set_members(rows[0]["id"], wanted)
    return await get(str(rows[0]["id"]), base)


async def replace(group_id: str, group: Group, base: str, if_match: str | None = None) -> Group:
    check_version(await get(group_id, base), if_match)
    name, wanted = _name(group), await _member_ids(group)
    async with write_transaction():
        try:
            await JobProfile.update({JobProfile.name: name, JobProfile.external_id: (group.external_id or "")[:200]}
                                    ).where(JobProfile.id == int(group_id))
        except Exception as error:
            if is_unique_violation(error):
                raise UniquenessException(detail=TAKEN) from None
            raise
        await _set_members(int(group_id), wanted)
    return await get(group_id, base)


async def remove(group_id: str, base: str, if_match: str | None = None) -> None:
    check_version(await get(group_id, base), if_match)
    async with write_transaction():
        await _set_members(int(group_id), set())
        await JobProfile.delete().where(JobProfile.id == int(group_id))
