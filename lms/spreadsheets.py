"""What every CSV and XLSX export shares: cells a spreadsheet shows as text, and a safe file name."""
import csv
import io
from datetime import date

from lms.storage import ascii_slug

FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def neutralise(value) -> str:
    """Text a spreadsheet shows as text: a leading = + - @ (or tab, carriage return) gets a quote."""
    text = "" if value is None else str(value)
    return "'" + text if text.startswith(FORMULA_START) else text


def safe_filename(stem: str, day: date, extension: str) -> str:
    """ASCII letters, digits and dashes only, so no browser or file system misreads it."""
    return f"{ascii_slug(stem, 'export').lower()}-{day.isoformat()}.{extension}"


def csv_bytes(header: list[str], rows: list[list]) -> bytes:
    """UTF-8 with a byte-order mark, so Excel reads the accents right; every cell neutralised."""
    out = io.StringIO()
    writer = csv.writer(out)
    for row in [header, *rows]:
        writer.writerow([neutralise(cell) for cell in row])
    return out.getvalue().encode("utf-8-sig")
