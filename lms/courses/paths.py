"""Assigning courses, and learning paths: an ordered set of courses for a group of people."""
from collections import Counter
from datetime import date, timedelta

from lms import clock
from lms.courses import learning
from lms.courses.tables import Course, Enrolment, LearningPath, PathAssignment, PathCourse
from lms.db import is_valid_id, write_transaction
from lms.errors import NotFound
from lms.forms import FieldError
from lms.i18n import gettext as _
from lms.people.tables import Employee

NEW_HIRE_DAYS = 90


async def people_for(department: int | None, job_profile: int | None, emails: list[str]) -> list[int]:
    """Active people in a department, with a job profile, or named by e-mail; unknown e-mails are an error."""
    found = await Employee.select(Employee.id, Employee.email).where(
        Employee.active.eq(True), Employee.email.is_in(emails or [""])).output()
    unknown = sorted(set(emails) - {row["email"] for row in found})
    if unknown:
        raise FieldError("emails", _("Nobody active has these e-mail addresses: %(emails)s", emails=", ".join(unknown)))
    groups = []
    if department:
        groups.append(Employee.department == department)
    if job_profile:
        groups.append(Employee.job_profile == job_profile)
    ids = {row["id"] for row in found}
    for group in groups:
        ids |= set(await Employee.select(Employee.id).where(Employee.active.eq(True), group).output(as_list=True))
    if not ids:
        raise FieldError("emails", _("Choose a department, a job profile or people by e-mail."))
    return sorted(ids)


async def names_of(people: list[int], limit: int = 200) -> list[dict]:
    """Whom an assignment reaches, for its preview (the first ones, by name)."""
    return await Employee.select(Employee.id, Employee.first_name, Employee.last_name,
                                 Employee.department.name.as_alias("department")).where(
        Employee.id.is_in(people or [0])).order_by(Employee.last_name).order_by(Employee.first_name).limit(limit)


async def assign_course(course_id: int, people: list[int], due: date | None, actor_id: int) -> list[int]:
    """Enrols each person (or renews, or sets a due date); the enrolment ids, for the assignees to be told."""
    return [await learning.enrol(person, course_id, source="assigned", assigned_by=actor_id, due_date=due)
            for person in people]


async def list_paths() -> list[dict]:
    paths = await LearningPath.select(*LearningPath.all_columns(),
                                      LearningPath.job_profile.name.as_alias("job_profile_name")).order_by(
        LearningPath.name)
    for path in paths:
        path["courses"] = await PathCourse.count().where(PathCourse.path == path["id"])
        path["people"] = await PathAssignment.count().where(PathAssignment.path == path["id"])
    return paths


async def get_path(path_id: int) -> dict:
    row = await LearningPath.select().where(LearningPath.id == path_id).first() if is_valid_id(path_id) else None
    if row is None:
        raise NotFound
    return row


async def save_path(path_id: int | None, name: str, description: str, job_profile: int | None) -> int:
    if await LearningPath.exists().where(LearningPath.name == name, LearningPath.id != (path_id or 0)):
        raise FieldError("name", _("This name is already in use."))
    values = {"name": name, "description": description, "job_profile": job_profile}
    if path_id:
        await get_path(path_id)
        await LearningPath.update(values).where(LearningPath.id == path_id)
        return path_id
    row = LearningPath(**values, created_at=clock.now())
    await row.save()
    return row.id


async def published_choices() -> list[dict]:
    return await Course.select(Course.id, Course.title.as_alias("name")).where(Course.published.eq(True)).order_by(
        Course.title)


async def courses_of(path_id: int) -> list[dict]:
    return await PathCourse.select(PathCourse.id, PathCourse.course, PathCourse.position,
                                   PathCourse.course.title.as_alias("title")).where(
        PathCourse.path == path_id).order_by(PathCourse.position, PathCourse.id)


async def add_course(path_id: int, course_id: int) -> None:
    await get_path(path_id)
    await learning.published_course(course_id)
    if await PathCourse.exists().where(PathCourse.path == path_id, PathCourse.course == course_id):
        raise FieldError("course", _("This course is already in the path."))
    position = len(await courses_of(path_id)) + 1
    await PathCourse.insert(PathCourse(path=path_id, course=course_id, position=position))


async def remove_course(path_id: int, link_id: int) -> None:
    await PathCourse.delete().where(PathCourse.id == link_id, PathCourse.path == path_id)


async def assign_path(path_id: int, people: list[int], due: date | None) -> int:
    """Each person gets the path once and is enrolled in every course of it."""
    courses = [c["course"] for c in await courses_of(path_id)]
    assigned = 0
    for person in people:
        async with write_transaction():
            if await PathAssignment.exists().where(PathAssignment.path == path_id, PathAssignment.employee == person):
                continue
            await PathAssignment.insert(PathAssignment(path=path_id, employee=person, due_date=due,
                                                       assigned_at=clock.now()))
        for course in courses:
            await learning.enrol(person, course, source="path", due_date=due)
        assigned += 1
    return assigned


async def progress(path_id: int) -> list[dict]:
    """Per person on the path: courses completed of the path's courses."""
    courses = [c["course"] for c in await courses_of(path_id)]
    people = await PathAssignment.select(
        PathAssignment.employee, PathAssignment.due_date, PathAssignment.employee.first_name.as_alias("first_name"),
        PathAssignment.employee.last_name.as_alias("last_name")).where(PathAssignment.path == path_id)
    done = await Enrolment.select(Enrolment.employee, Enrolment.course).where(
        Enrolment.course.is_in(courses or [0]), Enrolment.completed_at.is_not_null(),
        Enrolment.employee.is_in([p["employee"] for p in people] or [0])).distinct()  # a renewal counts once
    per_person = Counter(row["employee"] for row in done)
    return [{**p, "done": per_person[p["employee"]], "total": len(courses)} for p in people]


async def assign_automatic_paths(employee_id: int) -> int:
    """New hires (the last 90 days, or starting soon) get the paths of their job profile."""
    person = await Employee.select(Employee.job_profile, Employee.hire_date).where(Employee.id == employee_id).first()
    if not person or not person["job_profile"] or not person["hire_date"]:
        return 0
    if person["hire_date"] < clock.now().date() - timedelta(days=NEW_HIRE_DAYS):
        return 0
    paths = await LearningPath.select(LearningPath.id).where(
        LearningPath.job_profile == person["job_profile"],
        LearningPath.id.not_in(PathAssignment.select(PathAssignment.path).where(
            PathAssignment.employee == employee_id))).output(as_list=True)
    due = person["hire_date"] + timedelta(days=30)
    return sum([await assign_path(path, [employee_id], max(due, clock.now().date())) for path in paths])


ASSIGNED = (PathAssignment.path, PathAssignment.path.name.as_alias("name"))  # joined columns: made once


async def paths_of(employee_id: int) -> list[dict]:
    """The learner's paths with how far they are and the next course, for the home row."""
    rows = []
    for assignment in await PathAssignment.select(*ASSIGNED).where(PathAssignment.employee == employee_id):
        courses = await courses_of(assignment["path"])
        done = set(await Enrolment.select(Enrolment.course).where(
            Enrolment.employee == employee_id, Enrolment.completed_at.is_not_null(),
            Enrolment.course.is_in([c["course"] for c in courses] or [0])).output(as_list=True))
        following = next((c for c in courses if c["course"] not in done), None)
        rows.append({"id": assignment["path"], "name": assignment["name"], "total": len(courses), "done": len(done),
                     "next_course": following["course"] if following else None,
                     "next_title": following["title"] if following else ""})
    return rows
