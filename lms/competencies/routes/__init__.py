"""Every competencies route, one module per part: framework, assessments, needs, experts."""

ROUTES = []
