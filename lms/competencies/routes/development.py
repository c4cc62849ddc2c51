"""Development reviews: a manager holds one with a report, the employee reads theirs, L&D sees per
department how many were held."""
from litestar import Request, get, post
from litestar.params import FromPath, FromQuery
from litestar.response import Redirect, Template

from lms import clock
from lms.competencies import development
from lms.errors import Forbidden
from lms.forms import Form, FormData, optional_int
from lms.i18n import gettext as _
from lms.people import visibility
from lms.reminders import notify
from lms.web.auth import admin_only, manager_only, signed_in


def _period(text: str) -> str:
    return text.strip()[:40] or development.this_period()


@get("/team/reviews", name="competencies:team_reviews", guards=[manager_only])
async def team_reviews(request: Request, period: FromQuery[str] = "") -> Template:
    period = _period(period)
    return Template(template_name="competencies/team_reviews.html", context={
        "people": await development.team(request.user.id, period), "period": period})


async def _form(request: Request, employee_id: int, values: dict, errors: dict | None = None,
                status_code: int = 200) -> Template:
    if not await visibility.reports_to(request.user.id, employee_id):
        raise Forbidden
    return Template(template_name="competencies/review_form.html", status_code=status_code, context={
        "person": await visibility.visible_employee(request.user, employee_id), "values": values,
        "errors": errors or {}, "previous": await development.reviews_of(employee_id),
        "competencies": await development.competency_choices(), "actions": range(1, development.MAX_ACTIONS + 1)})


@get("/team/reviews/{employee_id:int}/new", name="competencies:review_new", guards=[manager_only])
async def review_new(request: Request, employee_id: FromPath[int]) -> Template:
    return await _form(request, employee_id, {"period": development.this_period(),
                                               "held_on": clock.now().date().isoformat()})


def _read(form: Form, data: dict) -> development.ReviewInput:
    period = form.text("period", _("Period"), max_length=40)
    held_on = form.optional_date("held_on", _("Held on"))
    if held_on is None and "held_on" not in form.errors:
        form.add_error("held_on", _("%(field)s is required.", field=_("Held on")))
    went_well = form.text("went_well", _("What went well"), required=False, max_length=development.MAX_TEXT)
    to_learn = form.text("to_learn", _("What to learn next"), required=False, max_length=development.MAX_TEXT)
    chosen = data.get("competencies", [])
    chosen = chosen if isinstance(chosen, list) else [chosen]
    competencies = list(dict.fromkeys(number for number in (optional_int(c) for c in chosen if isinstance(c, str))
                                      if number))[:development.MAX_COMPETENCIES]
    actions = []
    for number in range(1, development.MAX_ACTIONS + 1):
        title = form.text(f"action_{number}", _("Action"), required=False, max_length=200)
        owner = form.raw(f"owner_{number}")
        due = form.optional_date(f"due_{number}", _("Due date"))
        if title:
            if owner not in ("employee", "manager"):
                form.add_error(f"owner_{number}", _("Choose who sees to it."))
            actions.append(development.Action(title=title, by_manager=owner == "manager", due=due))
    return development.ReviewInput(period=period, held_on=held_on or clock.now().date(), went_well=went_well,
                                   to_learn=to_learn, competencies=competencies, actions=actions)


@post("/team/reviews/{employee_id:int}", name="competencies:review_save", guards=[manager_only])
async def review_save(request: Request, employee_id: FromPath[int], data: FormData) -> Template | Redirect:
    form = Form(data)
    review = _read(form, data)
    values = {key: form.raw(key) for key in data if isinstance(key, str)}
    values["competencies"] = review.competencies
    if not form.ok:
        return await _form(request, employee_id, values, form.errors, status_code=400)
    review_id = await development.hold(request.user, employee_id, review)
    await notify.review_shared(review_id)
    return Redirect(status_code=303, path=f"/people/{employee_id}/reviews?notice=review_saved")


async def _reviews_page(request: Request, employee_id: int) -> Template:
    person = await visibility.visible_employee(request.user, employee_id)
    return Template(template_name="competencies/reviews.html", context={
        "person": person, "own": person["id"] == request.user.id,
        "reviews": await development.reviews_of(person["id"]),
        "may_hold": await visibility.reports_to(request.user.id, person["id"])})


@get("/me/reviews", name="competencies:my_reviews", guards=[signed_in])
async def my_reviews(request: Request) -> Template:
    return await _reviews_page(request, request.user.id)


@get("/people/{employee_id:int}/reviews", name="competencies:reviews_of", guards=[signed_in])
async def reviews_of(request: Request, employee_id: FromPath[int]) -> Template:
    return await _reviews_page(request, employee_id)


@get("/admin/reviews", name="competencies:admin_reviews", guards=[admin_only])
async def admin_reviews(period: FromQuery[str] = "") -> Template:
    period = _period(period)
    return Template(template_name="competencies/admin_reviews.html", context={
        "rows": await development.by_department(period), "period": period})


DEVELOPMENT_ROUTES = [team_reviews, review_new, review_save, my_reviews, reviews_of, admin_reviews]
