"""Every reports route, one module per overview."""

ROUTES = []
