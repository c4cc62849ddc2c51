"""Reading and checking form input, so every bad field gets a message that names it."""
import re
from collections.abc import Iterable, Mapping
from datetime import date
from typing import Annotated, Any

from litestar.enums import RequestEncodingType
from litestar.params import Body

from lms.i18n import gettext as _

EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")
# 1250, 1250.50, 1250,5, 1.250,50, 1,250.50 or 1 250: thousands grouped by one separator, cents after the other
MONEY = re.compile(r"^(?P<whole>\d+|\d{1,3}(?P<sep>[., ])\d{3}(?:(?P=sep)\d{3})*)(?:(?P<point>[.,])(?P<cents>\d{1,2}))?$",
                   re.ASCII)
MAX_EUROS = 1_000_000

FormData = Annotated[dict[str, Any], Body(media_type=RequestEncodingType.URL_ENCODED)]  # a form as a route takes it


class FieldError(Exception):
    """A service found a problem with one field (a duplicate e-mail, say)."""

    def __init__(self, field: str, message: str):
        super().__init__(message)
        self.field = field
        self.message = message


class Form:
    def __init__(self, data: Mapping[str, str]):
        self.data = data
        self.errors: dict[str, str] = {}

    @property
    def ok(self) -> bool:
        return not self.errors

    def raw(self, name: str) -> str:
        value = self.data.get(name)
        if isinstance(value, list):  # a field sent twice: the last one wins, as in a browser
            value = value[-1] if value else ""
        return value if isinstance(value, str) else ""

    def add_error(self, field: str, message: str) -> None:
        self.errors.setdefault(field, message)

    def text(self, name: str, label: str, *, required: bool = True, max_length: int = 100) -> str:
        value = self.raw(name).strip()
        if required and not value:
            self.add_error(name, _("%(field)s is required.", field=label))
        elif len(value) > max_length:
            self.add_error(name, _("%(field)s can be at most %(max)s characters.", field=label, max=max_length))
        return value

    def email(self, name: str, label: str) -> str:
        value = self.text(name, label, max_length=254).lower()
        if value and name not in self.errors and not EMAIL.match(value):
            self.add_error(name, _("%(field)s is not a valid e-mail address.", field=label))
        return value

    def several(self, name: str, allowed: Iterable[str], message: str) -> list[str]:
        """The boxes checked in a group: at least one, each one of `allowed`."""
        value = self.data.get(name, [])
        chosen = [value] if isinstance(value, str) else [v for v in value if isinstance(v, str)] \
            if isinstance(value, list) else []
        allowed = set(allowed)
        if not chosen or any(item not in allowed for item in chosen):
            self.add_error(name, message)
        return chosen

    def choice(self, name: str, label: str, choices: Iterable[str]) -> str:
        value = self.raw(name).strip()
        if value not in choices:
            self.add_error(name, _("%(field)s: choose one of the options.", field=label))
        return value

    def optional_id(self, name: str, label: str) -> int | None:
        value = self.raw(name).strip()
        if not value:
            return None
        if not (value.isascii() and value.isdigit()) or len(value) > 10 or not 0 < int(value) < 2**31:
            self.add_error(name, _("Choose a valid %(field)s.", field=label.lower()))
            return None
        return int(value)

    def optional_date(self, name: str, label: str) -> date | None:
        value = self.raw(name).strip()
        if not value:
            return None
        try:
            return date.fromisoformat(value)
        except ValueError:
            self.add_error(name, _("%(field)s must be a date like 2025-03-31.", field=label))
            return None

    def money(self, name: str, label: str) -> int:
        """An amount in euros as people type it, in cents; empty means nothing (0)."""
        value = self.raw(name).strip().strip("€").strip()
        if not value:
            return 0
        match = MONEY.match(value)
        if value.startswith("-"):
            self.add_error(name, _("%(field)s cannot be negative.", field=label))
        elif not match or match["point"] and match["point"] == match["sep"]:
            self.add_error(name, _("%(field)s must be an amount in euros, like 1250 or 1.250,50.", field=label))
        else:
            cents = int(re.sub(r"\D", "", match["whole"])) * 100 + int((match["cents"] or "0").ljust(2, "0"))
            if cents <= MAX_EUROS * 100:
                return cents
            self.add_error(name, _("%(field)s can be at most %(max)s euros.", field=label, max=f"{MAX_EUROS:,}"))
        return 0

    def whole_number(self, name: str, label: str, minimum: int, maximum: int) -> int:
        value = self.raw(name).strip()
        if not re.fullmatch(r"-?[0-9]{1,12}", value) or not minimum <= int(value) <= maximum:
            self.add_error(name, _("%(field)s must be a whole number from %(min)s to %(max)s.", field=label,
                                   min=minimum, max=maximum))
            return minimum
        return int(value)

    def optional_password(self, name: str) -> str:
        value = self.raw(name)
        if value and not 10 <= len(value) <= 200:
            self.add_error(name, _("The password must be between 10 and 200 characters."))
        return value

    def new_password(self, name: str, confirm_name: str) -> str:
        value = self.raw(name)
        if len(value) < 10:
            self.add_error(name, _("The password must be at least 10 characters."))
        elif len(value) > 200:
            self.add_error(name, _("The password can be at most 200 characters."))
        elif value != self.raw(confirm_name):
            self.add_error(confirm_name, _("The two passwords are not the same."))
        return value


def money_text(cents: int) -> str:
    """Cents as a form field shows them again: 1250 or 1250.50."""
    euros, rest = divmod(cents, 100)
    return f"{euros}.{rest:02d}" if rest else str(euros)


def optional_int(text: str) -> int | None:
    """A filter's id from a query string: empty or not a valid id means no filter."""
    text = text.strip()
    # ASCII digits only (int() refuses "²"), and at most ten: no id is longer
    return int(text) if text.isascii() and text.isdigit() and len(text) <= 10 and 0 < int(text) < 2**31 else None
