"""Every file in S3-compatible object storage (LMS_STORAGE=s3), against a real S3 server (tests/s3):
uploads, video renditions and SCORM packages go to the bucket, media seek with Range, downloads keep
their safe headers, two app processes share one bucket, and `lms storage migrate` copies a disk's files."""
import os
import subprocess
import sys
import uuid

import httpx
import pytest

from lms.courses import videos
from lms.courses.tables import Course, Lesson
from lms.knowledge.tables import Document
from lms.storage import ObjectStorage, storage
from tests.courses.media import phone_video
from tests.courses.scorm_packages import package
from tests.courses.test_authoring import PNG, new_course
from tests.e2e.conftest import serving
from tests.helpers import Client, sign_in
from tests.knowledge.documents_fixtures import make_spaces
from tests.knowledge.test_documents import PDF, upload
from tests.s3 import S3Server


@pytest.fixture(scope="module")
def s3():
    server = S3Server()
    yield server
    server.stop()


@pytest.fixture
def bucket(s3, monkeypatch):
    """A fresh bucket that lms now keeps every file in; its name."""
    name = f"lms-{uuid.uuid4().hex[:12]}"
    for setting, value in s3.bucket(name).items():
        monkeypatch.setenv(setting, value)
    assert isinstance(storage(), ObjectStorage)
    return name


def local_files() -> set[str]:
    root = storage().disk.root
    return {p.relative_to(root).as_posix() for p in root.rglob("*") if p.is_file()} if root.exists() else set()


async def test_a_video_is_converted_from_and_into_the_bucket_and_seeks(as_alice, as_charlie, org, course, s3, bucket,
                                                                      tmp_path):
    before = local_files()
    c = course["course"].id
    response = await as_alice.post(f"/admin/courses/{c}/lessons/video", data={"video_title": "From the bucket"},
                                   files={"video": ("IMG.MOV", phone_video(tmp_path / "IMG.MOV"), "video/quicktime")})
    assert response.status_code == 303
    assert await videos.sweep() == {"converted": 1}
    lesson = await Lesson.objects().get(Lesson.title == "From the bucket")
    assert {lesson.video, lesson.poster} <= s3.keys(bucket) and not any(k.startswith("uploads/") for k in s3.keys(bucket))
    assert local_files() == before  # nothing left on this machine's disk

    rendition = s3.read(bucket, lesson.video)
    await as_charlie.post(f"/courses/{c}/enrol")
    part = await as_charlie.get(f"/media/{lesson.video}", headers={"Range": "bytes=100-1123"})
    assert part.status_code == 206 and part.content == rendition[100:1124]
    assert part.headers["content-range"] == f"bytes 100-1123/{len(rendition)}"
    tail = await as_charlie.get(f"/media/{lesson.video}", headers={"Range": "bytes=-10"})
    assert tail.content == rendition[-10:]
    assert (await as_charlie.get(f"/media/{lesson.video}", headers={"Range": f"bytes={len(rendition)}-"})
            ).status_code == 416
    assert (await as_charlie.get("/media/videos/../documents/x.pdf")).status_code == 404

    await as_alice.post(f"/admin/courses/{c}/lessons/{lesson.id}/delete")
    assert lesson.video not in s3.keys(bucket) and lesson.poster not in s3.keys(bucket)


async def test_a_document_s_text_is_read_from_the_bucket_and_its_download_stays_safe(as_alice, org, s3, bucket):
    spaces = await make_spaces(org)
    response = await upload(as_alice, spaces["open"], "procedure.pdf", PDF, title="Procedure")
    assert response.status_code == 303
    document = await Document.objects().get(Document.title == "Procedure")
    assert document.file in s3.keys(bucket) and document.text.strip()  # the text, read from a copy of the object
    download = await as_alice.get(f"/knowledge/documents/{document.id}/file")
    assert download.content == PDF and download.headers["content-disposition"].startswith("attachment;")
    assert download.headers.get_list("content-security-policy")[0].endswith("; sandbox")


