from pathlib import Path

from piccolo.conf.apps import AppConfig

from lms.integrations import tables

MIGRATIONS = Path(__file__).resolve().parents[2] / "migrations" / "integrations"

APP_CONFIG = AppConfig(
    app_name="integrations",
    migrations_folder_path=str(MIGRATIONS),
    table_classes=[tables.Webhook, tables.WebhookDelivery, tables.RecordStore, tables.XapiStatement],
    migration_dependencies=["lms.people.piccolo_app"],
    commands=[],
)
