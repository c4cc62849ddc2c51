from piccolo.columns import JSON, Boolean, Date, ForeignKey, Integer, Text, Timestamptz, Varchar
from piccolo.columns.base import OnDelete
from piccolo.table import Table

ROLES = ("employee", "manager", "admin")
LANGUAGES = ("en", "nl")


class Department(Table):
    name = Varchar(length=120, unique=True)


class JobProfile(Table):
    name = Varchar(length=120, unique=True)
    description = Text(default="")
    external_id = Varchar(length=200, default="")  # the identity provider's id for its group (SCIM)


class Employee(Table):
    email = Varchar(length=254, unique=True)
    first_name = Varchar(length=100)
    last_name = Varchar(length=100)
    # empty until a password is set: imported people cannot sign in yet
    password_hash = Varchar(length=200, default="")
    role = Varchar(length=20, default="employee", index=True)
    department = ForeignKey(references=Department, null=True, on_delete=OnDelete.set_null)
    job_profile = ForeignKey(references=JobProfile, null=True, on_delete=OnDelete.set_null)
    manager = ForeignKey(references="Employee", null=True, on_delete=OnDelete.set_null, index=True)  # the manager line
    job_title = Varchar(length=150, default="")
    hire_date = Date(null=True, default=None)
    language = Varchar(length=5, default="")  # "" follows the browser
    active = Boolean(default=True, index=True)
    created_at = Timestamptz()
    seen_in_courses = Boolean(default=True)  # colleagues in the same course may see that I follow it
    # provisioning (SCIM): the identity provider's own name and id for the person, when it sent them
    user_name = Varchar(length=254, null=True, default=None)  # unique: an index made by its migration
    external_id = Varchar(length=200, default="")
    removed_at = Timestamptz(null=True, default=None)  # deleted over SCIM: deactivated, records kept
    # single sign-on: "issuer subject" of the provider account linked at the first sign-in (unique: an index)
    sso_subject = Varchar(length=400, null=True, default=None)


class UserSession(Table):
    # only a hash of the cookie's token is stored, so a database leak signs nobody in
    token_hash = Varchar(length=64, unique=True)
    employee = ForeignKey(references=Employee, on_delete=OnDelete.cascade, index=True)
    created_at = Timestamptz()
    expires_at = Timestamptz(index=True)
    wrote_at = Timestamptz(null=True, default=None)  # the session's last change (lms.cache: read your writes)


class SsoLogin(Table):
    """A sign-in sent to the identity provider: taken back once, by its state, within ten minutes."""

    state_hash = Varchar(length=64, unique=True)  # the state travels in URLs; only its hash is kept
    nonce = Varchar(length=64)
    code_verifier = Varchar(length=128)  # PKCE: only this server can exchange the code
    browser_hash = Varchar(length=64, default="")  # the browser that began it: a stolen callback signs nobody in
    next_url = Varchar(length=500)
    created_at = Timestamptz(index=True)


class ApiToken(Table):
    """A bearer token another system uses (an identity provider's provisioning, an integration):
    shown once when made, stored as a hash, revoked rather than deleted so its history stays."""

    name = Varchar(length=100)
    token_hash = Varchar(length=64, unique=True)
    scopes = Varchar(length=200)  # space-separated, as OAuth writes them
    created_by = ForeignKey(references=Employee, null=True, on_delete=OnDelete.set_null)
    created_at = Timestamptz()
    last_used_at = Timestamptz(null=True, default=None)
    revoked_at = Timestamptz(null=True, default=None)


class SignInFailure(Table):
    email = Varchar(length=254, index=True)
    ip = Varchar(length=45, index=True)
    at = Timestamptz(index=True)


AUDITED = ("assessment", "certificate", "enrolment", "external_training", "training_request", "person")


class AuditEntry(Table):
    """One change to a training record, assessment, certificate or person: who, when, before and after.
    Append-only: no route edits it, and a trigger refuses updates. People are deactivated, never
    deleted, so the references restrict."""

    at = Timestamptz(index=True)
    actor = ForeignKey(references=Employee, null=True, on_delete=OnDelete.restrict)  # None: the system
    employee = ForeignKey(references=Employee, null=True, on_delete=OnDelete.restrict, index=True)  # whose record
    record = Varchar(length=30)
    record_id = Integer()
    action = Varchar(length=10)  # created, changed, deleted; password (set or reset, never the password)
    before = JSON(default="{}")
    after = JSON(default="{}")
