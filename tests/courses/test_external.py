"""Trainings followed elsewhere: logged with an optional certificate file, verified by L&D."""
from datetime import timedelta

import pytest

from lms import clock
from lms.courses.tables import Certificate, ExternalTraining
from lms.storage import storage
from tests.helpers import sign_in

PDF = b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n"


def logged_form(**changes) -> dict:
    today = clock.now().date()
    return {"title": "Negotiation masterclass", "provider": "Vlerick", "route": "external_provider",
            "started_on": (today - timedelta(days=3)).isoformat(), "ended_on": (today - timedelta(days=2)).isoformat(),
            "hours": "14", "cost": "1.900", **changes}


async def log(client, files=None, **changes):
    return await client.post("/me/trainings/new", data=logged_form(**changes), files=files)


def stored_certificates() -> set:
    """Every file in the certificates folder, partial uploads included (files outlive a test's tables)."""
    folder = storage().root / "certificates"
    return set(folder.iterdir()) if folder.exists() else set()


@pytest.mark.parametrize("method, url", [
    ("get", "/me/trainings/new"), ("post", "/me/trainings/new"), ("get", "/me/trainings"),
    ("get", "/me/trainings/1/certificate"), ("get", "/admin/external"), ("post", "/admin/external/1/verify"),
])
async def test_it_requires_login(client, method, url):
    response = await getattr(client, method)(url)
    assert response.status_code == 303
    assert response.headers["location"].startswith("/sign-in?next=")


async def test_an_employee_logs_an_informal_training(as_charlie, org):
    response = await log(as_charlie, title="Book club: Thinking, Fast and Slow", route="informal", provider="",
                         cost="", hours="6")
    assert response.status_code == 303 and response.headers["location"] == "/me/trainings?notice=logged"
    saved = await ExternalTraining.objects().get(ExternalTraining.employee == org["charlie"].id)
    assert saved.route == "informal" and saved.hours == 6 and saved.cost_cents == 0 and saved.certificate_file == ""
    assert await Certificate.count() == 0
    page = await as_charlie.get("/me/trainings")
    assert "Book club: Thinking, Fast and Slow" in page.text and "Informal activity" in page.text
    assert "Not yet" in page.text


async def test_the_form_offers_the_four_routes_in_words(as_charlie):
    page = await as_charlie.get("/me/trainings/new")
    for label in ("Informal activity", "Internal course by an in-house expert",
                  "Internal course by an external trainer", "External course at a provider"):
        assert label in page.text
    assert 'enctype="multipart/form-data"' in page.text


async def test_a_certificate_file_becomes_a_certificate(as_charlie, org):
    response = await log(as_charlie, files={"certificate": ("proof.pdf", PDF, "application/pdf")})
    assert response.status_code == 303
    training = await ExternalTraining.objects().get(ExternalTraining.employee == org["charlie"].id)
    assert training.cost_cents == 190000 and training.certificate_file.startswith("certificates/")
    certificate = await Certificate.objects().get(Certificate.employee == org["charlie"].id)
    assert certificate.course is None and certificate.file == training.certificate_file
    assert certificate.title == "Negotiation masterclass" and certificate.issued_on == training.ended_on
    assert len(certificate.code) == 14
    assert storage().path(certificate.file).read_bytes() == PDF


@pytest.mark.parametrize("changes, message", [
    ({"title": ""}, "Training is required."),
    ({"ended_on": "2020-01-01", "started_on": "2020-01-05"}, "The end date cannot be before the start date."),
    ({"ended_on": "2999-01-01"}, "End date cannot be in the future"),
    ({"started_on": ""}, "Start date is required."),
    ({"started_on": "yesterday"}, "Start date must be a date like 2025-03-31."),
    ({"hours": "1001"}, "Hours must be a whole number from 0 to 1000."),
    ({"hours": "-1"}, "Hours must be a whole number from 0 to 1000."),
    ({"cost": "-10"}, "Cost cannot be negative."),
    ({"route": "holiday"}, "Kind of training: choose one of the options."),
])
async def test_a_bad_log_is_shown_again_and_nothing_is_saved(as_charlie, org, changes, message):
    files_before = stored_certificates()
    response = await log(as_charlie, files={"certificate": ("proof.pdf", PDF, "application/pdf")}, **changes)
    assert response.status_code == 200
    assert message in response.text
    assert 'value="Vlerick"' in response.text
    assert await ExternalTraining.count() == 0 and await Certificate.count() == 0
    assert stored_certificates() == files_before


