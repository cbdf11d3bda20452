"""What every design of `media.graphics` shares: `Items` (display-list items that know the height they
used), laying out again to hug content or to share one type size, brand tints, cards, texts fitted to a box
(a located LayoutError when one cannot fit), grids, and narrowing or centring a laid-out block."""
from __future__ import annotations

import math
from dataclasses import dataclass, replace
from typing import Callable, Sequence

from media.errors import LayoutError, Location, Problem
from media.graphics.primitives import Item, Rect, Text
from media.graphics.theme import Theme
from media.text import PillowMeasurer, TextStyle, layout


Box = tuple[float, float, float, float]
Where = Callable[[tuple], "Location | None"]



class Items(list):
    """A list of display-list items that also reports the height the design used (`used_h`)."""

    used_h: float = 0.0
    scale: float = 1.0  # how much fit_stack had to shrink the texts (1.0: not at all)
    notes_moved: bool = False  # key_figures: the sources went to numbered notes (the caller lists them)

    def __init__(self, items=(), used_h: float = 0.0):
        super().__init__(items)
        self.used_h = used_h


def _track(scales: list, items: "Items") -> "Items":
    scales.append(items.scale)
    return items


def _scaled(items: "Items", scales: list) -> "Items":
    items.scale = min(scales, default=1.0)
    return items


def compact(make: Callable[[Box], "Items"], box: Box, pad: float) -> "Items":
    """Lay out in `box`; if the texts leave much of it empty, lay out again in a box just tall enough
    (content + `pad`), centred vertically: cards hug their content instead of trailing blank space."""
    best = make(box)
    x, y, w, h = box
    inner = box
    for _ in range(3):  # each pass lifts the content of later rows, so a few passes converge
        texts = [t for t in best if isinstance(t, Text)]
        if not texts:
            break
        needed = max(t.y + t.block.height for t in texts) - inner[1] + pad
        if needed >= inner[3] * 0.95:
            break
        inner = (x, y + (h - needed) / 2, w, needed)
        try:
            best = make(inner)
        except LayoutError:
            break
    best.used_h = h
    return best


def uniform(make: Callable[[float], "Items"]) -> "Items":
    """Lay out sibling cards twice: once to learn the smallest text scale any of them needs, then all at
    that scale, so cards side by side share one type size (`make(scale)` returns items with `.scale`)."""
    first = make(1.0)
    if first.scale >= 0.999:
        return first
    return make(first.scale)


# ---- colour helpers ----------------------------------------------------------------------------

def mix(a: str, b: str, t: float) -> str:
    """Blend colour a towards b by t (0..1): tints and shades derived from the brand, never hard-coded."""
    ax, bx = [int(a[i:i + 2], 16) for i in (1, 3, 5)], [int(b[i:i + 2], 16) for i in (1, 3, 5)]
    return "#" + "".join(f"{round(x + (y - x) * t):02X}" for x, y in zip(ax, bx))


def _card(theme: Theme, box: Box, tag: str, fill: str = "#FFFFFF", radius_u: float = 1.6) -> list[Item]:
    x, y, w, h = box
    u = theme.unit
    return [Rect(x, y + 0.5 * u, w, h, fill=theme.brand.text, radius=radius_u * u, tag=tag, opacity=0.06),
            Rect(x, y, w, h, fill=fill, radius=radius_u * u, tag=tag)]


def shapes_first(items: Sequence[Item]) -> list[Item]:
    """Shapes before texts (stable): every design here keeps text on top, and the raster painter can then
    supersample all shapes in one layer instead of one layer per text."""
    return [it for it in items if not isinstance(it, Text)] + [it for it in items if isinstance(it, Text)]


# ---- text fitting --------------------------------------------------------------------------------

@dataclass(frozen=True)
class Spec:
    """One text of a vertical stack, before fitting."""

    text: str
    size: float
    weight: str = "regular"
    color: str = "#000000"
    role: str = "body"
    min_size: float | None = None
    max_lines: int | None = None
    align: str = "start"
    line_spacing: float = 1.4
    gap_after: float = 0.0
    path: tuple | None = None
    lang: str | None = None


def _loc(where: Where | None, path: tuple | None) -> Location | None:
    if where is None or path is None:
        return None
    return where(path)


def fit_stack(theme: Theme, specs: Sequence[Spec], x: float, y: float, w: float, h: float, *,
              measurer=None, where: Where | None = None, tag: str = "", valign: str = "center",
              lang: str | None = None, scale: float = 1.0) -> Items:
    """Lay out texts top to bottom in (x, y, w, h), shrinking all together (never below each min size)
    until they fit; raise a located LayoutError if they cannot."""
    measurer = measurer or PillowMeasurer()
    lang = lang or theme.lang
    specs = [s for s in specs if s.text]
    while True:
        blocks = []
        try:
            for s in specs:
                floor = s.min_size if s.min_size is not None else theme.min_size
                size = max(floor, s.size * scale)
                style = TextStyle(size=size, weight=s.weight, min_size=min(size, floor), line_spacing=s.line_spacing,
                                  align=s.align, max_lines=s.max_lines)
                blocks.append(layout(s.text, s.lang or lang, w, None, style, measurer, _loc(where, s.path)))
        except LayoutError:
            if _at_floor(theme, specs, scale):
                raise
            scale *= 0.93
            continue
        total = sum(b.height for b in blocks) + sum(s.gap_after * scale for s in specs[:-1])
        if total <= h + 0.5:
            break
        if _at_floor(theme, specs, scale):
            biggest = max(range(len(specs)), key=lambda i: blocks[i].height)
            s = specs[biggest]
            raise LayoutError(problems=[_problem(where, s.path, f"text does not fit its box ({w:.0f}x{h:.0f}; needs "
                                                 f"{total:.0f} high even at the minimum size): shorten it: "
                                                 f"{s.text[:60]}{'…' if len(s.text) > 60 else ''}")])
        scale *= 0.93
    top = y + {"top": 0.0, "center": (h - total) / 2, "bottom": h - total}[valign]
    out = Items(used_h=total)
    out.scale = scale
    for s, b in zip(specs, blocks):
        out.append(Text(b, x, top, s.color, tag=tag, role=s.role))
        top += b.height + s.gap_after * scale
    return out


