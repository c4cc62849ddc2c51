"""L&D's competency matrix and compliance panel across the organisation, filtered by department
and job profile, with the same exports."""
from litestar import Request, Response, get
from litestar.params import FromPath, FromQuery
from litestar.response import Template

from lms.reports.routes import overviews
from lms.reports.scope import Scope
from lms.web.auth import admin_only
from lms.web.kept_answers import KEEP_ANSWER


@get("/admin/reports/matrix", name="reports:org_matrix", guards=[admin_only], opt={KEEP_ANSWER: True})
async def org_matrix(request: Request, page: FromQuery[str] = "", department: FromQuery[str] = "",
                     job_profile: FromQuery[str] = "") -> Template:
    return await overviews.matrix_page(request.user, Scope.organisation(department, job_profile), page,
                                       "/admin/reports/matrix", organisation=True)


@get("/admin/reports/matrix/{employee_id:int}/{competency_id:int}", name="reports:org_history",
     guards=[admin_only])
async def org_history(request: Request, employee_id: FromPath[int], competency_id: FromPath[int]) -> Template:
    return await overviews.history(request, employee_id, competency_id, "/admin/reports/matrix")


@get("/admin/reports/matrix.csv", name="reports:org_matrix_csv", guards=[admin_only])
async def org_matrix_csv(department: FromQuery[str] = "", job_profile: FromQuery[str] = "") -> Response:
    return await overviews.download("matrix", Scope.organisation(department, job_profile), "csv")


@get("/admin/reports/matrix.xlsx", name="reports:org_matrix_xlsx", guards=[admin_only])
async def org_matrix_xlsx(department: FromQuery[str] = "", job_profile: FromQuery[str] = "") -> Response:
    return await overviews.download("matrix", Scope.organisation(department, job_profile), "xlsx")


@get("/admin/reports/compliance", name="reports:org_compliance", guards=[admin_only],
     opt={KEEP_ANSWER: True})
async def org_compliance(request: Request, page: FromQuery[str] = "", department: FromQuery[str] = "",
                         job_profile: FromQuery[str] = "") -> Template:
    return await overviews.compliance_page(request.user, Scope.organisation(department, job_profile), page,
                                           "/admin/reports/compliance", organisation=True)


@get("/admin/reports/compliance.csv", name="reports:org_compliance_csv", guards=[admin_only])
async def org_compliance_csv(department: FromQuery[str] = "", job_profile: FromQuery[str] = "") -> Response:
    return await overviews.download("compliance", Scope.organisation(department, job_profile), "csv")


@get("/admin/reports/compliance.xlsx", name="reports:org_compliance_xlsx", guards=[admin_only])
async def org_compliance_xlsx(department: FromQuery[str] = "", job_profile: FromQuery[str] = "") -> Response:
    return await overviews.download("compliance", Scope.organisation(department, job_profile), "xlsx")


ORG_ROUTES = [org_matrix, org_history, org_matrix_csv, org_matrix_xlsx, org_compliance, org_compliance_csv,
              org_compliance_xlsx]
