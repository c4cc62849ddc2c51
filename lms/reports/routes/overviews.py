"""What the team and the L&D versions of the matrix and the compliance panel share: the page,
the history of one cell, the export download. The route decides the scope; this renders it."""
from urllib.parse import urlencode

from litestar import Request, Response
from litestar.response import Template

from lms import clock
from lms.knowledge import reading
from lms.people import visibility
from lms.people.organisation import unit_choices
from lms.people.tables import Department, JobProfile
from lms.reports import compliance, exports, grids, matrix
from lms.reports.scope import Scope, parse_page

NO_STORE = {"Cache-Control": "private, no-store"}


def _links(base: str, scope: Scope) -> dict[str, str]:
    """The page, its exports and its pagination prefix, each keeping the filters."""
    query = urlencode(scope.query())
    keep = f"?{query}" if query else ""
    return {"page": base + keep, "csv": f"{base}.csv{keep}", "xlsx": f"{base}.xlsx{keep}",
            "pages": f"{base}?{query + '&' if query else ''}"}


async def _filters(scope: Scope, organisation: bool) -> dict:
    if not organisation:
        return {"organisation": False}
    return {"organisation": True, "departments": await unit_choices(Department),
            "job_profiles": await unit_choices(JobProfile), "scope": scope}


async def matrix_page(scope: Scope, page: str, base: str, organisation: bool) -> Template:
    found = await matrix.matrix_page(scope, parse_page(page))
    return Template(template_name="reports/matrix.html", context={
        "matrix": found, "page": found.page, "links": _links(base, scope), "action": base,
        "body": grids.matrix_body(found.columns, found.rows, base),
        **await _filters(scope, organisation)})


async def compliance_page(scope: Scope, page: str, base: str, organisation: bool) -> Template:
    found = await compliance.panel_page(scope, parse_page(page))
    return Template(template_name="reports/compliance.html", context={
        "panel": found, "page": found.page, "links": _links(base, scope), "labels": compliance.STATE_LABELS,
        "body": grids.compliance_body(found.columns, found.rows, compliance.STATE_LABELS, base),
        "counts": found.counts, "action": base, "reading": await reading.status(scope.manager_id),
        "days": compliance.EXPIRING_DAYS, **await _filters(scope, organisation)})


async def history(request: Request, employee_id: int, competency_id: int, back: str) -> Template:
    """A cell's history: a fragment for htmx, a whole page for a plain link."""
    person = await visibility.visible_employee(request.user, employee_id)
    found = await matrix.history(person["id"], competency_id)
    partial = bool(request.headers.get("hx-request"))
    return Template(template_name="reports/_history.html" if partial else "reports/matrix_history.html",
                    context={**found, "person": person, "back": back}, headers={"Vary": "HX-Request"})


async def download(kind: str, scope: Scope, extension: str) -> Response:
    found = await exports.export(kind, scope, extension, clock.now().date())
    return Response(content=found.content, media_type=found.media_type, headers={
        **NO_STORE, "Content-Disposition": f'attachment; filename="{found.filename}"'})
