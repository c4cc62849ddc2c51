"""My learning: the record of planned and completed trainings, trainings elsewhere, certificates
with their expiry state, competencies against the job profile, needs and paths; as a page, a PDF
and a CSV; someone else's only for their manager line and L&D."""
import csv
import io
from datetime import timedelta

import pytest
from pypdf import PdfReader

from lms import clock
from lms.competencies.tables import JobRequirement, LearningNeed
from lms.courses.learning import complete_enrolment, enrol
from lms.courses.tables import (Certificate, Course, ExternalTraining, LearningPath, PathAssignment, PathCourse,
                                Registration, Session)
from lms.people.tables import Employee, JobProfile
from lms.reports.record import safe_cell
from tests.helpers import sign_in

URLS = ("/me/learning", "/me/learning.pdf", "/me/learning.csv")


@pytest.fixture
async def history(org, course):
    """Charlie: Fire safety completed (92%), Excel planned and overdue, a verified book club,
    certificates valid, expiring and expired, a gap, a need and a path."""
    charlie, today = org["charlie"], clock.now().date()
    profile = JobProfile(name="Planner")
    await profile.save()
    await Employee.update({Employee.job_profile: profile.id, Employee.job_title: "Production planner"}).where(
        Employee.id == charlie.id)
    excel = Course(title="Excel for planners", format="online", published=True, created_at=clock.now())
    await excel.save()
    done = await enrol(charlie.id, course["course"].id)
    await complete_enrolment(done, 92)  # issues a certificate valid for 12 months
    await enrol(charlie.id, excel.id, source="assigned", assigned_by=org["bob"].id, due_date=today - timedelta(days=3))
    start = clock.now() + timedelta(days=5)
    session = Session(course=excel.id, starts_at=start, ends_at=start + timedelta(hours=2), location="Room 7")
    await session.save()
    await Registration.insert(Registration(session=session.id, employee=charlie.id, created_at=clock.now()))
    await ExternalTraining.insert(ExternalTraining(
        employee=charlie.id, title="=HYPERLINK(\"http://evil\")", provider="Book club", route="informal",
        started_on=today - timedelta(days=20), ended_on=today - timedelta(days=10), hours=6,
        verified_by=org["alice"].id, verified_at=clock.now(), created_at=clock.now()))
    await Certificate.insert(
        Certificate(employee=charlie.id, title="Forklift licence", code="TEST-FORK-0001",
                    issued_on=today - timedelta(days=700), expires_on=today + timedelta(days=30)),
        Certificate(employee=charlie.id, title="First aid", code="TEST-AID-00001",
                    issued_on=today - timedelta(days=800), expires_on=today - timedelta(days=2)))
    await JobRequirement.insert(JobRequirement(job_profile=profile.id, competency=course["competency"].id, level=4))
    await LearningNeed.insert(LearningNeed(employee=charlie.id, title="Pivot tables", source="employee",
                                           created_at=clock.now()))
    path = LearningPath(name="Planner onboarding", created_at=clock.now())
    await path.save()
    await PathCourse.insert(PathCourse(path=path.id, course=course["course"].id, position=1),
                            PathCourse(path=path.id, course=excel.id, position=2))
    await PathAssignment.insert(PathAssignment(path=path.id, employee=charlie.id, assigned_at=clock.now()))
    return {"excel": excel}


async def client_of(make_client, key: str):
    client = make_client()
    await sign_in(client, f"{key}@example.org")
    return client


@pytest.mark.parametrize("url", [*URLS, "/people/1/learning", "/people/1/learning.pdf", "/people/1/learning.csv"])
async def test_it_requires_login(client, url):
    response = await client.get(url)
    assert response.status_code == 303 and response.headers["location"].startswith("/sign-in?next=")


async def test_my_learning_shows_every_section(as_charlie, history):
    page = await as_charlie.get("/me/learning")
    assert page.status_code == 200
    text = page.text

    def section(name: str, following: str) -> str:
        return text.split(f'id="{name}"')[1].split(f'id="{following}"')[0]

    planned = section("planned", "completed")
    assert "Excel for planners" in planned and "Overdue" in planned and "Room 7" in planned
    completed = section("completed", "certificates")
    assert "Fire safety basics" in completed and "92%" in completed
    assert "HYPERLINK" in completed and "6 hours" in completed and "Verified" in completed
    held = section("certificates", "competencies")
    assert "Forklift licence" in held and "Expiring within 60 days" in held
    assert "First aid" in held and "Expired" in held and "Valid" in held
    levels = section("competencies", "needs")
    assert "Fire safety" in levels and "2 levels short" in levels  # the course brought level 2 of 4
    assert "Pivot tables" in section("needs", "paths")
    assert "Planner onboarding" in text.split('id="paths"')[1] and "1 of 2 courses done" in text
    assert "Production planner" in text


