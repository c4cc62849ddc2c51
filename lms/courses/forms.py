"""The course forms: only the fields L&D may set, each checked with a message."""
from collections.abc import Mapping

from lms.courses.authoring import CourseInput
from lms.courses.tables import FORMATS, ROUTES
from lms.forms import Form
from lms.i18n import LANGUAGES
from lms.i18n import gettext as _


# what a new course starts with, on the form and through the API
COURSE_DEFAULTS = {"format": "online", "route": "internal_expert", "language": "en", "minutes": "10", "cost": "0",
                   "validity_months": "0", "pass_mark": "70", "max_attempts": "0", "watch_percent": "90"}


def course_form(data: Mapping) -> tuple[CourseInput, Form]:
    """The course as typed; use it only when form.ok."""
    form = Form(data)
    course = CourseInput(
        title=form.text("title", _("Title"), max_length=200),
        summary=form.text("summary", _("Summary"), required=False, max_length=300),
        description=form.text("description", _("Description"), required=False, max_length=20000),
        format=form.choice("format", _("Format"), FORMATS),
        route=form.choice("route", _("Route"), ROUTES),
        provider=form.text("provider", _("Provider"), required=False, max_length=200),
        trainer=form.optional_id("trainer", _("In-house trainer")),
        language=form.choice("language", _("Language"), LANGUAGES),
        minutes=form.whole_number("minutes", _("Length in minutes"), 1, 6000),
        cost_cents=form.money("cost", _("Cost")),
        mandatory=form.raw("mandatory") == "yes",
        validity_months=form.whole_number("validity_months", _("Certificate valid for (months)"), 0, 120),
        pass_mark=form.whole_number("pass_mark", _("Pass mark in percent"), 0, 100),
        max_attempts=form.whole_number("max_attempts", _("Quiz attempts"), 0, 20),
        watch_percent=form.whole_number("watch_percent", _("Share of a video to watch, in percent"), 10, 100),
    )
    return course, form


def question_form(data: Mapping) -> tuple[dict, Form]:
    """A question with up to six answers: answer_N, correct_N (yes) and feedback_N."""
    form = Form(data)
    text = form.text("text", _("Question"), max_length=500)
    choices = []
    for n in range(1, 7):
        answer = form.text(f"answer_{n}", _("Answer %(n)s", n=n), required=False, max_length=300)
        if answer:
            feedback = form.text(f"feedback_{n}", _("Feedback %(n)s", n=n), required=False, max_length=500)
            choices.append((answer, form.raw(f"correct_{n}") == "yes", feedback))
    multiple = form.raw("multiple") == "yes"
    right = sum(correct for _, correct, _ in choices)
    if len(choices) < 2:
        form.add_error("answer_2", _("Give at least two answers."))
    elif not right or (not multiple and right > 1):
        form.add_error("correct_1", _("Mark one right answer, or several for a multiple-choice question."))
    return {"text": text, "multiple": multiple, "choices": choices}, form
