"""What the team and the L&D versions of the matrix and the compliance panel share: the page,
the history of one cell, the export download. The route decides the scope; this renders it."""
from urllib.parse import urlencode

from litestar import Request, Response
from litestar.response import Template

from lms import clock, i18n
from lms.cache import ShortCache
from lms.knowledge import reading
from lms.people import visibility
from lms.people.sessions import SignedIn
from lms.people.organisation import unit_choices
from lms.people.tables import Department, JobProfile
from lms.reports import compliance, exports, grids, matrix
from lms.reports.scope import Scope, parse_page
from lms.settings import load_settings

NO_STORE = {"Cache-Control": "private, no-store"}
# A page of a grid (50 people by up to 60 columns) costs 40 to 80 ms to compute and is the same for
# everyone with the same scope: kept a minute per process (LMS_SHARED_CACHE_SECONDS), and computed
# afresh for a viewer who changed something since, so a manager sees an assignment they just made.
kept_pages = ShortCache(seconds=load_settings().shared_cache_seconds, max_entries=64)  # about 40 MB at most


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


async def _kept(viewer: SignedIn, kind: str, scope: Scope, page: int, base: str, compute) -> dict:
    key = (kind, scope, page, base, i18n.current_language.get())
    return await kept_pages.get(key, compute, fresh_after=viewer.wrote_at)


async def matrix_page(viewer: SignedIn, scope: Scope, page: str, base: str, organisation: bool) -> Template:
    number = parse_page(page)

    async def compute() -> dict:
        found = await matrix.matrix_page(scope, number)
        return {"matrix": found, "page": found.page, "body": grids.matrix_body(found.columns, found.rows, base),
                **await _filters(scope, organisation)}

    return Template(template_name="reports/matrix.html", context={
        **await _kept(viewer, "matrix", scope, number, base, compute), "links": _links(base, scope), "action": base})


async def compliance_page(viewer: SignedIn, scope: Scope, page: str, base: str, organisation: bool) -> Template:
    number = parse_page(page)

    async def compute() -> dict:
        found = await compliance.panel_page(scope, number)
        return {"panel": found, "page": found.page, "counts": found.counts,
                "body": grids.compliance_body(found.columns, found.rows, compliance.STATE_LABELS, base),
                "reading": await reading.status(scope.manager_id), **await _filters(scope, organisation)}

    return Template(template_name="reports/compliance.html", context={
        **await _kept(viewer, "compliance", scope, number, base, compute), "links": _links(base, scope),
        "labels": compliance.STATE_LABELS, "action": base, "days": compliance.EXPIRING_DAYS})


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
