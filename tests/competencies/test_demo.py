"""The demo organisation shows what the overviews are for: gaps a manager sees, experts to find,
needs raised every way, a transition programme, budgets and readiness checks."""
from lms.competencies.demo import TRANSITION, load_demo_competencies
from lms.competencies.profile import profile_levels
from lms.competencies.tables import Assessment, JobRequirement, LearningNeed
from lms.courses.demo import load_demo_catalogue
from lms.courses.tables import Enrolment, TrainingRequest
from lms.people.demo import load_demo
from lms.people.tables import Employee
from lms.reports import compliance
from lms.reports.demo import load_demo_reports
from lms.reports.scope import Scope
from lms.reports.tables import Budget, ReadinessCheck


async def person(email: str) -> int:
    return (await Employee.select(Employee.id).where(Employee.email == email).first())["id"]


async def test_the_demo_competencies_load_once_with_gaps_needs_and_a_programme():
    await load_demo()
    await load_demo_catalogue()
    assert await load_demo_competencies() is True
    assert await load_demo_competencies() is False
    assert await load_demo_reports() is True and await load_demo_reports() is False
    requirements, assessments = await JobRequirement.count(), await Assessment.count()
    assert requirements > 30 and assessments > 30

    emma = {row["name"]: row for row in await profile_levels(await person("emma.peeters@example.org"))}
    forklift = emma["Forklift operation"]
    assert (forklift["required"], forklift["level"], forklift["source"], forklift["gap"]) == (1, 1, "manager", 0)
    assert emma["Fire safety"]["level"] == 2 and emma["Fire safety"]["source"] == "course"
    assert emma["First aid"]["level"] is None and emma["First aid"]["gap"] == 1
    lina = {row["name"]: row for row in await profile_levels(await person("lina.goossens@example.org"))}
    assert lina["Giving feedback"]["gap"] == 1 and lina["Fire safety"]["level"] == 2

    sources = set(await LearningNeed.select(LearningNeed.source).output(as_list=True))
    assert {"employee", "manager", "gap", "group"} <= sources
    programme = await LearningNeed.count().where(LearningNeed.group_name == TRANSITION)
    assert programme == await Employee.count().where(Employee.department.name == "Customer Service")
    planned = await LearningNeed.select(LearningNeed.id).where(LearningNeed.status == "planned").output(as_list=True)
    assert await Enrolment.exists().where(Enrolment.need.is_in(planned))
    assert await TrainingRequest.exists().where(TrainingRequest.need.is_in(planned))
    assert await Budget.count() == 6 and await ReadinessCheck.count() == 2


async def test_the_demo_managers_compliance_panel_has_red_and_orange_cells():
    await load_demo()
    await load_demo_catalogue()
    tom = await person("tom.wouters@example.org")
    states = await compliance.counts(Scope.line_of(tom))
    assert states["expired"] >= 1 and states["expiring"] >= 1 and states["missing"] >= 1
