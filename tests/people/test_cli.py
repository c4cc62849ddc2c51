"""The lms command, run as a user runs it: a separate process on the same database."""
import os
import subprocess
import sys

from lms.courses.tables import Caption, Certificate, Course, Lesson
from lms.people.tables import Department, Employee
from lms.storage import storage
from tests.helpers import sign_in


def lms(*args: str, input: str | None = None) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "lms.cli", *args], capture_output=True, text=True,
                          input=input, env=os.environ.copy(), timeout=120)


async def test_demo_prints_the_logins_and_running_it_twice_changes_nothing(client):
    first = lms("demo")
    assert first.returncode == 0, first.stderr
    assert "lotte.maes@example.org" in first.stdout and "demo-password" in first.stdout
    people = await Employee.select().order_by(Employee.id)
    courses, certificates = await Course.count(), await Certificate.count()
    spoken = await Caption.select(Caption.lesson.title.as_alias("lesson"), Caption.language).order_by(
        Caption.lesson, Caption.language)
    assert {(row["lesson"], row["language"]) for row in spoken} >= {("Using an extinguisher", "en"),
                                                                    ("Using an extinguisher", "nl")}
    practice = await Lesson.objects().get(Lesson.kind == "scorm")  # an e-learning module, unpacked in storage
    assert (practice.standard, practice.launch) == ("1.2", "index.html")
    assert storage().path(f"{practice.package}/imsmanifest.xml").is_file()
    second = lms("demo")
    assert second.returncode == 0, second.stderr
    assert await Employee.select().order_by(Employee.id) == people
    assert (await Course.count(), await Certificate.count(), await Caption.count()) == \
        (courses, certificates, len(spoken))
    assert courses >= 10
    assert await Department.count() == 6
    roles = {row["role"] for row in people}
    assert roles == {"employee", "manager", "admin"}
    assert (await sign_in(client, "emma.peeters@example.org", "demo-password")).status_code == 303


async def test_user_create_makes_an_admin_who_can_sign_in(client):
    done = lms("user", "create", "--email", "first@example.org", "--first-name", "First", "--last-name", "Admin",
               "--role", "admin", "--password", "a strong opening passphrase")
    assert done.returncode == 0, done.stderr
    assert (await sign_in(client, "first@example.org", "a strong opening passphrase")).status_code == 303
    again = lms("user", "create", "--email", "first@example.org", "--first-name", "F", "--last-name", "A",
                "--password", "a strong opening passphrase")
    assert again.returncode != 0 and "already has this e-mail" in again.stderr
    weak = lms("user", "create", "--email", "x@example.org", "--first-name", "F", "--last-name", "A",
               "--password", "short")
    assert weak.returncode != 0 and "at least 10 characters" in weak.stderr


async def test_import_people_imports_a_file_with_progress(tmp_path):
    rows = "\n".join(f"p{i}@example.org;P{i};Person;Ops;Operator;;" for i in range(1200))
    file = tmp_path / "hr.csv"
    file.write_text("email;first name;last name;department;job title;manager email;hire date\n" + rows)
    done = lms("import-people", str(file))
    assert done.returncode == 0, done.stderr
    assert "Imported 1200 people: 1200 new, 0 updated." in done.stdout
    assert "Importing" in done.stderr
    assert await Employee.count() == 1200
    again = lms("import-people", str(file))
    assert "0 new, 1200 updated" in again.stdout
    assert await Employee.count() == 1200


async def test_import_people_lists_bad_rows_and_saves_nothing(tmp_path):
    file = tmp_path / "bad.csv"
    file.write_text("email;first name;last name\nok@example.org;O;K\nnot-an-email;N;O\n")
    done = lms("import-people", str(file))
    assert done.returncode == 1
    assert "line 3: not-an-email is not a valid e-mail address." in done.stderr
    assert await Employee.count() == 0
