"""What a job profile requires: a competency at a level, one row per pair."""
from lms.competencies.tables import Competency, JobRequirement
from lms.db import is_valid_id, write_transaction
from lms.errors import NotFound
from lms.forms import FieldError
from lms.i18n import gettext as _
from lms.people.organisation import get_unit
from lms.people.tables import JobProfile


async def job_profile(profile_id: int) -> dict:
    return await get_unit(JobProfile, profile_id)


async def requirements_of(profile_id: int) -> list[dict]:
    return await JobRequirement.select(
        JobRequirement.id, JobRequirement.level, JobRequirement.competency,
        JobRequirement.competency.name.as_alias("name"), JobRequirement.competency.kind.as_alias("kind"),
        JobRequirement.competency.area.name.as_alias("area_name"),
    ).where(JobRequirement.job_profile == profile_id).order_by(JobRequirement.competency.area.position).order_by(
        JobRequirement.competency.area.name).order_by(JobRequirement.competency.name)


async def get_requirement(profile_id: int, requirement_id: int) -> dict:
    row = None
    if is_valid_id(requirement_id):
        row = await JobRequirement.select(
            *JobRequirement.all_columns(), JobRequirement.competency.name.as_alias("name")).where(
            JobRequirement.id == requirement_id, JobRequirement.job_profile == profile_id).first()
    if row is None:
        raise NotFound
    return row


async def add_requirement(profile_id: int, competency_id: int, level: int) -> int:
    async with write_transaction():
        await job_profile(profile_id)
        if not await Competency.exists().where(Competency.id == competency_id):
            raise FieldError("competency", _("Choose a valid competency."))
        if await JobRequirement.exists().where(JobRequirement.job_profile == profile_id,
                                               JobRequirement.competency == competency_id):
            raise FieldError("competency", _("This job profile already requires this competency: change its level "
                                             "in the list instead."))
        row = JobRequirement(job_profile=profile_id, competency=competency_id, level=level)
        await row.save()
    return row.id


async def change_level(profile_id: int, requirement_id: int, level: int) -> None:
    async with write_transaction():
        await get_requirement(profile_id, requirement_id)
        await JobRequirement.update({JobRequirement.level: level}).where(JobRequirement.id == requirement_id)


async def remove_requirement(profile_id: int, requirement_id: int) -> None:
    async with write_transaction():
        await get_requirement(profile_id, requirement_id)
        await JobRequirement.delete().where(JobRequirement.id == requirement_id)
