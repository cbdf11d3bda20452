"""Text engine: one place that lays out Persian and English text for every renderer.

Shaping and bidi go through HarfBuzz (Pillow's raqm layout) when available, else arabic-reshaper +
python-bidi. Lines are wrapped on *logical* text before visual reordering, so multi-line Persian keeps
its line order; the paragraph direction (from the language) sets alignment; digits are localised at
render time; `layout()` wraps, then shrinks to a minimum size, and raises a located `LayoutError`
rather than overflowing. Painters (`paint_pillow`, `paint_pdf`) are thin.
"""
from media.text.fonts import font_path, pil_font
from media.text.layout import (LaidLine, PdfMeasurer, PillowMeasurer, TextBlock, TextStyle, direction_of,
                               layout)
from media.text.numerals import format_figure, format_number, localize, localize_digits, plain_line
from media.text.paint import paint_pdf, paint_pillow
from media.text.shaping import engine_name, visual

__all__ = ["LaidLine", "PdfMeasurer", "PillowMeasurer", "TextBlock", "TextStyle", "direction_of", "engine_name",
           "font_path", "format_figure", "format_number", "layout", "localize", "localize_digits", "paint_pdf", "paint_pillow", "plain_line",
           "pil_font", "visual"]
