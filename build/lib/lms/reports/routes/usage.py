"""Catalogue use: per course enrolments, completions and ratings; sortable, paged, as CSV."""
from litestar import get
from litestar.params import FromQuery
from litestar.response import Response, Template

from lms import clock
from lms.reports import usage
from lms.web.auth import admin_only


@get("/admin/reports/catalogue", name="reports:catalogue", guards=[admin_only])
async def catalogue_use(sort: FromQuery[str] = "", dir: FromQuery[str] = "", page: FromQuery[int] = 1) -> Template:
    sort, direction = usage.sort_order(sort, dir)
    found = await usage.usage(sort, direction, page)
    return Template(template_name="reports/catalogue.html", context={
        "page": found, "sort": sort, "dir": direction, "chart": usage.chart(found.rows) if found.rows else None,
        "columns": usage.SORTS})


@get("/admin/reports/catalogue.csv", name="reports:catalogue_csv", guards=[admin_only])
async def catalogue_use_csv(sort: FromQuery[str] = "", dir: FromQuery[str] = "") -> Response:
    text = await usage.usage_csv(sort, dir)
    filename = f"catalogue-use-{clock.now().date().isoformat()}.csv"
    return Response(content="\ufeff" + text, media_type="text/csv; charset=utf-8",
                    headers={"Content-Disposition": f'attachment; filename="{filename}"',
                             "Cache-Control": "private, no-store"})


USAGE_ROUTES = [catalogue_use, catalogue_use_csv]
