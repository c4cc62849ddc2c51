"""PDF documents (certificates, learning records) in DejaVu Sans, embedded and subset by fpdf2, so
every name prints as written ("Łucja Dvořák-Şahin 't Hooft"): the PDF core fonts stop at Latin-1."""
from pathlib import Path

from fpdf import FPDF

FONTS = Path(__file__).parent / "fonts"
FONT = "DejaVu"


def document(orientation: str = "P") -> FPDF:
    doc = FPDF(orientation=orientation, format="A4")
    doc.add_font(FONT, "", FONTS / "DejaVuSans.ttf")
    doc.add_font(FONT, "B", FONTS / "DejaVuSans-Bold.ttf")
    return doc