@pytest.mark.parametrize("name, content", [
    ("proof.pdf", b"This is only text pretending to be a PDF."),
    ("proof.pdf", b""),
    ("page.html", b"<html><script>alert(1)</script></html>"),
])
async def test_a_file_that_is_no_pdf_png_or_jpeg_is_refused(as_charlie, org, name, content):
    files_before = stored_certificates()
    response = await log(as_charlie, files={"certificate": (name, content, "application/pdf")})
    assert response.status_code == 200
    assert "The certificate must be a PDF, PNG or JPEG file." in response.text
    assert await ExternalTraining.count() == 0 and await Certificate.count() == 0
    assert stored_certificates() == files_before


async def test_a_certificate_over_10_mb_is_refused(as_charlie, org):
    files_before = stored_certificates()
    big = PDF + b"0" * (10 * 1024 * 1024)
    response = await log(as_charlie, files={"certificate": ("big.pdf", big, "application/pdf")})
    assert response.status_code == 200 and "at most 10 MB" in response.text
    assert await ExternalTraining.count() == 0 and stored_certificates() == files_before


async def test_the_file_is_for_the_owner_their_manager_and_l_and_d(as_charlie, as_bob, as_alice, make_client, org):
    await log(as_charlie, title='Négociation "avancée"\r\n../x', files={"certificate": ("a.pdf", PDF, "text/html")})
    training = await ExternalTraining.objects().first()
    url = f"/me/trainings/{training.id}/certificate"
    for client in (as_charlie, as_bob, as_alice):
        response = await client.get(url)
        assert response.status_code == 200 and response.content == PDF
        assert response.headers["content-type"] == "application/pdf"
        assert response.headers["content-disposition"] == 'attachment; filename="certificate-Negociation-avancee-x.pdf"'
        assert response.headers["x-content-type-options"] == "nosniff"
    erin = make_client()
    await sign_in(erin, "erin@example.org")
    assert (await erin.get(url)).status_code == 403
    assert (await as_charlie.get("/me/trainings/999999/certificate")).status_code == 404


async def test_a_log_without_a_file_has_nothing_to_download(as_charlie, org):
    await log(as_charlie)
    training = await ExternalTraining.objects().first()
    assert (await as_charlie.get(f"/me/trainings/{training.id}/certificate")).status_code == 404


async def test_l_and_d_verifies_a_logged_training(as_charlie, as_alice, org):
    await log(as_charlie)
    training = await ExternalTraining.objects().first()
    queue = await as_alice.get("/admin/external")
    assert "Negotiation masterclass" in queue.text and "Charlie Test" in queue.text
    response = await as_alice.post(f"/admin/external/{training.id}/verify")
    assert response.status_code == 303
    saved = await ExternalTraining.objects().get(ExternalTraining.id == training.id)
    assert saved.verified_by == org["alice"].id and saved.verified_at is not None
    assert "Negotiation masterclass" not in (await as_alice.get("/admin/external")).text
    assert "Alice Test" in (await as_charlie.get("/me/trainings")).text
    again = await as_alice.post(f"/admin/external/{training.id}/verify")
    assert again.status_code == 409 and "already been verified" in again.text
    assert (await as_alice.post("/admin/external/999999/verify")).status_code == 404


async def test_only_l_and_d_verifies(as_charlie, as_bob, org):
    await log(as_charlie)
    training = await ExternalTraining.objects().first()
    for client in (as_charlie, as_bob):
        assert (await client.get("/admin/external")).status_code == 403
        assert (await client.post(f"/admin/external/{training.id}/verify")).status_code == 403
    assert (await ExternalTraining.objects().first()).verified_at is None


async def test_someone_elses_trainings_are_not_in_my_list(as_charlie, make_client, org):
    await log(as_charlie)
    dave = make_client()
    await sign_in(dave, "dave@example.org")
    assert "Negotiation masterclass" not in (await dave.get("/me/trainings")).text


async def test_an_uploaded_certificate_is_only_vouched_for_after_verification(as_alice, client, org):
    now = clock.now()
    await Certificate.insert(Certificate(employee=org["charlie"].id, title="Negotiation", code="UPLD-ABCD-EFGH",
                                         issued_on=now.date(), file="certificates/x.pdf"))
    training = ExternalTraining(employee=org["charlie"].id, title="Negotiation", started_on=now.date(),
                                ended_on=now.date(), certificate_file="certificates/x.pdf", created_at=now)
    await training.save()
    page = await client.get("/verify/UPLD-ABCD-EFGH")
    assert "has not been checked by L&D yet" in page.text and "genuine" not in page.text
    await ExternalTraining.update({ExternalTraining.verified_at: now, ExternalTraining.verified_by: org["alice"].id}).where(
        ExternalTraining.id == training.id)
    page = await client.get("/verify/UPLD-ABCD-EFGH")
    assert "checked by L&D on" in page.text
    response = await as_alice.get("/certificates/UPLD-ABCD-EFGH/pdf")
    assert response.headers["location"] == f"/me/trainings/{training.id}/certificate"
