from pathlib import Path

from piccolo.conf.apps import AppConfig

from lms.reports import tables

APP_CONFIG = AppConfig(
    app_name="reports",
    migrations_folder_path=str(Path(__file__).resolve().parents[2] / "migrations" / "reports"),
    table_classes=[tables.Budget, tables.ReadinessBand, tables.ReadinessCheck, tables.Survey, tables.SurveyQuestion,
                   tables.SurveyResponse],
    migration_dependencies=["lms.people.piccolo_app", "lms.courses.piccolo_app"],
    commands=[],
)
