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


class RecordStore(Table):
    """The Learning Record Store L&D connected, if any (one row): where xAPI statements go."""

    endpoint = Varchar(length=500)  # e.g. https://lrs.example.org/xAPI/
    username = Varchar(length=200)  # the LRS's key
    password = Varchar(length=200)  # the LRS's secret: sent with every request, so kept as given
    pseudonymise = Boolean(default=True)  # an opaque account per person instead of their e-mail
    active = Boolean(default=True)
    changed_by = ForeignKey(references=Employee, null=True, on_delete=OnDelete.set_null)
    changed_at = Timestamptz()  # learning from this moment on is sent


class XapiStatement(Table):
    """One learning event as an xAPI statement, made once (a unique key per event; its id is derived
    from the key, so the store keeps it once even when sent twice) and sent until the store takes it."""

    event_key = Varchar(length=120, unique=True)
    statement = JSON()
    status = Varchar(length=10, default="pending", index=True)  # pending, sending, retry, delivered, failed
    attempts = Integer(default=0)
    next_attempt_at = Timestamptz(index=True)
    claimed_at = Timestamptz(null=True, default=None)
    error = Varchar(length=300, default="")
    created_at = Timestamptz()
    delivered_at = Timestamptz(null=True, default=None)
