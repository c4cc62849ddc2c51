"""The L&D reports hub: every organisation-wide overview on one page."""
from litestar import get
from litestar.response import Template

from lms.i18n import N_
from lms.web.auth import admin_only

REPORTS = (
    ("/admin/reports/coverage", N_("Competency coverage"), N_("How many people reach the level their job profile requires")),
    ("/admin/reports/matrix", N_("Competency matrix"), N_("People against the competencies of their job profiles")),
    ("/admin/reports/compliance", N_("Compliance"), N_("Mandatory trainings per person: valid, expiring, expired, missing")),
    ("/admin/reports/catalogue", N_("Catalogue use"), N_("Enrolments, completions and ratings per course")),
    ("/admin/reports/training-days", N_("Training days"), N_("Days followed against the yearly training right; the social balance sheet's figures")),
    ("/admin/budgets", N_("Training budgets"), N_("Budget, spent, committed and left per department and year")),
    ("/admin/impact", N_("Impact"), N_("Check-ins weeks and months after a training")),
    ("/admin/readiness", N_("Readiness check"), N_("Is the organisation ready for a new, sustainable way of learning?")),
    ("/admin/surveys", N_("Surveys"), N_("Ask everyone a few questions on the platform and the offer, from their home page")),
    ("/admin/audit", N_("Audit log"), N_("Every change to a training record, assessment or certificate")),
)


@get("/admin/reports", name="reports:hub", guards=[admin_only])
async def hub() -> Template:
    return Template(template_name="reports/hub.html", context={"reports": REPORTS})


HUB_ROUTES = [hub]
