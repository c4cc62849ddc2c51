from piccolo.columns import JSON, Boolean, ForeignKey, Integer, Timestamptz, Varchar
from piccolo.columns.base import OnDelete
from piccolo.table import Table

from lms.people.tables import Employee


class Webhook(Table):
    """An address L&D registered for events; each delivery is signed with its secret."""

    url = Varchar(length=500)
    secret = Varchar(length=64)  # the receiver checks X-LMS-Signature with it
    events = Varchar(length=200)  # space-separated
    created_by = ForeignKey(references=Employee, null=True, on_delete=OnDelete.set_null)
    created_at = Timestamptz()  # events from this moment on are sent
    active = Boolean(default=True)


class WebhookDelivery(Table):
    """One event for one webhook, made once (a unique key per event) and sent until it is taken."""

    webhook = ForeignKey(references=Webhook, on_delete=OnDelete.cascade, index=True)
    event = Varchar(length=40)
    event_key = Varchar(length=120)  # unique per webhook: an index made by the migration
    payload = JSON()
    status = Varchar(length=10, default="pending", index=True)  # pending, sending, retry, delivered, failed
    attempts = Integer(default=0)
    next_attempt_at = Timestamptz(index=True)
    claimed_at = Timestamptz(null=True, default=None)
    response_status = Integer(null=True, default=None)
    error = Varchar(length=300, default="")
    created_at = Timestamptz()
    delivered_at = Timestamptz(null=True, default=None)
