"""Employees: sign-in, the people list, creating, editing, deactivating."""
from bisect import bisect_right
from dataclasses import asdict, dataclass
from datetime import date
from itertools import accumulate

from piccolo.columns.combination import Or

from lms import clock
from lms.cache import ShortCache
from lms.db import contains, is_valid_id, write_transaction
from lms.errors import NotFound, TooManyRequests
from lms.forms import FieldError
from lms.i18n import LANGUAGES
from lms.i18n import gettext as _
from lms.pagination import PER_PAGE, Page, clamp_page
from lms.people import audit, sessions
from lms.people.passwords import hash_password, verify_password
from lms.people.tables import Department, Employee, JobProfile
from lms.settings import load_settings


@dataclass
class EmployeeInput:
    email: str
    first_name: str
    last_name: str
    role: str
    department: int | None
    job_profile: int | None
    manager: int | None
    job_title: str
    hire_date: date | None


async def sign_in(email: str, password: str, ip: str, admins_only: bool = False) -> str | None:
    """A new session token, or None when the e-mail and password do not match. With admins_only
    (single sign-on for everyone else), a matching password of anyone else raises PasswordsOff."""
    email = email.strip().lower()
    if await sessions.too_many_failures(email, ip):
        raise TooManyRequests
    row = await Employee.select(Employee.id, Employee.password_hash, Employee.role).where(
        Employee.email == email, Employee.active.eq(True)
    ).first()
    if not await verify_password(row["password_hash"] if row else "", password):
        await sessions.record_failure(email, ip)
        return None
    await sessions.forget_failures(email)
    if admins_only and row["role"] != "admin":
        raise PasswordsOff
    return await sessions.start_session(row["id"])


class PasswordsOff(Exception):
    """Password sign-in is closed to this person: they sign in through the organisation's provider."""


LIST_COLUMNS = (
    Employee.id, Employee.email, Employee.first_name, Employee.last_name, Employee.role,
    Employee.active, Employee.job_title,
    Employee.department.name.as_alias("department_name"),
    Employee.job_profile.name.as_alias("job_profile_name"),
)


def _matching(words: str) -> list:
    """Every word must appear in the first name, last name or e-mail."""
    conditions = []
    for word in words.split()[:5]:
        word = word[:50]
        conditions.append(Or(Or(contains(Employee.first_name, word), contains(Employee.last_name, word)),
                             contains(Employee.email, word)))
    return conditions


# Active colleagues' names in name order, a minute at most behind (LMS_SHARED_CACHE_SECONDS): every
# search looks for its words in them, which a database can only do by reading every row.
_names = ShortCache(seconds=load_settings().shared_cache_seconds)


@dataclass(frozen=True)
class _Directory:
    """Every active colleague's names and e-mail in one string, entries apart by NUL, so a word is
    found by str.find at C speed: a Python loop over 10,000 entries was most of a search's time."""
    text: str
    starts: list[int]
    ids: list[int]

    def matching(self, words: list[str], limit: int) -> list[int]:
        found, position = [], 0
        while len(found) < limit and (position := self.text.find(words[0], position)) >= 0:
            entry = bisect_right(self.starts, position) - 1
            end = self.starts[entry + 1] - 1 if entry + 1 < len(self.starts) else len(self.text)
            if all(word in self.text[self.starts[entry]:end] for word in words[1:]):
                found.append(self.ids[entry])
            position = end  # on to the next entry
        return found


async def _active_names() -> _Directory:
    rows = await Employee.select(Employee.id, Employee.first_name, Employee.last_name, Employee.email).where(
        Employee.active.eq(True)).order_by(Employee.last_name, Employee.first_name, Employee.id)
    entries = [f"{row['first_name']}\n{row['last_name']}\n{row['email']}".casefold().replace("\0", "") for row in rows]
    starts = list(accumulate((len(entry) + 1 for entry in entries[:-1]), initial=0)) if entries else []
    return _Directory(text="\0".join(entries), starts=starts, ids=[row["id"] for row in rows])


async def colleagues_named(query: str, limit: int = 5) -> list[dict]:
    """Active colleagues whose name or e-mail holds every word, for the search box."""
    words = [word for word in (word[:50].casefold().replace("\0", "") for word in query.split()[:5]) if word]
    if not words:
        return []
    found = (await _names.get("active", _active_names)).matching(words, limit)
    rows = {row["id"]: row for row in await Employee.select(*LIST_COLUMNS).where(
        Employee.id.is_in(found or [0]), Employee.active.eq(True))}
    return [rows[person] for person in found if person in rows]


async def list_employees(query: str = "", department: int | None = None, job_profile: int | None = None,
                         status: str = "active", page: int = 1) -> Page:
    where = _matching(query)
    if department:
        where.append(Employee.department == department)
    if job_profile:
        where.append(Employee.job_profile == job_profile)
    if status in ("active", "inactive"):
        where.append(Employee.active.eq(status == "active"))
    number = clamp_page(page)
    rows = await (
        Employee.select(*LIST_COLUMNS).where(*where)
        .order_by(Employee.last_name, Employee.first_name, Employee.id)
        .limit(PER_PAGE).offset((number - 1) * PER_PAGE)
    )
    return Page(rows=rows, total=await Employee.count().where(*where), number=number)


