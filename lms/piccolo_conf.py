"""Piccolo's configuration: the engine from LMS_DATABASE_URL and every domain's app."""
from piccolo.conf.apps import AppRegistry

from lms.db import engine_for
from lms.settings import load_settings

DB = engine_for(load_settings().database_url)

APP_REGISTRY = AppRegistry(apps=["lms.people.piccolo_app", "lms.competencies.piccolo_app", "lms.courses.piccolo_app",
                                    "lms.knowledge.piccolo_app", "lms.reminders.piccolo_app",
                                    "lms.reports.piccolo_app", "lms.integrations.piccolo_app"])
