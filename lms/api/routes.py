"""/api/v1: people, courses, enrolments and certificates as JSON, behind a bearer token.

Each route says which scope it needs; who may see or change whom follows the pages (yourself,
your manager line, L&D everyone). Errors are JSON as Litestar writes them: {"status_code": 404,
"detail": "…", "extra": …}, naming a refused field in "extra". Requests are limited per client
address (per worker process), counted before the token is looked up, so made-up tokens count too."""
import re
from dataclasses import dataclass
from datetime import date, datetime
from typing import Annotated, Literal

import msgspec
from msgspec import Meta, Struct

from litestar import Controller, Request, Response, Router, get, post
from litestar.connection import ASGIConnection
from litestar.exceptions import (HTTPException, NotAuthorizedException, NotFoundException,
                                 PermissionDeniedException, TooManyRequestsException, ValidationException)
from litestar.handlers.base import BaseRouteHandler
from litestar.middleware.rate_limit import RateLimitConfig, get_remote_address
from litestar.params import JSONBody, PathParameter, QueryParameter

from lms.api import records
from lms.db import MAX_ID
from lms.errors import BadRequest, Conflict, Forbidden, NotFound
from lms.forms import FieldError
from lms.people import tokens
from lms.settings import Settings
from lms.web.parameters import holds_nul
Id = Annotated[int, Meta(ge=1, le=MAX_ID)]
PageNumber = Annotated[int, QueryParameter(ge=1, le=100_000)]
IdInPath = Annotated[int, PathParameter(ge=1, le=MAX_ID)]
IdInQuery = Annotated[int | None, QueryParameter(ge=1, le=MAX_ID)]
# text, read strictly below: Litestar would take "0.5" as a moment (seconds since 1970)
Since = Annotated[str | None, QueryParameter(format="date-time", max_length=40,
                                             description="from this moment on (ISO 8601; UTC without a zone)")]
# every route may answer these, documented as Litestar writes them
class ConflictException(HTTPException):
    status_code = 409


RAISES = [ValidationException, NotAuthorizedException, PermissionDeniedException, NotFoundException,
          ConflictException, TooManyRequestsException]


async def token_holder(connection: ASGIConnection, _handler: BaseRouteHandler) -> None:
    """Who the bearer token acts for, put where the pages keep the signed-in person."""
    found = await tokens.caller(connection.headers.get("authorization", ""))
    if found is None:
        raise NotAuthorizedException("A valid bearer token is needed: L&D makes them under Connections")
    connection.scope["user"], connection.scope["token_scopes"] = found


def needs(scope: str):
    def guard(connection: ASGIConnection, _handler: BaseRouteHandler) -> None:
        if scope not in connection.scope.get("token_scopes", ()):
            raise PermissionDeniedException(f"This token lacks the {scope} scope")

    return guard




def _error(status: int):
    """A domain error as Litestar writes its own: {"status_code", "detail", "extra"}; a refused field in extra."""
    def handler(_request: Request, error: Exception) -> Response:
        extra = {error.field: error.message} if isinstance(error, FieldError) else {}
        detail = str(error) or HTTPException(status_code=status).detail
        return Response({"status_code": status, "detail": detail, "extra": extra}, status_code=status)

    return handler


def http_error(_request: Request, error: HTTPException) -> Response:
    extra = error.extra if isinstance(error.extra, (dict, list)) else {}
    return Response({"status_code": error.status_code, "detail": error.detail, "extra": extra},
                    status_code=error.status_code, headers=error.headers)


@dataclass
class PersonOut:
    id: int
    email: str
    first_name: str
    last_name: str
    role: str
    active: bool
    department: str | None
    job_profile: str | None
    manager_id: int | None


@dataclass
class CourseOut:
    id: int
    title: str
    summary: str
    format: str
    minutes: int
    mandatory: bool
    published: bool
    validity_months: int


class CourseIn(Struct):
    title: Annotated[str, Meta(min_length=1, max_length=200, pattern=r"\S")]
    summary: Annotated[str, Meta(max_length=300)] = ""
    format: Literal["online", "classroom", "virtual", "blended"] = "online"
    minutes: Annotated[int, Meta(ge=1, le=6000)] = 10
    mandatory: bool = False
    validity_months: Annotated[int, Meta(ge=0, le=120)] = 0


