"""Overviews for managers and L&D: matrices, compliance, budgets, use, readiness; charts and exports."""
