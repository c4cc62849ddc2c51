"""Every courses route, one module per part of the course life cycle."""
from lms.courses.routes.assign import ASSIGN_ROUTES
from lms.courses.routes.authoring import CourseEditor
from lms.courses.routes.completion import COMPLETION_ROUTES
from lms.courses.routes.corrections import CORRECTION_ROUTES
from lms.courses.routes.evaluations import EVALUATION_ROUTES
from lms.courses.routes.external import EXTERNAL_ROUTES
from lms.courses.routes.learner import LEARNER_ROUTES
from lms.courses.routes.lesson_editor import LessonEditor
from lms.courses.routes.paths import PATH_ROUTES
from lms.courses.routes.player import PLAYER_ROUTES
from lms.courses.routes.recall import RECALL_ROUTES
from lms.courses.routes.requests import REQUEST_ROUTES
from lms.courses.routes.sessions import SESSION_ROUTES

ROUTES = [*LEARNER_ROUTES, *PLAYER_ROUTES, *COMPLETION_ROUTES, *EVALUATION_ROUTES, *REQUEST_ROUTES, *EXTERNAL_ROUTES,
          *SESSION_ROUTES, CourseEditor, LessonEditor, *PATH_ROUTES, *ASSIGN_ROUTES,
          *CORRECTION_ROUTES, *RECALL_ROUTES]
