"""Captions (WCAG 1.2.2): L&D uploads WebVTT or SRT per language; learners get the tracks, their own
language first, and a transcript; the words are searchable; a video without captions is flagged."""
import pytest

from lms.courses.tables import Caption
from lms.knowledge import search
from lms.people.tables import Employee
from tests.conftest import signed_in_client

SRT = """1
00:00:00,500 --> 00:00:02,000
Hold the <i>extinguisher</i> upright.

2
00:01:02,100 --> 00:01:04,000
Pull the pin & aim at the base.
""".encode()
VTT_NL = """WEBVTT

00:00.500 --> 00:02.000
Houd de brandblusser rechtop.

00:02.100 --> 00:04.000
Trek de pin uit en mik op de voet.
""".encode("utf-8-sig")


def captions_url(course, lesson=None) -> str:
    return f"/admin/courses/{course['course'].id}/lessons/{(lesson or course['video']).id}/captions"


async def upload(client, course, language: str, content: bytes, name: str = "captions.srt"):
    return await client.post(captions_url(course), data={"language": language},
                             files={"file": (name, content, "application/octet-stream")})


async def test_l_and_d_adds_captions_and_the_editor_stops_flagging(as_alice, course):
    editor = await as_alice.get(f"/admin/courses/{course['course'].id}/edit")
    assert "no captions: add them" in editor.text
    response = await upload(as_alice, course, "en", SRT)
    assert response.status_code == 303 and "notice=saved" in response.headers["location"]
    stored = await Caption.objects().get(Caption.lesson == course["video"].id)
    assert stored.vtt.startswith("WEBVTT") and "00:01:02.100 --> 00:01:04.000" in stored.vtt  # SRT made WebVTT
    assert "Pull the pin & aim" in stored.words and "<i>" not in stored.words
    editor = await as_alice.get(f"/admin/courses/{course['course'].id}/edit")
    assert "captions: English" in editor.text and "no captions" not in editor.text

    await upload(as_alice, course, "en", SRT.replace(b"upright", b"straight"))  # the same language again replaces
    assert await Caption.count() == 1
    assert "straight" in (await Caption.objects().get(Caption.lesson == course["video"].id)).vtt


async def test_the_learner_gets_their_language_first_and_a_transcript(as_alice, as_charlie, org, course):
    await upload(as_alice, course, "en", SRT)
    await upload(as_alice, course, "nl", VTT_NL, name="ondertitels.vtt")
    await Employee.update({Employee.language: "nl"}).where(Employee.id == org["charlie"].id)
    await as_charlie.post(f"/courses/{course['course'].id}/enrol")
    page = (await as_charlie.get(f"/courses/{course['course'].id}/lessons/{course['video'].id}")).text
    assert page.index('srclang="nl"') < page.index('srclang="en"')
    assert 'label="Nederlands" default' in page and 'label="English" default' not in page
    assert "Houd de brandblusser rechtop." in page and 'data-seek="0.5"' in page  # the transcript, in Dutch
    assert "Hold the" not in page

    track = await as_charlie.get(f"/courses/{course['course'].id}/lessons/{course['video'].id}/captions/en")
    assert track.status_code == 200 and track.headers["content-type"].startswith("text/vtt")
    assert track.text.startswith("WEBVTT") and "Pull the pin & aim" in track.text


async def test_only_those_who_may_open_the_lesson_get_its_captions(as_alice, as_charlie, course):
    await upload(as_alice, course, "en", SRT)
    url = f"/courses/{course['course'].id}/lessons/{course['video'].id}/captions/en"
    assert (await as_charlie.get(url)).status_code == 404  # not enrolled
    assert (await as_alice.get(url)).status_code == 200  # L&D checks what it uploaded
    await as_charlie.post(f"/courses/{course['course'].id}/enrol")
    assert (await as_charlie.get(url)).status_code == 200
    assert (await as_charlie.get(url.replace("/en", "/fr"))).status_code == 404


async def test_the_spoken_words_are_searchable(as_alice, as_charlie, course):
    await search.index_course(course["course"].id)
    assert "Fire safety basics" not in (await as_charlie.get("/knowledge/search?q=base")).text
    await upload(as_alice, course, "en", SRT)
    found = await as_charlie.get("/knowledge/search?q=base")
    assert "Fire safety basics" in found.text


async def test_captions_are_removed_after_a_confirmation(as_alice, course):
    await upload(as_alice, course, "nl", VTT_NL)
    confirm = await as_alice.get(captions_url(course) + "/nl/delete")
    assert "Remove the Nederlands captions of Spot the risk?" in confirm.text
    assert await Caption.count() == 1
    response = await as_alice.post(captions_url(course) + "/nl/delete")
    assert response.status_code == 303 and await Caption.count() == 0
    assert (await as_alice.get(captions_url(course) + "/nl/delete")).status_code == 404


@pytest.mark.parametrize("language, content, message", [
    ("en", None, "Choose a WebVTT (.vtt) or SRT (.srt) file."),
    ("en", b"just some words\nwithout any timing\n", "This is not a WebVTT or SRT caption file with timed lines."),
    ("en", b"WEBVTT\n\n", "This is not a WebVTT or SRT caption file with timed lines."),
    ("en", b"1\n00:00:01,000 --> 00:00:02,000\nHello --> there\n", "This is not a WebVTT or SRT caption file"),
    ("en", "1\n00:00:01,000 --> 00:00:02,000\nCaf\xe9\n".encode("latin-1"), "must be UTF-8 text"),
    ("en", SRT + b" " * (512 * 1024), "A caption file can be at most 512 KB."),
    ("xx", SRT, "Language: choose one of the options."),
    ("", SRT, "Language: choose one of the options."),
])
async def test_a_bad_caption_upload_is_named_and_keeps_what_was_there(as_alice, course, language, content, message):
    await upload(as_alice, course, "nl", VTT_NL)
    if content is None:
        response = await as_alice.post(captions_url(course), data={"language": language})
    else:
        response = await upload(as_alice, course, language, content)
    assert response.status_code == 400 and message in response.text
    assert [row["language"] for row in await Caption.select(Caption.language)] == ["nl"]


async def test_text_lessons_and_unknown_lessons_have_no_captions_page(as_alice, course):
    assert (await as_alice.get(captions_url(course, course["text"]))).status_code == 404
    assert (await upload(as_alice, {**course, "video": course["text"]}, "en", SRT)).status_code == 404
    for path in (f"/admin/courses/{course['course'].id}/lessons/99999/captions",
                 f"/admin/courses/{course['course'].id}/lessons/99999999999/captions",
                 f"/admin/courses/99999/lessons/{course['video'].id}/captions"):
        assert (await as_alice.get(path)).status_code in (400, 404)
    assert (await as_alice.get(captions_url(course) + "/%00/delete")).status_code in (400, 404)


@pytest.mark.parametrize("email", ["bob@example.org", "charlie@example.org"])
async def test_only_l_and_d_manages_captions(make_client, course, email):
    client = await signed_in_client(make_client, email)
    assert (await client.get(captions_url(course))).status_code == 403
    assert (await upload(client, course, "en", SRT)).status_code == 403
    assert await Caption.count() == 0
