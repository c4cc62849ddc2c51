"""Every knowledge route: documents and search (wiki pages are still to come)."""
from lms.knowledge.routes.documents import DOCUMENT_ROUTES
from lms.knowledge.routes.search import SEARCH_ROUTES

ROUTES = [*DOCUMENT_ROUTES, *SEARCH_ROUTES]
