"""What every CSV and XLSX export shares: cells a spreadsheet shows as text, and a safe file name."""
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
