"""My learning: one person's record of planned and completed trainings, certificates,
competencies against the job profile, learning needs and paths; on a page, as a PDF and as a CSV."""
import csv
import io
from datetime import date, datetime

from fpdf.fonts import FontFace

from lms import clock, i18n, pdf
from lms.competencies import needs, profile
from lms.competencies.tables import LearningNeed
from lms.courses import certificates, external, paths
from lms.courses.tables import Enrolment, Registration
from lms.i18n import N_
from lms.i18n import gettext as _
from lms.people.accounts import get_employee
from lms.spreadsheets import neutralise



async def record(employee_id: int) -> dict:
    """Everything on the record, each section in one query (paths: one per assigned path)."""
    today = clock.now().date()
    person = await get_employee(employee_id)
    enrolments = await Enrolment.select(
        Enrolment.id, Enrolment.course, Enrolment.course.title.as_alias("title"), Enrolment.source,
        Enrolment.due_date, Enrolment.enrolled_at, Enrolment.completed_at, Enrolment.score,
    ).where(Enrolment.employee == employee_id).order_by(Enrolment.completed_at, ascending=False).order_by(
        Enrolment.enrolled_at, ascending=False)
    planned = [e for e in enrolments if e["completed_at"] is None]
    for e in planned:
        e["overdue"] = bool(e["due_date"] and e["due_date"] < today)
    planned.sort(key=lambda e: (e["due_date"] is None, e["due_date"] or date.max))
    sessions = await Registration.select(
        Registration.status, Registration.session.starts_at.as_alias("starts_at"),
        Registration.session.location.as_alias("location"),
        Registration.session.course.title.as_alias("title"),
    ).where(Registration.employee == employee_id, Registration.status.is_in(["registered", "waiting"]),
            Registration.session.starts_at >= clock.now()).order_by(Registration.session.starts_at)
    held = await certificates.of_employee(employee_id)
    renewing = {e["course"] for e in planned}
    newer = set()  # courses of which a newer certificate came first (newest first)
    for c in held:
        c["state"] = "superseded" if c["course"] in newer else certificates.status(c, today)
        c["renewable"] = c["state"] in ("expiring", "expired") and c["course"] and c["course"] not in renewing
        if c["course"]:
            newer.add(c["course"])
    need_rows = await LearningNeed.select(*needs.COLUMNS).where(LearningNeed.employee == employee_id).order_by(
        LearningNeed.created_at, ascending=False)
    return {
        "person": person, "today": today,
        "planned": planned, "sessions": sessions,
        "completed": [e for e in enrolments if e["completed_at"] is not None],
        "external": await external.my_trainings(employee_id),
        "certificates": held,
        "competencies": await profile.profile_levels(employee_id),
        "needs": need_rows,
        "paths": await paths.paths_of(employee_id),
    }


def safe_cell(value) -> str:
    """A cell a spreadsheet shows as text, never runs as a formula."""
    if value is None:
        return ""
    if isinstance(value, datetime):
        value = value.date()
    return neutralise(value.isoformat() if isinstance(value, date) else value)


CSV_HEADER = ("kind", "title", "status", "date", "due_or_expires", "score", "hours", "provider")


def to_csv(rec: dict) -> str:
    """One row per training and certificate, with a kind column: planned, completed, external, certificate."""
    rows = []
    for e in rec["planned"]:
        rows.append(("planned", e["title"], "overdue" if e["overdue"] else "planned", e["enrolled_at"],
                     e["due_date"], "", "", ""))
    for e in rec["completed"]:
        rows.append(("completed", e["title"], "completed", e["completed_at"], e["due_date"], e["score"], "", ""))
    for t in rec["external"]:
        rows.append(("external", t["title"], "verified" if t["verified_at"] else "unverified", t["ended_on"], "",
                     "", t["hours"], t["provider"]))
    for c in rec["certificates"]:
        rows.append(("certificate", c["title"], c["state"], c["issued_on"], c["expires_on"], "", "", c["code"]))
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(CSV_HEADER)
    writer.writerows([safe_cell(cell) for cell in row] for row in rows)
    return out.getvalue()


STATE_LABELS = {"valid": N_("Valid"), "expiring": N_("Expiring within 60 days"), "expired": N_("Expired"),
                "superseded": N_("Superseded by a renewal")}
