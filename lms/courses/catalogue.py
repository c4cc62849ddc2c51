"""The catalogue as a streaming service shows it: search, filters and rows of course cards."""
from datetime import timedelta

from piccolo.columns.combination import Or
from piccolo.query.functions.aggregate import Avg, Count

from lms import clock
from lms.cache import ShortCache
from lms.settings import load_settings
from lms.db import contains
from lms.pagination import Page, clamp_page
from lms.courses import certificates
from lms.courses.tables import (Course, CourseCompetency, Enrolment, Evaluation, Lesson, LessonProgress, Question,
                                QuizAttempt)
from lms.competencies.tables import CompetencyArea
from lms.people.tables import Employee

CARD = (Course.id, Course.title, Course.summary, Course.format, Course.route, Course.minutes, Course.language,
        Course.mandatory, Course.cover, Course.cost_cents)
LENGTHS = {"5": (0, 5), "15": (6, 15), "60": (16, 60), "long": (61, 100_000)}
ROW_SIZE = 12
# The rows everyone (or a whole department) sees alike, a minute at most behind (LMS_SHARED_CACHE_SECONDS);
# the course editor clears it on every save, so the process that saved shows the change at once.
shared_rows = ShortCache(seconds=load_settings().shared_cache_seconds)


def _published():
    return Course.published.eq(True)


async def search(query: str = "", format: str = "", language: str = "", length: str = "",
                 mandatory: bool = False, page: int = 1) -> Page:
    where = [_published()]
    for word in query.split()[:5]:
        where.append(Or(contains(Course.title, word[:50]), contains(Course.summary, word[:50])))
    if format:
        where.append(Course.format == format)
    if language:
        where.append(Course.language == language)
    if length in LENGTHS:
        low, high = LENGTHS[length]
        where += [Course.minutes >= low, Course.minutes <= high]
    if mandatory:
        where.append(Course.mandatory.eq(True))
    number = clamp_page(page)
    rows = await Course.select(*CARD).where(*where).order_by(Course.title).limit(24).offset((number - 1) * 24)
    return Page(rows=rows, total=await Course.count().where(*where), number=number, per_page=24)


async def progress_of(employee_id: int, course_ids: list[int]) -> dict[int, int]:
    """Per course the person is enrolled in: the percent of its steps done in their current attempt
    (each lesson, and the quiz when it has one); 100 only when the course is completed. Three queries."""
    current: dict[int, dict] = {}
    wanted = set(course_ids)
    # all of the person's enrolments (a few dozen), not `course IN (120 ids)`: Piccolo took 8 ms to write that
    for row in await Enrolment.select(Enrolment.id, Enrolment.course, Enrolment.attempt, Enrolment.completed_at).where(
            Enrolment.employee == employee_id):
        if row["course"] in wanted and (row["course"] not in current
                                        or row["attempt"] > current[row["course"]]["attempt"]):
            current[row["course"]] = row
    if not current:
        return {}
    enrolments = [row["id"] for row in current.values()]
    steps = await shared_rows.get("steps", _steps)
    done = {r["enrolment"]: r["n"] for r in await LessonProgress.select(LessonProgress.enrolment, Count(alias="n")).where(
        LessonProgress.enrolment.is_in(enrolments), LessonProgress.completed.eq(True)).group_by(LessonProgress.enrolment)}
    passed = set(await QuizAttempt.select(QuizAttempt.enrolment).where(
        QuizAttempt.enrolment.is_in(enrolments), QuizAttempt.passed.eq(True)).distinct().output(as_list=True))
    return {course: percent(steps.get(course, 0), done.get(row["id"], 0) + (row["id"] in passed),
                            bool(row["completed_at"])) for course, row in current.items()}


async def _steps() -> dict[int, int]:
    """Every course's steps: its lessons, and its quiz when it has one."""
    steps = {r["course"]: r["n"] for r in await Lesson.select(Lesson.course, Count(alias="n")).group_by(Lesson.course)}
    for course in await Question.select(Question.course).distinct().output(as_list=True):
        steps[course] = steps.get(course, 0) + 1
    return steps


def percent(steps: int, finished: int, completed: bool) -> int:
    """A course's progress: 100 only when completed, else the share of its steps done, at most 99."""
    return 100 if completed else (min(99, round(100 * finished / steps)) if steps else 0)


async def continue_row(employee_id: int) -> list[dict]:
    """Courses started and not finished, the most recently watched first."""
    started = await Enrolment.select(Enrolment.course).where(
        Enrolment.employee == employee_id, Enrolment.completed_at.is_null(),
        Enrolment.id.is_in(LessonProgress.select(LessonProgress.enrolment)),
    ).order_by(Enrolment.last_activity_at, ascending=False).limit(ROW_SIZE).output(as_list=True)
    cards = await _cards(started)
    return [cards[course_id] for course_id in started if course_id in cards]


