"""Training budgets per department and year: L&D sets them; spent, committed and left follow."""
from typing import Annotated

from babel.numbers import format_currency
from litestar import get, post
from litestar.enums import RequestEncodingType
from litestar.params import Body, FromQuery
from litestar.response import Redirect, Template

from lms import clock, i18n
from lms.errors import BadRequest
from lms.forms import FieldError, Form, money_text
from lms.i18n import gettext as _
from lms.reports import budgets
from lms.web.auth import admin_only

FormData = Annotated[dict[str, str], Body(media_type=RequestEncodingType.URL_ENCODED)]


def _euros(cents: int) -> str:
    return format_currency(cents / 100, "EUR", locale=i18n.current_language.get())


def _this_year() -> int:
    return clock.now().year


def _year(text: str) -> int:
    text = text.strip()
    if not text:
        return _this_year()
    if not text.isdigit() or not budgets.FIRST_YEAR <= int(text) <= budgets.LAST_YEAR:
        raise BadRequest(_("The year must be a whole number from %(min)s to %(max)s.", min=budgets.FIRST_YEAR,
                           max=budgets.LAST_YEAR))
    return int(text)


async def _page(year: int, values: dict | None = None, errors: dict | None = None) -> Template:
    found = await budgets.overview(year)
    return Template(template_name="reports/budgets.html", context={
        **found, "chart": budgets.chart(found["rows"], _euros),
        "values": values or {"year": str(year)}, "errors": errors or {},
        "departments": [(row["department"], row["name"]) for row in found["rows"] if row["department"] is not None],
        "money_text": money_text})


@get("/admin/budgets", name="reports:budgets", guards=[admin_only])
async def budgets_page(year: FromQuery[str] = "") -> Template:
    return await _page(_year(year))


@post("/admin/budgets", name="reports:budget_set", guards=[admin_only])
async def budget_set(data: FormData) -> Template | Redirect:
    form = Form(data)
    department = form.optional_id("department", _("Department"))
    if department is None and "department" not in form.errors:
        form.add_error("department", _("%(field)s is required.", field=_("Department")))
    year = form.whole_number("year", _("Year"), budgets.FIRST_YEAR, budgets.LAST_YEAR)
    if not form.raw("amount").strip():
        form.add_error("amount", _("%(field)s is required.", field=_("Budget")))
    amount = form.money("amount", _("Budget"))
    shown_year = year if "year" not in form.errors else _this_year()
    values = {key: form.raw(key) for key in ("department", "year", "amount")}
    if not form.ok:
        return await _page(shown_year, values, form.errors)
    try:
        await budgets.set_budget(budgets.BudgetInput(department=department, year=year, amount_cents=amount))
    except FieldError as error:
        return await _page(shown_year, values, {error.field: error.message})
    return Redirect(status_code=303, path=f"/admin/budgets?year={year}&notice=saved")


BUDGET_ROUTES = [budgets_page, budget_set]
