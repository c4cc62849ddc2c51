"""Captions for video lessons (WCAG 1.2.2): L&D uploads a WebVTT or SRT file per language; the player
offers each as a <track>, the person's language first, and shows the words as a transcript that
seeks the video. The words are also in the course's search entry."""
import io
import re
from dataclasses import dataclass

import webvtt
from webvtt.errors import MalformedFileError

from lms.courses.tables import Caption, Lesson
from lms.db import is_valid_id
from lms.errors import NotFound
from lms.i18n import gettext as _

# languages a caption file can be in: the app's own and the neighbours' of a Belgian organisation
LANGUAGES = {"nl": "Nederlands", "en": "English", "fr": "Français", "de": "Deutsch"}
MAX_BYTES = 512 * 1024  # an hour of dense speech is about 60 KB
TAG = re.compile(r"<[^>]*>")


class BadCaptions(ValueError):
    def __init__(self, field: str, message: str):
        super().__init__(message)
        self.field = field


@dataclass(frozen=True)
class Cue:
    seconds: float
    text: str

    @property
    def at(self) -> str:
        minutes, seconds = divmod(int(self.seconds), 60)
        return f"{minutes}:{seconds:02d}"


def parse(data: bytes) -> webvtt.WebVTT:
    """The cues of a WebVTT or SRT file (UTF-8, with or without BOM); raises BadCaptions in words."""
    if len(data) > MAX_BYTES:
        raise BadCaptions("file", _("A caption file can be at most 512 KB."))
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise BadCaptions("file", _("The caption file must be UTF-8 text: save it again as UTF-8.")) from None
    kind = "vtt" if text.lstrip().startswith("WEBVTT") else "srt"
    try:
        captions = webvtt.from_buffer(io.StringIO(text), format=kind)
        captions.content  # written out now: a cue whose text holds "-->" fails only here
    except (MalformedFileError, ValueError, IndexError):
        captions = None
    if captions is None or not captions.captions:
        raise BadCaptions("file", _("This is not a WebVTT or SRT caption file with timed lines."))
    return captions


def _seconds(stamp: str) -> float:
    """ "01:02:03.500" -> 3723.5 (WebVTT may leave the hours out)."""
    return sum(float(part) * 60 ** power for power, part in enumerate(reversed(stamp.split(":"))))


def cues(vtt: str) -> list[Cue]:
    return [Cue(seconds=_seconds(c.start), text=TAG.sub("", c.text))
            for c in webvtt.from_buffer(io.StringIO(vtt)).captions]


async def _video_lesson(course_id: int, lesson_id: int) -> dict:
    row = None
    if is_valid_id(course_id) and is_valid_id(lesson_id):
        row = await Lesson.select(Lesson.id, Lesson.title, Lesson.course).where(
            Lesson.id == lesson_id, Lesson.course == course_id, Lesson.kind == "video").first()
    if row is None:
        raise NotFound
    return row


async def save(course_id: int, lesson_id: int, language: str, data: bytes) -> None:
    """Adds the lesson's captions in `language`, or replaces the ones it had."""
    await _video_lesson(course_id, lesson_id)
    if language not in LANGUAGES:
        raise BadCaptions("language", _("Language: choose one of the options."))
    captions = parse(data)
    words = " ".join(TAG.sub("", c.text) for c in captions.captions)
    await Caption.insert(Caption(lesson=lesson_id, language=language, vtt=captions.content, words=words)).on_conflict(
        target=(Caption.lesson, Caption.language), action="DO UPDATE", values=(Caption.vtt, Caption.words))


async def remove(course_id: int, lesson_id: int, language: str) -> None:
    await _video_lesson(course_id, lesson_id)
    await Caption.delete().where(Caption.lesson == lesson_id, Caption.language == language)


async def of_lesson(course_id: int, lesson_id: int) -> dict:
    """The lesson and its caption languages, for L&D's captions page."""
    lesson = await _video_lesson(course_id, lesson_id)
    languages = await Caption.select(Caption.language).where(Caption.lesson == lesson_id).order_by(
        Caption.language).output(as_list=True)
    return {"lesson": lesson, "languages": languages}


async def languages_by_lesson(course_id: int) -> dict[int, list[str]]:
    """The names of each video lesson's caption languages: the editor flags a video without any."""
    found: dict[int, list[str]] = {}
    for row in await Caption.select(Caption.lesson, Caption.language).where(
            Caption.lesson.course == course_id).order_by(Caption.language):
        found.setdefault(row["lesson"], []).append(LANGUAGES.get(row["language"], row["language"]))
    return found


async def vtt(lesson_id: int, language: str) -> str:
    row = await Caption.select(Caption.vtt).where(Caption.lesson == lesson_id, Caption.language == language).first()
    if row is None:
        raise NotFound
    return row["vtt"]


async def for_player(lesson_id: int, language: str) -> tuple[list[dict], list[Cue]]:
    """The tracks, the person's language first (and on), and the transcript in that language or the
    first there is."""
    rows = await Caption.select(Caption.language, Caption.vtt).where(Caption.lesson == lesson_id).order_by(
        Caption.language)
    rows.sort(key=lambda row: row["language"] != language)
    tracks = [{"language": row["language"], "label": LANGUAGES.get(row["language"], row["language"]),
               "default": index == 0} for index, row in enumerate(rows)]
    return tracks, cues(rows[0]["vtt"]) if rows else []