@dataclass
class EnrolmentOut:
    id: int
    person_id: int
    course_id: int
    attempt: int
    source: str
    due_date: date | None
    enrolled_at: datetime
    completed_at: datetime | None
    score: int | None


class EnrolmentIn(Struct):
    person_id: Id
    course_id: Id
    due_date: date | None = None


@dataclass
class NeedOut:
    id: int
    person_id: int
    title: str
    source: str  # employee, manager, group, gap, compliance or checkin
    status: str  # open, planned, met or dropped
    competency_id: int | None
    created_at: datetime
    updated_at: datetime | None


@dataclass
class LevelOut:
    person_id: int
    competency_id: int
    competency: str
    level: int  # 0 to 4, as the organisation's scale names them
    source: str  # self, manager, admin or course
    assessed_at: datetime


class CompletionIn(Struct):
    person_id: Id
    course_id: Id
    note: Annotated[str, Meta(min_length=1, max_length=500, pattern=r"\S")]  # where and when it was done


class LevelIn(Struct):
    person_id: Id
    competency_id: Id
    level: Annotated[int, Meta(ge=0, le=4)]
    note: Annotated[str, Meta(max_length=2000)] = ""


@dataclass
class CertificateCheck:
    code: str
    status: str  # valid, expiring, expired or superseded
    person: str
    course: str
    issued_on: date
    expires_on: date | None


@dataclass
class CertificateOut:
    code: str
    person_id: int
    course_id: int | None
    course: str
    issued_on: date
    expires_on: date | None
    status: str  # valid, expiring or expired


@dataclass
class PageOf:
    total: int
    page: int
    pages: int


@dataclass
class People(PageOf):
    items: list[PersonOut]


@dataclass
class Courses(PageOf):
    items: list[CourseOut]


@dataclass
class Enrolments(PageOf):
    items: list[EnrolmentOut]


@dataclass
class Certificates(PageOf):
    items: list[CertificateOut]


@dataclass
class Needs(PageOf):
    items: list[NeedOut]


@dataclass
class Levels(PageOf):
    items: list[LevelOut]


def _moment(text: str | None) -> datetime | None:
    try:
        return datetime.fromisoformat(text) if text is not None else None
    except ValueError:
        raise ValidationException("since must be a moment like 2026-12-06T09:30:00Z", extra={"since": text}) from None


async def _strictly(request: Request, model: type[Struct]) -> Struct:
    """The body as its model says, strictly: Litestar converts leniently (0 would be false), and a
    client must get what the document promises, a 400 for a wrong type."""
    body = await request.body()
    try:
        if holds_nul(msgspec.json.decode(body)):
            raise ValidationException("A value holds a NUL character, which cannot be stored")
        return msgspec.json.decode(body, type=model, strict=True)
    except msgspec.ValidationError as error:
        field = re.search(r"at `\$\.(\w+)", str(error))
        raise ValidationException(str(error), extra={field.group(1): str(error)} if field else {}) from None
    except msgspec.DecodeError:
        raise ValidationException("The body is not JSON") from None


def _page(found, cls, item):
    return cls(total=found.total, page=found.number, pages=found.pages, items=[item(**row) for row in found.rows])


class PeopleApi(Controller):
    path = "/people"
    guards = [needs("read")]

    @get(raises=RAISES, summary="People you may see: yourself, your line; L&D everyone")
    async def many(self, request: Request, page: PageNumber = 1) -> People:
        return _page(await records.people(request.user, page), People, PersonOut)

    @get("/{person_id:int}", raises=RAISES, summary="One person")
    async def one(self, request: Request, person_id: IdInPath) -> PersonOut:
        return PersonOut(**await records.person(request.user, person_id))


