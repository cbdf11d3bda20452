"""Line breaking and fit-to-box, decided once on logical text for every backend.

The layout never reorders: each `LaidLine` holds logical text, so the first line of a Persian paragraph
is the first line drawn (UAX #9 reorders *within* a line, never across lines). Painters reorder/shape
per line at the very end.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Protocol

from media.errors import LayoutError, Location, Problem
from media.text.numerals import localize
from media.text.shaping import raqm_available, visual
from media.text.fonts import pil_font
from media.text.pdf_fonts import pdf_font_name

_SPACES = re.compile(r"[ \t]+")


def direction_of(lang: str) -> str:
    return "rtl" if lang == "fa" else "ltr"


class Measurer(Protocol):
    """Measures text for one backend; units are the backend's (px for Pillow, pt for PDF)."""

    def width(self, text: str, size: float, weight: str, lang: str) -> float: ...

    def metrics(self, size: float, weight: str) -> tuple[float, float]:
        """(ascent, descent) of the font at `size`, both positive."""
        ...


class PillowMeasurer:
    """Pixels, measured with the same engine that paints (raqm, or basic on visual text)."""

    def width(self, text: str, size: float, weight: str, lang: str) -> float:
        return _pil_width(text, int(round(size)), weight, lang, raqm_available())

    def metrics(self, size: float, weight: str) -> tuple[float, float]:

        return pil_font(weight, int(round(size)), raqm_available()).getmetrics()


@lru_cache(maxsize=16384)
def _pil_width(text: str, size: int, weight: str, lang: str, raqm: bool) -> float:

    font = pil_font(weight, size, raqm)
    if raqm:
        return font.getlength(text, direction=direction_of(lang), language=lang)
    return font.getlength(visual(text, direction_of(lang)))


class PdfMeasurer:
    """Points, measured with ReportLab on the visual (reshaped) string that it will draw."""

    def width(self, text: str, size: float, weight: str, lang: str) -> float:
        from reportlab.pdfbase.pdfmetrics import stringWidth

        return stringWidth(visual(text, direction_of(lang)), pdf_font_name(weight), size)

    def metrics(self, size: float, weight: str) -> tuple[float, float]:
        from reportlab.pdfbase.pdfmetrics import getFont

        face = getFont(pdf_font_name(weight)).face
        return face.ascent * size / 1000.0, -face.descent * size / 1000.0


@dataclass(frozen=True)
class TextStyle:
    """How a text block should look. Sizes in the backend's unit (px or pt)."""

    size: float
    weight: str = "regular"
    min_size: float | None = None  # shrink down to this before failing; default: no shrinking
    line_spacing: float = 1.45  # line height as a multiple of size
    align: str = "start"  # start | center | end (start is right in Persian, left in English)
    max_lines: int | None = None


@dataclass(frozen=True)
class LaidLine:
    text: str  # logical order, digits localised
    width: float


@dataclass(frozen=True)
class TextBlock:
    """Result of `layout`: lines in reading order plus everything a painter needs."""

    lines: tuple[LaidLine, ...]
    lang: str
    size: float
    weight: str
    line_height: float
    ascent: float
    descent: float
    box_width: float
    align: str
    shrunk: bool = field(default=False)

    @property
    def direction(self) -> str:
        return direction_of(self.lang)

    @property
    def height(self) -> float:
        return self.line_height * len(self.lines)

    @property
    def text_width(self) -> float:
        return max((ln.width for ln in self.lines), default=0.0)

    @property
    def visible_lines(self) -> list[str]:
        return [ln.text for ln in self.lines]

    def line_x(self, i: int, x: float) -> float:
        """Left edge of line i inside a box starting at x."""
        slack = self.box_width - self.lines[i].width
        side = self.align
        if side == "center":
            return x + slack / 2
        right = (side == "start") == (self.direction == "rtl")
        return x + slack if right else x

    def baseline(self, i: int, y: float) -> float:
        """Baseline of line i for a block whose top is y (glyph box centred in the line box)."""
        return y + i * self.line_height + (self.line_height + self.ascent - self.descent) / 2


def wrap(text: str, width: float, size: float, weight: str, lang: str, measurer: Measurer) -> list[LaidLine]:
    """Greedy wrapping on logical text. Explicit newlines are kept as line breaks."""
    lines: list[LaidLine] = []
    for paragraph in text.split("\n"):
        words = _SPACES.sub(" ", paragraph).strip().split(" ")
        current = ""
        for word in words:
            if not word:
                continue
            candidate = f"{current} {word}" if current else word
            if current and measurer.width(candidate, size, weight, lang) > width:
                lines.append(LaidLine(current, measurer.width(current, size, weight, lang)))
                current = word
            else:
                current = candidate
        if current or not lines:
            lines.append(LaidLine(current, measurer.width(current, size, weight, lang) if current else 0.0))
    return lines


def layout(text: str, lang: str, width: float, height: float | None, style: TextStyle,
           measurer: Measurer | None = None, where: Location | None = None) -> TextBlock:
    """Wrap `text` into `width` x `height`; shrink down to `style.min_size`; else raise LayoutError.

    `where` names the storyboard location of the text so the error tells the user what to shorten.
    """
    measurer = measurer or PillowMeasurer()
    text = localize(text, lang)
    size = style.size
    floor = style.min_size if style.min_size is not None else style.size
    step = max(0.5, style.size * 0.04)
    while True:
        lines = wrap(text, width, size, style.weight, lang, measurer)
        line_height = size * style.line_spacing
        fits = (all(ln.width <= width + 0.5 for ln in lines)
                and (height is None or line_height * len(lines) <= height + 0.5)
                and (style.max_lines is None or len(lines) <= style.max_lines))
        if fits:
            ascent, descent = measurer.metrics(size, style.weight)
            return TextBlock(tuple(lines), lang, size, style.weight, line_height, ascent, descent, width,
                             style.align, shrunk=size < style.size)
        if size - step < floor - 1e-9:
            break
        size = max(floor, size - step)
    need = f"{len(lines)} line(s) of {line_height:.0f}" + (f" > {height:.0f} high" if height else "")
    message = (f"text does not fit its box ({width:.0f} wide, even at the minimum size {floor:g}; {need}): "
               f"shorten it: {text[:60]}{'…' if len(text) > 60 else ''}")
    raise LayoutError(problems=[Problem(where or Location("<text>"), message)])
