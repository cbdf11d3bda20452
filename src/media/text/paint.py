"""Thin painters: draw a laid-out `TextBlock` with Pillow (raster) or ReportLab (vector PDF)."""
from __future__ import annotations

from media.text.fonts import pil_font
from media.text.layout import TextBlock
from media.text.pdf_fonts import pdf_font_name
from media.text.shaping import raqm_available, visual, visual_glyphs
from media.text.tounicode import drawn_char


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
