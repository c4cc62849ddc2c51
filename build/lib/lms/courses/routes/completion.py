"""After completing: the certificate, its public verification, and the evaluation."""

from litestar import Request, Response, get, post
from litestar.params import FromPath, FromQuery
from litestar.response import Redirect, Template

from lms import clock
from lms.courses import certificates, evaluations, learning
from lms.errors import NotFound
from lms.forms import Form, FormData
from lms.i18n import day
from lms.i18n import gettext as _
from lms.people import visibility
from lms.web.auth import signed_in

SCALE = [str(n) for n in range(1, 6)]


async def _completed_page(user_id: int, course_id: int, errors: dict | None = None, values: dict | None = None):
    enrolment = await evaluations.completed_enrolment(user_id, course_id)
    return Template(template_name="courses/completed.html", context={
        "course": await learning.published_course(course_id),
        "enrolment": enrolment,
        "certificate": await certificates.of_enrolment(user_id, course_id),
        "evaluation": await evaluations.evaluation_of(enrolment["id"]),
        "errors": errors or {}, "values": values or {},
    })


@get("/courses/{course_id:int}/completed", name="courses:completed", guards=[signed_in])
async def completed(request: Request, course_id: FromPath[int]) -> Template:
    return await _completed_page(request.user.id, course_id)


@post("/courses/{course_id:int}/evaluation", name="courses:evaluate", guards=[signed_in])
async def evaluate(request: Request, course_id: FromPath[int], data: FormData) -> Template | Redirect:
    form = Form(data)
    rating = form.choice("rating", _("Overall rating"), SCALE)
    relevance = form.choice("relevance", _("Relevance for your job"), SCALE)
    recommend = form.choice("recommend", _("Would you recommend it"), ["yes", "no"])
    comment = form.text("comment", _("Comment"), required=False, max_length=2000)
    if not form.ok:
        return await _completed_page(request.user.id, course_id, form.errors, data)
    await evaluations.evaluate(request.user.id, course_id, int(rating), int(relevance), recommend == "yes", comment)
    return Redirect(status_code=303, path=f"/courses/{course_id}/completed?notice=thanks")


@get("/certificates/{code:str}/pdf", name="courses:certificate_pdf", guards=[signed_in])
async def certificate_pdf(request: Request, code: FromPath[str]) -> Response | Redirect:
    certificate = await certificates.by_code(code)
    if certificate is None:
        raise NotFound
    await visibility.visible_employee(request.user, certificate["employee"])
    if certificate["file"]:  # an uploaded certificate: the file itself, not one we generate
        return Redirect(status_code=303, path=f"/me/trainings/{certificate['external_id']}/certificate")
    settings = request.app.state.settings
    labels = {
        "heading": _("Certificate"), "intro": _("This certifies that"), "completed": _("completed the training"),
        "code": _("Verification code"),
        "dates": _("Issued on %(issued)s", issued=day(certificate["issued_on"])) + (
            " · " + _("valid until %(expires)s", expires=day(certificate["expires_on"]))
            if certificate["expires_on"] else ""),
    }
    body = certificates.to_pdf(certificate, f"{settings.base_url}/verify/{certificate['code']}", labels)
    return Response(content=body, media_type="application/pdf", headers={
        "content-disposition": f'attachment; filename="certificate-{certificate["code"]}.pdf"'})


@get("/verify", name="courses:verify_form")
async def verify_form(code: FromQuery[str] = "") -> Template | Redirect:
    if code.strip():
        return Redirect(status_code=303, path=f"/verify/{code.strip().upper()[:20]}")
    return Template(template_name="courses/verify.html", context={"certificate": None, "code": ""})


@get("/verify/{code:str}", name="courses:verify")
async def verify(code: FromPath[str]) -> Template:
    """Public: anyone with the code (an employer, an inspector) can check a certificate."""
    certificate = await certificates.by_code(code)
    state = certificates.status(certificate, clock.now().date()) if certificate else None
    if certificate and certificate["file"] and not certificate["verified_at"]:
        state = "unchecked"
    elif certificate and await certificates.is_superseded(certificate):
        state = "superseded"
    return Template(template_name="courses/verify.html", status_code=200 if certificate else 404,
                    context={"certificate": certificate, "code": code[:20], "state": state})


COMPLETION_ROUTES = [completed, evaluate, certificate_pdf, verify_form, verify]
