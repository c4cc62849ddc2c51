"""Demo budgets for this year and two readiness checks half a year apart. Loading it twice
changes nothing."""
from datetime import timedelta

from lms import clock
from lms.people.tables import Department, Employee
from lms.reports.tables import Budget, ReadinessCheck

BUDGETS = {"Operations": 15_000, "Sales": 12_000, "Customer Service": 6_000, "HR & Learning": 8_000,
           "Finance": 3_000, "IT": 10_000}
# (days ago, the ten scores, conclusion by the default bands, note)
CHECKS = [
    (180, [1, 2, 1, 2, 1, 1, 1, 1, 2, 1], 1, "Before the new L&D plan: budget and ownership unclear."),
    (7, [2, 3, 2, 3, 2, 2, 1, 2, 2, 2], 2, "After the plan: managers hold talent conversations twice a year."),
]


async def load_demo_reports() -> bool:
    if await Budget.exists():
        return False
    year = clock.now().year
    departments = await Department.select(Department.id, Department.name).where(
        Department.name.is_in(list(BUDGETS)))
    await Budget.insert(*(Budget(department=d["id"], year=year, amount_cents=BUDGETS[d["name"]] * 100)
                          for d in departments))
    lotte = await Employee.select(Employee.id).where(Employee.email == "lotte.maes@example.org").first()
    await ReadinessCheck.insert(*(
        ReadinessCheck(taken_by=lotte and lotte["id"], taken_at=clock.now() - timedelta(days=days), scores=scores,
                       total=sum(scores), conclusion=conclusion, note=note)
        for days, scores, conclusion, note in CHECKS))
    return True