async def test_a_scorm_package_is_unpacked_into_the_bucket_and_served(as_alice, org, s3, bucket):
    course_id = await new_course(as_alice)
    response = await as_alice.post(f"/admin/courses/{course_id}/lessons/scorm", data={"scorm_title": ""},
                                   files={"package": ("module.zip", package("1.2"), "application/zip")})
    assert response.status_code == 303
    lesson = await Lesson.objects().get(Lesson.course == course_id)
    inside = {key for key in s3.keys(bucket) if key.startswith(lesson.package + "/")}
    assert inside == {f"{lesson.package}/imsmanifest.xml", f"{lesson.package}/content/index.html"}
    page = await as_alice.get(f"/{lesson.package}/content/index.html")
    assert page.status_code == 200 and "find(" in page.text and page.headers["x-frame-options"] == "SAMEORIGIN"
    await as_alice.post(f"/admin/courses/{course_id}/lessons/{lesson.id}/delete")
    assert not {key for key in s3.keys(bucket) if key.startswith(lesson.package)}


async def test_two_app_processes_share_the_bucket(as_alice, org, course, s3, bucket):
    c = course["course"].id
    with serving(os.environ.copy()) as first, serving(os.environ.copy()) as second:
        async with Client(base_url=first) as alice_first, Client(base_url=second) as alice_second:
            await sign_in(alice_first, "alice@example.org")
            await sign_in(alice_second, "alice@example.org")
            await alice_first.get(f"/admin/courses/{c}/edit")
            response = await alice_first.post(f"/admin/courses/{c}/cover", files={"cover": ("c.png", PNG, "image/png")})
            assert response.status_code == 303
            cover = (await Course.objects().get(Course.id == c)).cover
            served = await alice_second.get(f"/media/{cover}")
            assert served.status_code == 200 and served.content == PNG


def lms(*args: str, env: dict) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "lms.cli", *args], capture_output=True, text=True, env=env,
                          timeout=120)


async def test_storage_migrate_copies_a_disk_s_files_and_checks_them(as_alice, org, course, s3, monkeypatch):
    for setting in ("LMS_STORAGE", "LMS_S3_BUCKET"):
        monkeypatch.delenv(setting, raising=False)
    c = course["course"].id
    await as_alice.post(f"/admin/courses/{c}/cover", files={"cover": ("c.png", PNG, "image/png")})
    cover = (await Course.objects().get(Course.id == c)).cover
    assert storage().path(cover).read_bytes() == PNG  # on the disk for now
    refused = lms("storage", "migrate", env=os.environ.copy())
    assert refused.returncode != 0 and "Set LMS_STORAGE=s3" in refused.stderr

    name = f"lms-{uuid.uuid4().hex[:12]}"
    env = {**os.environ, **s3.bucket(name)}
    copied = lms("storage", "migrate", env=env)
    assert copied.returncode == 0, copied.stderr
    count = int(copied.stdout.split("copied: ")[1].split(",")[0])
    assert count >= 1 and "failed: 0" in copied.stdout and s3.read(name, cover) == PNG
    again = lms("storage", "migrate", env=env)
    assert f"copied: 0, already there: {count}, failed: 0" in again.stdout  # an interrupted run carries on

    for setting, value in s3.bucket(f"lms-{uuid.uuid4().hex[:12]}").items():
        monkeypatch.setenv(setting, value)
    monkeypatch.setenv("LMS_S3_BUCKET", name)
    assert (await as_alice.get(f"/media/{cover}")).content == PNG  # served from the bucket now


@pytest.mark.parametrize("setting, value, message", [
    ("LMS_STORAGE", "ftp", "LMS_STORAGE must be local or s3"),
    ("LMS_S3_ENDPOINT", "minio:9000", "LMS_S3_ENDPOINT must start with https://"),
    ("LMS_S3_BUCKET", "", "LMS_S3_BUCKET, LMS_S3_ACCESS_KEY and LMS_S3_SECRET_KEY must be set"),
])
def test_a_bad_storage_setting_stops_the_app_with_a_message(s3, setting, value, message):
    env = {**os.environ, **s3.bucket(f"lms-{uuid.uuid4().hex[:12]}"), setting: value}
    done = lms("migrate", env=env)
    assert done.returncode != 0 and message in done.stderr
