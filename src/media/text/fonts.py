"""Fonts: the committed Vazirmatn files (no system fonts), cached per weight and size."""
from __future__ import annotations

from functools import lru_cache
from pathlib import Path

FONT_DIR = Path(__file__).resolve().parents[3] / "assets" / "fonts" / "vazirmatn"
WEIGHTS = {"regular": "Vazirmatn-Regular.ttf", "medium": "Vazirmatn-Medium.ttf",
           "bold": "Vazirmatn-Bold.ttf", "black": "Vazirmatn-Black.ttf"}
PERSIAN_LETTERS = "پچژگیک"  # the letters Arabic fonts often lack


def font_path(weight: str = "regular") -> Path:
    try:
        return FONT_DIR / WEIGHTS[weight]
    except KeyError:
        raise ValueError(f"unknown font weight {weight!r}; choose from {', '.join(WEIGHTS)}") from None


@lru_cache(maxsize=256)
def pil_font(weight: str, size_px: int, raqm: bool = True):
    """A Pillow font; raqm layout (HarfBuzz + FriBiDi) when asked for and available."""
    from PIL import ImageFont

    engine = ImageFont.Layout.RAQM if raqm else ImageFont.Layout.BASIC
    return ImageFont.truetype(str(font_path(weight)), size_px, layout_engine=engine)


def coverage(weight: str = "regular", chars: str = PERSIAN_LETTERS) -> dict[str, bool]:
    """Which of `chars` the font has a glyph for (used by `media doctor`)."""
    from reportlab.pdfbase.ttfonts import TTFont

    cmap = TTFont(f"probe-{weight}", str(font_path(weight))).face.charToGlyph
    return {c: ord(c) in cmap for c in chars}