async def get_employee(employee_id: int) -> dict:
    row = None
    if is_valid_id(employee_id):
        row = await Employee.select(
            *Employee.all_columns(exclude=[Employee.password_hash]),
            Employee.department.name.as_alias("department_name"),
            Employee.job_profile.name.as_alias("job_profile_name"),
            Employee.manager.first_name.as_alias("manager_first_name"),
            Employee.manager.last_name.as_alias("manager_last_name"),
        ).where(Employee.id == employee_id).first()
    if row is None:
        raise NotFound
    return row


async def _check_links(data: EmployeeInput, employee_id: int | None = None) -> None:
    if await Employee.exists().where(Employee.email == data.email, Employee.id != (employee_id or 0)):
        raise FieldError("email", _("Someone already has this e-mail address."))
    if data.department and not await Department.exists().where(Department.id == data.department):
        raise FieldError("department", _("This department no longer exists."))
    if data.job_profile and not await JobProfile.exists().where(JobProfile.id == data.job_profile):
        raise FieldError("job_profile", _("This job profile no longer exists."))
    if data.manager:
        if data.manager == employee_id:
            raise FieldError("manager", _("Someone cannot be their own manager."))
        if not await Employee.exists().where(Employee.id == data.manager, Employee.active.eq(True)):
            raise FieldError("manager", _("Choose an active colleague as manager."))
        if employee_id and data.manager in await _reports_below(employee_id):
            raise FieldError("manager", _("This would make a circle: the manager reports to this person."))


async def _reports_below(employee_id: int) -> set[int]:
    """Everyone in the manager line below someone, to refuse circular manager lines."""
    below: set[int] = set()
    level = {employee_id}
    while level:
        rows = await Employee.select(Employee.id).where(Employee.manager.is_in(list(level)))
        level = {r["id"] for r in rows} - below
        below |= level
    return below


async def create_employee(data: EmployeeInput, password: str = "", actor_id: int | None = None) -> int:
    password_hash = await hash_password(password) if password else ""
    async with write_transaction():
        await _check_links(data)
        row = Employee(**asdict(data), created_at=clock.now(), password_hash=password_hash)
        await row.save()
        await audit.record_people(actor_id, {}, await audit.people_now(Employee.id == row.id))
    return row.id


async def update_employee(employee_id: int, data: EmployeeInput, actor_id: int) -> None:
    await get_employee(employee_id)
    async with write_transaction():
        await _check_links(data, employee_id)
        before = await audit.people_now(Employee.id == employee_id)
        await Employee.update(asdict(data)).where(Employee.id == employee_id)
        await audit.record_people(actor_id, before, await audit.people_now(Employee.id == employee_id))


async def set_active(employee_id: int, active: bool, actor_id: int) -> None:
    """Deactivating someone also signs them out everywhere."""
    await get_employee(employee_id)
    if employee_id == actor_id and not active:
        raise FieldError("active", _("You cannot deactivate your own account."))
    async with write_transaction():
        before = await audit.people_now(Employee.id == employee_id)
        await Employee.update({Employee.active: active}).where(Employee.id == employee_id)
        await audit.record_people(actor_id, before, await audit.people_now(Employee.id == employee_id))
        if not active:
            await sessions.end_all_sessions(employee_id)


async def reset_password(employee_id: int, password: str, actor_id: int) -> None:
    """Sets a new password and ends the person's sessions, so an old one cannot stay in."""
    await get_employee(employee_id)
    password_hash = await hash_password(password)
    async with write_transaction():
        await Employee.update({Employee.password_hash: password_hash}).where(Employee.id == employee_id)
        await audit.record(actor_id, employee_id, "person", employee_id, "password")
        await sessions.end_all_sessions(employee_id)


async def change_own_password(employee_id: int, current: str, new: str) -> None:
    row = await Employee.select(Employee.password_hash).where(Employee.id == employee_id).first()
    if not row or not await verify_password(row["password_hash"], current):
        raise FieldError("current_password", _("Your current password is not right."))
    password_hash = await hash_password(new)
    async with write_transaction():
        await Employee.update({Employee.password_hash: password_hash}).where(Employee.id == employee_id)
        await audit.record(employee_id, employee_id, "person", employee_id, "password")


async def set_seen_in_courses(employee_id: int, seen: bool) -> None:
    await Employee.update({Employee.seen_in_courses: seen}).where(Employee.id == employee_id)


async def seen_in_courses(employee_id: int) -> bool:
    row = await Employee.select(Employee.seen_in_courses).where(Employee.id == employee_id).first()
    return bool(row and row["seen_in_courses"])


async def set_language(employee_id: int, language: str) -> None:
    if language not in ("", *LANGUAGES):
        raise FieldError("language", _("Choose a valid language."))
    await Employee.update({Employee.language: language}).where(Employee.id == employee_id)


async def direct_reports(manager_id: int) -> list[dict]:
    return await (
        Employee.select(*LIST_COLUMNS, Employee.hire_date)
        .where(Employee.manager == manager_id, Employee.active.eq(True))
        .order_by(Employee.last_name, Employee.first_name)
    )


async def manager_choices(current_manager: int | None = None, exclude_id: int | None = None) -> list[dict]:
    """Active managers, plus the person's current manager whatever their role."""
    return await (
        Employee.select(Employee.id, Employee.first_name, Employee.last_name, Employee.email)
        .where(Or(Employee.role.is_in(["manager", "admin"]), Employee.id == (current_manager or 0)),
               Employee.active.eq(True), Employee.id != (exclude_id or 0))
        .order_by(Employee.last_name, Employee.first_name)
    )
