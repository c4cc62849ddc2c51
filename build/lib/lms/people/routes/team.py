from litestar import Request, get
from litestar.params import FromPath
from litestar.response import Template

from lms.people import accounts, visibility
from lms.web.auth import manager_only, signed_in


@get("/team", name="people:team", guards=[manager_only])
async def team(request: Request) -> Template:
    reports = await accounts.direct_reports(request.user.id)
    return Template(template_name="people/team.html", context={"reports": reports})


@get("/people/{employee_id:int}", name="people:profile", guards=[signed_in])
async def profile(request: Request, employee_id: FromPath[int]) -> Template:
    person = await visibility.visible_employee(request.user, employee_id)
    return Template(template_name="people/profile.html", context={"person": person})
