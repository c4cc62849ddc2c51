"""The one search box across pages, documents and courses."""
from litestar import Request, get
from litestar.params import FromQuery
from litestar.response import Template

from lms.forms import optional_int
from lms.knowledge import search_results
from lms.web.auth import signed_in


@get("/knowledge/search", name="knowledge:search", guards=[signed_in])
async def search(request: Request, q: FromQuery[str] = "", kind: FromQuery[str] = "", space: FromQuery[str] = "",
                 page: FromQuery[int] = 1) -> Template:
    found = await search_results.search_page(request.user, q[:200], kind, optional_int(space), page)
    return Template(template_name="knowledge/search.html", context={"found": found})


SEARCH_ROUTES = [search]
