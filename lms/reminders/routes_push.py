"""Push notifications on the notification settings page: static/push.js subscribes the browser and
sends its PushSubscription here as JSON, with the page's CSRF token in the x-csrftoken header."""
import json

from litestar import Request, Response, post

from lms import clock
from lms.forms import FieldError
from lms.i18n import gettext as _
from lms.reminders import push
from lms.web.auth import signed_in

MAX_BODY = 4096  # a subscription is about 500 bytes


def _refused(field: str, message: str) -> Response:
    return Response(content={"field": field, "message": message}, status_code=400)


async def _json(request: Request):
    """The body as JSON, or None when it is not (too long, or not JSON at all)."""
    body = await request.body()
    try:
        return json.loads(body) if len(body) <= MAX_BODY else None
    except ValueError:
        return None


@post("/me/notifications/push/subscribe", name="reminders:push_subscribe", guards=[signed_in])
async def subscribe(request: Request) -> Response:
    data = await _json(request)
    if not isinstance(data, dict):
        return _refused("body", _("Send the browser's push subscription as JSON."))
    try:
        await push.subscribe(request.user.id, data, request.app.state.settings, clock.now())
    except FieldError as error:
        return _refused(error.field, error.message)
    return Response(content={"devices": await push.devices(request.user.id)}, status_code=201)


@post("/me/notifications/push/unsubscribe", name="reminders:push_unsubscribe", guards=[signed_in])
async def unsubscribe(request: Request) -> Response:
    data = await _json(request)
    if not isinstance(data, dict) or not isinstance(data.get("endpoint"), str):
        return _refused("endpoint", _("Send the endpoint of the subscription to remove."))
    if not await push.unsubscribe(request.user.id, data["endpoint"]):
        return Response(content={"field": "endpoint", "message": _("This browser has no push notifications on.")},
                        status_code=404)
    return Response(content={"devices": await push.devices(request.user.id)}, status_code=200)


@post("/me/notifications/push/test", name="reminders:push_test", guards=[signed_in])
async def test(request: Request) -> Response:
    counts = await push.send_test(request.user.id, clock.now(), request.app.state.settings)
    return Response(content={"delivered": counts["delivered"], "failed": sum(counts.values()) - counts["delivered"]},
                    status_code=200)


PUSH_ROUTES = [subscribe, unsubscribe, test]
