"""A small display list: lay a design out once, paint it with Pillow (PNG, video frames) or ReportLab (PDF).

Coordinates: origin top-left, y down, in the drawing's unit (px for raster, pt for PDF). Every item has
a `tag` so animations can reveal groups in order (video) and tests can find things.
"""
from __future__ import annotations

from dataclasses import dataclass, field, replace
from typing import Union

from media.text.layout import TextBlock


@dataclass(frozen=True)
class Rect:
    x: float
    y: float
    w: float
    h: float
    fill: str | None = None
    stroke: str | None = None
    stroke_width: float = 0.0
    radius: float = 0.0
    tag: str = ""
    opacity: float = 1.0


@dataclass(frozen=True)
class Ellipse:
    x: float
    y: float
    w: float
    h: float
    fill: str | None = None
    stroke: str | None = None
    stroke_width: float = 0.0
    tag: str = ""
    opacity: float = 1.0


@dataclass(frozen=True)
class Polygon:
    points: tuple[tuple[float, float], ...]
    fill: str | None = None
    stroke: str | None = None
    stroke_width: float = 0.0
    tag: str = ""
    opacity: float = 1.0


@dataclass(frozen=True)
class Line:
    points: tuple[tuple[float, float], ...]
    color: str
    width: float = 1.0
    tag: str = ""
    opacity: float = 1.0


@dataclass(frozen=True)
class Text:
    """A laid-out text block whose box's top-left is (x, y). `role` says what it is (title, label...)."""

    block: TextBlock
    x: float
    y: float
    color: str
    tag: str = ""
    role: str = "body"
    opacity: float = 1.0

    @property
    def box(self) -> tuple[float, float, float, float]:
        return (self.x, self.y, self.block.box_width, self.block.height)

    @property
    def ink_box(self) -> tuple[float, float, float, float]:
        """The part of the box the lines actually use (for overlap checks)."""
        b = self.block
        lefts = [b.line_x(i, self.x) for i in range(len(b.lines))]
        rights = [lx + ln.width for lx, ln in zip(lefts, b.lines)]
        left, right = (min(lefts), max(rights)) if lefts else (self.x, self.x)
        return (left, self.y, right - left, b.height)


@dataclass(frozen=True)
class Image:
    """A raster image file placed into a box, scaled to fit (contain) and centred."""

    path: str
    x: float
    y: float
    w: float
    h: float
    tag: str = ""
    opacity: float = 1.0


Item = Union[Rect, Ellipse, Polygon, Line, Text, Image]


@dataclass(frozen=True)
class Drawing:
    width: float
    height: float
    background: str = "#FFFFFF"
    items: tuple[Item, ...] = ()
    safe: tuple[float, float, float, float] | None = None  # x, y, w, h that text must stay inside
    meta: dict = field(default_factory=dict, compare=False)

    def add(self, *items: Item) -> "Drawing":
        return replace(self, items=self.items + tuple(items))

    def texts(self) -> list[Text]:
        return [it for it in self.items if isinstance(it, Text)]

    def visible_text(self) -> list[str]:
        """Every line drawn, in logical order, top to bottom as laid out."""
        return [line for t in self.texts() for line in t.block.visible_lines if line]

    def tags(self) -> list[str]:
        seen: list[str] = []
        for it in self.items:
            if it.tag and it.tag not in seen:
                seen.append(it.tag)
        return seen

    def only(self, visible_tags: set[str] | None = None, fade: dict[str, float] | None = None) -> "Drawing":
        """A copy showing only untagged items and those in `visible_tags`; `fade` sets per-tag opacity."""
        fade = fade or {}
        kept = []
        for it in self.items:
            if it.tag and visible_tags is not None and it.tag not in visible_tags and it.tag not in fade:
                continue
            if it.tag in fade:
                it = replace(it, opacity=it.opacity * fade[it.tag])
            kept.append(it)
        return replace(self, items=tuple(kept))


def overlaps(a: tuple[float, float, float, float], b: tuple[float, float, float, float], tol: float = 0.5) -> bool:
    ax, ay, aw, ah = a
    bx, by, bw, bh = b
    return ax + aw - tol > bx and bx + bw - tol > ax and ay + ah - tol > by and by + bh - tol > ay


def layout_problems(d: Drawing) -> list[str]:
    """Proof obligations of every design: text inside the safe area and no two text boxes overlapping."""
    problems = []
    texts = d.texts()
    if d.safe:
        sx, sy, sw, sh = d.safe
        for t in texts:
            x, y, w, h = t.ink_box
            if x < sx - 0.5 or y < sy - 0.5 or x + w > sx + sw + 0.5 or y + h > sy + sh + 0.5:
                problems.append(f"text leaves the safe area: {t.block.visible_lines[:1]}")
    for i, a in enumerate(texts):
        for b in texts[i + 1:]:
            if overlaps(a.ink_box, b.ink_box):
                problems.append(f"text boxes overlap: {a.block.visible_lines[:1]} / {b.block.visible_lines[:1]}")
    return problems