class CoursesApi(Controller):
    path = "/courses"

    @get(raises=RAISES, guards=[needs("read")], summary="The catalogue: published courses; L&D also sees drafts")
    async def many(self, request: Request, page: PageNumber = 1) -> Courses:
        return _page(await records.courses(request.user, page), Courses, CourseOut)

    @get("/{course_id:int}", raises=RAISES, guards=[needs("read")], summary="One course")
    async def one(self, request: Request, course_id: IdInPath) -> CourseOut:
        return CourseOut(**await records.course(request.user, course_id))

    @post(raises=RAISES, guards=[needs("catalogue:write")], summary="Add a draft course (L&D)")
    async def add(self, request: Request, data: JSONBody[CourseIn]) -> CourseOut:
        data = await _strictly(request, CourseIn)
        return CourseOut(**await records.add_course(request.user, data))


class EnrolmentsApi(Controller):
    path = "/enrolments"

    @get(raises=RAISES, guards=[needs("read")], summary="Enrolments and completions of the people you may see")
    async def many(self, request: Request, person_id: IdInQuery = None, course_id: IdInQuery = None,
                   since: Since = None, page: PageNumber = 1) -> Enrolments:
        found = await records.enrolments(request.user, person_id, course_id, _moment(since), page)
        return _page(found, Enrolments, EnrolmentOut)

    @post(raises=RAISES, guards=[needs("enrolments:write")],
          summary="Enrol (assign) someone in your line, or anyone as L&D, with an optional due date")
    async def add(self, request: Request, data: JSONBody[EnrolmentIn]) -> EnrolmentOut:
        data = await _strictly(request, EnrolmentIn)
        return EnrolmentOut(**await records.enrol(request.user, data.person_id, data.course_id, data.due_date))


@post("/completions", raises=RAISES, guards=[needs("enrolments:write")],
      summary="Record a training done elsewhere as completed (L&D), e.g. from an HR system")
async def record_completion(request: Request, data: JSONBody[CompletionIn]) -> EnrolmentOut:
    data = await _strictly(request, CompletionIn)
    return EnrolmentOut(**await records.record_completion(request.user, data.person_id, data.course_id, data.note))


@get("/needs", raises=RAISES, guards=[needs("read")], summary="Learning needs of the people you may see")
async def learning_needs(request: Request, person_id: IdInQuery = None, page: PageNumber = 1) -> Needs:
    return _page(await records.needs(request.user, person_id, page), Needs, NeedOut)


class LevelsApi(Controller):
    path = "/levels"

    @get(raises=RAISES, guards=[needs("read")],
         summary="Competency levels that count now, of the people you may see; `since` for changes")
    async def many(self, request: Request, person_id: IdInQuery = None, since: Since = None,
                   page: PageNumber = 1) -> Levels:
        return _page(await records.levels(request.user, person_id, _moment(since), page), Levels, LevelOut)

    @post(raises=RAISES, guards=[needs("competencies:write")],
          summary="Rate a competency: your own, someone in your line, anyone as L&D")
    async def rate(self, request: Request, data: JSONBody[LevelIn]) -> LevelOut:
        data = await _strictly(request, LevelIn)
        return LevelOut(**await records.rate(request.user, data.person_id, data.competency_id, data.level,
                                             data.note))


class CertificatesApi(Controller):
    path = "/certificates"

    @get(raises=RAISES, guards=[needs("read")], summary="Certificates of the people you may see")
    async def many(self, request: Request, person_id: IdInQuery = None, page: PageNumber = 1) -> Certificates:
        return _page(await records.certificates_of(request.user, person_id, page), Certificates, CertificateOut)

    @get("/{code:str}", raises=RAISES, guards=[needs("read")], summary="Check a certificate by the code printed on it")
    async def one(self, code: Annotated[str, PathParameter(max_length=20)]) -> CertificateCheck:
        return CertificateCheck(**await records.certificate(code))


def api(settings: Settings) -> Router:
    limit = RateLimitConfig(rate_limit=("minute", settings.api_per_minute), identifier_for_request=get_remote_address)
    return Router(
        path="/api/v1", route_handlers=[PeopleApi, CoursesApi, EnrolmentsApi, record_completion, learning_needs,
                                        LevelsApi, CertificatesApi],
        guards=[token_holder], opt={"skip_session": True, "exclude_from_csrf": True}, middleware=[limit.middleware],
        exception_handlers={HTTPException: http_error, NotFound: _error(404), Forbidden: _error(403),
                            BadRequest: _error(400), FieldError: _error(400), Conflict: _error(409)},
    )
