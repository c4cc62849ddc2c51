"""Every reports route, one module per overview."""
from lms.reports.routes.audit import AUDIT_ROUTES

ROUTES = [*AUDIT_ROUTES]
