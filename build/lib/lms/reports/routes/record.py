"""My learning: the record on a page, as a PDF and as a CSV; the same of a report for their
manager line and L&D."""

from litestar import Request, Response, get
from litestar.params import FromPath
from litestar.response import Template

from lms.people import visibility
from lms.reports import record
from lms.storage import ascii_slug
from lms.web.auth import signed_in

NO_STORE = {"Cache-Control": "private, no-store"}


def _filename(person: dict, extension: str) -> str:
    return f"learning-record-{ascii_slug(person['first_name'] + ' ' + person['last_name'], 'employee')}.{extension}"


async def _record(request: Request, employee_id: int) -> dict:
    person = await visibility.visible_employee(request.user, employee_id)  # 403 for anyone else
    return await record.record(person["id"])


async def _page(request: Request, employee_id: int) -> Template:
    rec = await _record(request, employee_id)
    return Template(template_name="reports/record.html",
                    context={"rec": rec, "own": rec["person"]["id"] == request.user.id})


async def _pdf(request: Request, employee_id: int) -> Response:
    rec = await _record(request, employee_id)
    return Response(content=record.to_pdf(rec), media_type="application/pdf", headers={
        **NO_STORE, "Content-Disposition": f'attachment; filename="{_filename(rec["person"], "pdf")}"'})


async def _csv(request: Request, employee_id: int) -> Response:
    rec = await _record(request, employee_id)
    return Response(content=record.to_csv(rec), media_type="text/csv; charset=utf-8", headers={
        **NO_STORE, "Content-Disposition": f'attachment; filename="{_filename(rec["person"], "csv")}"'})


@get("/me/learning", name="reports:my_learning", guards=[signed_in])
async def my_learning(request: Request) -> Template:
    return await _page(request, request.user.id)


@get("/me/learning.pdf", name="reports:my_learning_pdf", guards=[signed_in])
async def my_learning_pdf(request: Request) -> Response:
    return await _pdf(request, request.user.id)


@get("/me/learning.csv", name="reports:my_learning_csv", guards=[signed_in])
async def my_learning_csv(request: Request) -> Response:
    return await _csv(request, request.user.id)


@get("/people/{employee_id:int}/learning", name="reports:learning_of", guards=[signed_in])
async def learning_of(request: Request, employee_id: FromPath[int]) -> Template:
    return await _page(request, employee_id)


@get("/people/{employee_id:int}/learning.pdf", name="reports:learning_of_pdf", guards=[signed_in])
async def learning_of_pdf(request: Request, employee_id: FromPath[int]) -> Response:
    return await _pdf(request, employee_id)


@get("/people/{employee_id:int}/learning.csv", name="reports:learning_of_csv", guards=[signed_in])
async def learning_of_csv(request: Request, employee_id: FromPath[int]) -> Response:
    return await _csv(request, employee_id)


RECORD_ROUTES = [my_learning, my_learning_pdf, my_learning_csv, learning_of, learning_of_pdf, learning_of_csv]
