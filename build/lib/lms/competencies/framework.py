"""The competency framework L&D keeps: areas, competencies (hard or soft skills) and the one
proficiency scale, levels 0 to 4, in the organisation's own words or the built-in ones."""
from dataclasses import dataclass

from piccolo.query.functions.aggregate import Count

from lms.competencies.tables import KINDS, LEVELS, Competency, CompetencyArea, ProficiencyLevel
from lms.db import contains, is_valid_id, write_transaction
from lms.errors import Conflict, NotFound
from lms.forms import FieldError
from lms.i18n import N_
from lms.i18n import gettext as _
from lms.i18n import ngettext
from lms.pagination import PER_PAGE, Page, clamp_page

KIND_LABELS = {"hard": N_("Hard skill"), "soft": N_("Soft skill")}
BUILT_IN_SCALE = {
    0: (N_("Not yet"), N_("Has not started on this yet.")),
    1: (N_("Beginner"), N_("Knows the basics and needs guidance to apply them.")),
    2: (N_("Practitioner"), N_("Applies it on their own in everyday work.")),
    3: (N_("Proficient"), N_("Handles difficult cases and can help colleagues.")),
    4: (N_("Expert"), N_("An authority others turn to; teaches it and moves it forward.")),
}
COMPETENCY_COLUMNS = (*Competency.all_columns(), Competency.area.name.as_alias("area_name"))


@dataclass(frozen=True)
class CompetencyInput:
    area: int
    name: str
    kind: str
    description: str


@dataclass(frozen=True)
class AreaInput:
    name: str
    position: int


class AreaInUse(Conflict):
    def __init__(self, count: int) -> None:
        super().__init__(ngettext("This area still has %(num)s competency. Move it to another area or delete it "
                                  "first.", "This area still has %(num)s competencies. Move them to another area or "
                                  "delete them first.", count))


# the scale ---------------------------------------------------------------------------------------

async def scale() -> list[dict]:
    """Levels 0 to 4 with their name and description: L&D's words where they set them, else the
    built-in ones in the current language."""
    custom = {row["level"]: row for row in await ProficiencyLevel.select()}
    levels = []
    for level in LEVELS:
        name, description = BUILT_IN_SCALE[level]
        own = custom.get(level) or {}
        levels.append({"level": level, "name": own.get("name") or _(name),
                       "description": own.get("description") or _(description)})
    return levels


def level_options(levels: list[dict], minimum: int = 0) -> list[tuple[int, str]]:
    """The scale as the options of a select: "2 · Practitioner"."""
    return [(row["level"], f"{row['level']} · {row['name']}") for row in levels if row["level"] >= minimum]


async def custom_scale() -> dict[int, dict]:
    """Only what L&D typed, per level (empty where the built-in words are used)."""
    return {row["level"]: row for row in await ProficiencyLevel.select()}


async def save_scale(values: dict[int, tuple[str, str]]) -> None:
    """One row per level; an empty name or description falls back to the built-in words."""
    async with write_transaction():
        for level, (name, description) in values.items():
            await ProficiencyLevel.insert(ProficiencyLevel(level=level, name=name, description=description)).on_conflict(
                target=ProficiencyLevel.level, action="DO UPDATE",
                values=(ProficiencyLevel.name, ProficiencyLevel.description))


# areas -------------------------------------------------------------------------------------------

async def areas() -> list[dict]:
    """Every area in its order, with how many competencies it holds."""
    counts = await Competency.select(Competency.area.as_alias("area"), Count(alias="n")).group_by(Competency.area)
    number = {row["area"]: row["n"] for row in counts}
    rows = await CompetencyArea.select().order_by(CompetencyArea.position).order_by(CompetencyArea.name)
    return [{**row, "competencies": number.get(row["id"], 0)} for row in rows]


async def get_area(area_id: int) -> dict:
    row = await CompetencyArea.select().where(CompetencyArea.id == area_id).first() if is_valid_id(area_id) else None
    if row is None:
        raise NotFound
    return row


