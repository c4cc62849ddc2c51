"""The learner's side: catalogue, course page, enrolling."""
from litestar import Request, get, post
from litestar.params import FromPath, FromQuery
from litestar.response import Redirect, Template

from lms.courses import agenda, authoring, catalogue, course_page, learning, lessons
from lms.courses.tables import FORMATS
from lms.forms import FormData, optional_int
from lms.i18n import LANGUAGES
from lms.knowledge import sharing
from lms.people.accounts import get_employee
from lms.reminders import preferences
from lms.web.auth import signed_in
from lms.web.kept_answers import KEEP_ANSWER


@get("/catalogue", name="courses:catalogue", guards=[signed_in], opt={KEEP_ANSWER: True})
async def browse(request: Request, q: FromQuery[str] = "", format: FromQuery[str] = "",
                 language: FromQuery[str] = "", length: FromQuery[str] = "", mandatory: FromQuery[bool] = False,
                 page: FromQuery[int] = 1) -> Template:
    filters = {"q": q[:200], "format": format if format in FORMATS else "",
               "language": language if language in LANGUAGES else "",
               "length": length if length in catalogue.LENGTHS else "", "mandatory": mandatory}
    searching = any(filters.values())
    context = {"filters": filters, "searching": searching, "formats": FORMATS}
    if searching:
        results = await catalogue.search(filters["q"], filters["format"], filters["language"], filters["length"],
                                         mandatory, page)
        context |= {"page": results, "progress": await catalogue.progress_of(request.user.id, [
            r["id"] for r in results.rows])}
    else:
        context |= await catalogue_rows(request.user)
    partial = request.headers.get("hx-target") == "catalogue-results"
    return Template(template_name="courses/_partials/catalogue_results.html" if partial else "courses/catalogue.html",
                    context=context, headers={"Vary": "HX-Request, HX-Target"})


async def catalogue_rows(user) -> dict:
    me = await get_employee(user.id)
    rows = [("new", await catalogue.new_row()), ("popular", await catalogue.popular_in_department(me["department"]))]
    areas = await catalogue.area_rows()
    ids = [c["id"] for _, row in rows for c in row] + [c["id"] for a in areas for c in a["courses"]]
    return {"rows": rows, "areas": areas, "progress": await catalogue.progress_of(user.id, ids)}


@get("/courses/{course_id:int}", name="courses:detail", guards=[signed_in], opt={KEEP_ANSWER: True})
async def detail(request: Request, course_id: FromPath[int]) -> Template:
    context = await course_page.page(request.user, course_id)
    context["shared_pages"] = await sharing.pages_for_course(request.user, course_id)
    return Template(template_name="courses/detail.html", context=context)


@post("/courses/{course_id:int}/enrol", name="courses:enrol", guards=[signed_in])
async def enrol(request: Request, course_id: FromPath[int], data: FormData) -> Redirect:
    """Enrols, then opens the first lesson when the button was Start, else the course page."""
    renewing = await learning.renewal_due(request.user.id, course_id)
    await learning.enrol(request.user.id, course_id)
    if data.get("then") == "lesson" and (first := await lessons.first_lesson(course_id)):
        return Redirect(status_code=303, path=f"/courses/{course_id}/lessons/{first}")
    return Redirect(status_code=303, path=f"/courses/{course_id}?notice={'renewing' if renewing else 'enrolled'}")




@get("/agenda", name="courses:agenda", guards=[signed_in])
async def agenda_page(request: Request, place: FromQuery[str] = "", competency: FromQuery[str] = "",
                      page: FromQuery[str] = "") -> Template:
    filters = {"place": place[:200], "competency": optional_int(competency)}
    settings = request.app.state.settings
    token = (await preferences.of(request.user.id))["calendar_token"]
    return Template(template_name="courses/agenda.html", context={
        "found": await agenda.sessions(filters["place"], filters["competency"], optional_int(page) or 1),
        "filters": filters, "places": [(p, p) for p in await agenda.places()],
        "competencies": await authoring.competency_choices(),
        "feed_url": f"{settings.base_url}/calendar/agenda/{token}.ics"})


LEARNER_ROUTES = [browse, detail, enrol, agenda_page]
