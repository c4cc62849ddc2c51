from pathlib import Path

from piccolo.conf.apps import AppConfig

from lms.courses import tables

APP_CONFIG = AppConfig(
    app_name="courses",
    migrations_folder_path=str(Path(__file__).resolve().parents[2] / "migrations" / "courses"),
    table_classes=[
        tables.Course, tables.CourseCompetency, tables.Lesson, tables.Caption, tables.Question, tables.Choice,
        tables.Enrolment, tables.LessonProgress, tables.ScormState, tables.QuizAttempt, tables.Certificate, tables.Evaluation,
        tables.Session, tables.Registration, tables.TrainingRequest, tables.ExternalTraining,
        tables.LearningPath, tables.PathCourse, tables.PathAssignment, tables.RecallCard, tables.RecallAnswer,
    ],
    migration_dependencies=["lms.people.piccolo_app", "lms.competencies.piccolo_app"],
    commands=[],
)
