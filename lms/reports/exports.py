"""The matrix and the compliance panel as CSV and XLSX: the same scope, the same cells, the same
words as on the page. A cell a spreadsheet could run as a formula is neutralised."""
import io
import re
from dataclasses import dataclass
from datetime import date

import xlsxwriter

from lms.i18n import gettext as _
from lms.reports import compliance, matrix
from lms.reports.scope import Scope
from lms.spreadsheets import csv_bytes, safe_filename

MEDIA_TYPES = {"csv": "text/csv; charset=utf-8",
               "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"}
FILLS = {  # the page's colours, so a printed sheet reads the same
    "met": "#e7f6ec", "valid": "#e7f6ec", "gap": "#fdecea", "expired": "#fdecea",
    "expiring": "#fef0c7", "unassessed": "#eceff3", "missing": "#eceff3",
}


@dataclass(frozen=True)
class Sheet:
    title: str
    header: list[str]
    rows: list[list[str]]
    states: list[list[str | None]]  # per row, per cell: the state that colours it, or None


@dataclass(frozen=True)
class Export:
    filename: str
    media_type: str
    content: bytes


def _person(row: dict) -> list[str]:
    return [row["last_name"], row["first_name"], row["email"], row["department_name"] or "",
            row["job_profile_name"] or ""]


def _person_header() -> list[str]:
    return [_("Last name"), _("First name"), _("E-mail"), _("Department"), _("Job profile")]


async def matrix_sheet(scope: Scope) -> Sheet:
    found = await matrix.matrix_all(scope)
    header = _person_header() + [column["name"] for column in found.columns]
    rows, states = [], []
    for row in found.rows:
        rows.append(_person(row) + ["" if c["state"] == "none" else c["label"] for c in row["cells"]])
        states.append([None] * 5 + [c["state"] for c in row["cells"]])
    return Sheet(title=_("Competency matrix"), header=header, rows=rows, states=states)


async def compliance_sheet(scope: Scope) -> Sheet:
    found = await compliance.panel_all(scope)
    header = _person_header() + [column["title"] for column in found.columns]
    rows, states = [], []
    for row in found.rows:
        rows.append(_person(row) + [c["label"] if c else "" for c in row["cells"]])
        states.append([None] * 5 + [c["state"] if c else None for c in row["cells"]])
    return Sheet(title=_("Compliance"), header=header, rows=rows, states=states)


def to_csv(sheet: Sheet) -> bytes:
    return csv_bytes(sheet.header, sheet.rows)


def to_xlsx(sheet: Sheet) -> bytes:
    out = io.BytesIO()
    # strings stay strings: nothing a person typed becomes a formula, a link or a number
    book = xlsxwriter.Workbook(out, {"in_memory": True, "strings_to_formulas": False, "strings_to_urls": False,
                                     "strings_to_numbers": False})
    page = book.add_worksheet(re.sub(r"[\[\]:*?/\\]", " ", sheet.title)[:31])
    bold = book.add_format({"bold": True, "text_wrap": True, "valign": "top"})
    fills = {state: book.add_format({"bg_color": colour, "border": 1, "border_color": "#d9dee7"})
             for state, colour in FILLS.items()}
    page.write_row(0, 0, sheet.header, bold)
    for number, (row, states) in enumerate(zip(sheet.rows, sheet.states, strict=True), start=1):
        for column, (value, state) in enumerate(zip(row, states, strict=True)):
            page.write_string(number, column, value, fills.get(state))
    page.freeze_panes(1, 2)
    page.set_column(0, 4, 18)
    page.set_column(5, max(5, len(sheet.header) - 1), 22)
    if sheet.rows:
        page.autofilter(0, 0, len(sheet.rows), len(sheet.header) - 1)
    book.close()
    return out.getvalue()


async def export(kind: str, scope: Scope, extension: str, today: date) -> Export:
    """kind is "matrix" or "compliance"; extension "csv" or "xlsx"."""
    sheet = await (matrix_sheet(scope) if kind == "matrix" else compliance_sheet(scope))
    stem = "competency-matrix" if kind == "matrix" else "compliance"
    content = to_csv(sheet) if extension == "csv" else to_xlsx(sheet)
    return Export(filename=safe_filename(stem, today, extension), media_type=MEDIA_TYPES[extension], content=content)
