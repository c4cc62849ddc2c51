"""Every knowledge route: spaces and pages, documents and search."""
from lms.knowledge.routes.documents import DOCUMENT_ROUTES
from lms.knowledge.routes.pages import PAGE_ROUTES
from lms.knowledge.routes.reading import READING_ROUTES
from lms.knowledge.routes.search import SEARCH_ROUTES
from lms.knowledge.routes.spaces import SPACE_ROUTES

ROUTES = [*SPACE_ROUTES, *PAGE_ROUTES, *DOCUMENT_ROUTES, *SEARCH_ROUTES, *READING_ROUTES]
