"""The audit log: every change to a training record, assessment, certificate or person, for L&D only, never
edited or deleted."""
import pytest

from lms.competencies.assessments import assess
from lms.courses import learning
from lms.people import audit
from lms.people import importer
from lms.people.tables import AuditEntry, Employee
from tests.courses.test_external import log
from tests.helpers import PASSWORD
from tests.people.test_admin_people import NEW_PERSON
from tests.people.test_import import HR_EXPORT


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


async def test_nobody_can_edit_or_delete_the_log(org, course):
    await assess(org["charlie"].id, course["competency"].id, 2, "manager", org["bob"].id)
    with pytest.raises(Exception, match="append-only"):
        await AuditEntry.update({AuditEntry.action: "deleted"}, force=True)
    with pytest.raises(Exception, match="append-only"):
        await AuditEntry.delete(force=True)
    entry = await AuditEntry.select(AuditEntry.id, AuditEntry.action).first()
    with pytest.raises(Exception, match="append-only"):
        await AuditEntry.delete().where(AuditEntry.id == entry["id"])
    assert entry["action"] == "created" and await AuditEntry.count() == 1


async def person_log(employee_id: int) -> list[tuple]:
    rows = await AuditEntry.select().where(AuditEntry.record == "person", AuditEntry.employee == employee_id).order_by(
        AuditEntry.id).output(load_json=True)
    return [(r["action"], r["actor"], r["before"], r["after"]) for r in rows]


async def test_changes_to_people_are_logged_never_their_passwords(as_alice, as_charlie, org):
    alice, charlie = org["alice"].id, org["charlie"].id
    await as_alice.get(f"/admin/people/{charlie}/edit")
    assert (await as_alice.post(f"/admin/people/{charlie}", data={
        **NEW_PERSON, "email": "charlie@example.org", "first_name": "Charlie", "last_name": "Test",
        "role": "manager", "manager": str(org["erin"].id)})).status_code == 303
    assert (await as_alice.post(f"/admin/people/{charlie}/password", data={
        "password": "brand new passphrase", "password_confirm": "brand new passphrase"})).status_code == 303
    assert (await as_alice.post(f"/admin/people/{charlie}/deactivate")).status_code == 303
    assert await person_log(charlie) == [
        ("changed", alice, {"role": "employee", "department": "Operations", "manager": "bob@example.org"},
         {"role": "manager", "department": None, "manager": "erin@example.org"}),
        ("password", alice, {}, {}),
        ("changed", alice, {"active": True}, {"active": False}),
    ]
    page = await as_alice.get(f"/admin/audit?kind=person&employee={charlie}")
    assert "Person #" in page.text and "erin@example.org" in page.text and "password set" in page.text
    assert "<dt>Manager</dt>" in page.text and "<dt>Role</dt>" in page.text  # named, not as stored
    assert "brand new passphrase" not in page.text


async def test_ones_own_password_change_and_new_people_are_logged(as_alice, as_charlie, org):
    await as_charlie.get("/me/settings")
    assert (await as_charlie.post("/me/password", data={"current_password": PASSWORD, "password": "a better passphrase",
                                                        "password_confirm": "a better passphrase"})).status_code == 303
    assert await person_log(org["charlie"].id) == [("password", org["charlie"].id, {}, {})]
    await as_alice.get("/admin/people/new")
    created = await as_alice.post("/admin/people", data={**NEW_PERSON, "password": "a fresh passphrase here"})
    newcomer = int(created.headers["location"].split("/")[2].split("?")[0])
    [(action, actor, before, after)] = await person_log(newcomer)
    assert (action, actor, before) == ("created", org["alice"].id, {})
    assert after["email"] == NEW_PERSON["email"].lower() and after["active"] is True and "password" not in after


async def test_an_import_logs_who_it_added_and_changed(as_alice, org):
    await importer.apply(HR_EXPORT, actor_id=org["alice"].id)
    await importer.apply(HR_EXPORT.replace(b"Sales;Account manager", b"Support;Account manager"),
                         actor_id=org["alice"].id)
    jo = await Employee.objects().get(Employee.email == "jo.rep@example.org")
    log = await person_log(jo.id)
    assert [entry[0] for entry in log] == ["created", "changed"]
    assert log[0][3]["manager"] == "ines.boss@example.org" and log[0][3]["department"] == "Sales"
    assert log[1][1:] == (org["alice"].id, {"department": "Sales"}, {"department": "Support"})


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
