"""Demo competencies on top of the demo people and catalogue: what each job profile requires,
assessments with a history (so a manager sees gaps), experts colleagues can find, learning needs
raised in every way, an onboarding group and a transition programme. Loading it twice changes
nothing."""
from datetime import timedelta

from lms import clock
from lms.competencies.assessments import assess, record_course_levels
from lms.competencies.needs import gap_key, group_key_prefix, raise_need
from lms.competencies.tables import Competency, DevelopmentReview, JobRequirement, LearningNeed
from lms.courses.tables import Course, CourseCompetency, Enrolment, TrainingRequest
from lms.db import write_transaction
from lms.people.tables import Department, Employee, JobProfile

REQUIREMENTS = {
    "Warehouse operator": [("Fire safety", 2), ("Forklift operation", 1), ("First aid", 1),
                           ("Our products and customers", 1), ("Giving feedback", 1)],
    "Forklift driver": [("Fire safety", 2), ("Forklift operation", 3), ("First aid", 1)],
    "Team lead warehouse": [("Fire safety", 2), ("Forklift operation", 2), ("Giving feedback", 3), ("Coaching", 2),
                            ("Spreadsheets", 2)],
    "Account manager": [("Customer conversations", 3), ("Our products and customers", 3), ("Data protection", 2),
                        ("Spreadsheets", 2)],
    "Inside sales": [("Customer conversations", 2), ("Our products and customers", 2), ("Data protection", 1)],
    "Service agent": [("Customer conversations", 3), ("Our products and customers", 2), ("Data protection", 2)],
    "Service team lead": [("Coaching", 3), ("Giving feedback", 3), ("Customer conversations", 3)],
    "Accountant": [("Spreadsheets", 3), ("Data protection", 2)],
    "Developer": [("Data protection", 2), ("Project management", 1)],
    "IT lead": [("Project management", 3), ("Coaching", 2), ("Data protection", 2)],
    "L&D specialist": [("Coaching", 3), ("Giving feedback", 3), ("Project management", 2)],
}

# (person, competency, level, source, assessor, days ago, note): reviews, self-ratings, a history
ASSESSMENTS = [
    ("emma.peeters", "Forklift operation", 2, "self", "emma.peeters", 40, "I drive it every week."),
    ("emma.peeters", "Forklift operation", 1, "manager", "tom.wouters", 20, "Review: still unsure when reversing."),
    ("emma.peeters", "Giving feedback", 2, "manager", "tom.wouters", 20, "Review: clear and kind."),
    ("emma.peeters", "Our products and customers", 1, "self", "emma.peeters", 35, ""),
    ("lina.goossens", "Forklift operation", 2, "manager", "tom.wouters", 25, "Review: safe and steady."),
    ("lina.goossens", "Giving feedback", 0, "manager", "tom.wouters", 25, "Review: avoids difficult talks."),
    ("lina.goossens", "First aid", 2, "self", "lina.goossens", 60, "Red Cross course at the scouts."),
    ("arne.desmet", "Forklift operation", 3, "manager", "tom.wouters", 200, "Review: a safe, calm driver."),
    ("arne.desmet", "Forklift operation", 4, "manager", "tom.wouters", 30, "Review: trains the new drivers now."),
    ("arne.desmet", "First aid", 3, "admin", "lotte.maes", 90, "Company first-aider since 2023."),
    ("tom.wouters", "Giving feedback", 2, "manager", "sofie.janssens", 60, "Review: wants to grow here."),
    ("tom.wouters", "Coaching", 1, "manager", "sofie.janssens", 60, ""),
    ("tom.wouters", "Spreadsheets", 3, "self", "tom.wouters", 61, "I keep the shift planning."),
    ("marie.lambert", "Customer conversations", 4, "manager", "bram.dubois", 45, "Review: our best at the phone."),
    ("marie.lambert", "Our products and customers", 3, "manager", "bram.dubois", 45, ""),
    ("lucas.hermans", "Customer conversations", 2, "manager", "bram.dubois", 45, "Review: listens well, closes late."),
    ("lucas.hermans", "Project management", 1, "self", "lucas.hermans", 10, "I will lead the warehouse project."),
    ("hanne.vandamme", "Customer conversations", 3, "manager", "kobe.jacobs", 50, ""),
    ("jonas.martens", "Customer conversations", 2, "manager", "kobe.jacobs", 50, "Review: good on chat, shy on the phone."),
    ("fien.smets", "Customer conversations", 1, "manager", "kobe.jacobs", 50, "Review: six months in, learning fast."),
    ("kobe.jacobs", "Coaching", 3, "manager", "pieter.claes", 70, ""),
    ("laura.stevens", "Spreadsheets", 4, "manager", "ruben.aerts", 80, "Builds the budget models."),
    ("nina.desmet", "Project management", 2, "manager", "wout.michiels", 30, ""),
    ("milan.maes", "Data protection", 1, "self", "milan.maes", 15, ""),
    ("lotte.maes", "Coaching", 4, "admin", "pieter.claes", 100, "Certified coach."),
]

TRANSITION = "Service 2027: the new ticketing system"


