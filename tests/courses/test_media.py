"""Lesson videos answer HTTP Range requests, so a phone can seek."""
import pytest

from lms.storage import storage

VIDEO = bytes(range(256)) * 40  # 10,240 bytes standing in for a WebM file


@pytest.fixture
def video_key():
    key = "videos/range-test.webm"
    path = storage().path(key)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(VIDEO)
    yield key
    path.unlink()


async def test_it_sends_the_whole_file_with_accept_ranges(as_charlie, video_key):
    response = await as_charlie.get(f"/media/{video_key}", headers={"Accept-Encoding": "gzip"})
    assert response.status_code == 200
    assert response.content == VIDEO
    assert "content-encoding" not in response.headers  # compressing would break byte ranges
    assert response.headers["accept-ranges"] == "bytes"
    assert response.headers["content-type"] == "video/webm"


@pytest.mark.parametrize("header, start, end", [
    ("bytes=0-99", 0, 99),
    ("bytes=1000-", 1000, 10239),
    ("bytes=-500", 9740, 10239),
    ("bytes=10000-99999", 10000, 10239),
])
async def test_it_answers_a_range_with_206_and_the_right_bytes(as_charlie, video_key, header, start, end):
    response = await as_charlie.get(f"/media/{video_key}", headers={"Range": header})
    assert response.status_code == 206
    assert response.content == VIDEO[start:end + 1]
    assert response.headers["content-range"] == f"bytes {start}-{end}/{len(VIDEO)}"
    assert response.headers["content-length"] == str(end - start + 1)


@pytest.mark.parametrize("header", ["bytes=20000-", "bytes=500-100", "bytes=-", "items=0-5"])
async def test_an_unsatisfiable_range_is_416(as_charlie, video_key, header):
    response = await as_charlie.get(f"/media/{video_key}", headers={"Range": header})
    assert response.status_code == 416
    assert response.headers["content-range"] == f"bytes */{len(VIDEO)}"


async def test_head_gives_the_size_without_the_body(as_charlie, video_key):
    response = await as_charlie.head(f"/media/{video_key}")
    assert response.status_code == 200
    assert response.content == b""
    assert response.headers["content-length"] == str(len(VIDEO))


async def test_media_needs_sign_in_and_stays_inside_its_folders(client, as_charlie, video_key):
    assert (await client.get(f"/media/{video_key}")).status_code == 303
    for bad in ("/media/../data/lms.sqlite3", "/media/videos/..%2F..%2Ftest.sqlite3", "/media/certificates/x.pdf",
                "/media/videos/missing.webm", "/media/videos/range-test.exe", "/media/%00", "/media/videos/a%00.webm"):
        assert (await as_charlie.get(bad)).status_code == 404, bad
