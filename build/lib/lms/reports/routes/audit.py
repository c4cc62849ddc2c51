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
ACTION_LABELS = {"created": N_("created"), "changed": N_("changed"), "deleted": N_("deleted"),
                 "password": N_("password set")}


@get("/admin/audit", name="reports:audit", guards=[admin_only])
async def audit_log(kind: FromQuery[str] = "", employee: FromQuery[str] = "", page: FromQuery[int] = 1) -> Template:
    employee_id = optional_int(employee)
    found = await audit.entries(kind, employee_id, page)
    return Template(template_name="reports/audit.html", context={
        "page": found, "kind": kind if kind in AUDITED else "", "employee": employee_id or "",
        "kinds": KIND_LABELS, "actions": ACTION_LABELS})


AUDIT_ROUTES = [audit_log]
