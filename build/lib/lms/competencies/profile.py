"""One person's competencies against their job profile: what is required, what counts now, the gap."""
from lms.competencies.tables import CurrentLevel
from lms.people.tables import Employee

# every competency the person's job profile requires or someone assessed, with both levels
PROFILE = """
SELECT c.id AS competency, c.name, c.kind, a.name AS area, r.level AS required, cl.level AS level,
       cl.source AS source, cl.assessed_at AS assessed_at
FROM competency c
JOIN competency_area a ON a.id = c.area
LEFT JOIN job_requirement r ON r.competency = c.id AND r.job_profile = (SELECT job_profile FROM employee WHERE id = {})
LEFT JOIN current_level cl ON cl.competency = c.id AND cl.employee = {}
WHERE r.id IS NOT NULL OR cl.id IS NOT NULL
ORDER BY a.position, a.name, c.name
"""


def gap(required: int | None, level: int | None) -> int:
    """How many levels short of the requirement (0 when met or nothing is required)."""
    return max(0, (required or 0) - (level or 0)) if required else 0


async def profile_levels(employee_id: int) -> list[dict]:
    rows = await CurrentLevel.raw(PROFILE, employee_id, employee_id)
    return [{**row, "gap": gap(row["required"], row["level"])} for row in rows]


async def job_profile_name(employee_id: int) -> str:
    row = await Employee.select(Employee.job_profile.name).where(Employee.id == employee_id).first()
    return (row and row["job_profile.name"]) or ""
