"""The one search box across pages, documents and courses; on its first page also the competencies
(with who knows them) and the colleagues whose names match."""
from litestar import Request, get
from litestar.params import FromQuery
from litestar.response import Template

from lms.competencies import experts
from lms.forms import optional_int
from lms.knowledge import search_results
from lms.people import accounts
from lms.web.auth import signed_in
from lms.web.kept_answers import KEEP_ANSWER


@get("/knowledge/search", name="knowledge:search", guards=[signed_in], opt={KEEP_ANSWER: True})
async def search(request: Request, q: FromQuery[str] = "", kind: FromQuery[str] = "", space: FromQuery[str] = "",
                 page: FromQuery[int] = 1) -> Template:
    found = await search_results.search_page(request.user, q[:200], kind, optional_int(space), page)
    first_page = found.query and not found.kind and not found.space and found.results.number == 1
    return Template(template_name="knowledge/search.html", context={
        "found": found,
        "competencies": await experts.competencies_named(found.query) if first_page else [],
        "people": await accounts.colleagues_named(found.query) if first_page else []})


SEARCH_ROUTES = [search]
