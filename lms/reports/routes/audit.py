"""The audit log for L&D: read-only, newest first, by kind of record and person."""
from litestar import get
from litestar.params import FromQuery
from litestar.response import Template

from lms.forms import optional_int
from lms.i18n import N_
from lms.people import audit
from lms.people.tables import AUDITED
from lms.web.auth import admin_only

KIND_LABELS = dict(zip(AUDITED, (N_("Assessment"), N_("Certificate"), N_("Enrolment"), N_("Training elsewhere"),
                                 N_("Training request"), N_("Person"))))
# what the logged fields are called on the page; a field not named here shows as stored
FIELD_LABELS = {
    "active": N_("Active"), "attempt": N_("Attempt"), "code": N_("Code"), "comment": N_("Comment"),
    "competency": N_("Competency"), "completed_at": N_("Completed"), "cost_cents": N_("Cost (cents)"),
    "course": N_("Course"), "department": N_("Department"), "due_date": N_("Due date"), "email": N_("E-mail"),
    "ended_on": N_("End date"), "evidence": N_("Evidence"), "expires_on": N_("Valid until"), "hours": N_("Hours"),
    "issued_on": N_("Issued"), "job_profile": N_("Job profile"), "lessons_done": N_("Lessons done"),
    "level": N_("Level"), "manager": N_("Manager"), "marked_complete_by_l_and_d": N_("Marked complete by L&D"),
    "note": N_("Note"), "provider": N_("Provider"), "quiz_attempts": N_("Quiz attempts"), "role": N_("Role"),
    "score": N_("Score"), "source": N_("Source"), "status": N_("Status"), "title": N_("Title"),
    "uploaded": N_("Uploaded"), "verified_at": N_("Verified"),
}
ACTION_LABELS = {"created": N_("created"), "changed": N_("changed"), "deleted": N_("deleted"),
                 "password": N_("password set")}


@get("/admin/audit", name="reports:audit", guards=[admin_only])
async def audit_log(kind: FromQuery[str] = "", employee: FromQuery[str] = "", page: FromQuery[int] = 1) -> Template:
    employee_id = optional_int(employee)
    found = await audit.entries(kind, employee_id, page)
    return Template(template_name="reports/audit.html", context={
        "page": found, "kind": kind if kind in AUDITED else "", "employee": employee_id or "",
        "kinds": KIND_LABELS, "actions": ACTION_LABELS, "fields": FIELD_LABELS})


AUDIT_ROUTES = [audit_log]
