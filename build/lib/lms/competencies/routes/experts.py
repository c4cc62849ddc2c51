"""Who knows this: a competency, its levels, the colleagues who know it and the courses that develop it."""
from litestar import Request, get
from litestar.params import FromPath
from litestar.response import Template

from lms.competencies import experts, framework
from lms.web.auth import signed_in


@get("/competencies/{competency_id:int}", name="competencies:detail", guards=[signed_in])
async def detail(request: Request, competency_id: FromPath[int]) -> Template:
    competency = await framework.get_competency(competency_id)
    return Template(template_name="competencies/detail.html", context={
        "competency": competency, "scale": await framework.scale(),
        "experts": await experts.experts(competency_id, exclude_employee=request.user.id),
        "courses": await experts.courses_developing(competency_id)})


EXPERT_ROUTES = [detail]
