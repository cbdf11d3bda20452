"""One theme in one place: palette (from package.yaml `brand`), typographic scale, grid and margins.

Sizes derive from the canvas's short side so every format (square, story, A4, a video frame, a PDF
page in points) gets proportionate type and margins; layouts then reflow for the aspect ratio.
"""
from __future__ import annotations

from dataclasses import dataclass

from media.storyboard.settings import Brand

# Drawn-shape colours per category (challenges/outcomes), chosen to read on white and in grey print.
CATEGORY_COLORS = {
    "institutional": "#0B5394", "legal": "#6A3D9A", "financial": "#B8860B", "social": "#0E7C86",
    "persuasion": "#C2185B", "technical": "#37474F", "cultural": "#8D6E63", "valuation": "#EF6C00",
    "governance": "#0B5394", "economic": "#B8860B", "technological": "#37474F", "organizational": "#2E7D32",
    "knowledge": "#6A3D9A",
}




@dataclass(frozen=True)
class Theme:
    width: float
    height: float
    brand: Brand
    lang: str

    @property
    def unit(self) -> float:
        """1% of the short side: the base of every size and gap."""
        return min(self.width, self.height) / 100.0

    @property
    def margin(self) -> float:
        return 6.0 * self.unit

    @property
    def gutter(self) -> float:
        return 2.5 * self.unit

    @property
    def rtl(self) -> bool:
        return self.lang == "fa"

    # type scale (sizes in the drawing's unit)
    @property
    def title_size(self) -> float:
        return 5.6 * self.unit

    @property
    def heading_size(self) -> float:
        return 3.8 * self.unit

    @property
    def body_size(self) -> float:
        return 2.9 * self.unit

    @property
    def caption_size(self) -> float:
        return 2.1 * self.unit

    @property
    def figure_size(self) -> float:
        return 9.0 * self.unit

    @property
    def min_size(self) -> float:
        """Nothing drawn smaller: 24 px on a 1080 canvas keeps every line OCR- and phone-readable."""
        return 2.2 * self.unit

    @property
    def safe(self) -> tuple[float, float, float, float]:
        m = self.margin * 0.6
        return (m, m, self.width - 2 * m, self.height - 2 * m)

    def x_start(self, x: float, w: float, item_w: float) -> float:
        """Place an item of width item_w at the reading start of a row [x, x+w]."""
        return x + w - item_w if self.rtl else x

    def order(self, items: list) -> list:
        """Left-to-right drawing order of items given in reading order."""
        return list(reversed(items)) if self.rtl else list(items)
