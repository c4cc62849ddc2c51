"""A course card (cover, title, length, format and the learner's progress) as HTML. The catalogue shows
about 120 and the home page 30: as a Jinja macro they were two thirds of the catalogue's time. A card
is the same for everyone with the same progress, so each is built once per language and kept."""
from functools import lru_cache

from markupsafe import Markup, escape

from lms import i18n
from lms.courses.labels import FORMAT_LABELS
from lms.i18n import gettext as _


def duration(minutes: int) -> str:
    """12 min, 2 h, 7 h 30 min: courses run from five minutes to five days."""
    hours, rest = divmod(minutes or 0, 60)
    if not hours or minutes < 90:
        return _("%(minutes)s min", minutes=minutes)
    return _("%(hours)s h", hours=hours) + (" " + _("%(minutes)s min", minutes=rest) if rest else "")


def card(course: dict, done: int | None) -> Markup:
    """done: the learner's percent, None when they have not started."""
    return _card(course["id"], course["title"], course.get("cover"), course["format"], course.get("minutes"),
                 bool(course.get("mandatory")), bool(course.get("renew")), course.get("due_date"), done,
                 i18n.current_language.get())


def cards(courses: list[dict], progress: dict[int, int]) -> Markup:
    """A row or grid of cards as one string: a template call per card cost a third of the catalogue."""
    return Markup("".join(card(course, progress.get(course["id"])) for course in courses))


@lru_cache(maxsize=8192)
def _card(course_id, title, cover, format, minutes, mandatory, renew, due_date, done, language) -> Markup:
    image = (f'<img class="cover" src="/media/{escape(cover)}" alt="" loading="lazy" width="320" height="180">'
             if cover else
             f'<span class="cover placeholder fmt-{escape(format)}" aria-hidden="true">{escape(title[:1])}</span>')
    label = escape(_(FORMAT_LABELS[format])) if format in FORMAT_LABELS else escape(format)
    badges = "".join(_badges(mandatory, renew, due_date, done))
    return Markup(f'<a class="course-card" href="/courses/{int(course_id)}">\n  {image}\n  <span class="card-body">\n'
                  f'    <strong>{escape(title)}</strong>\n'
                  f'    <span class="muted">{escape(duration(minutes))} · {label}</span>\n    {badges}\n  </span>\n</a>\n')


def _badges(mandatory: bool, renew: bool, due_date, done: int | None) -> list[str]:
    badges = [f'<span class="badge bad">{escape(_("Mandatory"))}</span>'] if mandatory else []
    if renew:  # a renewal shows its date, not the progress of the attempt that lapsed
        return [*badges, f'<span class="badge bad">{escape(_("Renew: valid until %(date)s", date=i18n.day(due_date)))}'
                         '</span>']
    if due_date:
        badges.append(f'<span class="badge">{escape(_("Due %(date)s", date=i18n.day(due_date)))}</span>')
    if done == 100:
        badges.append(f'<span class="badge good">{escape(_("Completed"))}</span>')
    elif done is not None:
        badges.append(f'<progress max="100" value="{done}" aria-label="{escape(_("Progress"))}">{done}%</progress>')
    return badges
