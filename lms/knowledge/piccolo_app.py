from pathlib import Path

from piccolo.conf.apps import AppConfig

from lms.knowledge import tables

APP_CONFIG = AppConfig(
    app_name="knowledge",
    migrations_folder_path=str(Path(__file__).resolve().parents[2] / "migrations" / "knowledge"),
    table_classes=[tables.Space, tables.SpaceEditor, tables.Page, tables.Revision, tables.PageTag,
                   tables.PageCourse, tables.Document, tables.SearchEntry, tables.SearchState,
                   tables.RequiredReading, tables.Acknowledgement],
    migration_dependencies=["lms.people.piccolo_app", "lms.courses.piccolo_app"],
    commands=[],
)
