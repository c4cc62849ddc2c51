"""The training duty: days followed against the yearly right, for a manager's line and for L&D, and
the year's figures for the social balance sheet (CSV and XLSX)."""
from litestar import Request, Response, get
from litestar.params import FromQuery
from litestar.response import Template

from lms import clock
from lms.forms import optional_int
from lms.reports import exports, training_duty
from lms.settings import load_settings
from lms.spreadsheets import safe_filename
from lms.web.auth import admin_only, manager_only

NO_STORE = {"Cache-Control": "private, no-store"}


def _year(text: str) -> int:
    """A year from 2000 to next year; anything else is this year."""
    year, this = optional_int(text), clock.now().year
    return year if year and 2000 <= year <= this + 1 else this


@get("/team/training-days", name="reports:team_training", guards=[manager_only])
async def team_training(request: Request, year: FromQuery[str] = "") -> Template:
    chosen = _year(year)
    return Template(template_name="reports/training_days.html", context={
        "year": chosen, "people": await training_duty.people(chosen, request.user.id), "organisation": False,
        "right": load_settings().training_days})


@get("/admin/reports/training-days", name="reports:training", guards=[admin_only])
async def training(year: FromQuery[str] = "") -> Template:
    chosen = _year(year)
    everyone = await training_duty.people(chosen)
    return Template(template_name="reports/training_days.html", context={
        "year": chosen, "departments": training_duty.by_department(everyone), "organisation": True,
        "balance": await training_duty.social_balance(chosen), "right": load_settings().training_days})


async def _balance_file(year: str, extension: str) -> Response:
    chosen = _year(year)
    sheet = training_duty.social_balance_sheet(chosen, await training_duty.social_balance(chosen))
    content = exports.to_csv(sheet) if extension == "csv" else exports.to_xlsx(sheet)
    filename = safe_filename(f"social-balance-training-{chosen}", clock.now().date(), extension)
    return Response(content=content, media_type=exports.MEDIA_TYPES[extension],
                    headers={**NO_STORE, "Content-Disposition": f'attachment; filename="{filename}"'})


@get("/admin/reports/training-days.csv", name="reports:training_csv", guards=[admin_only])
async def training_csv(year: FromQuery[str] = "") -> Response:
    return await _balance_file(year, "csv")


@get("/admin/reports/training-days.xlsx", name="reports:training_xlsx", guards=[admin_only])
async def training_xlsx(year: FromQuery[str] = "") -> Response:
    return await _balance_file(year, "xlsx")


TRAINING_ROUTES = [team_training, training, training_csv, training_xlsx]