def _at_floor(theme: Theme, specs: Sequence[Spec], scale: float) -> bool:
    return all(s.size * scale <= (s.min_size if s.min_size is not None else theme.min_size) + 1e-6 for s in specs)


def _problem(where: Where | None, path: tuple | None, message: str):
    return Problem(_loc(where, path) or Location("<text>"), message)


def _one(theme: Theme, text: str, x: float, y: float, w: float, size: float, *, weight: str = "regular",
         color: str = "#000000", role: str = "body", align: str = "start", measurer=None, where: Where | None = None,
         path: tuple | None = None, tag: str = "", lang: str | None = None, max_lines: int | None = 1,
         min_size: float | None = None, line_spacing: float = 1.3) -> Text:
    """One text block of at most `max_lines`, shrinking to min_size before failing."""
    floor = min(size, min_size if min_size is not None else theme.min_size)
    block = layout(text, lang or theme.lang, w, None,
                   TextStyle(size=size, weight=weight, min_size=floor, align=align, max_lines=max_lines,
                             line_spacing=line_spacing),
                   measurer or PillowMeasurer(), _loc(where, path))
    return Text(block, x, y, color, tag=tag, role=role)


def _centered_text(theme: Theme, text: str, cx: float, cy: float, w: float, size: float, **kw) -> Text:
    t = _one(theme, text, cx - w / 2, 0, w, size, align="center", **kw)
    return Text(t.block, t.x, cy - t.block.height / 2, t.color, tag=t.tag, role=t.role)


def shared_size(theme: Theme, texts: Sequence[tuple[str, tuple | None]], width: float, size: float, floor: float,
                max_lines: int, weight: str, *, measurer=None, where: Where | None = None, lang: str | None = None,
                line_spacing: float = 1.35) -> float:
    """The largest size (down to `floor`) at which every (text, path) fits `max_lines` in `width`: siblings
    share one size, so a list reads as a list; if one cannot fit even at `floor`, its located error."""
    measurer = measurer or PillowMeasurer()
    lang = lang or theme.lang
    step = max(0.25, size * 0.04)
    s = size
    while True:
        try:
            for text, path in texts:
                layout(text, lang, width, None, TextStyle(s, weight, None, line_spacing, "start", max_lines), measurer,
                       _loc(where, path))
            return s
        except LayoutError:
            if s - step < floor:
                for text, path in texts:  # raise the precise error for the text that does not fit
                    layout(text, lang, width, None, TextStyle(floor, weight, None, line_spacing, "start", max_lines),
                           measurer, _loc(where, path))
                return floor
            s -= step


# ---- grid ------------------------------------------------------------------------------------------

def column_choices(n: int, box: Box, gap: float, aspect: float) -> list[int]:
    """Column counts for n cells, best first: cells closest to the `aspect` (w/h) wanted, few empty cells."""
    x, y, w, h = box
    scored = []
    for cols in range(1, n + 1):
        rows = math.ceil(n / cols)
        cw, ch = (w - (cols - 1) * gap) / cols, (h - (rows - 1) * gap) / rows
        if cw <= 0 or ch <= 0:
            continue
        score = abs(math.log((cw / ch) / aspect)) + 0.35 * (rows * cols - n)
        scored.append((score, cols))
    return [c for _, c in sorted(scored)] or [1]


def first_fitting(attempts: Sequence[Callable[[], "Items"]]) -> "Items":
    """Try layouts in order of preference; the first whose texts fit wins, else the first one's error."""
    first_error = None
    for attempt in attempts:
        try:
            return attempt()
        except LayoutError as exc:
            first_error = first_error or exc
    raise first_error


def grid(theme: Theme, n: int, box: Box, gap: float, aspect: float, *, fill_last_row: bool = False,
         cols: int | None = None) -> list[Box]:
    """n cells in reading order (first cell top-right in Persian), `cols` columns (default: the best of
    `column_choices`); a short last row is centred, or stretched when `fill_last_row`."""
    x, y, w, h = box
    cols = cols or column_choices(n, box, gap, aspect)[0]
    rows = math.ceil(n / cols)
    cw, ch = (w - (cols - 1) * gap) / cols, (h - (rows - 1) * gap) / rows
    cells = []
    for i in range(n):
        r, c = divmod(i, cols)
        in_row = min(cols, n - r * cols)
        cell_w = cw
        offset = 0.0
        if in_row < cols:
            if fill_last_row:
                cell_w = (w - (in_row - 1) * gap) / in_row
            else:
                offset = (cols - in_row) * (cw + gap) / 2
        left = x + offset + c * (cell_w + gap)
        if theme.rtl:
            left = x + w - offset - (c + 1) * cell_w - c * gap
        cells.append((left, y + r * (ch + gap), cell_w, ch))
    return cells


def _shrink_box(block):
    """The block's box narrowed to its widest line, so it can be placed side by side with another."""
    return replace(block, box_width=block.text_width + 1)


def _recenter(block):
    return replace(block, align="center")
