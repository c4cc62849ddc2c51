"""Certificates: issued on completion, with an expiry where the course sets a validity, and a
code anyone can check at a public address."""
import secrets
from datetime import date

from lms import clock, pdf
from lms.courses.tables import Certificate, Course, ExternalTraining
from lms.people import audit

RENEW_WITHIN_DAYS = 60  # as the compliance panel and the expiry reminders count "expiring"
CODE_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"  # no 0/O or 1/I to misread


def new_code() -> str:
    return "-".join("".join(secrets.choice(CODE_ALPHABET) for _ in range(4)) for _ in range(3))


def add_months(day: date, months: int) -> date:
    year, month = divmod(day.month - 1 + months, 12)
    target_year, target_month = day.year + year, month + 1
    for last_day in (day.day, 30, 29, 28):
        try:
            return date(target_year, target_month, min(day.day, last_day))
        except ValueError:
            continue
    raise ValueError(day)


async def issue_for_course(employee_id: int, course_id: int, issued_on: date | None = None) -> str:
    course = await Course.select(Course.title, Course.validity_months).where(Course.id == course_id).first()
    issued_on = issued_on or clock.now().date()
    expires_on = add_months(issued_on, course["validity_months"]) if course["validity_months"] else None
    code = new_code()
    saved = await Certificate.insert(Certificate(employee=employee_id, course=course_id, title=course["title"],
                                                 code=code, issued_on=issued_on, expires_on=expires_on))
    await audit.record(None, employee_id, "certificate", saved[0]["id"], "created",
                       after={"title": course["title"], "code": code, "issued_on": issued_on,
                              "expires_on": expires_on})
    return code


async def by_code(code: str) -> dict | None:
    code = code.strip().upper()
    if len(code) > 20:
        return None
    certificate = await Certificate.select(
        *Certificate.all_columns(), Certificate.employee.first_name.as_alias("first_name"),
        Certificate.employee.last_name.as_alias("last_name"),
    ).where(Certificate.code == code).first()
    if certificate and certificate["file"]:
        # an uploaded proof is only as good as L&D's check of the training it belongs to
        external = await ExternalTraining.select(ExternalTraining.id, ExternalTraining.verified_at).where(
            ExternalTraining.certificate_file == certificate["file"]).first()
        certificate["external_id"] = external["id"] if external else None
        certificate["verified_at"] = external["verified_at"] if external else None
    return certificate


async def of_enrolment(employee_id: int, course_id: int) -> dict | None:
    """The newest certificate someone has for a course."""
    return await Certificate.select().where(Certificate.employee == employee_id, Certificate.course == course_id).order_by(
        Certificate.issued_on, ascending=False).order_by(Certificate.id, ascending=False).first()


async def renewable(employee_id: int, course_id: int, today: date | None = None) -> bool:
    """The newest certificate for the course lapsed, or lapses within RENEW_WITHIN_DAYS."""
    newest = await of_enrolment(employee_id, course_id)
    return bool(newest) and status(newest, today or clock.now().date()) in ("expiring", "expired")


async def is_superseded(certificate: dict) -> bool:
    """A newer certificate for the same course replaced this one (a renewal)."""
    return bool(certificate["course"]) and await Certificate.exists().where(
        Certificate.employee == certificate["employee"], Certificate.course == certificate["course"],
        (Certificate.issued_on > certificate["issued_on"])
        | ((Certificate.issued_on == certificate["issued_on"]) & (Certificate.id > certificate["id"])))


async def of_employee(employee_id: int) -> list[dict]:
    return await Certificate.select().where(Certificate.employee == employee_id).order_by(
        Certificate.issued_on, ascending=False).order_by(Certificate.id, ascending=False)


def status(certificate: dict, today: date) -> str:
    expires = certificate["expires_on"]
    if expires is None:
        return "valid"
    if expires < today:
        return "expired"
    return "expiring" if (expires - today).days <= RENEW_WITHIN_DAYS else "valid"


def to_pdf(certificate: dict, verify_url: str, labels: dict[str, str]) -> bytes:
    """An A4 landscape certificate; labels come translated from the caller."""
    doc = pdf.document("L")
    doc.set_auto_page_break(False)
    doc.add_page()
    doc.set_draw_color(31, 95, 191)
    doc.set_line_width(1.5)
    doc.rect(10, 10, 277, 190)
    doc.set_font(pdf.FONT, "B", 30)
    doc.set_y(40)
    doc.cell(0, 14, labels["heading"], align="C", new_x="LMARGIN", new_y="NEXT")
    doc.set_font(pdf.FONT, "", 16)
    doc.cell(0, 16, labels["intro"], align="C", new_x="LMARGIN", new_y="NEXT")
    doc.set_font(pdf.FONT, "B", 24)
    doc.cell(0, 14, f"{certificate['first_name']} {certificate['last_name']}", align="C", new_x="LMARGIN", new_y="NEXT")
    doc.set_font(pdf.FONT, "", 16)
    doc.cell(0, 14, labels["completed"], align="C", new_x="LMARGIN", new_y="NEXT")
    doc.set_font(pdf.FONT, "B", 20)
    doc.multi_cell(0, 12, certificate["title"], align="C", new_x="LMARGIN", new_y="NEXT")
    doc.set_font(pdf.FONT, "", 12)
    doc.set_y(150)
    doc.cell(0, 8, labels["dates"], align="C", new_x="LMARGIN", new_y="NEXT")
    doc.cell(0, 8, f"{labels['code']} {certificate['code']}  ·  {verify_url}", align="C")
    return bytes(doc.output())
