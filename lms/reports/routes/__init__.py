"""Every reports route, one module per overview."""
from lms.reports.routes.audit import AUDIT_ROUTES
from lms.reports.routes.budgets import BUDGET_ROUTES
from lms.reports.routes.coverage import COVERAGE_ROUTES
from lms.reports.routes.hub import HUB_ROUTES
from lms.reports.routes.org import ORG_ROUTES
from lms.reports.routes.readiness import READINESS_ROUTES
from lms.reports.routes.surveys import SURVEY_ROUTES
from lms.reports.routes.team import TEAM_ROUTES
from lms.reports.routes.training import TRAINING_ROUTES
from lms.reports.routes.record import RECORD_ROUTES
from lms.reports.routes.usage import USAGE_ROUTES

ROUTES = [*AUDIT_ROUTES, *HUB_ROUTES, *COVERAGE_ROUTES, *USAGE_ROUTES, *BUDGET_ROUTES, *READINESS_ROUTES, *RECORD_ROUTES, *TEAM_ROUTES, *ORG_ROUTES,
          *SURVEY_ROUTES, *TRAINING_ROUTES]
