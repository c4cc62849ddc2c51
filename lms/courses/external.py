"""Trainings followed elsewhere, or informal ones (book club, buddy, mentoring), logged by the
learner with an optional certificate file; L&D verifies them."""
from collections.abc import AsyncIterator
from dataclasses import dataclass
from datetime import date

from lms import clock
from lms.courses.certificates import new_code
from lms.courses.tables import Certificate, ExternalTraining
from lms.db import is_valid_id, write_transaction
from lms.errors import Conflict, NotFound
from lms.forms import FieldError
from lms.i18n import gettext as _
from lms.pagination import PER_PAGE, Page, clamp_page
from lms.people import audit, visibility
from lms.people.sessions import SignedIn
from lms.storage import TooLarge, WrongType, ascii_slug, storage

CERTIFICATE_TYPES = {"application/pdf": "pdf", "image/png": "png", "image/jpeg": "jpg"}
MEDIA_TYPES = {extension: media_type for media_type, extension in CERTIFICATE_TYPES.items()}
MAX_CERTIFICATE_BYTES = 10 * 1024 * 1024
COLUMNS = (
    *ExternalTraining.all_columns(),
    ExternalTraining.employee.first_name.as_alias("first_name"),
    ExternalTraining.employee.last_name.as_alias("last_name"),
    ExternalTraining.verified_by.first_name.as_alias("verifier_first_name"),
    ExternalTraining.verified_by.last_name.as_alias("verifier_last_name"),
)


class AlreadyVerified(Conflict):
    def __init__(self) -> None:
        super().__init__(_("This training has already been verified."))


@dataclass(frozen=True)
class ExternalInput:
    title: str
    provider: str
    route: str
    started_on: date
    ended_on: date
    hours: int
    cost_cents: int


@dataclass(frozen=True)
class CertificateFile:
    key: str
    filename: str
    media_type: str


async def store_proof(chunks: AsyncIterator[bytes], field: str = "certificate") -> str:
    """Saves an uploaded proof (a certificate, or L&D's evidence of a completion); its storage key."""
    try:
        stored = await storage().save(chunks, "certificates", CERTIFICATE_TYPES, MAX_CERTIFICATE_BYTES)
    except WrongType:
        raise FieldError(field, _("The certificate must be a PDF, PNG or JPEG file.")) from None
    except TooLarge:
        raise FieldError(field, _("The certificate file can be at most 10 MB.")) from None
    return stored.key


def proof_file(key: str, title: str) -> CertificateFile:
    """A stored proof as a download named after its training; 404 when it is gone."""
    extension = key.rpartition(".")[2]
    if not key or extension not in MEDIA_TYPES:
        raise NotFound
    return CertificateFile(key=key, filename=safe_filename(title, extension), media_type=MEDIA_TYPES[extension])


async def log_training(employee_id: int, data: ExternalInput, certificate: AsyncIterator[bytes] | None = None) -> int:
    """Saves the log; with a certificate file also the certificate, whose proof is that file."""
    key = await store_proof(certificate) if certificate is not None else ""
    try:
        async with write_transaction():
            row = ExternalTraining(employee=employee_id, title=data.title, provider=data.provider, route=data.route,
                                   started_on=data.started_on, ended_on=data.ended_on, hours=data.hours,
                                   cost_cents=data.cost_cents, certificate_file=key, created_at=clock.now())
            await row.save()
            await audit.record(employee_id, employee_id, "external_training", row.id, "created",
                               after={"title": data.title, "provider": data.provider, "ended_on": data.ended_on,
                                      "hours": data.hours, "cost_cents": data.cost_cents})
            if key:
                saved = await Certificate.insert(Certificate(employee=employee_id, course=None, title=data.title,
                                                             code=new_code(), issued_on=data.ended_on, file=key))
                await audit.record(employee_id, employee_id, "certificate", saved[0]["id"], "created",
                                   after={"title": data.title, "issued_on": data.ended_on, "uploaded": True})
    except BaseException:
        await storage().delete(key)
        raise
    return row.id


async def my_trainings(employee_id: int) -> list[dict]:
    return await ExternalTraining.select(*COLUMNS).where(ExternalTraining.employee == employee_id).order_by(
        ExternalTraining.ended_on, ascending=False)


async def unverified(page: int = 1) -> Page:
    """What L&D still has to check, oldest first."""
    where = ExternalTraining.verified_at.is_null()
    number = clamp_page(page)
    rows = await ExternalTraining.select(*COLUMNS).where(where).order_by(ExternalTraining.created_at).limit(
        PER_PAGE).offset((number - 1) * PER_PAGE)
    return Page(rows=rows, total=await ExternalTraining.count().where(where), number=number)


async def _training(training_id: int) -> dict:
    row = None
    if is_valid_id(training_id):
        row = await ExternalTraining.select().where(ExternalTraining.id == training_id).first()
    if row is None:
        raise NotFound
    return row


async def verify(actor_id: int, training_id: int) -> None:
    training = await _training(training_id)
    async with write_transaction():
        done = await ExternalTraining.update({ExternalTraining.verified_by: actor_id,
                                             ExternalTraining.verified_at: clock.now()}).where(
            ExternalTraining.id == training_id, ExternalTraining.verified_at.is_null()).returning(
            ExternalTraining.verified_at)
        if not done:
            raise AlreadyVerified
        await audit.record(actor_id, training["employee"], "external_training", training_id, "changed",
                           before={"verified_at": None}, after={"verified_at": done[0]["verified_at"]})


def safe_filename(title: str, extension: str) -> str:
    """ASCII letters, digits and dashes only: nothing a browser or a file system can misread."""
    return f"certificate-{ascii_slug(title, 'training')}.{extension}"


async def certificate_file(actor: SignedIn, training_id: int) -> CertificateFile:
    """The uploaded proof, for its owner, their manager and L&D."""
    training = await _training(training_id)
    await visibility.visible_employee(actor, training["employee"])
    return proof_file(training["certificate_file"], training["title"])
