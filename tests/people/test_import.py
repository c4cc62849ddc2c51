"""Importing people from an HR export: preview, all-or-nothing, re-import updates."""
import base64
import re

from lms.people import importer
from lms.people.tables import Department, Employee, JobProfile

HR_EXPORT = (
    "\ufeffE-mail;First name;Last name;Department;Job title;Manager e-mail;Hire date\n"
    "ines.boss@example.org;Ines;Boss;Sales;Sales manager;;01/02/2015\n"
    "jo.rep@example.org;Jo;Rep;Sales;Account manager;ines.boss@example.org;2024-03-31\n"
    "kim.new@example.org;Kim;Nieuwkomer;Sales;Account manager;ines.boss@example.org;\n"
).encode()


async def upload(client, content: bytes, name="people.csv"):
    return await client.post("/admin/import/preview", files={"file": (name, content, "text/csv")})


def encoded_file(page: str) -> str:
    return re.search(r'name="file" value="([^"]+)"', page).group(1)


async def test_it_previews_every_row_before_saving(as_alice, org):
    response = await upload(as_alice, HR_EXPORT)
    assert response.status_code == 200
    assert "3 rows" in response.text and "3 new, 0 updated" in response.text
    assert "New departments: Sales." in response.text
    assert "Import 3 people" in response.text
    assert not await Employee.exists().where(Employee.email == "jo.rep@example.org")


async def test_it_imports_and_links_managers(as_alice, org):
    preview = await upload(as_alice, HR_EXPORT)
    response = await as_alice.post("/admin/import", data={"file": encoded_file(preview.text)})
    assert response.status_code == 303
    ines = await Employee.objects().get(Employee.email == "ines.boss@example.org")
    jo = await Employee.objects().get(Employee.email == "jo.rep@example.org")
    assert jo.manager == ines.id and ines.role == "manager"
    assert str(ines.hire_date) == "2015-02-01" and str(jo.hire_date) == "2024-03-31"
    sales = await Department.objects().get(Department.name == "Sales")
    assert jo.department == sales.id
    assert await JobProfile.exists().where(JobProfile.name == "Account manager")


async def test_importing_the_same_file_again_updates_instead_of_duplicating():
    assert (await importer.apply(HR_EXPORT)).ok
    changed = HR_EXPORT.replace(b"Jo;Rep", b"Joanna;Rep")
    result = await importer.apply(changed)
    assert result.ok and result.new_count == 0
    assert await Employee.count() == 3
    assert await Department.count() == 1
    jo = await Employee.objects().get(Employee.email == "jo.rep@example.org")
    assert jo.first_name == "Joanna"


async def test_it_reads_commas_and_files_without_bom():
    csv = b"email,first_name,last_name\nlee@example.org,Lee,Comma\n"
    result = await importer.apply(csv)
    assert result.ok
    assert await Employee.exists().where(Employee.last_name == "Comma")


async def test_a_column_the_file_lacks_leaves_that_field_alone(org):
    await importer.apply(b"email;first name;last name\ncharlie@example.org;Charlie;Renamed\n")
    charlie = await Employee.objects().get(Employee.email == "charlie@example.org")
    assert charlie.last_name == "Renamed" and charlie.manager == org["bob"].id and charlie.department is not None


async def test_nothing_is_saved_while_any_row_has_an_error(as_alice, org):
    bad = HR_EXPORT + (
        "broken-email;Max;Mistake;Sales;;;\n"
        "jo.rep@example.org;Jo;Twice;Sales;;;\n"
        "pat@example.org;;Noname;Sales;;ghost@example.org;2024-13-45\n"
    ).encode()
    response = await upload(as_alice, bad)
    text = response.text
    assert "broken-email is not a valid e-mail address." in text
    assert "jo.rep@example.org is also on line 3." in text
    assert "first name is empty." in text
    assert "Manager ghost@example.org is neither in the file nor in lms." in text
    assert "Hire date 2024-13-45 is not a date" in text
    assert "3 rows have an error" in text
    assert "Import" not in re.sub(r"<h1>.*?</h1>|<title>.*?</title>", "", text).split("Preview", 1)[1].split("<table")[0]
    result = await importer.apply(bad)
    assert not result.ok
    assert await Employee.count() == 5  # only the org fixture's people


async def test_a_tampered_confirmation_is_checked_again(as_alice, org):
    bad = base64.b64encode(b"email;first name;last name\nnot-an-email;A;B\n").decode()
    response = await as_alice.post("/admin/import", data={"file": bad})
    assert response.status_code == 200
    assert "not-an-email is not a valid e-mail address." in response.text
    response = await as_alice.post("/admin/import", data={"file": "%%% not base64"})
    assert "did not come through" in response.text


async def test_malformed_files_get_a_clear_message(as_alice, org):
    cases = [
        (b"", "The file is empty."),
        ("naam;adres\nx;y\n".encode(), "The file has no column for: email, first_name, last_name."),
        (b"email;first name;last name\n", "The file has a header but no people."),
        ("email;first name;last name\nb\xe9@x.org;A;B\n".encode("latin-1"), "The file is not UTF-8 text."),
        (b"\x89PNG\r\n\x1a\n\x00\x00binary", "The file is not UTF-8 text."),
        (b'email;first name;last name\n"unclosed@example.org;A;B\n', "The file is not valid CSV"),
    ]
    for content, message in cases:
        response = await upload(as_alice, content)
        assert response.status_code == 200
        assert message in response.text.replace("&#34;", '"'), message


async def test_the_import_needs_a_file(as_alice, org):
    for request in ({"data": {"nothing": "here"}}, {"files": {"other": ("x.txt", b"x", "text/plain")}}):
        response = await as_alice.post("/admin/import/preview", **request)
        assert response.status_code == 200
        assert "Choose a CSV file to import." in response.text


async def test_it_refuses_files_over_five_megabytes(as_alice, org):
    big = b"email;first name;last name\n" + b"a@example.org;A;B\n" * 300_000
    response = await upload(as_alice, big)
    assert response.status_code == 413
    assert "The file is too large" in response.text
    just_over = b"email;first name;last name\n" + b"x" * (5 * 1024 * 1024)
    response = await upload(as_alice, just_over)
    assert response.status_code == 200
    assert "The file is larger than 5 MB" in response.text

