"""Fonts: the committed Vazirmatn files (no system fonts), cached per weight and size."""
from __future__ import annotations

import os
from functools import lru_cache
from pathlib import Path
from media.errors import EngineError, Location, Problem

FONT_ENV = "MEDIA_FONT_DIR"
_RELATIVE = Path("assets") / "fonts" / "vazirmatn"
FONT_DIR = Path(__file__).resolve().parents[3] / _RELATIVE  # the checkout (editable install)
WEIGHTS = {"regular": "Vazirmatn-Regular.ttf", "medium": "Vazirmatn-Medium.ttf",
           "bold": "Vazirmatn-Bold.ttf", "black": "Vazirmatn-Black.ttf"}
PERSIAN_LETTERS = "پچژگیک"  # the letters Arabic fonts often lack


def font_dirs() -> list[Path]:
    """Where fonts are looked for, in order: $MEDIA_FONT_DIR, the checkout this package runs from, and
    assets/fonts/vazirmatn under the current folder (a non-editable install run from the project)."""
    dirs = [Path(os.environ[FONT_ENV])] if os.environ.get(FONT_ENV) else []
    return dirs + [FONT_DIR, Path.cwd() / _RELATIVE]


def font_dir() -> Path:
    return _font_dir(os.environ.get(FONT_ENV), os.getcwd())


@lru_cache(maxsize=8)
def _font_dir(env: str | None, cwd: str) -> Path:
    for d in font_dirs():
        if all((d / name).is_file() for name in WEIGHTS.values()):
            return d

    looked = ", ".join(str(d) for d in font_dirs())
    raise EngineError(problems=[Problem(Location("fonts"), f"Vazirmatn not found (looked in {looked}); run from "
                                        f"the project folder or set {FONT_ENV} to assets/fonts/vazirmatn")])


def font_path(weight: str = "regular") -> Path:
    try:
        name = WEIGHTS[weight]
    except KeyError:
        raise ValueError(f"unknown font weight {weight!r}; choose from {', '.join(WEIGHTS)}") from None
    return font_dir() / name


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
