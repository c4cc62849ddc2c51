"""Short surveys L&D runs on the platform and the offer: at most five questions, each a 1-5 scale or
an open answer, answered once per person from the home page; results never show who said what."""
from dataclasses import dataclass

from lms import clock
from lms.db import is_valid_id, write_transaction
from lms.errors import Conflict, NotFound
from lms.i18n import gettext as _
from lms.reports.tables import Survey, SurveyQuestion, SurveyResponse

MAX_QUESTIONS = 5
KINDS = ("scale", "text")
SCALE = range(1, 6)


class SurveyClosed(Conflict):
    def __init__(self) -> None:
        super().__init__(_("This survey is closed. Thank you all the same."))


@dataclass(frozen=True)
class QuestionInput:
    text: str
    kind: str


async def create(title: str, questions: list[QuestionInput]) -> int:
    async with write_transaction():
        survey = (await Survey.insert(Survey(title=title, created_at=clock.now())).returning(Survey.id))[0]["id"]
        await SurveyQuestion.insert(*(SurveyQuestion(survey=survey, position=n, text=q.text, kind=q.kind)
                                      for n, q in enumerate(questions, start=1)))
    return survey


async def get(survey_id: int) -> dict:
    row = await Survey.select().where(Survey.id == survey_id).first() if is_valid_id(survey_id) else None
    if row is None:
        raise NotFound
    row["questions"] = await SurveyQuestion.select().where(SurveyQuestion.survey == survey_id).order_by(
        SurveyQuestion.position)
    return row


async def all_surveys() -> list[dict]:
    surveys = await Survey.select().order_by(Survey.created_at, ascending=False)
    for survey in surveys:
        survey["responses"] = await SurveyResponse.count().where(SurveyResponse.survey == survey["id"])
    return surveys


async def close(survey_id: int) -> None:
    await get(survey_id)
    await Survey.update({Survey.closed_at: clock.now()}).where(Survey.id == survey_id, Survey.closed_at.is_null())


async def waiting_for(employee_id: int) -> dict | None:
    """The newest open survey the person has not answered, for the home page."""
    return await Survey.select(Survey.id, Survey.title).where(
        Survey.closed_at.is_null(),
        Survey.id.not_in(SurveyResponse.select(SurveyResponse.survey).where(SurveyResponse.employee == employee_id)),
    ).order_by(Survey.created_at, ascending=False).first()


async def answered(survey_id: int, employee_id: int) -> bool:
    return await SurveyResponse.exists().where(SurveyResponse.survey == survey_id,
                                               SurveyResponse.employee == employee_id)


async def answer(survey_id: int, employee_id: int, answers: dict[int, int | str]) -> bool:
    """Keeps the answers once; a second send (another tab, a double click) changes nothing."""
    survey = await get(survey_id)
    if survey["closed_at"]:
        raise SurveyClosed
    saved = await SurveyResponse.insert(SurveyResponse(
        survey=survey_id, employee=employee_id, answers={str(k): v for k, v in answers.items()},
        created_at=clock.now())).on_conflict(target=(SurveyResponse.survey, SurveyResponse.employee),
                                             action="DO NOTHING").returning(SurveyResponse.id)
    return bool(saved)


async def results(survey_id: int) -> dict:
    """Per question: for a scale the count of each answer and the average, for text the answers."""
    survey = await get(survey_id)
    rows = await SurveyResponse.select(SurveyResponse.answers).where(SurveyResponse.survey == survey_id).output(
        load_json=True)
    for question in survey["questions"]:
        given = [row["answers"].get(str(question["id"])) for row in rows]
        given = [value for value in given if value not in (None, "")]
        if question["kind"] == "scale":
            question["counts"] = {n: given.count(n) for n in SCALE}
            question["average"] = round(sum(given) / len(given), 1) if given else None
        else:
            question["texts"] = given
    survey["responses"] = len(rows)
    return survey
