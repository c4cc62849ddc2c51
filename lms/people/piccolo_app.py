from pathlib import Path

from piccolo.conf.apps import AppConfig

from lms.people import tables

MIGRATIONS = Path(__file__).resolve().parents[2] / "migrations" / "people"

APP_CONFIG = AppConfig(
    app_name="people",
    migrations_folder_path=str(MIGRATIONS),
    table_classes=[
        tables.Department,
        tables.JobProfile,
        tables.Employee,
        tables.UserSession,
        tables.SsoLogin,
        tables.ApiToken,
        tables.SignInFailure,
        tables.AuditEntry,
    ],
    migration_dependencies=[],
    commands=[],
)