async def load_demo_competencies() -> bool:
    if await JobRequirement.exists():
        return False
    people = {row["email"].split("@")[0]: row["id"] for row in await Employee.select(Employee.id, Employee.email)}
    competencies = {row["name"]: row["id"] for row in await Competency.select(Competency.id, Competency.name)}
    profiles = {row["name"]: row["id"] for row in await JobProfile.select(JobProfile.id, JobProfile.name)}
    await JobRequirement.insert(*(JobRequirement(job_profile=profiles[profile], competency=competencies[name],
                                                 level=level)
                                  for profile, required in REQUIREMENTS.items() if profile in profiles
                                  for name, level in required))
    await _course_levels()
    for person, competency, level, source, assessor, days, note in ASSESSMENTS:
        clock.travel(-timedelta(days=days))
        try:
            await assess(people[person], competencies[competency], level, source, people[assessor], note)
        finally:
            clock.travel(timedelta(days=days))
    await _needs(people, competencies)
    await _review(people, competencies)
    return True


async def _review(people: dict[str, int], competencies: dict[str, int]) -> None:
    """Tom held last year's development review with Emma: one action done, one still open. This year's
    is still to hold, so his team page offers it and the form shows what became of last year's."""
    held = clock.now() - timedelta(days=400)
    async with write_transaction():
        review = DevelopmentReview(
            employee=people["emma.peeters"], manager=people["tom.wouters"], period=str(held.year), held_on=held.date(),
            went_well="Reliable in the busy season; new colleagues ask her first.",
            to_learn="Take on the forklift, then help plan the shifts.",
            competencies=[competencies["Forklift operation"]], created_at=held)
        await review.save()
        await LearningNeed.insert(
            LearningNeed(employee=people["emma.peeters"], title="Follow the first aid course", source="review",
                         status="met", raised_by=people["tom.wouters"], review=review.id,
                         owner=people["emma.peeters"], due_date=(held + timedelta(days=90)).date(), created_at=held,
                         updated_at=held + timedelta(days=60)),
            LearningNeed(employee=people["emma.peeters"], title="A day with the shift planner", source="review",
                         raised_by=people["tom.wouters"], review=review.id, owner=people["tom.wouters"],
                         due_date=(held + timedelta(days=180)).date(), created_at=held))


async def _course_levels() -> None:
    """The demo history completed courses without the levels they bring; record them now."""
    done = await Enrolment.select(Enrolment.employee, Enrolment.course, Enrolment.course.title.as_alias("title")).where(
        Enrolment.completed_at.is_not_null())
    developed = await CourseCompetency.select(CourseCompetency.course, CourseCompetency.competency,
                                              CourseCompetency.level)
    for row in done:
        links = [link for link in developed if link["course"] == row["course"]]
        await record_course_levels(row["employee"], row["course"], row["title"], links)


async def _needs(people: dict[str, int], competencies: dict[str, int]) -> None:
    now = clock.now()
    forklift = await Course.select(Course.id).where(Course.title == "Forklift: the daily check").first()
    async with write_transaction():
        need = LearningNeed(employee=people["emma.peeters"], title="Reverse the forklift safely", source="employee",
                            status="planned", competency=competencies["Forklift operation"],
                            raised_by=people["emma.peeters"], note="Tom assigned the daily check.",
                            created_at=now - timedelta(days=19), updated_at=now)
        await need.save()
        await Enrolment.update({Enrolment.need: need.id}).where(Enrolment.employee == people["emma.peeters"],
                                                               Enrolment.course == forklift["id"])
        project = LearningNeed(employee=people["lucas.hermans"], title="Lead the warehouse system project",
                               source="employee", status="planned", competency=competencies["Project management"],
                               raised_by=people["lucas.hermans"], created_at=now - timedelta(days=5))
        await project.save()
        await TrainingRequest.update({TrainingRequest.need: project.id}).where(
            TrainingRequest.employee == people["lucas.hermans"])
        await LearningNeed.insert(
            LearningNeed(employee=people["lina.goossens"], title="Give feedback to new colleagues", source="manager",
                         competency=competencies["Giving feedback"], raised_by=people["tom.wouters"],
                         note="From the review: start with the three-step model.", created_at=now - timedelta(days=25)),
            LearningNeed(employee=people["jana.mertens"], title="Forklift operation to level 3", source="gap",
                         competency=competencies["Forklift operation"],
                         dedupe_key=gap_key(people["jana.mertens"], competencies["Forklift operation"]),
                         created_at=now - timedelta(days=2)),
        )
    service = await Department.select(Department.id).where(Department.name == "Customer Service").first()
    group = await Employee.select(Employee.id).where(Employee.department == service["id"], Employee.active.eq(True))
    for person in group:
        await raise_need(person["id"], "Work in the new ticketing system", "group",
                         dedupe_key=f"{group_key_prefix(TRANSITION)}{person['id']}")
    await LearningNeed.update({LearningNeed.group_name: TRANSITION, LearningNeed.raised_by: people["lotte.maes"]}).where(
        LearningNeed.source == "group")
