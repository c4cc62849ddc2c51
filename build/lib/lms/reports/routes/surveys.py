"""Platform surveys: L&D writes and closes them and reads the results; everyone answers once."""

from babel.numbers import format_decimal
from litestar import Request, get, post
from litestar.params import FromPath
from litestar.response import Redirect, Template

from lms.forms import Form, FormData
from lms.i18n import N_, current_language
from lms.i18n import gettext as _
from lms.reports import charts, surveys
from lms.web.auth import admin_only, signed_in

SCALE_WORDS = {1: N_("poor"), 5: N_("excellent")}  # as the answer form shows the scale
KIND_LABELS = {"scale": N_("a score from 1 to 5"), "text": N_("an open answer")}


async def _admin_page(values: dict | None = None, errors: dict | None = None) -> Template:
    return Template(template_name="reports/surveys.html", status_code=400 if errors else 200, context={
        "surveys": await surveys.all_surveys(), "values": values or {}, "errors": errors or {},
        "numbers": range(1, surveys.MAX_QUESTIONS + 1), "kinds": KIND_LABELS})


@get("/admin/surveys", name="reports:surveys", guards=[admin_only])
async def survey_list() -> Template:
    return await _admin_page()


@post("/admin/surveys", name="reports:survey_create", guards=[admin_only])
async def survey_create(data: FormData) -> Template | Redirect:
    form = Form(data)
    title = form.text("title", _("Title"), max_length=200)
    questions = []
    for n in range(1, surveys.MAX_QUESTIONS + 1):
        text = form.text(f"question_{n}", _("Question %(n)s", n=n), required=False, max_length=300)
        kind = form.raw(f"kind_{n}") or "scale"
        if kind not in surveys.KINDS:
            form.add_error(f"kind_{n}", _("%(field)s: choose one of the options.", field=_("Answer")))
        if text:
            questions.append(surveys.QuestionInput(text, kind))
    if not questions:
        form.add_error("question_1", _("Ask at least one question."))
    if not form.ok:
        return await _admin_page(data, form.errors)
    survey_id = await surveys.create(title, questions)
    return Redirect(status_code=303, path=f"/admin/surveys/{survey_id}?notice=created")


@get("/admin/surveys/{survey_id:int}", name="reports:survey_results", guards=[admin_only])
async def survey_results(survey_id: FromPath[int]) -> Template:
    found = await surveys.results(survey_id)
    for question in found["questions"]:
        if question["kind"] == "scale":
            question["chart"] = charts.horizontal(
                [charts.bar(f"{n} · {_(SCALE_WORDS[n])}" if n in SCALE_WORDS else str(n), count, str(count)) for n, count in question["counts"].items()],
                question["text"])
            question["average"] = format_decimal(question["average"], locale=current_language.get()) \
                if question["average"] is not None else None
    return Template(template_name="reports/survey_results.html", context={"survey": found})


@post("/admin/surveys/{survey_id:int}/close", name="reports:survey_close", guards=[admin_only])
async def survey_close(survey_id: FromPath[int]) -> Redirect:
    await surveys.close(survey_id)
    return Redirect(status_code=303, path=f"/admin/surveys/{survey_id}?notice=survey_closed")


async def _answer_page(request: Request, survey_id: int, values: dict | None = None,
                       errors: dict | None = None) -> Template:
    survey = await surveys.get(survey_id)
    return Template(template_name="reports/survey_answer.html", status_code=400 if errors else 200, context={
        "survey": survey, "answered": await surveys.answered(survey_id, request.user.id),
        "values": values or {}, "errors": errors or {}})


@get("/surveys/{survey_id:int}", name="reports:survey_answer", guards=[signed_in])
async def survey_answer(request: Request, survey_id: FromPath[int]) -> Template:
    return await _answer_page(request, survey_id)


@post("/surveys/{survey_id:int}", name="reports:survey_answer_save", guards=[signed_in])
async def survey_answer_save(request: Request, survey_id: FromPath[int], data: FormData) -> Template | Redirect:
    survey = await surveys.get(survey_id)
    form = Form(data)
    answers: dict[int, int | str] = {}
    for question in survey["questions"]:
        name = f"q{question['id']}"
        scale = [str(n) for n in surveys.SCALE]
        if question["kind"] == "scale" and form.raw(name) and form.choice(name, question["text"], scale) in scale:
            answers[question["id"]] = int(form.raw(name))
        elif question["kind"] == "text":
            answers[question["id"]] = form.text(name, question["text"], required=False, max_length=2000)
    if not any(answers.values()) and form.ok:
        form.add_error(f"q{survey['questions'][0]['id']}", _("Answer at least one question."))
    if not form.ok:
        return await _answer_page(request, survey_id, data, form.errors)
    await surveys.answer(survey_id, request.user.id, answers)
    return Redirect(status_code=303, path="/?notice=survey_thanks")


SURVEY_ROUTES = [survey_list, survey_create, survey_results, survey_close, survey_answer, survey_answer_save]
