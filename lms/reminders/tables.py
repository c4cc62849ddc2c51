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
    # push messages wait from this hour until that one (the organisation's time zone); none: no quiet hours
    quiet_from = Integer(null=True, default=21)
    quiet_until = Integer(null=True, default=7)
    recall_reminder = Boolean(default=False)  # told, once a day at most, when a course's questions come back


class PushKey(Table):
    """The installation's VAPID key pair (one row, name "vapid"), made the first time push is used:
    push services take messages for a browser only when signed with the key it subscribed with."""

    name = Varchar(length=20, unique=True)
    private_key = Varchar(length=60)  # the 32-byte private number, base64url
    public_key = Varchar(length=100)  # the uncompressed point, base64url: the page's application server key
    created_at = Timestamptz()


class PushSubscription(Table):
    """One browser that turned push on (its PushSubscription.toJSON()); the endpoint is unique, so the
    same browser subscribing again updates its row."""

    employee = ForeignKey(references=Employee, on_delete=OnDelete.cascade, index=True)
    endpoint = Varchar(length=1000, unique=True)  # the push service's address for this browser
    p256dh = Varchar(length=100)  # the browser's ECDH public key, base64url
    auth = Varchar(length=30)  # the browser's 16-byte auth secret, base64url
    created_at = Timestamptz()
    last_success_at = Timestamptz(null=True, default=None)
    last_failure_at = Timestamptz(null=True, default=None)


class PushMessage(Table):
    """One message for one subscription, waiting to be pushed (an outbox row, as lms/outbox.py says):
    made when the sweep puts a reminder in the inbox, or when someone asks for a test."""

    subscription = ForeignKey(references=PushSubscription, on_delete=OnDelete.cascade, index=True)
    reminder = ForeignKey(references=Reminder, null=True, default=None, on_delete=OnDelete.set_null)
    key = Varchar(length=80, unique=True)  # "reminder:<id>:<subscription>": made once however often planned
    title = Varchar(length=200)
    body = Text(default="")
    url = Varchar(length=300, default="")
    status = Varchar(length=10, default="pending", index=True)  # pending, sending, retry, delivered, failed
    attempts = Integer(default=0)
    next_attempt_at = Timestamptz(index=True)  # after the person's quiet hours
    claimed_at = Timestamptz(null=True, default=None)
    response_status = Integer(null=True, default=None)
    error = Varchar(length=300, default="")
    created_at = Timestamptz()
    delivered_at = Timestamptz(null=True, default=None)
