"""What makes lms an app on a phone: the web app manifest, the service worker with the list of files
it keeps, the pages it shows when there is no network, and the list of courses kept for offline."""
import hashlib
import json
from functools import lru_cache

from litestar import MediaType, Request, Response, get
from litestar.response import Template
from litestar.template.base import csrf_token

from lms.i18n import gettext as _
from lms.web.auth import signed_in
from lms.web.templating import STATIC, asset

THEME_COLOUR = "#1d2330"
ICONS = [("icon-192.png", "192x192", "any"), ("icon-512.png", "512x512", "any"),
         ("icon-maskable-512.png", "512x512", "maskable")]
OFFLINE_PAGES = ["/offline", "/offline/queued"]  # the same for everyone: kept when the worker installs
NOT_KEPT = ("sw.js", "scorm")  # the worker itself, and SCORM runtimes (a module needs the network anyway)


@get("/manifest.webmanifest", name="web:manifest", opt={"exclude_from_csrf": True})
async def manifest() -> Response:
    """Fetched by the browser without cookies, so it says nothing about the person."""
    return Response(content={
        "name": "lms", "short_name": "lms", "description": _("Learning at work, a few minutes at a time"),
        "id": "/", "start_url": "/", "scope": "/", "display": "standalone",
        "background_color": "#ffffff", "theme_color": THEME_COLOUR,
        "icons": [{"src": f"/static/{name}", "sizes": sizes, "type": "image/png", "purpose": purpose}
                  for name, sizes, purpose in ICONS],
    }, media_type="application/manifest+json", headers={"cache-control": "public, max-age=3600"})


@lru_cache(maxsize=1)
def _worker() -> str:
    """static/sw.js after a first line naming what it keeps: a release changes the line, so phones
    install the new worker and drop the old files."""
    kept = sorted(asset(path.name) for path in STATIC.iterdir()
                  if path.is_file() and not path.name.startswith(NOT_KEPT))
    body = (STATIC / "sw.js").read_text()
    version = hashlib.sha256((json.dumps(kept) + body).encode()).hexdigest()[:12]
    shell = {"version": version, "files": kept + OFFLINE_PAGES, "push": asset("sw-push.js")}
    return f"const SHELL = {json.dumps(shell)};\n{body}"


@get("/sw.js", name="web:service_worker", opt={"exclude_from_csrf": True, "skip_session": True})
async def service_worker() -> Response:
    # never kept by the browser's HTTP cache: a new release reaches phones at their next visit
    return Response(content=_worker(), media_type="text/javascript; charset=utf-8",
                    headers={"cache-control": "no-cache"})


@get("/offline", name="web:offline")
async def offline() -> Template:
    """What a page that was not kept shows without a network."""
    return Template(template_name="offline.html", context={"shell_page": True})


@get("/offline/queued", name="web:offline_queued")
async def offline_queued() -> Template:
    """Where a lesson's "Done" or the quiz lands offline: kept on the phone, sent later."""
    return Template(template_name="offline_queued.html", context={"shell_page": True})


@get("/me/offline", name="web:downloads", guards=[signed_in])
async def downloads() -> Template:
    """The courses kept on this phone: the list is the phone's, so static/offline.js fills it."""
    return Template(template_name="downloads.html")


@get("/offline/token", name="web:offline_token", guards=[signed_in], media_type=MediaType.JSON)
async def offline_token(request: Request) -> Response:
    """What the service worker needs to send what was done offline: a fresh CSRF token (the one in a
    page kept for days may be stale) and whose session this is (it sends only that person's)."""
    return Response(content={"token": csrf_token({"request": request}), "person": request.user.id},
                    headers={"cache-control": "no-store"})


ROUTES = [manifest, service_worker, offline, offline_queued, downloads, offline_token]
