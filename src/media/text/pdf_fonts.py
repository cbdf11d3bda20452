"""Vazirmatn registered with ReportLab: one embedded, subset font per weight whose text layer reads as
the logical text (`media.text.tounicode`)."""
from __future__ import annotations

from functools import lru_cache

from media.text.fonts import font_path
from media.text.tounicode import logical_font_class


@lru_cache(maxsize=None)
def pdf_font_name(weight: str) -> str:
    """Register Vazirmatn with ReportLab once per weight (embedded as a subset in every PDF), its text
    layer mapping the drawn presentation forms to their letters (`media.text.tounicode`)."""
    from reportlab.pdfbase import pdfmetrics

    name = f"Vazirmatn-{weight}"
    font_class = logical_font_class()
    pdfmetrics.registerFont(font_class(name, str(font_path(weight))))
    # ReportLab hands a name the font first registered for the same face: it must be ours
    if not isinstance(pdfmetrics.getFont(name), font_class):
        raise RuntimeError(f"{name}: Vazirmatn was registered with ReportLab before media.text.pdf_fonts did")
    return name