async def test_an_empty_record_says_so(as_charlie, org):
    page = await as_charlie.get("/me/learning")
    assert page.status_code == 200 and "Nothing planned." in page.text and "No certificates yet." in page.text
    pdf = await as_charlie.get("/me/learning.pdf")
    assert pdf.content.startswith(b"%PDF")
    rows = list(csv.reader(io.StringIO((await as_charlie.get("/me/learning.csv")).text)))
    assert rows == [["kind", "title", "status", "date", "due_or_expires", "score", "hours", "provider"]]


def pdf_text(content: bytes) -> str:
    return "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(content)).pages)


async def test_the_pdf_is_a_record_to_show(as_charlie, history):
    await Employee.update({Employee.last_name: "Łukasiewicz-Zoë"}).where(Employee.email == "charlie@example.org")
    response = await as_charlie.get("/me/learning.pdf")
    assert response.status_code == 200 and response.content.startswith(b"%PDF")
    assert response.headers["content-type"] == "application/pdf"
    assert response.headers["content-disposition"] == 'attachment; filename="learning-record-Charlie-ukasiewicz-Zoe.pdf"'
    assert response.headers["cache-control"] == "private, no-store"
    text = pdf_text(response.content)
    for expected in ("Learning record", "Charlie Łukasiewicz-Zoë", "Production planner", "Planner", "Fire safety basics",
                     "Excel for planners", "Forklift licence", "Expiring within 60 days", "Pivot tables",
                     "Planner onboarding", "Completed trainings"):
        assert expected in text, expected


async def test_the_csv_has_a_row_per_training_and_certificate_and_runs_no_formula(as_charlie, history):
    response = await as_charlie.get("/me/learning.csv")
    assert response.status_code == 200 and response.headers["content-type"].startswith("text/csv")
    assert response.headers["content-disposition"] == 'attachment; filename="learning-record-Charlie-Test.csv"'
    rows = list(csv.DictReader(io.StringIO(response.text)))
    by_kind = sorted((r["kind"], r["title"], r["status"]) for r in rows)
    assert by_kind == [
        ("certificate", "Fire safety basics", "valid"),
        ("certificate", "First aid", "expired"),
        ("certificate", "Forklift licence", "expiring"),
        ("completed", "Fire safety basics", "completed"),
        ("external", "'=HYPERLINK(\"http://evil\")", "verified"),
        ("planned", "Excel for planners", "overdue"),
    ]
    completed = next(r for r in rows if r["kind"] == "completed")
    assert completed["score"] == "92" and completed["date"] == clock.now().date().isoformat()
    assert next(r for r in rows if r["kind"] == "external")["hours"] == "6"
    for row in rows:
        assert not any(cell.startswith(("=", "+", "-", "@")) for cell in row.values())


@pytest.mark.parametrize("value, expected", [
    ("=1+1", "'=1+1"), ("+31 470", "'+31 470"), ("-5", "'-5"), ("@SUM(A1)", "'@SUM(A1)"), ("\t=x", "'\t=x"),
    ("Plain", "Plain"), (None, ""), (7, "7"),
])
def test_a_cell_never_starts_a_formula(value, expected):
    assert safe_cell(value) == expected


async def test_someone_elses_record_is_for_their_manager_line_and_l_and_d_only(as_bob, as_alice, make_client, history,
                                                                               org):
    frank = Employee(email="frank@example.org", first_name="Frank", last_name="Test", manager=org["charlie"].id,
                     password_hash=org["alice"].password_hash, created_at=clock.now())
    await frank.save()
    charlie_id = org["charlie"].id
    for client in (as_bob, as_alice):
        page = await client.get(f"/people/{charlie_id}/learning")
        assert page.status_code == 200 and "Learning record of Charlie Test" in page.text and "Excel for planners" in page.text
        pdf = await client.get(f"/people/{charlie_id}/learning.pdf")
        assert pdf.status_code == 200 and "Excel for planners" in pdf_text(pdf.content)
        sheet = await client.get(f"/people/{charlie_id}/learning.csv")
        assert sheet.status_code == 200 and "Excel for planners" in sheet.text
    assert (await as_bob.get(f"/people/{frank.id}/learning.csv")).status_code == 200  # deeper in Bob's line
    dave, erin = await client_of(make_client, "dave"), await client_of(make_client, "erin")
    for client in (dave, erin):
        for suffix in ("", ".pdf", ".csv"):
            response = await client.get(f"/people/{charlie_id}/learning{suffix}")
            assert response.status_code == 403
            assert "Excel for planners" not in response.text
    charlie = await client_of(make_client, "charlie")
    assert (await charlie.get(f"/people/{org['dave'].id}/learning.pdf")).status_code == 403
    assert (await as_alice.get("/people/999999/learning.csv")).status_code == 404
    assert "Excel for planners" not in (await dave.get("/me/learning")).text
