from piccolo.columns import JSON, Boolean, ForeignKey, Integer, Text, Timestamptz, Varchar
from piccolo.columns.base import OnDelete
from piccolo.table import Table

from lms.courses.tables import Enrolment
from lms.people.tables import Employee

EMAIL_MODES = ("each", "daily", "none")


class Reminder(Table):
    """A message due at a moment: the source of truth the sweep works through.

    A sweep claims due rows with one conditional update, so several app replicas sweeping at
    once deliver each reminder once; a row left in "sending" by a crash is claimed again later."""

    kind = Varchar(length=30, index=True)
    employee = ForeignKey(references=Employee, on_delete=OnDelete.cascade, index=True)
    dedupe_key = Varchar(length=120, unique=True)  # scheduling the same reminder twice adds nothing
    payload = JSON(default="{}")
    due_at = Timestamptz()
    status = Varchar(length=10, default="pending")  # pending, sending, retry, sent, failed, cancelled
    next_attempt_at = Timestamptz(index=True)
    claimed_at = Timestamptz(null=True, default=None)
    attempts = Integer(default=0)
    last_error = Text(default="")
    sent_at = Timestamptz(null=True, default=None)
    created_at = Timestamptz()


class Notification(Table):
    """The in-app inbox."""

    employee = ForeignKey(references=Employee, on_delete=OnDelete.cascade, index=True)
    reminder = ForeignKey(references=Reminder, null=True, on_delete=OnDelete.set_null, unique=True)
    title = Varchar(length=200)
    body = Text(default="")
    url = Varchar(length=300, default="")
    created_at = Timestamptz()
    read_at = Timestamptz(null=True, default=None)


class CheckIn(Table):
    """An impact check-in some time after a training: does the learner apply it?"""

    enrolment = ForeignKey(references=Enrolment, on_delete=OnDelete.cascade, index=True)
    respondent = ForeignKey(references=Employee, on_delete=OnDelete.cascade, index=True)
    for_manager = Boolean(default=False)
    offset_days = Integer()
    due_at = Timestamptz(index=True)
    answered_at = Timestamptz(null=True, default=None)
    applied = Varchar(length=10, default="")  # not_yet, sometimes, regularly
    example = Text(default="")
    impact = Integer(null=True, default=None)  # 1 to 5
    obstacles = Varchar(length=200, default="")  # comma separated: time, tools, support, other
    obstacle_other = Varchar(length=300, default="")
    need_more = Boolean(default=False)


class Preference(Table):
    employee = ForeignKey(references=Employee, on_delete=OnDelete.cascade, unique=True)
    email = Varchar(length=10, default="each")  # each, daily, none
    calendar_token = Varchar(length=64, default="")
    weekly_moment = Integer(null=True, default=None)  # hour of the week (0 = Monday 00:00), or none
