"""One check of every route's parameters before its handler runs, so a value nothing can match never
reaches a driver or the file system (where it would be a 500): an id in a path outside the
database's 32-bit ids, or a path part with a NUL byte, is a page not found; a number in a query
string outside 32 bits is a bad request. Other numbers in paths (a link's expiry time) may use 64 bits."""
from litestar import Request

from lms.db import MAX_ID
from lms.errors import BadRequest, NotFound
from lms.i18n import gettext as _

INT64 = 2**63 - 1


def _fits(value: int, name: str) -> bool:
    return 1 <= value <= MAX_ID if name.endswith("_id") else 0 <= value <= INT64


def _query_number(raw: str) -> int | None:
    try:
        return int(raw)
    except ValueError:
        return None  # not a number at all: Litestar's own validation names the field


def _matchable(name: str, value: object) -> bool:
    if isinstance(value, int):
        return _fits(value, name)
    return "\x00" not in str(value)


async def check_parameters(request: Request) -> None:
    if not all(_matchable(name, value) for name, value in request.path_params.items()):
        raise NotFound
    for name, field in request.route_handler.parsed_fn_signature.parameters.items():
        if field.annotation is not int or name in request.path_params or name not in request.query_params:
            continue
        number = _query_number(request.query_params[name])
        if number is not None and not -MAX_ID <= number <= MAX_ID:
            raise BadRequest(_("%(field)s is not a number this page can use.", field=name))
