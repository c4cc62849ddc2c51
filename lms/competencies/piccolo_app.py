from pathlib import Path

from piccolo.conf.apps import AppConfig

from lms.competencies import tables

APP_CONFIG = AppConfig(
    app_name="competencies",
    migrations_folder_path=str(Path(__file__).resolve().parents[2] / "migrations" / "competencies"),
    table_classes=[tables.CompetencyArea, tables.Competency, tables.ProficiencyLevel, tables.JobRequirement,
                   tables.Assessment, tables.CurrentLevel, tables.DevelopmentReview, tables.LearningNeed],
    migration_dependencies=["lms.people.piccolo_app"],
    commands=[],
)
