"""The organisation readiness check: take it, see the checks over time, set the bands."""
from typing import Annotated

from litestar import Request, get, post
from litestar.enums import RequestEncodingType
from litestar.params import Body, FromPath, FromQuery
from litestar.response import Redirect, Template

from lms.forms import Form
from lms.i18n import gettext as _
from lms.reports import readiness
from lms.web.auth import admin_only

FormData = Annotated[dict[str, str], Body(media_type=RequestEncodingType.URL_ENCODED)]
SCORE_CHOICES = [str(n) for n in range(len(readiness.SCORES))]


def _context(**extra) -> dict:
    return {"questions": readiness.QUESTIONS, "scores": readiness.SCORES, "conclusions": readiness.CONCLUSIONS,
            "conclusion_names": readiness.CONCLUSION_NAMES, "max_total": readiness.MAX_TOTAL, **extra}


def _read_check(form: Form) -> readiness.CheckInput:
    scores = []
    for n in range(len(readiness.QUESTIONS)):
        name, value = f"q{n + 1}", form.raw(f"q{n + 1}").strip()
        if not value:
            form.add_error(name, _("Question %(n)s needs an answer: choose one of the four scores.", n=n + 1))
        elif value not in SCORE_CHOICES:
            form.add_error(name, _("Question %(n)s: choose one of the four scores, from 0 to 3.", n=n + 1))
        scores.append(int(value) if value in SCORE_CHOICES else 0)
    note = form.text("note", _("Note"), required=False, max_length=readiness.MAX_NOTE)
    return readiness.CheckInput(scores=tuple(scores), note=note)


@get("/admin/readiness", name="reports:readiness", guards=[admin_only])
async def readiness_page(page: FromQuery[int] = 1) -> Template:
    return Template(template_name="reports/readiness.html", context=_context(
        page=await readiness.checks(page), chart=await readiness.chart(), bands=await readiness.bands(),
        values={}, errors={}))


@post("/admin/readiness", name="reports:readiness_take", guards=[admin_only])
async def readiness_take(request: Request, data: FormData) -> Template | Redirect:
    form = Form(data)
    check = _read_check(form)
    if not form.ok:
        return Template(template_name="reports/readiness.html", context=_context(
            page=await readiness.checks(1), chart=await readiness.chart(), bands=await readiness.bands(),
            values={key: form.raw(key) for key in data}, errors=form.errors))
    check_id = await readiness.save_check(request.user.id, check)
    return Redirect(status_code=303, path=f"/admin/readiness/{check_id}?notice=saved")


@get("/admin/readiness/{check_id:int}", name="reports:readiness_check", guards=[admin_only])
async def readiness_check(check_id: FromPath[int]) -> Template:
    return Template(template_name="reports/readiness_check.html",
                    context=_context(check=await readiness.check(check_id)))


def _bands_page(values: dict, errors: dict | None = None) -> Template:
    return Template(template_name="reports/readiness_bands.html",
                    context=_context(values=values, errors=errors or {}))


@get("/admin/readiness/bands", name="reports:readiness_bands", guards=[admin_only])
async def readiness_bands() -> Template:
    return _bands_page({f"min_{n}": str(value) for n, value in enumerate(await readiness.bands())})


@post("/admin/readiness/bands", name="reports:readiness_bands_set", guards=[admin_only])
async def readiness_bands_set(data: FormData) -> Template | Redirect:
    form = Form(data)
    minimums: list[int | None] = []
    for n in range(len(readiness.CONCLUSIONS)):
        text = form.raw(f"min_{n}").strip()
        minimums.append(int(text) if text.isdigit() and len(text) <= 3 else None)
    errors = readiness.band_errors(minimums)
    if errors:
        return _bands_page({key: form.raw(key) for key in data}, errors)
    await readiness.set_bands(minimums)
    return Redirect(status_code=303, path="/admin/readiness?notice=saved")


READINESS_ROUTES = [readiness_page, readiness_take, readiness_check, readiness_bands, readiness_bands_set]
