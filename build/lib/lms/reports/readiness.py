"""The organisation readiness check of the study (../shared/seeds/004): ten questions, each scored
0 to 3, a total from 0 to 30 and one of four conclusions. L&D sets from which total each
conclusion applies; every check is kept, so the organisation sees how it moves over time."""
import json
from dataclasses import dataclass
from zoneinfo import ZoneInfo

from babel.dates import format_date

from lms import clock, i18n
from lms.db import is_valid_id, write_transaction
from lms.errors import NotFound
from lms.i18n import N_, gettext as _
from lms.pagination import PER_PAGE, Page, clamp_page
from lms.reports import charts
from lms.reports.tables import ReadinessBand, ReadinessCheck
from lms.settings import load_settings

QUESTIONS = (
    N_("To what extent are your colleagues (managers excluded) open to a more prominent role, to other learning "
       "goals and to another way of learning?"),
    N_("Does making learning sustainable (in whatever field) fit the vision and strategy of your organisation?"),
    N_("If the organisation chooses to make it sustainable, to what extent do you expect the board or the "
       "executives to steer it more decisively?"),
    N_("To what extent do you expect your HR and L&D department to encourage making it sustainable?"),
    N_("To what extent do you expect direct managers to want to apply this (talent development conversations)?"),
    N_("To what extent do you expect shared ownership (including holding each other accountable) between the "
       "professionals and their managers to be achieved?"),
    N_("To what extent do you expect your organisation to allow the use of AI in this new way of workplace "
       "learning?"),
    N_("To what extent do you expect enough budget (time and money) to be made available?"),
    N_("Do you expect your organisation to be able to appoint a strong director (project leader) for the "
       "implementation?"),
    N_("Do you expect there to be enough L&D staff, educationalists or experienced experts willing to guide the "
       "new way of learning?"),
)
SCORES = (N_("Clear resistance"), N_("A neutral contribution"), N_("A positive contribution"),
          N_("A strong contribution"))
CONCLUSIONS = (
    N_("Do not start introducing and applying a new, sustainable way of learning."),
    N_("It will be hard work for everyone involved to introduce it successfully."),
    N_("It is promising to introduce a new, sustainable way of learning successfully."),
    N_("It is very promising to introduce a new, sustainable way of learning successfully."),
)
CONCLUSION_NAMES = (N_("Do not start"), N_("Hard work for everyone"), N_("Promising"), N_("Very promising"))
DEFAULT_BANDS = (0, 10, 18, 25)
MAX_TOTAL = 3 * len(QUESTIONS)
MAX_NOTE = 2000


@dataclass(frozen=True)
class CheckInput:
    scores: tuple[int, ...]
    note: str


async def bands() -> tuple[int, ...]:
    """The minimum total of each conclusion, from the lowest; the defaults until L&D sets them."""
    rows = await ReadinessBand.select(ReadinessBand.conclusion, ReadinessBand.min_score).order_by(
        ReadinessBand.conclusion)
    found = {row["conclusion"]: row["min_score"] for row in rows}
    if set(found) != set(range(len(CONCLUSIONS))):
        return DEFAULT_BANDS
    return tuple(found[n] for n in range(len(CONCLUSIONS)))


def band_errors(minimums: list[int | None]) -> dict[str, str]:
    """Each minimum names its conclusion in its error: the first 0, then strictly higher, at most 30."""
    errors: dict[str, str] = {}
    previous = None
    for n, value in enumerate(minimums):
        name = _(CONCLUSION_NAMES[n])
        field = f"min_{n}"
        if value is None:
            errors[field] = _("Minimum total for “%(name)s” must be a whole number from 0 to %(max)s.",
                              name=name, max=MAX_TOTAL)
        elif n == 0 and value != 0:
            errors[field] = _("Minimum total for “%(name)s” must be 0: every total has a conclusion.", name=name)
        elif value > MAX_TOTAL or value < 0:
            errors[field] = _("Minimum total for “%(name)s” must be a whole number from 0 to %(max)s.",
                              name=name, max=MAX_TOTAL)
        elif previous is not None and value <= previous:
            errors[field] = _("Minimum total for “%(name)s” must be higher than that for “%(previous)s”.",
                              name=name, previous=_(CONCLUSION_NAMES[n - 1]))
        if value is not None:
            previous = value
    return errors


async def set_bands(minimums: list[int]) -> None:
    async with write_transaction():
        await ReadinessBand.delete(force=True)
        await ReadinessBand.insert(*[ReadinessBand(conclusion=n, min_score=value) for n, value in enumerate(minimums)])


def conclusion_for(total: int, minimums: tuple[int, ...]) -> int:
    found = 0
    for n, minimum in enumerate(minimums):
        if total >= minimum:
            found = n
    return found


async def save_check(actor_id: int, data: CheckInput) -> int:
    total = sum(data.scores)
    row = ReadinessCheck(taken_by=actor_id, taken_at=clock.now(), scores=list(data.scores), total=total,
                         conclusion=conclusion_for(total, await bands()), note=data.note)
    await row.save()
    return row.id


def _scores(value) -> list[int]:
    return json.loads(value) if isinstance(value, str) else list(value or [])


COLUMNS = (*ReadinessCheck.all_columns(), ReadinessCheck.taken_by.first_name.as_alias("first_name"),
           ReadinessCheck.taken_by.last_name.as_alias("last_name"))


async def checks(page: int = 1) -> Page:
    number = clamp_page(page)
    rows = await ReadinessCheck.select(*COLUMNS).order_by(ReadinessCheck.taken_at, ascending=False).order_by(
        ReadinessCheck.id, ascending=False).limit(PER_PAGE).offset((number - 1) * PER_PAGE)
    return Page(rows=rows, total=await ReadinessCheck.count(), number=number)


async def check(check_id: int) -> dict:
    row = None
    if is_valid_id(check_id):
        row = await ReadinessCheck.select(*COLUMNS).where(ReadinessCheck.id == check_id).first()
    if row is None:
        raise NotFound
    row["scores"] = _scores(row["scores"])
    return row


async def chart(last: int = 12) -> charts.Chart | None:
    """The totals of the last checks, oldest first, against the maximum of 30."""
    rows = await ReadinessCheck.select(ReadinessCheck.taken_at, ReadinessCheck.total).order_by(
        ReadinessCheck.taken_at, ascending=False).order_by(ReadinessCheck.id, ascending=False).limit(last)
    if not rows:
        return None
    zone, language = ZoneInfo(load_settings().timezone), i18n.current_language.get()
    day = lambda moment: format_date(moment.astimezone(zone), "d MMM yy", locale=language)  # noqa: E731
    return charts.columns([charts.Column(label=day(row["taken_at"]),
                                         segments=(charts.Segment(row["total"], "bar-a",
                                                                  _("Total %(total)s of %(max)s", total=row["total"],
                                                                    max=MAX_TOTAL)),),
                                         texts=(str(row["total"]),)) for row in reversed(rows)],
                          _("Total score per check, out of %(max)s", max=MAX_TOTAL), maximum=MAX_TOTAL,
                          group_width=60)
