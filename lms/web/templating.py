"""One Jinja environment for every domain's templates, translated per request."""
import hashlib
from datetime import datetime
from functools import lru_cache
from pathlib import Path

from babel.dates import format_datetime
from babel.numbers import format_currency
from jinja2 import ChoiceLoader, Environment, FileSystemLoader, select_autoescape
from markupsafe import Markup
from litestar.plugins.jinja import JinjaTemplateEngine
from litestar.template.config import TemplateConfig

from lms import i18n
from lms.courses import labels
from lms.courses.cards import cards, duration
from lms.settings import load_settings

LMS = Path(__file__).resolve().parents[1]
DOMAINS = ("web", "people", "courses", "reminders", "knowledge", "competencies", "reports", "integrations")


STATIC = LMS / "web" / "static"


@lru_cache(maxsize=None)
def asset(name: str) -> str:
    """A static file's address with its content's hash: a new release is a new address, so browsers
    keep each version for a year and never use a stale one."""
    digest = hashlib.sha256((STATIC / name).read_bytes()).hexdigest()[:12]
    return f"/static/{name}?v={digest}"


def _datetime(value: datetime | None) -> str:
    """A moment in the organisation's time zone: "Mon 2 Dec 2026, 09:30"."""
    return format_datetime(value, "EEE d MMM y, HH:mm", tzinfo=_zone(), locale=i18n.current_language.get()) if value else ""


def _month(value: datetime) -> str:
    """The month a moment falls in, in the organisation's time zone: "December 2026"."""
    return format_datetime(value, "LLLL y", tzinfo=_zone(), locale=i18n.current_language.get())


def _time(value: datetime | None) -> str:
    return format_datetime(value, "HH:mm", tzinfo=_zone(), locale=i18n.current_language.get()) if value else ""


def _zone() -> str:
    return load_settings().timezone


def _clock_time(seconds: int | float | None) -> str:
    """A video's length or position as a player shows it: 4:05, 1:02:09."""
    hours, rest = divmod(int(seconds or 0), 3600)
    minutes, secs = divmod(rest, 60)
    return f"{hours}:{minutes:02d}:{secs:02d}" if hours else f"{minutes}:{secs:02d}"


def _euros(cents: int | None) -> str:
    """€1,250.50 in English, € 1.250,50 in Dutch."""
    return format_currency((cents or 0) / 100, "EUR", locale=i18n.current_language.get())


@lru_cache(maxsize=8192)
def _translated(language: str, message: str) -> Markup:
    return Markup(i18n.translations(language).gettext(message))


def _gettext(message: str, **values) -> Markup:
    """`_()` in templates: the same result as the i18n extension's newstyle gettext (the translation
    is markup, the values are escaped), without its context calls; a page makes a hundred of them."""
    text = _translated(i18n.current_language.get(), message)
    return text % values if values else text


def environment() -> Environment:
    env = Environment(
        loader=ChoiceLoader([FileSystemLoader(LMS / domain / "templates") for domain in DOMAINS]),
        autoescape=select_autoescape(default=True, default_for_string=True),
        extensions=["jinja2.ext.i18n"],
        trim_blocks=True,
        lstrip_blocks=True,
        auto_reload=load_settings().mode == "development",  # elsewhere templates change only with a release
    )
    env.install_gettext_callables(  # type: ignore[attr-defined]
        gettext=lambda message: i18n.translations(i18n.current_language.get()).gettext(message),
        ngettext=lambda s, p, n: i18n.translations(i18n.current_language.get()).ngettext(s, p, n),
        newstyle=True,
    )
    env.globals.update(_=_gettext, gettext=_gettext, asset=asset, LANGUAGES=i18n.LANGUAGES, current_language=i18n.current_language.get,
                       FORMAT_LABELS=labels.FORMAT_LABELS, ROUTE_LABELS=labels.ROUTE_LABELS,
                       LENGTH_LABELS=labels.LENGTH_LABELS, course_cards=cards)
    env.filters["date"] = i18n.day
    env.filters["duration"] = duration
    env.filters["datetime"] = _datetime
    env.filters["time"] = _time
    env.filters["month"] = _month
    env.filters["euros"] = _euros
    env.filters["clock_time"] = _clock_time
    env.filters["options"] = lambda rows: [(row["id"], row["name"]) for row in rows]
    env.filters["people_options"] = lambda rows: [(r["id"], f"{r['last_name']}, {r['first_name']}") for r in rows]
    env.filters["translated_choices"] = lambda labels: [(key, i18n.gettext(label)) for key, label in labels.items()]
    return env


def template_config() -> TemplateConfig:
    return TemplateConfig(instance=JinjaTemplateEngine.from_environment(environment()))
