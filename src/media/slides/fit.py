"""Text fitting for slides: the largest type size at which paragraphs fit a box, measured with the font the
deck names (Vazirmatn), with room left for a substituted font."""
from __future__ import annotations

from dataclasses import dataclass

from media.errors import LayoutError, Location, Problem
from media.slides.master import EMU_PER_PT, Box
from media.text import PillowMeasurer
from media.text.layout import wrap
from media.text.numerals import localize

LINE = 1.25  # line pitch per point of type at 100% spacing (LibreOffice and PowerPoint: ~1.2)
WIDTH_SLACK = 0.94  # measured widths are Vazirmatn's; leave room for a substituted font
TABLE_LINE = 1.4


class Measure:
    """Widths in points with the font the deck names (Vazirmatn), measured at 4x for precision."""

    SCALE = 4

    def __init__(self):
        self.m = PillowMeasurer()

    def lines(self, text: str, width_pt: float, size_pt: float, bold: bool, lang: str) -> int:
        k = self.SCALE
        return len(wrap(localize(text, lang), width_pt * WIDTH_SLACK * k, size_pt * k,
                        "bold" if bold else "regular", lang, self.m))

    def width(self, text: str, size_pt: float, bold: bool, lang: str) -> float:
        k = self.SCALE
        return self.m.width(localize(text, lang), size_pt * k, "bold" if bold else "regular", lang) / k / WIDTH_SLACK


@dataclass(frozen=True)
class Block:
    """Paragraph texts to fit in a box: (text, bold, size factor, indented)."""

    items: tuple[tuple[str, bool, float, bool], ...]
    gap_pt: float = 8.0  # space before each paragraph but the first


INSET_X_PT = 7.2 * 2  # bodyPr default lIns + rIns (0.1 in each)
INSET_Y_PT = 3.6 * 2
BULLET_INDENT_PT = 342900 / EMU_PER_PT


def fit(block: Block, box: Box, size_pt: float, min_pt: float, lang: str, measure: Measure,
        where: Location | None, what: str) -> float:
    """The largest size (0.5 pt steps) at which `block` fits `box`; else a located LayoutError."""
    width = box.w / EMU_PER_PT - INSET_X_PT
    height = box.h / EMU_PER_PT - INSET_Y_PT
    size = size_pt
    while True:
        total = 0.0
        for k, (text, bold, factor, indented) in enumerate(block.items):
            s = size * factor
            n = measure.lines(text, width - (BULLET_INDENT_PT if indented else 0), s, bold, lang)
            total += n * s * LINE + (block.gap_pt if k else 0)
        if total <= height:
            return size
        if size - 0.5 < min_pt:
            raise LayoutError(problems=[Problem(where or Location("<deck>"),
                                                f"deck: {what} does not fit its slide even at {min_pt:g} pt; shorten it")])
        size -= 0.5