async def _check_area_name(name: str, area_id: int = 0) -> None:
    names = await CompetencyArea.select(CompetencyArea.name).where(CompetencyArea.id != area_id).output(as_list=True)
    if name.casefold() in {other.casefold() for other in names}:
        raise FieldError("name", _("An area with this name already exists."))


async def create_area(data: AreaInput) -> int:
    async with write_transaction():
        await _check_area_name(data.name)
        row = CompetencyArea(name=data.name, position=data.position)
        await row.save()
    return row.id


async def update_area(area_id: int, data: AreaInput) -> None:
    async with write_transaction():
        await get_area(area_id)
        await _check_area_name(data.name, area_id)
        await CompetencyArea.update({CompetencyArea.name: data.name, CompetencyArea.position: data.position}).where(
            CompetencyArea.id == area_id)


async def check_area_deletable(area_id: int) -> dict:
    area = await get_area(area_id)
    if count := await Competency.count().where(Competency.area == area_id):
        raise AreaInUse(count)
    return area


async def delete_area(area_id: int) -> None:
    async with write_transaction():
        await check_area_deletable(area_id)
        await CompetencyArea.delete().where(CompetencyArea.id == area_id)


async def next_area_position() -> int:
    rows = await CompetencyArea.select(CompetencyArea.position).order_by(CompetencyArea.position, ascending=False).limit(1)
    return rows[0]["position"] + 10 if rows else 10


# competencies ------------------------------------------------------------------------------------

async def competencies(page: int = 1, area_id: int | None = None, search: str = "") -> Page:
    query, count = Competency.select(*COMPETENCY_COLUMNS), Competency.count()
    wheres = []
    if area_id:
        wheres.append(Competency.area == area_id)
    if search:
        wheres.append(contains(Competency.name, search))
    if wheres:
        query, count = query.where(*wheres), count.where(*wheres)
    number = clamp_page(page)
    rows = await query.order_by(Competency.area.position).order_by(Competency.area.name).order_by(
        Competency.name).limit(PER_PAGE).offset((number - 1) * PER_PAGE)
    return Page(rows=rows, total=await count, number=number)


async def competency_choices() -> list[dict]:
    """Every competency as an option: its name, with its area to tell similar names apart."""
    rows = await Competency.select(Competency.id, Competency.name, Competency.area.name.as_alias("area_name")).order_by(
        Competency.area.position).order_by(Competency.area.name).order_by(Competency.name)
    return [{"id": row["id"], "name": f"{row['name']} ({row['area_name']})"} for row in rows]


async def get_competency(competency_id: int) -> dict:
    row = None
    if is_valid_id(competency_id):
        row = await Competency.select(*COMPETENCY_COLUMNS).where(Competency.id == competency_id).first()
    if row is None:
        raise NotFound
    return row


async def competency_exists(competency_id: int | None) -> bool:
    return bool(competency_id) and is_valid_id(competency_id) and await Competency.exists().where(
        Competency.id == competency_id)


async def _check_competency(data: CompetencyInput, competency_id: int = 0) -> None:
    assert data.kind in KINDS
    if not await CompetencyArea.exists().where(CompetencyArea.id == data.area):
        raise FieldError("area", _("This area no longer exists."))
    names = await Competency.select(Competency.name).where(Competency.id != competency_id).output(as_list=True)
    if data.name.casefold() in {other.casefold() for other in names}:
        raise FieldError("name", _("A competency with this name already exists."))


async def create_competency(data: CompetencyInput) -> int:
    async with write_transaction():
        await _check_competency(data)
        row = Competency(area=data.area, name=data.name, kind=data.kind, description=data.description)
        await row.save()
    return row.id


async def update_competency(competency_id: int, data: CompetencyInput) -> None:
    async with write_transaction():
        await get_competency(competency_id)
        await _check_competency(data, competency_id)
        await Competency.update({Competency.area: data.area, Competency.name: data.name, Competency.kind: data.kind,
                                 Competency.description: data.description}).where(Competency.id == competency_id)


async def delete_competency(competency_id: int) -> None:
    """Its assessments, job profile requirements and course links go with it."""
    async with write_transaction():
        await get_competency(competency_id)
        await Competency.delete().where(Competency.id == competency_id)
