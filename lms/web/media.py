"""Serves stored files with HTTP Range, so phones can seek in a video: lesson media, SCORM packages,
and the downloads other routes allow (documents, certificates).

Litestar's File response ignores Range (always 200 with the whole body) and knows only the disk;
this answers 206 with the asked bytes, 416 when the range lies outside the file, and HEAD, from
the disk or object storage."""
import mimetypes
import re

from litestar import Request, Response, route
from litestar.params import FromPath
from litestar.response import Stream

from lms.errors import NotFound
from lms.storage import storage
from lms.web.auth import signed_in

INLINE_FOLDERS = {"videos", "posters", "covers"}
MEDIA_TYPES = {"webm": "video/webm", "mp4": "video/mp4", "png": "image/png", "jpg": "image/jpeg", "jpeg": "image/jpeg",
               "webp": "image/webp"}
RANGE = re.compile(r"^bytes=(\d*)-(\d*)$")
SCORM_POLICY = ("default-src 'self' data: blob:; script-src 'self' 'unsafe-inline' 'unsafe-eval'; "
                "style-src 'self' 'unsafe-inline'; object-src 'none'; base-uri 'self'; form-action 'self'; "
                "frame-ancestors 'self'")


def parse_range(header: str, size: int) -> tuple[int, int] | None:
    """The first and last byte asked for, or None when the range cannot be satisfied."""
    match = RANGE.match(header.strip())
    if not match or match.groups() == ("", ""):
        return None
    first, last = match.groups()
    if first == "":  # the last N bytes
        start, end = max(0, size - int(last)), size - 1
    else:
        start, end = int(first), min(int(last), size - 1) if last else size - 1
    return (start, end) if start <= end and start < size else None


async def stored_file(request: Request, key: str, headers: dict) -> Response:
    """The stored file, or the byte range asked for (206), or 416 for a range outside it; HEAD answers
    headers; 404 when there is no such file. From the disk or the bucket alike."""
    files = storage()
    try:
        size = await files.size(key)
    except FileNotFoundError:
        raise NotFound from None
    headers = {**headers, "accept-ranges": "bytes"}
    status, start, end = 200, 0, size - 1
    if "range" in request.headers:
        asked = parse_range(request.headers["range"], size)
        if asked is None:
            return Response(content=b"", status_code=416, headers={**headers, "content-range": f"bytes */{size}"})
        status, (start, end) = 206, asked
        headers["content-range"] = f"bytes {start}-{end}/{size}"
    headers["content-length"] = str(end - start + 1)
    if request.method == "HEAD" or size == 0:
        return Response(content=b"", status_code=status, headers=headers)
    return Stream(files.read(key, start, end), status_code=status, headers=headers)


@route("/media/{key:path}", http_method=["GET", "HEAD"], name="web:media", guards=[signed_in])
async def media(request: Request, key: FromPath[str]) -> Response:
    key = key.lstrip("/")
    folder, _, name = key.partition("/")
    extension = name.rpartition(".")[2]
    if folder not in INLINE_FOLDERS or extension not in MEDIA_TYPES:
        raise NotFound
    return await stored_file(request, key, {"content-type": MEDIA_TYPES[extension],
                                            "cache-control": "private, max-age=86400"})


@route("/scorm/{key:path}", http_method=["GET", "HEAD"], name="web:scorm", guards=[signed_in])
async def scorm_file(request: Request, key: FromPath[str]) -> Response:
    """A file of an unpacked SCORM package, for the lesson page's frame: packages run their own
    (often inline) script and must reach the runtime API in the page that frames them, so they get
    a policy of their own, framed by our pages only."""
    key = "scorm/" + key.lstrip("/")
    media_type = mimetypes.guess_type(key.rpartition("/")[2])[0] or "application/octet-stream"
    return await stored_file(request, key, {"content-type": media_type, "cache-control": "private, max-age=3600",
                                            "content-security-policy": SCORM_POLICY, "x-frame-options": "SAMEORIGIN"})
