"""Every setting comes from an `LMS_*` environment variable; a bad value fails loudly."""
import os
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlparse

DEFAULT_SECRET_KEY = "demo-secret-key-change-me"
MODES = ("development", "demo", "production")
PASSWORD_SIGN_IN = ("everyone", "admins", "off")


@dataclass(frozen=True)
class SingleSignOn:
    """The organisation's OpenID Connect provider (LMS_OIDC_*); None when the issuer is not set."""

    issuer: str
    client_id: str
    client_secret: str
    label: str
    email_claim: str
    department_claim: str  # empty: not taken from the provider
    job_title_claim: str
    groups_claim: str
    admin_groups: tuple[str, ...]  # a person in one of these groups is an L&D admin in lms
    manager_groups: tuple[str, ...]
    create_people: bool  # just in time: a first sign-in with an unknown address makes the account
    trust_email: bool  # an address without email_verified counts: the provider's are all the organisation's (Entra ID)


@dataclass(frozen=True)
class ObjectStore:
    """S3-compatible object storage for every file (LMS_STORAGE=s3 and LMS_S3_*); None: the local disk."""

    bucket: str
    endpoint: str  # empty: AWS S3 in `region`; else the service's address (https://s3.fr-par.scw.cloud)
    region: str
    access_key: str
    secret_key: str


class SettingsError(RuntimeError):
    pass


@dataclass(frozen=True)
class Settings:
    mode: str
    secret_key: str
    data_dir: Path
    database_url: str
    base_url: str
    smtp_host: str
    smtp_port: int
    smtp_user: str
    smtp_password: str
    mail_from: str
    smtp_starttls: bool
    manager_checkins: bool
    scheduler: bool
    shared_cache_seconds: int  # how old the catalogue rows and overview pages many see alike may be
    keep_answers: bool  # also keep each session's answers of the pages it comes back to, as long
    checkin_days: tuple[int, ...]
    timezone: str
    trusted_proxies: tuple[str, ...]  # addresses or networks whose X-Forwarded-For is believed
    sso: SingleSignOn | None
    password_sign_in: str  # everyone, admins (a break-glass account beside single sign-on) or off
    api_per_minute: int  # API requests one client address may make a minute, per worker process
    upload_max_mb: int  # the largest video or SCORM package L&D may upload
    s3: ObjectStore | None
    vapid_private_key: str = ""  # LMS_VAPID_PRIVATE_KEY; empty: the key lms made and keeps in its database
    training_days: int = 5  # LMS_TRAINING_DAYS: the yearly individual training right of a full-time employee
    training_day_minutes: int = 456  # LMS_TRAINING_DAY_MINUTES: one training day (7.6 hours: a 38-hour week)

    @property
    def secure_cookies(self) -> bool:
        return self.base_url.startswith("https://")

    def password_allowed(self, role: str) -> bool:
        """Whether someone with this role signs in (or sets a password) with a password here."""
        return self.password_sign_in == "everyone" or (self.password_sign_in == "admins" and role == "admin")

    @property
    def is_sqlite(self) -> bool:
        return self.database_url.startswith("sqlite:")


def _int(name: str, default: int) -> int:
    raw = os.environ.get(name, str(default))
    try:
        return int(raw)
    except ValueError:
        raise SettingsError(f"{name} must be a whole number, got {raw!r}") from None


def parse_days(text: str) -> tuple[int, ...]:
    """ "7,60,180" -> (7, 60, 180); raises ValueError on anything else."""
    days = tuple(sorted({int(part) for part in text.replace(" ", "").split(",") if part}))
    if not days or any(not 1 <= day <= 730 for day in days) or len(days) > 6:
        raise ValueError(text)
    return days


