"""What a document file really is, and the words in it.

The type comes from the content: filetype reads the first bytes, and an office file, being a
zip, is told apart from any other zip by its [Content_Types].xml (Office Open XML) or its
mimetype entry (OpenDocument). Text is read from PDFs with pypdf and from office files'
XML parts with zipfile and xml.etree."""
import re
import zipfile
from pathlib import Path
from xml.etree import ElementTree

from pypdf import PdfReader
from pypdf.errors import PyPdfError

DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
PPTX = "application/vnd.openxmlformats-officedocument.presentationml.presentation"
ODT = "application/vnd.oasis.opendocument.text"
OFFICE = {DOCX: "docx", XLSX: "xlsx", PPTX: "pptx", ODT: "odt"}
# Office Open XML names its kind by the content type of its main part
MAIN_PARTS = {DOCX: DOCX + ".main+xml", XLSX: XLSX.replace(".sheet", ".sheet.main+xml"),
              PPTX: PPTX + ".main+xml"}
RASTER = {"image/png": "png", "image/jpeg": "jpg", "image/webp": "webp", "image/gif": "gif"}
VIDEO = {"video/webm": "webm", "video/mp4": "mp4"}
# what filetype may say of an upload; a zip or an office guess is checked again from inside the zip
ACCEPTED = {"application/pdf": "pdf", **RASTER, **VIDEO, **OFFICE, "application/zip": "zip"}
TEXT_PARTS = {DOCX: r"word/(document|header\d*|footer\d*|footnotes)\.xml", XLSX: r"xl/sharedStrings\.xml",
              PPTX: r"ppt/slides/slide\d+\.xml", ODT: r"content\.xml"}
MAX_PART = 20 * 1024 * 1024  # uncompressed bytes read from one XML part: no zip bomb fills the memory
MAX_TEXT = 200_000


def office_type(path: Path) -> str | None:
    """The office type of a zip file, or None when it is some other zip (or no zip at all)."""
    try:
        with zipfile.ZipFile(path) as archive:
            names = set(archive.namelist())
            if "mimetype" in names:
                declared = archive.read("mimetype")[:100].decode("ascii", "replace").strip()
                return declared if declared == ODT else None
            if "[Content_Types].xml" not in names:
                return None
            types = _read_part(archive, "[Content_Types].xml")
    except (zipfile.BadZipFile, OSError, KeyError, ValueError):
        return None
    return next((kind for kind, main in MAIN_PARTS.items() if main in types), None)


def _read_part(archive: zipfile.ZipFile, name: str) -> str:
    info = archive.getinfo(name)
    if info.file_size > MAX_PART:
        raise ValueError(f"{name} is too large")
    data = archive.read(name)
    if b"<!DOCTYPE" in data or b"<!ENTITY" in data:  # office XML has none; entity tricks are refused
        raise ValueError(f"{name} declares entities")
    return data.decode("utf-8", "replace")


def extract_text(path: Path, media_type: str) -> str:
    """The words of a PDF or office file for search; empty where there are none to read."""
    try:
        if media_type == "application/pdf":
            text = _pdf_text(path)
        elif media_type in TEXT_PARTS:
            text = _office_text(path, TEXT_PARTS[media_type])
        else:
            return ""
    except (PyPdfError, zipfile.BadZipFile, ElementTree.ParseError, OSError, ValueError, KeyError):
        return ""
    return " ".join(text.split())[:MAX_TEXT]


def _pdf_text(path: Path) -> str:
    parts, size = [], 0
    for page in PdfReader(path).pages:
        parts.append(page.extract_text() or "")
        size += len(parts[-1])
        if size > MAX_TEXT:
            break
    return "\n".join(parts)


def _office_text(path: Path, part_names: str) -> str:
    parts = []
    with zipfile.ZipFile(path) as archive:
        for name in sorted(archive.namelist(), key=_natural):
            if re.fullmatch(part_names, name):
                root = ElementTree.fromstring(_read_part(archive, name))
                # every paragraph, cell or line ends a word: join the text runs within, space the blocks
                parts.extend("".join(block.itertext()) for block in root.iter() if _is_block(block.tag))
    return "\n".join(part for part in parts if part.strip())


def _is_block(tag: str) -> bool:
    """Paragraphs (Word, PowerPoint, OpenDocument), headings (OpenDocument) and shared strings (Excel)."""
    return tag.rpartition("}")[2] in ("p", "h", "si")


def _natural(name: str) -> list:
    """slide2 before slide10."""
    return [int(piece) if piece.isdigit() else piece for piece in re.split(r"(\d+)", name)]
