"""Competency coverage across the organisation, by department and job profile."""
from litestar import get
from litestar.params import FromQuery
from litestar.response import Template

from lms.forms import optional_int
from lms.reports import coverage
from lms.web.auth import admin_only


@get("/admin/reports/coverage", name="reports:coverage", guards=[admin_only])
async def coverage_page(department: FromQuery[str] = "", job_profile: FromQuery[str] = "") -> Template:
    filters = coverage.Filters(department=optional_int(department), job_profile=optional_int(job_profile))
    rows = await coverage.coverage(filters)
    return Template(template_name="reports/coverage.html", context={
        "rows": rows, "chart": coverage.chart(rows) if rows else None, "filters": filters,
        **await coverage.filter_options()})


COVERAGE_ROUTES = [coverage_page]