NEED_STATUS_LABELS = {"open": N_("Open"), "planned": N_("Planned"), "met": N_("Met"), "dropped": N_("Dropped")}


def _sections(rec: dict) -> list[tuple[str, list[str], list[list]]]:
    """Each section's heading, column names and rows, in the reader's language."""
    planned = [[e["title"], i18n.day(e["enrolled_at"]),
                i18n.day(e["due_date"]) + (f" ({_('overdue')})" if e["overdue"] else "")] for e in rec["planned"]]
    completed = [[e["title"], i18n.day(e["completed_at"]), "" if e["score"] is None else f"{e['score']}%"]
                 for e in rec["completed"]]
    elsewhere = [[t["title"], t["provider"], i18n.day(t["ended_on"]), str(t["hours"]),
                  _("Verified") if t["verified_at"] else _("Not yet")] for t in rec["external"]]
    held = [[c["title"], i18n.day(c["issued_on"]), i18n.day(c["expires_on"]) or _("Does not expire"),
             _(STATE_LABELS[c["state"]])] for c in rec["certificates"]]
    levels = [[c["name"], "" if c["required"] is None else str(c["required"]),
               "" if c["level"] is None else str(c["level"]), str(c["gap"]) if c["gap"] else ""]
              for c in rec["competencies"]]
    learning_needs = [[n["title"], _(NEED_STATUS_LABELS.get(n["status"], n["status"])), i18n.day(n["created_at"])]
                      for n in rec["needs"]]
    learning_paths = [[p["name"], _("%(done)s of %(total)s courses done", done=p["done"], total=p["total"])]
                      for p in rec["paths"]]
    return [
        (_("Planned trainings"), [_("Training"), _("Enrolled"), _("Due")], planned),
        (_("Completed trainings"), [_("Training"), _("Completed"), _("Score")], completed),
        (_("Trainings elsewhere"), [_("Training"), _("Provider"), _("Ended"), _("Hours"), _("Verified")], elsewhere),
        (_("Certificates"), [_("Certificate"), _("Issued"), _("Expires"), _("State")], held),
        (_("Competencies against the job profile"), [_("Competency"), _("Required"), _("Level"), _("Gap")], levels),
        (_("Learning needs"), [_("Learning need"), _("Status"), _("Raised")], learning_needs),
        (_("Learning paths"), [_("Learning path"), _("Progress")], learning_paths),
    ]


def to_pdf(rec: dict) -> bytes:
    """An A4 record to show a future employer: name, job, date, then each section as a table."""
    person = rec["person"]
    title = _("Learning record")
    facts = [line for line in (
        person["job_title"] and _("Job title: %(value)s", value=person["job_title"]),
        person["job_profile_name"] and _("Job profile: %(value)s", value=person["job_profile_name"]),
        person["department_name"] and _("Department: %(value)s", value=person["department_name"]),
        _("Date: %(value)s", value=i18n.day(rec["today"])),
    ) if line]
    doc = pdf.document()
    doc.set_auto_page_break(True, margin=15)
    doc.set_title(title)
    doc.add_page()
    doc.set_font(pdf.FONT, "B", 20)
    doc.cell(0, 12, title, new_x="LMARGIN", new_y="NEXT")
    doc.set_font(pdf.FONT, "B", 14)
    doc.cell(0, 8, f"{person['first_name']} {person['last_name']}", new_x="LMARGIN", new_y="NEXT")
    doc.set_font(pdf.FONT, "", 11)
    for line in facts:
        doc.cell(0, 6, line, new_x="LMARGIN", new_y="NEXT")
    heading = FontFace(emphasis="BOLD", fill_color=(228, 232, 239))
    for section, header, rows in _sections(rec):
        doc.ln(4)
        doc.set_font(pdf.FONT, "B", 13)
        doc.cell(0, 9, section, new_x="LMARGIN", new_y="NEXT")
        if not rows:
            doc.set_font(pdf.FONT, "", 9)
            doc.cell(0, 6, _("None"), new_x="LMARGIN", new_y="NEXT")
            continue
        doc.set_font(pdf.FONT, "", 9)
        with doc.table(headings_style=heading, line_height=5, text_align="LEFT") as table:
            table.row([h for h in header])
            for row in rows:
                table.row([cell for cell in row])
    return bytes(doc.output())
