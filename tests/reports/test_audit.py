"""The audit log: every change to a training record, assessment or certificate, for L&D only, never edited."""
import pytest

from lms.competencies.assessments import assess
from lms.courses import learning
from lms.people import audit
from lms.people.tables import AuditEntry
from tests.courses.test_external import log


async def test_completing_a_course_leaves_a_trail(org, course):
    charlie = org["charlie"].id
    enrolment = await learning.enrol(charlie, course["course"].id, source="assigned", assigned_by=org["bob"].id)
    await learning.complete_enrolment(enrolment, score=80)
    rows = await AuditEntry.select().where(AuditEntry.employee == charlie).order_by(AuditEntry.id).output(
        load_json=True)
    assert [(r["record"], r["action"]) for r in rows] == [
        ("enrolment", "created"), ("certificate", "created"), ("assessment", "created"), ("enrolment", "changed")]
    assert rows[0]["actor"] == org["bob"].id and rows[0]["after"]["source"] == "assigned"
    assert rows[2]["actor"] is None and rows[2]["after"]["level"] == 2 and rows[2]["after"]["source"] == "course"
    assert rows[3]["before"] == {"completed_at": None} and rows[3]["after"]["score"] == 80


async def test_an_assessment_keeps_what_it_replaced(org, course):
    competency = course["competency"].id
    await assess(org["charlie"].id, competency, 1, "self", org["charlie"].id, "I can spot risks")
    await assess(org["charlie"].id, competency, 3, "manager", org["bob"].id, "Led the drill")
    last = (await audit.entries(kind="assessment")).rows[0]
    assert last["actor"] == org["bob"].id and last["actor_first_name"] == "Bob"
    assert last["before"] == {"level": 1, "source": "self"}
    assert last["after"] == {"competency": "Fire safety", "level": 3, "source": "manager", "note": "Led the drill"}


async def test_nobody_can_edit_the_log(org, course):
    await assess(org["charlie"].id, course["competency"].id, 2, "manager", org["bob"].id)
    with pytest.raises(Exception, match="append-only"):
        await AuditEntry.update({AuditEntry.action: "deleted"}, force=True)
    assert (await AuditEntry.select(AuditEntry.action).first())["action"] == "created"


async def test_logging_a_training_elsewhere_and_verifying_it_are_logged(as_charlie, as_alice, org):
    await log(as_charlie)
    training = await AuditEntry.select().where(AuditEntry.record == "external_training").first()
    assert training["actor"] == org["charlie"].id and training["action"] == "created"
    response = await as_alice.post(f"/admin/external/{training['record_id']}/verify")
    assert response.status_code == 303
    verified = await AuditEntry.select().where(AuditEntry.record == "external_training", AuditEntry.action == "changed").first()
    assert verified["actor"] == org["alice"].id


async def test_l_and_d_reads_the_log_with_filters(as_alice, org, course):
    await assess(org["charlie"].id, course["competency"].id, 2, "manager", org["bob"].id, "Knows the drill")
    await learning.enrol(org["dave"].id, course["course"].id)
    page = await as_alice.get("/admin/audit")
    assert page.status_code == 200 and "Knows the drill" in page.text and "Dave Test" in page.text
    only_charlie = await as_alice.get(f"/admin/audit?employee={org['charlie'].id}")
    assert "Knows the drill" in only_charlie.text and "Dave Test" not in only_charlie.text
    enrolments = await as_alice.get("/admin/audit?kind=enrolment")
    assert "Dave Test" in enrolments.text and "Knows the drill" not in enrolments.text


@pytest.mark.parametrize("query", ["kind=nonsense", "employee=abc", "employee=99999999999", "employee=%C2%B2",
                                   "employee=" + "9" * 5000, "page=0", "page=9999"])
async def test_odd_filters_show_the_log_not_an_error(as_alice, query):
    page = await as_alice.get(f"/admin/audit?{query}")
    assert page.status_code == 200 and "Audit log" in page.text


async def test_managers_and_employees_cannot_read_it(as_bob, as_charlie):
    for client in (as_bob, as_charlie):
        assert (await client.get("/admin/audit")).status_code == 403