def load_settings() -> Settings:
    env = os.environ.get
    mode = env("LMS_MODE", "development")
    if mode not in MODES:
        raise SettingsError(f"LMS_MODE must be one of {', '.join(MODES)}, got {mode!r}")
    secret_key = env("LMS_SECRET_KEY", DEFAULT_SECRET_KEY)
    if mode == "production" and secret_key == DEFAULT_SECRET_KEY:
        raise SettingsError("LMS_SECRET_KEY must be set to a long random value in production")
    if len(secret_key) < 16:
        raise SettingsError("LMS_SECRET_KEY must be at least 16 characters")
    data_dir = Path(env("LMS_DATA_DIR", "data")).resolve()
    database_url = env("LMS_DATABASE_URL", f"sqlite:///{data_dir / 'lms.sqlite3'}")
    if urlparse(database_url).scheme not in ("sqlite", "postgresql", "postgres"):
        raise SettingsError("LMS_DATABASE_URL must start with sqlite:/// or postgresql://")
    base_url = env("LMS_BASE_URL", "http://127.0.0.1:8000").rstrip("/")
    if urlparse(base_url).scheme not in ("http", "https"):
        raise SettingsError("LMS_BASE_URL must start with http:// or https://")
    return Settings(
        mode=mode,
        secret_key=secret_key,
        data_dir=data_dir,
        database_url=database_url,
        base_url=base_url,
        smtp_host=env("LMS_SMTP_HOST", "localhost"),
        smtp_port=_int("LMS_SMTP_PORT", 25),
        smtp_user=env("LMS_SMTP_USER", ""),
        smtp_password=env("LMS_SMTP_PASSWORD", ""),
        mail_from=env("LMS_MAIL_FROM", "lms@localhost"),
        smtp_starttls=_bool("LMS_SMTP_STARTTLS", False),
        manager_checkins=_bool("LMS_MANAGER_CHECKINS", True),
        scheduler=_bool("LMS_SCHEDULER", True),
        shared_cache_seconds=_int("LMS_SHARED_CACHE_SECONDS", 60),
        keep_answers=_bool("LMS_KEEP_ANSWERS", True),
        checkin_days=_days("LMS_CHECKIN_DAYS", "7,60,180"),
        timezone=_timezone(env("LMS_TIMEZONE", "Europe/Brussels")),
        trusted_proxies=_networks("LMS_TRUSTED_PROXIES"),
        sso=_single_sign_on(),
        password_sign_in=_password_sign_in(),
        api_per_minute=_int("LMS_API_PER_MINUTE", 600),
        upload_max_mb=_int("LMS_UPLOAD_MAX_MB", 1024),
        s3=_object_store(),
        vapid_private_key=_vapid_private_key(),
        training_days=_int("LMS_TRAINING_DAYS", 5),
        training_day_minutes=max(1, _int("LMS_TRAINING_DAY_MINUTES", 456)),
    )


def _names(name: str) -> tuple[str, ...]:
    return tuple(part.strip() for part in os.environ.get(name, "").split(",") if part.strip())


def _single_sign_on() -> SingleSignOn | None:
    env = os.environ.get
    issuer = env("LMS_OIDC_ISSUER", "").strip()
    if not issuer:
        return None
    if urlparse(issuer).scheme not in ("http", "https"):
        raise SettingsError(f"LMS_OIDC_ISSUER must be the provider's https:// address, got {issuer!r}")
    if not env("LMS_OIDC_CLIENT_ID") or not env("LMS_OIDC_CLIENT_SECRET"):
        raise SettingsError("LMS_OIDC_CLIENT_ID and LMS_OIDC_CLIENT_SECRET must be set with LMS_OIDC_ISSUER")
    return SingleSignOn(
        issuer=issuer, client_id=env("LMS_OIDC_CLIENT_ID"), client_secret=env("LMS_OIDC_CLIENT_SECRET"),
        label=env("LMS_OIDC_LABEL", ""), email_claim=env("LMS_OIDC_EMAIL_CLAIM", "email"),
        department_claim=env("LMS_OIDC_DEPARTMENT_CLAIM", ""), job_title_claim=env("LMS_OIDC_JOB_TITLE_CLAIM", ""),
        groups_claim=env("LMS_OIDC_GROUPS_CLAIM", ""), admin_groups=_names("LMS_OIDC_ADMIN_GROUPS"),
        manager_groups=_names("LMS_OIDC_MANAGER_GROUPS"), create_people=_bool("LMS_OIDC_CREATE_PEOPLE", False),
        trust_email=_bool("LMS_OIDC_TRUST_EMAIL", False))


