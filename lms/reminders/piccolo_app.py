from pathlib import Path

from piccolo.conf.apps import AppConfig

from lms.reminders import tables

APP_CONFIG = AppConfig(
    app_name="reminders",
    migrations_folder_path=str(Path(__file__).resolve().parents[2] / "migrations" / "reminders"),
    table_classes=[tables.Reminder, tables.Notification, tables.CheckIn, tables.Preference,
                   tables.PushKey, tables.PushSubscription, tables.PushMessage],
    migration_dependencies=["lms.people.piccolo_app", "lms.courses.piccolo_app"],
    commands=[],
)
