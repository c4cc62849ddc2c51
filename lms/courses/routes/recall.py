"""A question that comes back after a course: answered from the home page, marked, and scheduled again."""
from litestar import Request, post
from litestar.params import FromPath
from litestar.response import Template

from lms.courses import recall
from lms.forms import FormData, optional_int
from lms.web.auth import signed_in


def _chosen(data: dict) -> set[int]:
    values = data.get("choice", [])
    values = values if isinstance(values, list) else [values]
    chosen = {optional_int(str(value)) for value in values}
    if not values or None in chosen:
        raise recall.NotAChoice()
    return chosen


@post("/recall/{card_id:int}", name="courses:recall_answer", guards=[signed_in])
async def recall_answer(request: Request, card_id: FromPath[int], data: FormData) -> Template:
    result = await recall.answer(request.user.id, card_id, _chosen(data))
    return Template(template_name="courses/recall_result.html",
                    context={"result": result, "recall": await recall.due_for(request.user.id)})


RECALL_ROUTES = [recall_answer]