def _object_store() -> ObjectStore | None:
    env = os.environ.get
    kind = env("LMS_STORAGE", "local").strip().lower()
    if kind not in ("local", "s3"):
        raise SettingsError(f"LMS_STORAGE must be local or s3, got {kind!r}")
    if kind == "local":
        return None
    endpoint = env("LMS_S3_ENDPOINT", "").strip().rstrip("/")
    if endpoint and urlparse(endpoint).scheme not in ("http", "https"):
        raise SettingsError(f"LMS_S3_ENDPOINT must start with https:// (or http://), got {endpoint!r}")
    if not env("LMS_S3_BUCKET") or not env("LMS_S3_ACCESS_KEY") or not env("LMS_S3_SECRET_KEY"):
        raise SettingsError("LMS_S3_BUCKET, LMS_S3_ACCESS_KEY and LMS_S3_SECRET_KEY must be set with LMS_STORAGE=s3")
    return ObjectStore(bucket=env("LMS_S3_BUCKET"), endpoint=endpoint, region=env("LMS_S3_REGION", "us-east-1"),
                       access_key=env("LMS_S3_ACCESS_KEY"), secret_key=env("LMS_S3_SECRET_KEY"))


def _vapid_private_key() -> str:
    """The push key pair's private half: the 32-byte number base64url-encoded, or a PEM (as
    `openssl ecparam -name prime256v1 -genkey` writes it)."""
    raw = os.environ.get("LMS_VAPID_PRIVATE_KEY", "").strip()
    if not raw:
        return ""
    from lms.reminders.vapid import key_from_text

    try:
        key_from_text(raw)
    except ValueError:
        raise SettingsError("LMS_VAPID_PRIVATE_KEY must be a P-256 private key: 32 bytes in base64url, "
                            "or a PEM") from None
    return raw


def _password_sign_in() -> str:
    value = os.environ.get("LMS_PASSWORD_SIGN_IN", "everyone").strip().lower()
    if value not in PASSWORD_SIGN_IN:
        raise SettingsError(f"LMS_PASSWORD_SIGN_IN must be one of {', '.join(PASSWORD_SIGN_IN)}, got {value!r}")
    if value != "everyone" and not os.environ.get("LMS_OIDC_ISSUER", "").strip():
        raise SettingsError("LMS_PASSWORD_SIGN_IN can only be narrowed when LMS_OIDC_ISSUER is set")
    return value


def _networks(name: str) -> tuple[str, ...]:
    """Comma-separated IP addresses or networks (10.0.0.0/8); empty by default: no proxy is trusted."""
    import ipaddress

    parts = tuple(part.strip() for part in os.environ.get(name, "").split(",") if part.strip())
    try:
        for part in parts:
            ipaddress.ip_network(part, strict=False)
    except ValueError:
        raise SettingsError(f"{name} must be IP addresses or networks like 10.0.0.0/8, comma-separated; "
                            f"got {os.environ[name]!r}") from None
    return parts


def _timezone(name: str) -> str:
    from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

    try:
        ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError):
        raise SettingsError(f"LMS_TIMEZONE must be a time zone like Europe/Brussels, got {name!r}") from None
    return name


def _bool(name: str, default: bool) -> bool:
    raw = os.environ.get(name, "true" if default else "false").strip().lower()
    if raw not in ("true", "false", "1", "0", "yes", "no"):
        raise SettingsError(f"{name} must be true or false, got {raw!r}")
    return raw in ("true", "1", "yes")


def _days(name: str, default: str) -> tuple[int, ...]:
    raw = os.environ.get(name, default)
    try:
        return parse_days(raw)
    except ValueError:
        raise SettingsError(f"{name} must be up to six day counts between 1 and 730, like 7,60,180; got {raw!r}") from None
