"""Every courses route, one module per part of the course life cycle."""
from lms.courses.routes.learner import LEARNER_ROUTES

ROUTES = [*LEARNER_ROUTES]
