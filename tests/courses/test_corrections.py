"""L&D fixes a learner's record without SQL, every fix in the audit log: due date, quiz attempts,
unenrol, mark complete with a reason and proof."""
import pytest

from lms.courses.learning import complete_enrolment, enrol
from lms.courses.tables import Certificate, Course, Enrolment, QuizAttempt
from lms.people.tables import AuditEntry

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


@pytest.fixture
async def enrolment(course, org):
    return await enrol(org["charlie"].id, course["course"].id)


async def audit_of(enrolment_id: int) -> list[dict]:
    return await AuditEntry.select(AuditEntry.action, AuditEntry.before, AuditEntry.after, AuditEntry.actor).where(
        AuditEntry.record == "enrolment", AuditEntry.record_id == enrolment_id).order_by(AuditEntry.id).output(
        load_json=True)


async def test_l_and_d_resets_the_quiz_attempts_of_someone_who_ran_out(as_alice, as_charlie, course, enrolment, org):
    url = f"/courses/{course['course'].id}/quiz"
    await Course.update({Course.max_attempts: 1}).where(Course.id == course["course"].id)
    await as_charlie.post(url, data={})
    assert (await as_charlie.post(url, data={})).status_code == 409
    page = await as_alice.get(f"/admin/courses/{course['course'].id}/enrolments")
    assert f'href="/admin/enrolments/{enrolment}"' in page.text
    fix = await as_alice.get(f"/admin/enrolments/{enrolment}")
    assert "0%" in fix.text and "Reset quiz attempts" in fix.text
    confirm = await as_alice.get(f"/admin/enrolments/{enrolment}/reset")
    assert "Reset the quiz attempts of Charlie Test?" in confirm.text
    response = await as_alice.post(f"/admin/enrolments/{enrolment}/reset")
    assert response.headers["location"].endswith("notice=attempts_reset")
    assert await QuizAttempt.count() == 0
    assert (await as_charlie.post(url, data={})).status_code == 200
    entry = (await audit_of(enrolment))[-1]
    assert entry["before"] == {"quiz_attempts": [0]} and entry["actor"] == org["alice"].id


async def test_l_and_d_changes_a_due_date(as_alice, enrolment):
    await as_alice.post(f"/admin/enrolments/{enrolment}/due", data={"due_date": "2027-03-01"})
    assert (await Enrolment.objects().get(Enrolment.id == enrolment)).due_date.isoformat() == "2027-03-01"
    bad = await as_alice.post(f"/admin/enrolments/{enrolment}/due", data={"due_date": "March"})
    assert bad.status_code == 400 and "Due date must be a date like 2025-03-31." in bad.text
    assert (await audit_of(enrolment))[-1]["after"] == {"due_date": "2027-03-01"}


async def test_l_and_d_unenrols_but_a_completed_training_stays(as_alice, course, enrolment, org):
    assert "Unenrol Charlie Test from Fire safety basics?" in (await as_alice.get(
        f"/admin/enrolments/{enrolment}/unenrol")).text
    response = await as_alice.post(f"/admin/enrolments/{enrolment}/unenrol")
    assert response.headers["location"] == f"/admin/courses/{course['course'].id}/enrolments?notice=unenrolled"
    assert await Enrolment.count() == 0
    assert (await audit_of(enrolment))[-1]["action"] == "deleted"
    done = await enrol(org["dave"].id, course["course"].id)
    await complete_enrolment(done)
    assert (await as_alice.post(f"/admin/enrolments/{done}/unenrol")).status_code == 409
    assert (await as_alice.post(f"/admin/enrolments/{done}/reset")).status_code == 409


async def test_l_and_d_marks_complete_with_a_reason_and_proof(as_alice, course, enrolment):
    response = await as_alice.post(f"/admin/enrolments/{enrolment}/complete", data={"reason": "Followed at Vinçotte"},
                                   files={"evidence": ("proof.pdf", PDF, "application/pdf")})
    assert response.status_code == 303
    row = await Enrolment.objects().get(Enrolment.id == enrolment)
    assert row.completed_at and row.completion_note == "Followed at Vinçotte" and row.completion_evidence
    assert await Certificate.count() == 1
    page = await as_alice.get(f"/admin/enrolments/{enrolment}")
    assert "marked complete by L&D: Followed at Vinçotte" in page.text
    proof = await as_alice.get(f"/admin/enrolments/{enrolment}/evidence")
    assert proof.content == PDF and proof.headers["content-disposition"].startswith("attachment")
    reasons = [e["after"].get("marked_complete_by_l_and_d") for e in await audit_of(enrolment)]
    assert "Followed at Vinçotte" in reasons


@pytest.mark.parametrize("data, files, message", [
    ({"reason": ""}, None, "Reason is required."),
    ({"reason": "Elsewhere"}, {"evidence": ("x.pdf", b"<script>", "application/pdf")},
     "The certificate must be a PDF, PNG or JPEG file."),
])
async def test_a_bad_completion_names_the_field_and_saves_nothing(as_alice, enrolment, data, files, message):
    response = await as_alice.post(f"/admin/enrolments/{enrolment}/complete", data=data, files=files)
    assert response.status_code == 400 and message in response.text
    assert (await Enrolment.objects().get(Enrolment.id == enrolment)).completed_at is None
    assert await Certificate.count() == 0


@pytest.mark.parametrize("method, suffix", [("get", ""), ("post", "/due"), ("get", "/reset"), ("post", "/reset"),
                                            ("get", "/unenrol"), ("post", "/unenrol"), ("post", "/complete"),
                                            ("get", "/evidence")])
async def test_only_l_and_d_fixes_records(as_bob, as_charlie, enrolment, method, suffix):
    for client in (as_bob, as_charlie):
        response = await getattr(client, method)(f"/admin/enrolments/{enrolment}{suffix}")
        assert response.status_code == 403
    assert await Enrolment.count() == 1


async def test_an_unknown_enrolment_is_a_404(as_alice, org):
    for bad in ("999999", "99999999999999999999"):
        assert (await as_alice.get(f"/admin/enrolments/{bad}")).status_code in (400, 404)
    assert (await as_alice.get("/admin/enrolments/1/evidence")).status_code == 404
