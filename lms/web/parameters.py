"""One check of every route's parameters before its handler runs, so a value nothing can match never
reaches a driver or the file system (where it would be a 500): an id in a path outside the
database's 32-bit ids, or a path part with a NUL byte, is a page not found; a number in a query
string outside 32 bits, or a NUL byte in a query string or form (PostgreSQL cannot store one), is a
bad request. Other numbers in paths (a link's expiry time) may use 64 bits."""
from litestar import Request
from litestar.datastructures import UploadFile
from litestar.enums import RequestEncodingType

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


def holds_nul(value) -> bool:
    """Whether a decoded JSON body holds a NUL byte anywhere (PostgreSQL cannot store one)."""
    if isinstance(value, str):
        return "\x00" in value
    if isinstance(value, dict):
        return any(holds_nul(key) or holds_nul(item) for key, item in value.items())
    if isinstance(value, list):
        return any(holds_nul(item) for item in value)
    return False


def _with_nul(items) -> str | None:
    """The name of the first field whose name or text holds a NUL byte."""
    for name, value in items:
        text = value.filename if isinstance(value, UploadFile) else value
        if "\x00" in name or (isinstance(text, str) and "\x00" in text):
            return name.replace("\x00", "")
    return None


async def check_parameters(request: Request) -> None:
    if not all(_matchable(name, value) for name, value in request.path_params.items()):
        raise NotFound
    fields = list(request.query_params.multi_items())
    if request.content_type[0] in (RequestEncodingType.URL_ENCODED, RequestEncodingType.MULTI_PART):
        fields += (await request.form()).multi_items()  # parsed once: the handler gets the same form
    if (name := _with_nul(fields)) is not None:
        raise BadRequest(_("%(field)s contains a character that cannot be used.", field=name))
    for name, field in request.route_handler.parsed_fn_signature.parameters.items():
        numeric = int in (field.annotation, *getattr(field.annotation, "__args__", ()))  # int, or int | None
        if not numeric or name in request.path_params or name not in request.query_params:
            continue
        number = _query_number(request.query_params[name])
        if number is not None and not -MAX_ID <= number <= MAX_ID:
            raise BadRequest(_("%(field)s is not a number this page can use.", field=name))
