"""The demo organisation: believable people in six departments, loaded through the importer,
so loading it twice changes nothing."""
from lms.people import importer
from lms.people.passwords import hash_password
from lms.people.tables import Employee

DEMO_PASSWORD = "demo-password"
DOMAIN = "example.org"

# (first, last, department, job title, manager's first name, hire date)
PEOPLE = [
    ("Lotte", "Maes", "HR & Learning", "L&D specialist", "", "2016-03-01"),
    ("Pieter", "Claes", "HR & Learning", "HR manager", "", "2012-09-01"),
    ("Sofie", "Janssens", "Operations", "Operations manager", "Pieter", "2014-01-06"),
    ("Tom", "Wouters", "Operations", "Team lead warehouse", "Sofie", "2018-05-14"),
    ("Emma", "Peeters", "Operations", "Warehouse operator", "Tom", "2024-02-01"),
    ("Noah", "Willems", "Operations", "Warehouse operator", "Tom", "2025-10-06"),
    ("Lina", "Goossens", "Operations", "Warehouse operator", "Tom", "2021-04-12"),
    ("Arne", "De Smet", "Operations", "Forklift driver", "Tom", "2019-08-19"),
    ("Jana", "Mertens", "Operations", "Forklift driver", "Tom", "2026-09-01"),
    ("Bram", "Dubois", "Sales", "Sales manager", "Pieter", "2015-02-02"),
    ("Marie", "Lambert", "Sales", "Account manager", "Bram", "2020-06-01"),
    ("Lucas", "Hermans", "Sales", "Account manager", "Bram", "2023-01-09"),
    ("Elise", "Vermeulen", "Sales", "Inside sales", "Bram", "2026-10-01"),
    ("Kobe", "Jacobs", "Customer Service", "Service team lead", "Pieter", "2017-11-20"),
    ("Hanne", "Van Damme", "Customer Service", "Service agent", "Kobe", "2022-03-07"),
    ("Jonas", "Martens", "Customer Service", "Service agent", "Kobe", "2024-09-16"),
    ("Fien", "Smets", "Customer Service", "Service agent", "Kobe", "2025-05-05"),
    ("Ruben", "Aerts", "Finance", "Finance manager", "Pieter", "2013-04-15"),
    ("Laura", "Stevens", "Finance", "Accountant", "Ruben", "2019-02-11"),
    ("Wout", "Michiels", "IT", "IT lead", "Pieter", "2016-08-29"),
    ("Nina", "Desmet", "IT", "Developer", "Wout", "2021-10-04"),
    ("Milan", "Maes", "IT", "Developer", "Wout", "2025-02-17"),
]
ROLES = {"Lotte": "admin", "Pieter": "manager"}
DEMO_LOGINS = {
    "employee": f"emma.peeters@{DOMAIN}",
    "manager": f"tom.wouters@{DOMAIN}",
    "L&D admin": f"lotte.maes@{DOMAIN}",
}


def _email(first: str, last: str) -> str:
    return f"{first}.{last}".lower().replace(" ", "") + f"@{DOMAIN}"


def demo_csv() -> bytes:
    by_first = {p[0]: p for p in PEOPLE}
    lines = ["email;first name;last name;department;job title;manager email;hire date"]
    for first, last, department, title, manager, hired in PEOPLE:
        manager_email = _email(manager, by_first[manager][1]) if manager else ""
        lines.append(";".join([_email(first, last), first, last, department, title, manager_email, hired]))
    return "\n".join(lines).encode()


async def load_demo() -> dict[str, str]:
    """Loads the demo organisation and returns the sign-in e-mail per role."""
    result = await importer.apply(demo_csv())
    assert result.ok, [r.errors for r in result.rows if r.errors] or result.file_error
    for first, role in ROLES.items():
        last = next(p[1] for p in PEOPLE if p[0] == first)
        await Employee.update({Employee.role: role}).where(Employee.email == _email(first, last))
    password_hash = await hash_password(DEMO_PASSWORD)
    await Employee.update({Employee.password_hash: password_hash}).where(
        Employee.email.like(f"%@{DOMAIN}"), Employee.password_hash == ""
    )
    return DEMO_LOGINS
