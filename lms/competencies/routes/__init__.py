"""Every competencies route, one module per part: framework, assessments, needs, experts, development reviews."""
from lms.competencies.routes.assessments import ASSESSMENT_ROUTES
from lms.competencies.routes.development import DEVELOPMENT_ROUTES
from lms.competencies.routes.experts import EXPERT_ROUTES
from lms.competencies.routes.framework import FRAMEWORK_ROUTES
from lms.competencies.routes.needs import NEED_ROUTES
from lms.competencies.routes.requirements import REQUIREMENT_ROUTES

ROUTES = [*FRAMEWORK_ROUTES, *REQUIREMENT_ROUTES, *ASSESSMENT_ROUTES, *EXPERT_ROUTES, *NEED_ROUTES,
          *DEVELOPMENT_ROUTES]
