"""Thin painters: draw a laid-out `TextBlock` with Pillow (raster) or ReportLab (vector PDF)."""
from __future__ import annotations

from functools import lru_cache

from media.text.fonts import font_path, pil_font
from media.text.layout import TextBlock
from media.text.shaping import raqm_available, visual, visual_glyphs
from media.text.tounicode import drawn_char, logical_font_class


def paint_pillow(draw, block: TextBlock, x: float, y: float, fill) -> None:
    """Draw `block` with its top-left box corner at (x, y) on an ImageDraw."""
    raqm = raqm_available()
    font = pil_font(block.weight, int(round(block.size)), raqm)
    for i, line in enumerate(block.lines):
        if not line.text:
            continue
        lx, base = block.line_x(i, x), block.baseline(i, y)
        if raqm:
            draw.text((lx, base), line.text, font=font, fill=fill, anchor="ls",
                      direction=block.direction, language=block.lang)
        else:
            draw.text((lx, base), visual(line.text, block.direction), font=font, fill=fill, anchor="ls")


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
        raise RuntimeError(f"{name}: Vazirmatn was registered with ReportLab before media.text.paint did")
    return name


def paint_pdf(canvas, block: TextBlock, x: float, y_top: float, fill=None) -> None:
    """Draw `block` on a ReportLab canvas; (x, y_top) is the box's top-left in PDF points (y up).

    ReportLab cannot shape or reorder Persian, so each line is drawn as its visual-order,
    presentation-form string; its text layer still reads as the logical text (`media.text.tounicode`).
    English stays real, extractable text, drawn as before.
    """
    name = pdf_font_name(block.weight)
    if fill is not None:
        canvas.setFillColor(fill)
    for i, line in enumerate(block.lines):
        if not line.text:
            continue
        lx = block.line_x(i, x)
        # block.baseline() grows downwards from the top; PDF y grows upwards.
        base = y_top - (block.baseline(i, 0.0))
        canvas.setFont(name, block.size)
        glyphs = visual_glyphs(line.text, block.direction)
        canvas.drawString(lx, base, "".join(drawn_char(drawn, meant) for drawn, meant in glyphs))
