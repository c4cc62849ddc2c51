"""A manager's overviews of their line (direct reports and theirs): the overview, the competency
matrix, the compliance panel and their exports. Nobody outside the line ever appears."""
from litestar import Request, Response, get
from litestar.params import FromPath, FromQuery
from litestar.response import Template

from lms.reports import compliance, overview
from lms.reports.routes import overviews
from lms.reports.scope import Scope, parse_page
from lms.web.auth import manager_only
from lms.web.kept_answers import KEEP_ANSWER


@get("/team/overview", name="reports:team_overview", guards=[manager_only])
async def team_overview(request: Request, page: FromQuery[str] = "", needs_page: FromQuery[str] = "") -> Template:
    scope = Scope.line_of(request.user.id)
    planned, overdue = await overview.planned(scope, parse_page(page))
    return Template(template_name="reports/team_overview.html", context={
        "planned": planned, "overdue": overdue, "needs": await overview.open_needs(scope, parse_page(needs_page)),
        "waiting": await overview.requests_waiting(request.user.id),
        "counts": await compliance.counts(scope), "labels": compliance.STATE_LABELS})


@get("/team/matrix", name="reports:team_matrix", guards=[manager_only], opt={KEEP_ANSWER: True})
async def team_matrix(request: Request, page: FromQuery[str] = "") -> Template:
    return await overviews.matrix_page(request.user, Scope.line_of(request.user.id), page, "/team/matrix",
                                       organisation=False)


@get("/team/matrix/{employee_id:int}/{competency_id:int}", name="reports:team_history", guards=[manager_only])
async def team_history(request: Request, employee_id: FromPath[int], competency_id: FromPath[int]) -> Template:
    return await overviews.history(request, employee_id, competency_id, "/team/matrix")


@get("/team/matrix.csv", name="reports:team_matrix_csv", guards=[manager_only])
async def team_matrix_csv(request: Request) -> Response:
    return await overviews.download("matrix", Scope.line_of(request.user.id), "csv")


@get("/team/matrix.xlsx", name="reports:team_matrix_xlsx", guards=[manager_only])
async def team_matrix_xlsx(request: Request) -> Response:
    return await overviews.download("matrix", Scope.line_of(request.user.id), "xlsx")


@get("/team/compliance", name="reports:team_compliance", guards=[manager_only],
     opt={KEEP_ANSWER: True})
async def team_compliance(request: Request, page: FromQuery[str] = "") -> Template:
    return await overviews.compliance_page(request.user, Scope.line_of(request.user.id), page, "/team/compliance",
                                           organisation=False)


@get("/team/compliance.csv", name="reports:team_compliance_csv", guards=[manager_only])
async def team_compliance_csv(request: Request) -> Response:
    return await overviews.download("compliance", Scope.line_of(request.user.id), "csv")


@get("/team/compliance.xlsx", name="reports:team_compliance_xlsx", guards=[manager_only])
async def team_compliance_xlsx(request: Request) -> Response:
    return await overviews.download("compliance", Scope.line_of(request.user.id), "xlsx")


TEAM_ROUTES = [team_overview, team_matrix, team_history, team_matrix_csv, team_matrix_xlsx, team_compliance,
               team_compliance_csv, team_compliance_xlsx]
