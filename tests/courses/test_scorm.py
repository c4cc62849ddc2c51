"""SCORM packages: read, checked against traversal and zip bombs, unpacked, served to a frame from our
origin; what they commit completes the lesson and the course and resumes the next visit."""
import io
import json
import zipfile

import pytest

from lms.courses import scorm, scorm_player
from lms.courses.tables import Certificate, Course, Enrolment, Lesson, LessonProgress, ScormState
from lms.storage import storage
from tests.conftest import signed_in_client
from tests.courses.scorm_packages import MANIFEST_12, MANIFEST_2004, package
from tests.courses.test_authoring import new_course


def damaged() -> bytes:
    """A package whose page's deflated bytes are scrambled: the zip's index reads, the data does not."""
    data = bytearray(package("1.2", extra={"content/big.html": b"<p>" + b"lorem ipsum " * 4000}))
    at = data.find(b"content/big.html") + 40
    data[at:at + 200] = bytes(200)
    return bytes(data)


def zipped(files: dict[str, bytes]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, content in files.items():
            archive.writestr(name, content)
    return buffer.getvalue()


async def add_package(client, course_id: int, content: bytes, title: str = ""):
    return await client.post(f"/admin/courses/{course_id}/lessons/scorm", data={"scorm_title": title},
                             files={"package": ("module.zip", content, "application/zip")})


async def send(client, url: str, body, employee_id: int, key: str | None = None) -> object:
    """As scorm-again commits: JSON to the address the lesson page gave, which carries the commit key."""
    lesson_id = int(url.split("/")[4])
    key = scorm_player.commit_key(employee_id, lesson_id) if key is None else key
    content = body if isinstance(body, bytes) else json.dumps(body).encode()
    return await client.request("POST", f"{url}?key={key}", content=content,
                                headers={"content-type": "application/json;charset=UTF-8"})


def commit(status: str = "passed", score: dict | None = None, suspend: str = "page=9") -> dict:
    completion = "completed" if status in ("passed", "completed") else "incomplete"
    success = status if status in ("passed", "failed") else "unknown"
    return {"successStatus": success, "completionStatus": completion, "totalTimeSeconds": 75,
            "score": score if score is not None else {"raw": 85}, "runtimeData": {"cmi": {
                "core": {"lesson_status": status, "lesson_location": "slide-9", "score": {"raw": "85"},
                         "entry": "", "total_time": "0000:01:15"}, "suspend_data": suspend}}}


@pytest.mark.parametrize("standard, manifest, launch", [
    ("1.2", MANIFEST_12, "content/index.html"), ("2004", MANIFEST_2004, "content/index.html?start=1")])
def test_the_manifest_says_the_standard_and_what_to_launch(standard, manifest, launch):
    assert scorm.read_manifest(manifest.encode()) == (standard, launch, {"1.2": "Ladder safety",
                                                                        "2004": "Forklift checks"}[standard])


async def test_l_and_d_adds_a_package_and_it_is_served_to_a_frame(as_alice, org):
    course_id = await new_course(as_alice)
    response = await add_package(as_alice, course_id, package("2004"))
    assert response.status_code == 303
    lesson = await Lesson.objects().get(Lesson.course == course_id)
    assert (lesson.kind, lesson.title, lesson.standard, lesson.launch) == \
        ("scorm", "Forklift checks", "2004", "content/index.html?start=1")  # the package's own title
    assert storage().path(lesson.package).is_dir() and not list((storage().root / "uploads").glob("*.zip"))
    editor = await as_alice.get(f"/admin/courses/{course_id}/edit")
    assert "Forklift checks" in editor.text and "SCORM 2004" in editor.text

    page = await as_alice.get(f"/{lesson.package}/content/index.html")
    assert page.status_code == 200 and page.headers["content-type"].startswith("text/html")
    assert page.headers["x-frame-options"] == "SAMEORIGIN"
    policy = page.headers.get_list("content-security-policy")
    assert policy == [policy[0]] and "frame-ancestors 'self'" in policy[0] and "'unsafe-inline'" in policy[0]
    assert (await as_alice.get("/ping")).headers["x-frame-options"] == "DENY"  # everything else stays unframed
    assert (await as_alice.get(f"/{lesson.package}/content/missing.html")).status_code == 404
    assert (await as_alice.get(f"/{lesson.package}/../../lms.sqlite3")).status_code in (400, 404)

    await as_alice.post(f"/admin/courses/{course_id}/lessons/{lesson.id}/delete")
    assert not storage().path(lesson.package).exists()


@pytest.mark.parametrize("content, message", [
    (b"PK\x03\x04 not really a zip" * 10, "damaged"),
    (damaged(), "damaged"),
    (b"%PDF-1.4 a pdf, not a zip" * 10, "not a zip file"),
    (zipped({"index.html": b"<p>hi</p>"}), "no imsmanifest.xml"),
    (zipped({"imsmanifest.xml": b"<manifest", "content/index.html": b""}), "not valid XML"),
    (zipped({"imsmanifest.xml": MANIFEST_12.encode()}), "(content/index.html) is not in the package"),
    (package(extra={"../../evil.html": b"<script>"}), "leads outside it (../../evil.html)"),
    (package(extra={"/etc/cron.d/evil": b"* * * * * root x"}), "leads outside it"),
    (package(extra={"C:/windows/evil.bat": b"x"}), "leads outside it"),
    (package(extra={"content/zeros.bin": b"\x00" * (20 * 1024 * 1024)}), "unpacks to far more than its size"),
    (package(manifest=MANIFEST_12.replace("<schemaversion>1.2</schemaversion>", "").replace(
        'xmlns:adlcp="http://www.adlnet.org/xsd/adlcp_rootv1p2"', "").replace('adlcp:scormtype="sco" ', "")),
     "does not say whether this is SCORM 1.2 or SCORM 2004"),
    (package(manifest=MANIFEST_12.replace('identifierref="r1"', "")), "no item to launch"),
])
async def test_a_bad_package_is_refused_in_words_and_leaves_nothing(as_alice, org, content, message):
    course_id = await new_course(as_alice)
    before = {p.name for p in (storage().root / "scorm").glob("*")}
    response = await add_package(as_alice, course_id, content)
    assert response.status_code == 200 and message in response.text
    assert await Lesson.count() == 0
    assert {p.name for p in (storage().root / "scorm").glob("*")} == before
    assert not list((storage().root / "uploads").glob("*.zip")) and not list((storage().root / "scratch").glob("*"))


async def test_a_passed_package_completes_the_course_with_its_score(as_alice, as_charlie, org):
    course_id = await new_course(as_alice)
    await add_package(as_alice, course_id, package("1.2"))
    await as_alice.post(f"/admin/courses/{course_id}/publish", data={"published": "yes"})
    lesson = await Lesson.objects().get(Lesson.course == course_id)
    url = f"/courses/{course_id}/lessons/{lesson.id}/scorm"
    refused = await send(as_charlie, url, commit("incomplete"), org["charlie"].id)
    assert refused.status_code == 404 and await Enrolment.count() == 0  # a commit never enrols (nor re-enrols)
    await as_charlie.post(f"/courses/{course_id}/enrol")

    response = await send(as_charlie, url, commit("incomplete", suspend="page=3"), org["charlie"].id)
    assert response.status_code == 200 and response.json() == {"result": True, "errorCode": 0, "completed": False}
    page = await as_charlie.get(f"/courses/{course_id}/lessons/{lesson.id}")
    resume = json.loads(page.text.split('id="scorm-resume">')[1].split("</script>")[0])
    assert resume == {"cmi": {"core": {"lesson_location": "slide-9", "lesson_status": "incomplete",
                                       "score": {"raw": "85"}, "total_time": "0000:01:15", "entry": "resume"},
                              "suspend_data": "page=3"}}
    between = {**commit("incomplete", suspend="page=4"), "totalTimeSeconds": 0}  # a commit mid-visit: no total
    await send(as_charlie, url, between, org["charlie"].id)
    assert (await ScormState.objects().first()).seconds == 75  # the time does not fall back
    done = await as_charlie.post(f"/courses/{course_id}/lessons/{lesson.id}/done")
    assert "unfinished=1" in done.headers["location"]
    assert not await LessonProgress.exists().where(LessonProgress.completed.eq(True))

    response = await send(as_charlie, url, commit("passed"), org["charlie"].id)
    assert response.json()["completed"] is True
    enrolment = await Enrolment.objects().get(Enrolment.course == course_id)
    assert enrolment.completed_at is not None and enrolment.score == 85
    assert await Certificate.exists().where(Certificate.employee == org["charlie"].id)
    state = await ScormState.objects().get(ScormState.enrolment == enrolment.id)
    assert (state.completion, state.success, state.score, state.seconds) == ("completed", "passed", 85, 75)
    assert await ScormState.count() == 1  # the second commit updated the attempt's one row


@pytest.mark.parametrize("body, status", [
    (b"not json", 400), (b"[]", 400), (b'{"successStatus": "passed"}', 400),
    (json.dumps(commit(suspend="a\x00b")).encode(), 400),
    (json.dumps(commit(suspend="x" * (scorm_player.MAX_RUNTIME_BYTES + 10))).encode(), 400),
])
async def test_a_bad_commit_is_refused_and_stores_nothing(as_alice, as_charlie, org, body, status):
    course_id = await new_course(as_alice)
    await add_package(as_alice, course_id, package("1.2"))
    await Course.update({Course.published: True}).where(Course.id == course_id)
    lesson = await Lesson.objects().get(Lesson.course == course_id)
    response = await send(as_charlie, f"/courses/{course_id}/lessons/{lesson.id}/scorm", body, org["charlie"].id)
    assert response.status_code in (status, 413) and await ScormState.count() == 0


async def test_a_status_of_the_wrong_type_reads_as_unknown(as_alice, as_charlie, org):
    course_id = await new_course(as_alice)
    await add_package(as_alice, course_id, package("1.2"))
    await Course.update({Course.published: True}).where(Course.id == course_id)
    await as_charlie.post(f"/courses/{course_id}/enrol")
    lesson = await Lesson.objects().get(Lesson.course == course_id)
    body = {"runtimeData": {}, "completionStatus": ["completed"], "successStatus": {"passed": True}}
    response = await send(as_charlie, f"/courses/{course_id}/lessons/{lesson.id}/scorm", body, org["charlie"].id)
    assert response.status_code == 200 and response.json()["completed"] is False
    state = await ScormState.objects().first()
    assert (state.completion, state.success) == ("unknown", "unknown")


async def test_a_commit_to_a_lesson_that_is_not_scorm_or_not_published_is_refused(as_charlie, org, course):
    c, video, charlie = course["course"].id, course["video"].id, org["charlie"].id
    response = await send(as_charlie, f"/courses/{c}/lessons/{video}/scorm", commit(), charlie)
    assert response.status_code == 400 and await ScormState.count() == 0
    await Course.update({Course.published: False}).where(Course.id == c)
    assert (await send(as_charlie, f"/courses/{c}/lessons/{video}/scorm", commit(), charlie)).status_code == 404
    for path in (f"/courses/{c}/lessons/99999999999/scorm", f"/courses/0/lessons/{video}/scorm"):
        assert (await send(as_charlie, path, commit(), charlie)).status_code in (400, 403, 404)


async def test_a_commit_needs_the_key_of_the_person_s_own_lesson_page(as_alice, as_charlie, org):
    course_id = await new_course(as_alice)
    await add_package(as_alice, course_id, package("1.2"))
    await Course.update({Course.published: True}).where(Course.id == course_id)
    lesson = await Lesson.objects().get(Lesson.course == course_id)
    url = f"/courses/{course_id}/lessons/{lesson.id}/scorm"
    for key in ("", "0" * 32, scorm_player.commit_key(org["dave"].id, lesson.id), "é" * 40):  # none, made up, another's
        response = await send(as_charlie, url, commit(), org["charlie"].id, key=key)
        assert response.status_code == 403 and await ScormState.count() == 0
    await as_charlie.post(f"/courses/{course_id}/enrol")
    page = await as_charlie.get(f"/courses/{course_id}/lessons/{lesson.id}")  # the page gives the right one
    assert f"{url}?key={scorm_player.commit_key(org['charlie'].id, lesson.id)}" in page.text


@pytest.mark.parametrize("email", ["bob@example.org", "charlie@example.org"])
async def test_only_l_and_d_adds_packages(make_client, as_alice, org, email):
    course_id = await new_course(as_alice)
    client = await signed_in_client(make_client, email)
    assert (await add_package(client, course_id, package())).status_code == 403
    assert await Lesson.count() == 0


async def test_package_files_are_for_signed_in_people_only(as_alice, org, make_client):
    course_id = await new_course(as_alice)
    await add_package(as_alice, course_id, package())
    lesson = await Lesson.objects().get(Lesson.course == course_id)
    anonymous = make_client()
    response = await anonymous.get(f"/{lesson.package}/content/index.html")
    assert response.status_code in (303, 401, 403) and "find(" not in response.text
