"""Translations: one catalogue per language, the active language in a ContextVar.

A ContextVar (not gettext installed on the shared Jinja environment) keeps concurrent
requests in different languages from leaking into each other."""
import gettext as _gettext
from contextlib import contextmanager
from contextvars import ContextVar
from datetime import date, datetime
from functools import cache
from io import BytesIO
from pathlib import Path
from zoneinfo import ZoneInfo

from babel.dates import format_date
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po

from lms.settings import load_settings

LANGUAGES = {"en": "English", "nl": "Nederlands"}
DEFAULT_LANGUAGE = "en"
LOCALE_DIR = Path(__file__).parent / "locale"

current_language: ContextVar[str] = ContextVar("current_language", default=DEFAULT_LANGUAGE)


@cache
def translations(language: str) -> _gettext.NullTranslations:
    """Compile the .po file in memory, so there is no build step and no binary in git."""
    po = LOCALE_DIR / language / "LC_MESSAGES" / "messages.po"
    if not po.exists():
        return _gettext.NullTranslations()
    with po.open("rb") as f:
        catalog = read_po(f, locale=language)
    buffer = BytesIO()
    write_mo(buffer, catalog)
    buffer.seek(0)
    return _gettext.GNUTranslations(buffer)


@contextmanager
def using(language: str):
    """Speaks one language for a while, outside a request (an e-mail in the recipient's language)."""
    token = current_language.set(language if language in LANGUAGES else DEFAULT_LANGUAGE)
    try:
        yield
    finally:
        current_language.reset(token)


def gettext(message: str, **values) -> str:
    text = translations(current_language.get()).gettext(message)
    return text % values if values else text


def ngettext(singular: str, plural: str, n: int, **values) -> str:
    text = translations(current_language.get()).ngettext(singular, plural, n)
    return text % {"num": n, **values}


def day(value: date | datetime | None) -> str:
    """A date as the reader's language writes it ("6 Dec 2026", "6 dec 2026"): one format for every
    page, PDF and message; a moment is first put in the organisation's time zone."""
    if value is None:
        return ""
    if isinstance(value, datetime):
        value = value.astimezone(ZoneInfo(load_settings().timezone)).date()
    return format_date(value, format="medium", locale=current_language.get())


def N_(message: str) -> str:
    """Marks a string for extraction; it is translated later, where it is shown."""
    return message


def negotiate(accept_language: str | None) -> str:
    """The best of our languages for an Accept-Language header, by quality."""
    choices = []
    for part in (accept_language or "").split(","):
        tag, _, params = part.strip().partition(";")
        quality = 1.0
        if params.strip().startswith("q="):
            try:
                quality = float(params.strip()[2:])
            except ValueError:
                continue
        language = tag.strip().lower().split("-")[0]
        if language in LANGUAGES:
            choices.append((quality, language))
    return max(choices)[1] if choices else DEFAULT_LANGUAGE