async def _cards(course_ids: list[int]) -> dict[int, dict]:
    published = await _published_cards()
    return {course: published[course] for course in course_ids if course in published}


async def _published_cards() -> dict[int, dict]:
    """Every published course's card, by id, in id order: kept with the shared rows."""
    async def compute() -> dict[int, dict]:
        return {row["id"]: row for row in await Course.select(*CARD).where(_published()).order_by(Course.id)}

    return await shared_rows.get("cards", compute)


async def _to_renew(employee_id: int) -> list[dict]:
    """Certificates that lapsed or lapse within 60 days and are not being renewed: course and date."""
    newest: dict[int, dict] = {}
    for row in await certificates.of_employee(employee_id):  # newest first
        if row["course"]:
            newest.setdefault(row["course"], row)
    following = set(await Enrolment.select(Enrolment.course).where(
        Enrolment.employee == employee_id, Enrolment.completed_at.is_null()).output(as_list=True))
    today = clock.now().date()
    return sorted(({"course": course, "due_date": row["expires_on"], "renew": True} for course, row in newest.items()
                   if certificates.status(row, today) in ("expiring", "expired") and course not in following),
                  key=lambda r: r["due_date"])


async def required_row(employee_id: int) -> list[dict]:
    """Certificates to renew and assigned trainings not yet done (soonest due first), then mandatory
    courses never completed."""
    assigned = await Enrolment.select(Enrolment.course, Enrolment.due_date).where(
        Enrolment.employee == employee_id, Enrolment.completed_at.is_null(), Enrolment.source != "self",
    ).order_by(Enrolment.due_date)
    due = sorted(await _to_renew(employee_id) + assigned, key=lambda a: (a["due_date"] is None, a["due_date"]))
    cards = await _cards([a["course"] for a in due])
    rows = [{**cards[a["course"]], "due_date": a["due_date"], "renew": a.get("renew", False)}
            for a in due if a["course"] in cards]
    enrolled = set(await Enrolment.select(Enrolment.course).where(Enrolment.employee == employee_id).output(
        as_list=True))
    mandatory = [card for card in (await _published_cards()).values()
                 if card["mandatory"] and card["id"] not in enrolled]
    return (rows + mandatory)[:ROW_SIZE]


async def new_row() -> list[dict]:
    return await shared_rows.get("new", lambda: Course.select(*CARD).where(_published()).order_by(
        Course.created_at, ascending=False).limit(ROW_SIZE))


async def popular_in_department(department_id: int | None) -> list[dict]:
    if not department_id:
        return []
    return await shared_rows.get(("popular", department_id), lambda: _popular_in(department_id))


async def _popular_in(department_id: int) -> list[dict]:
    since = clock.now() - timedelta(days=180)
    counts = await Enrolment.select(Enrolment.course, Count(alias="n")).where(
        Enrolment.employee.is_in(Employee.select(Employee.id).where(Employee.department == department_id)),
        Enrolment.enrolled_at > since,
    ).group_by(Enrolment.course).order_by(Count(), ascending=False).limit(ROW_SIZE)
    cards = await _cards([r["course"] for r in counts])
    return [cards[r["course"]] for r in counts if r["course"] in cards]


async def area_rows() -> list[dict]:
    """One row per competency area, with the published courses that develop a competency in it."""
    return await shared_rows.get("areas", _area_rows)


async def _area_rows() -> list[dict]:
    links = await CourseCompetency.select(
        CourseCompetency.course, CourseCompetency.competency.area.as_alias("area"),
    ).where(CourseCompetency.course.published.eq(True))
    areas = await CompetencyArea.select().order_by(CompetencyArea.position, CompetencyArea.name)
    courses = await _cards(list({link["course"] for link in links}))
    rows = []
    for area in areas:
        ids = sorted({link["course"] for link in links if link["area"] == area["id"]})
        if ids:
            rows.append({"area": area["name"], "courses": [courses[i] for i in ids if i in courses][:ROW_SIZE]})
    return rows


async def ratings(course_ids: list[int]) -> dict[int, float]:
    if not course_ids:
        return {}
    rows = await Evaluation.select(Evaluation.enrolment.course.as_alias("course"), Avg(Evaluation.rating, alias="avg")).where(
        Evaluation.enrolment.course.is_in(course_ids)).group_by(Evaluation.enrolment.course)
    return {r["course"]: round(float(r["avg"]), 1) for r in rows}
