"""Reusable designs (key figures, process, timeline, chevron strip, category cards, bar chart, quote, header, footer, logo).

Every component is a pure function that lays a design out inside a box and returns display-list items
(`Items`, a list that also knows the height it used). They work in any unit (px for Pillow, pt for a
PDF: pass the matching measurer) and reflow for the box's aspect ratio: a wide box puts steps in a
row, a tall one in a column. Direction follows the language: Persian reads right to left (first step
on the right, arrows and bars going left), English left to right; digits, Latin words, icons and
logos are never mirrored.

Usage (infographics, posters and video frames all do this)::

    from media.graphics import components as c
    theme = Theme(1080, 1080, settings.brand, lang)
    frame, body = c.page_frame(theme, title=..., subtitle=..., organisation=..., footer_title=...,
                               sources=..., url=..., measurer=m, where=loc)
    items = frame + c.process_steps(theme, body, spec.steps, measurer=m, where=loc)
    drawing = Drawing(theme.width, theme.height, theme.brand.background, tuple(c.shapes_first(items)),
                      safe=theme.safe)

Arguments shared by all components: `theme` (size, palette, language), `box` = (x, y, w, h), `lang`
(defaults to theme.lang), `measurer` (PillowMeasurer by default), and `where`, a callable mapping a
path relative to the data (e.g. ("steps", 2, "title")) to a storyboard `Location`, so a text that cannot
fit raises a `LayoutError` naming the exact key to shorten. Items are tagged for animation: "header",
"footer", "logo", "figure-<i>", "step-<i>", "phase-<i>", "card-<i>", "bar-<i>", "quote",
"attribution", "chart-axis", "illustrative".
"""
from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Callable, Sequence

from media.errors import LayoutError, Location
from media.graphics import icons
from media.graphics.primitives import Ellipse, Image, Item, Line, Polygon, Rect, Text
from media.graphics.theme import CATEGORY_COLORS, Theme
from media.content.data import group_by_category
from media.content.numbers import figure_number, figure_unit
from media.content.words import category_label
from media.text import PillowMeasurer, TextStyle, format_number, layout
from media.text.numerals import localize_digits
from media.content.words import status_word, word
from media.content.claims import claim_note

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
    from media.errors import Problem

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


# ---- logo, header, footer -----------------------------------------------------------------------

def logo_slot(theme: Theme, box: Box, organisation: str, logo_path: str | None = None, *, on_dark: bool = True,
              measurer=None, tag: str = "logo") -> Items:
    """The brand logo from settings (contained in the box, never stretched or mirrored), else a drawn
    mark; when the box is wide, the organisation's name is set beside the mark as a wordmark."""
    x, y, w, h = box
    if logo_path:
        return Items([Image(str(logo_path), x, y, w, h, tag=tag)], used_h=h)
    p = theme.brand.primary
    d = min(h, w)
    wide = w > 2.2 * h
    mx = (x + w - d if theme.rtl else x) if wide else x + (w - d) / 2
    cx, cy = mx + d / 2, y + h / 2
    disc, ink = ("#FFFFFF", p) if on_dark else (p, "#FFFFFF")
    items: list[Item] = [Ellipse(cx - d / 2, cy - d / 2, d, d, fill=disc, tag=tag)]
    # a shield sheltering a figure: "protection for people", drawn, not a copy of any real emblem
    s = d * 0.62
    items.append(Polygon(((cx, cy - 0.50 * s), (cx + 0.40 * s, cy - 0.34 * s), (cx + 0.36 * s, cy + 0.12 * s),
                          (cx, cy + 0.50 * s), (cx - 0.36 * s, cy + 0.12 * s), (cx - 0.40 * s, cy - 0.34 * s)),
                         fill=ink, tag=tag))
    items.append(Ellipse(cx - 0.11 * s, cy - 0.24 * s, 0.22 * s, 0.22 * s, fill=theme.brand.accent, tag=tag))
    items.append(Polygon(((cx - 0.22 * s, cy + 0.22 * s), (cx - 0.16 * s, cy + 0.02 * s), (cx + 0.16 * s, cy + 0.02 * s),
                          (cx + 0.22 * s, cy + 0.22 * s), (cx, cy + 0.34 * s)), fill=disc, tag=tag))
    if wide:
        tw = w - d - theme.gutter
        tx = x if theme.rtl else x + d + theme.gutter
        t = _one(theme, organisation, tx, 0, tw, max(theme.min_size, min(theme.body_size, h * 0.36)), weight="bold",
                 color="#FFFFFF" if on_dark else theme.brand.text, role="logo", measurer=measurer, tag=tag,
                 max_lines=2, line_spacing=1.25)
        items.append(Text(t.block, tx, cy - t.block.height / 2, t.color, tag=tag, role="logo"))
    return Items(items, used_h=h)


def header(theme: Theme, box: Box, title: str, subtitle: str | None = None, *, kicker: str | None = None,
           organisation: str = "", logo_path: str | None = None, measurer=None, where: Where | None = None,
           lang: str | None = None, tag: str = "header") -> Items:
    """Brand-colour band across the top of `box` (full bleed): kicker, title and subtitle at the reading
    start, the logo at the other end, an accent rule under the band. `used_h` is the band's height."""
    x, y, w, _ = box
    u, m, b = theme.unit, theme.margin, theme.brand
    logo_d = 11 * u
    text_w = w - 2 * m - logo_d - 2 * theme.gutter
    tx = x + w - m - text_w if theme.rtl else x + m
    specs = []
    if kicker:
        specs.append(Spec(kicker, max(theme.min_size, theme.caption_size * 1.05), "bold", mix(b.accent, "#FFFFFF", 0.15),
                          role="kicker", max_lines=1, gap_after=0.9 * u, line_spacing=1.3))
    specs.append(Spec(title, theme.title_size, "black", "#FFFFFF", role="title", min_size=theme.heading_size * 0.85,
                      max_lines=2, line_spacing=1.22, gap_after=0.9 * u, path=("title",)))
    if subtitle:
        specs.append(Spec(subtitle, theme.body_size * 1.05, "regular", mix(b.primary, "#FFFFFF", 0.82),
                          role="subtitle", max_lines=2, line_spacing=1.35, path=("subtitle",)))
    # measure at natural size first to size the band, then place
    probe = fit_stack(theme, specs, tx, 0, text_w, 10_000, measurer=measurer, where=where, tag=tag, valign="top",
                      lang=lang)
    pad_top, pad_bottom = 0.75 * m, 0.65 * m
    band_h = max(probe.used_h, logo_d) + pad_top + pad_bottom
    texts = fit_stack(theme, specs, tx, y + pad_top, text_w, band_h - pad_top - pad_bottom, measurer=measurer,
                      where=where, tag=tag, valign="center", lang=lang)
    items: list[Item] = [Rect(x, y, w, band_h, fill=b.primary, tag=tag)]
    # quiet concentric arcs at the far end of the band: depth without clutter
    ex = x if theme.rtl else x + w
    # pre-mixed tints, not opacity: shapes in one raster batch replace, not blend, what is under them
    for k, r in enumerate((band_h * 0.95, band_h * 0.7)):
        # bottoms on the band's lower edge: nothing spills into the body
        items.append(Ellipse(ex - r, y + band_h - 2 * r, 2 * r, 2 * r, fill=mix(b.primary, "#FFFFFF", 0.05 + 0.04 * k),
                             tag=tag))
    items.append(Rect(x, y + band_h, w, 0.7 * u, fill=b.accent, tag=tag))
    lx = x + m if theme.rtl else x + w - m - logo_d
    items += logo_slot(theme, (lx, y + (band_h - logo_d) / 2, logo_d, logo_d), organisation, logo_path,
                       on_dark=True, measurer=measurer)
    items += texts
    return Items(items, used_h=band_h + 0.7 * u)


def footer(theme: Theme, box: Box, plan_title: str, sources: str, url: str, *, measurer=None,
           lang: str | None = None, tag: str = "footer", where: Where | None = None) -> Items:
    """Bottom of `box`: a hairline, the plan title at the reading start, the package URL at the end (always
    left-to-right), and the sources line under them. `used_h` is the height from the hairline down. A
    sources line too long for its three lines is a LayoutError located at `where(("source",))`: sources
    are never cut."""
    x, y, w, h = box
    u, b = theme.unit, theme.brand
    size = max(theme.min_size, theme.caption_size)
    measurer = measurer or PillowMeasurer()
    url_t = _one(theme, url, x, 0, w, size, weight="medium", color=b.primary, role="url", measurer=measurer,
                 tag=tag, lang="en", max_lines=1)
    url_w = min(w, url_t.block.text_width + 1)
    title_w = w - url_w - 2 * theme.gutter
    stacked = title_w < w * 0.3
    title_t = None
    if not stacked:
        try:
            title_t = _one(theme, plan_title, x, 0, title_w, size, weight="bold", color=b.text, role="footer-title",
                           measurer=measurer, tag=tag, max_lines=1)
        except LayoutError:  # a long plan title goes on its own line(s) above the URL
            stacked = True
    if stacked:
        title_w = w
        title_t = _one(theme, plan_title, x, 0, w, size, weight="bold", color=b.text, role="footer-title",
                       measurer=measurer, tag=tag, max_lines=2, line_spacing=1.3)
    try:
        src_t = _one(theme, sources, x, 0, w, size * 0.92, weight="regular", color=b.muted, role="sources",
                     measurer=measurer, tag=tag, max_lines=3, min_size=min(theme.min_size, size * 0.85),
                     line_spacing=1.3)
    except LayoutError:
        raise LayoutError(problems=[_problem(where, ("source",), "the sources line does not fit its three lines "
                                             "even at the minimum size: cite shorter sections (sources are never "
                                             f"cut): {sources[:70]}…")]) from None
    row_h = max(title_t.block.height, url_t.block.height)
    rows_h = (title_t.block.height + url_t.block.height if stacked else row_h) + 0.3 * u + src_t.block.height
    top = y + h - rows_h
    items: list[Item] = [Line(((x, top - 1.2 * u), (x + w, top - 1.2 * u)), mix(b.muted, "#FFFFFF", 0.7),
                              max(1.0, 0.15 * u), tag=tag)]
    if stacked:
        items.append(Text(title_t.block, x, top, title_t.color, tag=tag, role="footer-title"))
        url_x = x + w - url_w if theme.rtl else x
        url_block = _one(theme, url, url_x, 0, url_w, size, weight="medium", color=b.primary, role="url",
                         measurer=measurer, tag=tag, lang="en").block
        items.append(Text(url_block, url_x, top + title_t.block.height, b.primary, tag=tag, role="url"))
        top += title_t.block.height + url_t.block.height
    else:
        tx = x + w - title_w if theme.rtl else x
        items.append(Text(title_t.block, tx, top, b.text, tag=tag, role="footer-title"))
        ux = x if theme.rtl else x + w - url_w
        url_block = _one(theme, url, ux, 0, url_w, size, weight="medium", color=b.primary, role="url",
                         measurer=measurer, tag=tag, lang="en").block
        items.append(Text(url_block, ux, top, b.primary, tag=tag, role="url"))
        top += row_h
    items.append(Text(src_t.block, x, top + 0.3 * u, b.muted, tag=tag, role="sources"))
    return Items(items, used_h=rows_h + 1.2 * u)


DRAFT_FILL = "#FFD54F"  # the draft mark: amber with near-black text, read at a glance (and by OCR)
DRAFT_INK = "#2B1B00"


def draft_band(theme: Theme, x: float, y: float, w: float, text: str, *, measurer=None, lang: str | None = None,
               size: float | None = None, pad: float | None = None, pad_top: float | None = None,
               inset: float | None = None, tag: str = "draft") -> Items:
    """A full-width band saying the output is a draft (`word("draft_mark", lang)`), amber with dark text and
    hatched at its far end so it reads as a stamp, not as design. The text starts at the reading start,
    `inset` from the edge (default: the margin); `pad_top` keeps it inside the safe area when the band
    touches the top edge. `used_h` is the band's height."""
    lang = lang or theme.lang
    u = theme.unit
    size = size or max(theme.min_size * 1.05, theme.caption_size * 1.25)
    m = theme.margin if inset is None else inset
    # the text starts below the safe area's top edge (the band itself is full bleed)
    if pad_top is None:
        pad_top = pad if pad is not None else max(1.2 * u, theme.safe[1] - y)
    pad_bottom = pad if pad is not None else 1.2 * u
    block = layout(text, lang, w - 2 * m, None, TextStyle(size, "black", theme.min_size, 1.3, "start", 1),
                   measurer or PillowMeasurer())
    h = block.height + pad_top + pad_bottom
    items: list[Item] = [Rect(x, y, w, h, fill=DRAFT_FILL, tag=tag)]
    stripe = 1.2 * u
    for k in range(4):  # hatching at the far end
        sx = x + w - m * 0.9 + k * 2.2 * stripe if not theme.rtl else x + m * 0.9 - (k + 1) * 2.2 * stripe
        items.append(Polygon(((sx, y + h), (sx + stripe, y + h), (sx + stripe + h * 0.5, y), (sx + h * 0.5, y)),
                             fill=DRAFT_INK, tag=tag))
    items.append(Text(block, x + m, y + pad_top, DRAFT_INK, tag=tag, role="draft"))
    return Items(items, used_h=h)


def page_frame(theme: Theme, *, title: str, subtitle: str | None, organisation: str, footer_title: str,
               sources: str, url: str, logo_path: str | None = None, kicker: str | None = None, measurer=None,
               where: Where | None = None, draft: str | None = None) -> tuple[Items, Box]:
    """Header band + footer for a whole canvas; returns their items and the body box left between them.
    `draft`: the draft mark's text; a band right under the header says it (every output of a draft carries it)."""
    W, H, m = theme.width, theme.height, theme.margin
    head = header(theme, (0, 0, W, H), title, subtitle, kicker=kicker if kicker is not None else organisation,
                  organisation=organisation, logo_path=logo_path, measurer=measurer, where=where)
    # the draft mark: a strip right under the header, across the page (it costs the body little height)
    band = draft_band(theme, 0, head.used_h, W, draft, measurer=measurer, size=theme.min_size,
                      pad=0.8 * theme.unit) if draft else Items()
    foot = footer(theme, (m, 0, W - 2 * m, H - theme.margin * 0.75), footer_title, sources, url, measurer=measurer,
                  where=where)
    top = head.used_h + (band.used_h + 0.4 * m if draft else 0.6 * m)
    bottom = H - 0.75 * m - foot.used_h - 0.45 * m
    return Items(list(head) + list(band) + list(foot)), (m, top, W - 2 * m, bottom - top)


# ---- key figures ------------------------------------------------------------------------------------

def key_figures(theme: Theme, box: Box, figures: Sequence, *, source_lines: Sequence[str | None] | None = None,
                note_marks: Sequence[str | None] | None = None, measurer=None, where: Where | None = None,
                lang: str | None = None, label_lines: int = 3) -> Items:
    """Big numbers in cards: prefix, value (localised digits) with unit, label (up to `label_lines` lines),
    the claim's status and attribution (`claim_note`), and a source line (or an 'illustrative' flag).
    `figures` are storyboard `Figure`s; paths are ("figures", i, field).

    A source line is never dropped: when the cards cannot hold `source_lines` in any arrangement, they
    are laid out again with `note_marks` (note numbers such as "[2]", set at the end of each label) and
    the result has `notes_moved` set: the caller must then list the numbered notes (footer). Without
    `note_marks`, or if even those do not fit, the located LayoutError of the text to shorten."""
    lang = lang or theme.lang
    measurer = measurer or PillowMeasurer()
    n = len(figures)
    gap = theme.gutter * 1.6
    aspect = 1.45 if n > 1 else 2.2

    def attempt(cols: int, notes, marks=None) -> Items:
        out = Items(used_h=box[3])
        for i, cell in enumerate(grid(theme, n, box, gap, aspect, cols=cols)):
            note = notes[i] if notes else None
            mark = marks[i] if marks else None
            out += _figure_card(theme, figures[i], i, cell, note, measurer, where, lang, label_lines, mark)
        return out

    choices = column_choices(n, box, gap, aspect)
    if source_lines is not None or not note_marks:  # with only `note_marks`: straight to the numbered notes
        try:
            return first_fitting([lambda c=c: attempt(c, source_lines) for c in choices])
        except LayoutError:
            if not note_marks or not source_lines:
                raise
    illustrative = [word("illustrative", lang) if f.illustrative else None for f in figures]
    moved = first_fitting([lambda c=c: attempt(c, illustrative, note_marks) for c in choices])
    moved.notes_moved = True
    return moved


def _figure_card(theme: Theme, f, i: int, cell: Box, note: str | None, measurer, where, lang,
                 label_lines: int = 3, mark: str | None = None) -> list[Item]:
    """One figure card; `mark` (a note number, "[2]") is set at the end of the label when the source line
    moved to the footer's numbered notes."""
    u, b = theme.unit, theme.brand
    tag = f"figure-{i}"
    cx, cy, cw, ch = cell
    items: list[Item] = list(_card(theme, cell, tag))
    bar_w = min(cw * 0.3, 10 * u)
    items.append(Rect(cx + (cw - bar_w) / 2, cy, bar_w, 0.8 * u, fill=b.accent, tag=tag))
    pad = 2.4 * u
    iw, ih = cw - 2 * pad, ch - 2 * pad
    number, unit = figure_number(f, lang), figure_unit(f, lang)
    if f.illustrative:
        note = word("illustrative", lang)
    claim = claim_note(f, lang)
    scale = 1.0
    while True:
        fig_size = max(theme.heading_size * 1.2, min(theme.figure_size * 1.3 * scale, ch * 0.36))
        num = _one(theme, number, 0, 0, iw, fig_size, weight="black", color=b.primary, role="figure",
                   measurer=measurer, tag=tag, line_spacing=1.12, min_size=theme.heading_size)
        unit_t = None
        inline = False
        if unit:
            us = max(theme.min_size, fig_size * 0.36)
            unit_t = _one(theme, unit, 0, 0, iw, us, weight="bold", color=b.primary, role="unit", measurer=measurer,
                          tag=tag, path=("figures", i, "unit"), where=where, max_lines=2, line_spacing=1.2)
            inline = num.block.text_width + unit_t.block.text_width + 1.2 * u <= iw and len(unit_t.block.lines) == 1
        specs = []
        if f.prefix:
            specs.append(Spec(f.prefix.get(lang), theme.body_size * scale, "medium", b.muted, role="prefix",
                              max_lines=1, align="center", path=("figures", i, "prefix"), line_spacing=1.3))
        label = f"{f.label.get(lang)} {mark}" if mark and not f.illustrative else f.label.get(lang)
        specs.append(Spec(label, theme.body_size * 1.05 * scale, "bold", b.text, role="label",
                          max_lines=label_lines, align="center", path=("figures", i, "label"), line_spacing=1.35))
        if claim:
            key = "reported_by" if getattr(f, "reported_by", None) is not None else "label"
            specs.append(Spec(claim, theme.caption_size * scale, "bold", b.secondary, role="status", max_lines=5,
                              align="center", line_spacing=1.3, path=("figures", i, key)))
        if note:
            specs.append(Spec(note, theme.caption_size * scale, "medium" if f.illustrative else "regular",
                              b.accent if f.illustrative else b.muted, role="source", max_lines=2, align="center",
                              line_spacing=1.3))
        num_h = num.block.height + (0 if inline or not unit_t else unit_t.block.height)
        rest_h = ih - num_h - 1.0 * u
        try:
            if rest_h <= 0:
                raise LayoutError(problems=[_problem(where, ("figures", i, "label"),
                                                     "figure card too small for the number and its label")])
            probe = fit_stack(theme, specs, 0, 0, iw, rest_h, measurer=measurer, where=where, tag=tag,
                              valign="top", lang=lang)
            break
        except LayoutError:
            if scale < 0.5:
                raise  # never drop the source: key_figures moves it to a numbered note instead
        scale *= 0.9
    total = num_h + 1.0 * u + probe.used_h
    top = cy + pad + max(0.0, (ih - total) / 2)
    k = 0
    if f.prefix:  # prefix above the number
        t = probe[0]
        items.append(Text(t.block, cx + pad, top, t.color, tag=tag, role="prefix"))
        top += t.block.height
        k = 1
    if unit_t is not None and inline:
        gap = 1.2 * u
        nb, ub = _shrink_box(num.block), _shrink_box(unit_t.block)
        left = cx + (cw - nb.box_width - gap - ub.box_width) / 2
        base = num.block.baseline(0, top)
        uy = base - (ub.line_height + ub.ascent - ub.descent) / 2
        if theme.rtl:  # number first in reading order: on the right
            items.append(Text(nb, left + ub.box_width + gap, top, b.primary, tag=tag, role="figure"))
            items.append(Text(ub, left, uy, b.primary, tag=tag, role="unit"))
        else:
            items.append(Text(nb, left, top, b.primary, tag=tag, role="figure"))
            items.append(Text(ub, left + nb.box_width + gap, uy, b.primary, tag=tag, role="unit"))
        top += num.block.height
    else:
        items.append(Text(_recenter(num.block), cx + pad, top, b.primary, tag=tag, role="figure"))
        top += num.block.height
        if unit_t is not None:
            items.append(Text(_recenter(unit_t.block), cx + pad, top, b.primary, tag=tag, role="unit"))
            top += unit_t.block.height
    top += 1.0 * u
    for t in list(probe)[k:]:
        items.append(Text(t.block, cx + pad, top, t.color, tag=tag, role=t.role))
        top += t.block.height
    return items


def _shrink_box(block):
    """The block's box narrowed to its widest line, so it can be placed side by side with another."""
    from dataclasses import replace

    return replace(block, box_width=block.text_width + 1)


def _recenter(block):
    from dataclasses import replace

    return replace(block, align="center")


# ---- process steps -------------------------------------------------------------------------------

def _arrow(p0: tuple[float, float], p1: tuple[float, float], color: str, width: float, head: float, tag: str) -> list[Item]:
    (x0, y0), (x1, y1) = p0, p1
    length = math.hypot(x1 - x0, y1 - y0) or 1.0
    ux, uy = (x1 - x0) / length, (y1 - y0) / length
    bx, by = x1 - ux * head, y1 - uy * head
    nx, ny = -uy, ux
    return [Line(((x0, y0), (bx, by)), color, width, tag=tag),
            Polygon(((x1, y1), (bx + nx * head * 0.6, by + ny * head * 0.6), (bx - nx * head * 0.6, by - ny * head * 0.6)),
                    fill=color, tag=tag)]


def step_status(step, lang: str) -> str | None:
    """The status and attribution of a step or phase in words ('Under study'), or None."""
    return claim_note(step, lang)


def _step_texts(theme: Theme, step, i: int, lang: str, *, align: str, scale_title: float = 0.95) -> list[Spec]:
    b = theme.brand
    specs = [Spec(step.title.get(lang), theme.heading_size * scale_title, "bold", b.text, role="step-title",
                  max_lines=3, align=align, gap_after=0.8 * theme.unit, path=("steps", i, "title"), line_spacing=1.3)]
    status = step_status(step, lang)
    if status:
        specs.append(Spec(status, theme.caption_size * 1.1, "bold", b.secondary, role="status", max_lines=2,
                          align=align, gap_after=0.5 * theme.unit, line_spacing=1.3))
    if step.text:
        specs.append(Spec(step.text.get(lang), theme.body_size, "regular", b.muted, role="step-text", max_lines=5,
                          align=align, path=("steps", i, "text"), line_spacing=1.4))
    return specs


def process_steps(theme: Theme, box: Box, steps: Sequence, *, measurer=None, where: Where | None = None,
                  lang: str | None = None, style: str = "cards") -> Items:
    """Numbered steps joined by arrows: a row on wide boxes (first step at the reading start, arrows
    pointing the reading way), a column on tall ones, a grid of numbered cards in between; the first
    layout whose texts fit wins. `steps` are storyboard `Step`s; paths ("steps", i, "title"|"text").
    style="chevrons": the compact single row of `chevron_strip` instead (posters)."""
    lang = lang or theme.lang
    if style == "chevrons":
        return chevron_strip(theme, box, steps, measurer=measurer, where=where, lang=lang, tag="step")
    x, y, w, h = box
    u = theme.unit
    n = len(steps)
    pad = 2.2 * u
    row = lambda: compact(lambda bx: uniform(lambda s: _process_row(theme, bx, steps, measurer, where, lang, s)),  # noqa: E731
                          box, pad)
    column = lambda: uniform(lambda s: _process_column(theme, box, steps, measurer, where, lang, s))  # noqa: E731
    grids = [lambda c=c: compact(lambda bx: uniform(lambda s: _process_grid(theme, bx, steps, c, measurer, where,
                                                                             lang, s)), box, pad)
             for c in column_choices(n, box, theme.gutter * 1.4, 1.6) if 1 < c < n]
    if w / h >= 1.35 and w / n >= 18 * u:
        return first_fitting([row, *grids, column])
    return first_fitting([column, *grids, row])


def _process_row(theme, box, steps, measurer, where, lang, scale=1.0) -> Items:
    x, y, w, h = box
    u, b = theme.unit, theme.brand
    n = len(steps)
    items: list[Item] = []
    texts: list[Item] = []
    scales: list[float] = []
    g = theme.gutter * 1.2
    col_w = (w - (n - 1) * g) / n
    d = min(col_w * 0.42, h * 0.22, 13 * u)
    cy = y + d / 2
    cols = [(x + w - (i + 1) * col_w - i * g if theme.rtl else x + i * (col_w + g), y + d / 2, col_w, h - d / 2)
            for i in range(n)]
    for i, (step, (cx, cyy, cw, ch)) in enumerate(zip(steps, cols)):
        tag = f"step-{i}"
        items += _card(theme, (cx, cyy, cw, ch), tag)
        pad = 2.0 * u
        texts += _track(scales, fit_stack(theme, _step_texts(theme, step, i, lang, align="center", scale_title=0.8),
                           cx + pad, cyy + d / 2 + 2.0 * u, cw - 2 * pad, ch - d / 2 - 2.0 * u - pad,
                           measurer=measurer, where=where, tag=tag, valign="top", lang=lang, scale=scale))
    centres = [c[0] + c[2] / 2 for c in cols]
    for i in range(n - 1):
        x0, x1 = centres[i], centres[i + 1]
        s = 1 if x1 > x0 else -1
        items += _arrow((x0 + s * (d / 2 + 0.8 * u), cy), (x1 - s * (d / 2 + 0.8 * u), cy), b.secondary,
                        max(1.5, 0.45 * u), 1.6 * u, f"step-{i + 1}")
    for i, c in enumerate(centres):
        items += _number_disc(theme, c, cy, d, i, lang, f"step-{i}", measurer, texts)
    return _scaled(Items(items + texts, used_h=h), scales)


def _process_column(theme, box, steps, measurer, where, lang, scale=1.0) -> Items:
    x, y, w, h = box
    u, b = theme.unit, theme.brand
    n = len(steps)
    items: list[Item] = []
    texts: list[Item] = []
    scales: list[float] = []
    g = theme.gutter
    row_h = (h - (n - 1) * g) / n
    d = min(row_h * 0.72, 12 * u)
    rail = x + w - d / 2 if theme.rtl else x + d / 2
    card_w = w - d - 2.0 * u
    card_x = x if theme.rtl else x + d + 2.0 * u
    for i, step in enumerate(steps):
        tag = f"step-{i}"
        ry = y + i * (row_h + g)
        items += _card(theme, (card_x, ry, card_w, row_h), tag)
        pad = 2.2 * u
        texts += _track(scales, fit_stack(theme, _step_texts(theme, step, i, lang, align="start", scale_title=0.85),
                           card_x + pad, ry + 0.8 * u, card_w - 2 * pad, row_h - 1.6 * u,
                           measurer=measurer, where=where, tag=tag, valign="center", lang=lang, scale=scale))
        items += _number_disc(theme, rail, ry + row_h / 2, d, i, lang, tag, measurer, texts)
        if i < n - 1:
            items += _arrow((rail, ry + row_h / 2 + d / 2 + 0.6 * u),
                            (rail, ry + row_h + g + row_h / 2 - d / 2 - 0.6 * u), b.secondary,
                            max(1.5, 0.4 * u), 1.3 * u, f"step-{i + 1}")
    return _scaled(Items(items + texts, used_h=h), scales)


def _process_grid(theme, box, steps, cols, measurer, where, lang, scale=1.0) -> Items:
    """Cards in reading order with a numbered disc on each card's top start corner; arrows join
    neighbours in a row (pointing the reading way)."""
    u, b = theme.unit, theme.brand
    n = len(steps)
    items: list[Item] = []
    texts: list[Item] = []
    scales: list[float] = []
    gap = theme.gutter * 2.2
    cells = grid(theme, n, box, gap, 1.6, cols=cols)
    d = min(9 * u, min(c[3] for c in cells) * 0.3)
    for i, (step, (cx, cy, cw, ch)) in enumerate(zip(steps, cells)):
        tag = f"step-{i}"
        items += _card(theme, (cx, cy, cw, ch), tag)
        pad = 2.2 * u
        dx = cx + cw - pad - d / 2 if theme.rtl else cx + pad + d / 2
        items += _number_disc(theme, dx, cy + pad + d / 2, d, i, lang, tag, measurer, texts)
        head_w = cw - 2 * pad - d - 1.6 * u
        hx = cx + pad if theme.rtl else cx + pad + d + 1.6 * u
        title = _track(scales, fit_stack(theme, _step_texts(theme, step, i, lang, align="start", scale_title=0.8)[:1], hx,
                          cy + pad, head_w, max(d, 0.0) + 4 * u, measurer=measurer, where=where, tag=tag,
                          valign="top", lang=lang, scale=scale))
        t0 = title[0]
        ty = cy + pad + max(0.0, (d - t0.block.height) / 2)
        texts.append(Text(t0.block, t0.x, ty, t0.color, tag=tag, role=t0.role))
        body_top = max(cy + pad + d, ty + t0.block.height) + 1.0 * u
        rest = _step_texts(theme, step, i, lang, align="start")[1:]
        if rest:
            texts += _track(scales, fit_stack(theme, rest, cx + pad, body_top, cw - 2 * pad, cy + ch - pad - body_top,
                               measurer=measurer, where=where, tag=tag, valign="top", lang=lang, scale=scale))
        if i + 1 < n and cells[i + 1][1] == cy:  # same row: arrow across the gap
            if theme.rtl:
                items += _arrow((cx - 0.2 * gap, cy + ch / 2), (cx - 0.8 * gap, cy + ch / 2), b.secondary,
                                max(1.5, 0.4 * u), 1.2 * u, f"step-{i + 1}")
            else:
                items += _arrow((cx + cw + 0.2 * gap, cy + ch / 2), (cx + cw + 0.8 * gap, cy + ch / 2), b.secondary,
                                max(1.5, 0.4 * u), 1.2 * u, f"step-{i + 1}")
    return _scaled(Items(items + texts, used_h=box[3]), scales)


def _number_disc(theme: Theme, cx: float, cy: float, d: float, i: int, lang: str, tag: str, measurer,
                 texts: list) -> list[Item]:
    b = theme.brand
    ring = 0.5 * theme.unit
    shapes: list[Item] = [Ellipse(cx - d / 2 - ring, cy - d / 2 - ring, d + 2 * ring, d + 2 * ring, fill=b.background, tag=tag),
                          Ellipse(cx - d / 2, cy - d / 2, d, d, fill=b.primary, tag=tag)]
    texts.append(_centered_text(theme, format_number(i + 1, lang), cx, cy, d, d * 0.5, weight="black",
                                color="#FFFFFF", role="step-number", measurer=measurer, tag=tag,
                                min_size=min(d * 0.5, theme.min_size), line_spacing=1.2))
    return shapes


# ---- compact chevron strip -------------------------------------------------------------------------

def chevron_strip(theme: Theme, box: Box, steps: Sequence, *, measurer=None, where: Where | None = None,
                  lang: str | None = None, tag: str = "step", periods: bool = False) -> Items:
    """Steps as one row of chevrons pointing the reading way (first at the reading start), shaded from the
    primary to the secondary colour, each title inside its chevron and its text (if any) under it; with
    `periods`, each step's period above its chevron. Titles share one size, texts another. Only x, y and w
    of `box` are used: the strip takes its natural height (`used_h`). Tags "<tag>-<i>"; paths as process_steps."""
    lang = lang or theme.lang
    measurer = measurer or PillowMeasurer()
    x, y, w, _ = box
    u, b = theme.unit, theme.brand
    n = len(steps)
    notch, gap = 2.2 * u, 0.5 * u
    seg = (w - (n - 1) * gap - notch) / n
    inner = seg - notch - 0.8 * u
    floor = theme.min_size * 0.7  # a compact strip sits under body text; still 15 pt on an A4 page

    def span(a: float, sw: float) -> float:
        """x of the span [a, a + sw] measured from the reading start of the box."""
        return x + w - a - sw if theme.rtl else x + a

    items: list[Item] = []
    texts: list[Item] = []
    top = y
    if periods and any(s.period for s in steps):
        size = max(floor, theme.caption_size)
        for i, s in enumerate(steps):
            if s.period:
                texts.append(_one(theme, s.period.get(lang), span(i * (seg + gap) + notch / 2, seg), top, seg, size,
                                  weight="bold", color=b.secondary, role="step-period", align="center",
                                  measurer=measurer, where=where, path=("steps", i, "period"), tag=f"{tag}-{i}",
                                  lang=lang, min_size=floor, line_spacing=1.4))
        top += size * 1.4 + 0.4 * u
    title_size = shared_size(theme, [(s.title.get(lang), ("steps", i, "title")) for i, s in enumerate(steps)], inner,
                             2.4 * u, floor, 2, "bold", measurer=measurer, where=where, lang=lang, line_spacing=1.25)
    titles = [_one(theme, s.title.get(lang), 0, 0, inner, title_size, weight="bold", color="#FFFFFF",
                   role="step-title", align="center", measurer=measurer, where=where, path=("steps", i, "title"),
                   lang=lang, max_lines=2, min_size=title_size, line_spacing=1.25) for i, s in enumerate(steps)]
    def detail(s) -> str | None:  # the step's text, and its status in words (kept when the text is left out)
        status = step_status(s, lang)
        text = s.text.get(lang) if s.text else None
        if text and status:
            return f"{text} ({status})"
        return text or status

    details = [(detail(s), ("steps", i, "text")) for i, s in enumerate(steps) if detail(s)]
    text_size = shared_size(theme, details, seg - 0.6 * u, 2.0 * u, floor, 4, "regular", measurer=measurer,
                            where=where, lang=lang) if details else 0.0
    h = max(t.block.height for t in titles) + 2.4 * u
    mid = top + h / 2
    bottom = top + h
    for i, (s, title) in enumerate(zip(steps, titles)):
        a0 = i * (seg + gap)
        shape = [(a0, top), (a0 + seg, top), (a0 + seg + notch, mid), (a0 + seg, top + h), (a0, top + h)]
        if i > 0:
            shape.append((a0 + notch, mid))
        items.append(Polygon(tuple((span(px, 0.0), py) for px, py in shape),
                             fill=mix(b.primary, b.secondary, i / max(1, n - 1)), tag=f"{tag}-{i}"))
        left = a0 + (notch if i > 0 else 0.0)  # the full-height body, between the notch and the tip
        texts.append(Text(title.block, span(left + (a0 + seg - left - inner) / 2, inner), mid - title.block.height / 2,
                          "#FFFFFF", tag=f"{tag}-{i}", role="step-title"))
        if detail(s):
            t = _one(theme, detail(s), span(a0 + 0.3 * u, seg - 0.6 * u), top + h + 1.0 * u, seg - 0.6 * u,
                     text_size, color=b.muted, role="step-text", align="center", measurer=measurer, where=where,
                     path=("steps", i, "text"), tag=f"{tag}-{i}", lang=lang, max_lines=4, min_size=text_size,
                     line_spacing=1.35)
            texts.append(t)
            bottom = max(bottom, t.y + t.block.height)
    return Items(items + texts, used_h=bottom - y)


# ---- timeline --------------------------------------------------------------------------------------

def timeline(theme: Theme, box: Box, steps: Sequence, *, measurer=None, where: Where | None = None,
             lang: str | None = None, style: str = "cards") -> Items:
    """Phases on a time axis: horizontal on wide boxes (time flows right to left in Persian, left to right
    in English), vertical on tall ones; each phase has a period pill and a card. Paths ("steps", i, ...).
    style="chevrons": the compact single row of `chevron_strip`, periods above the chevrons (posters)."""
    lang = lang or theme.lang
    if style == "chevrons":
        return chevron_strip(theme, box, steps, measurer=measurer, where=where, lang=lang, tag="phase", periods=True)
    x, y, w, h = box
    n = len(steps)
    wide = lambda: compact(lambda bx: uniform(lambda s: _timeline(theme, bx, steps, measurer, where, lang, s, True)),  # noqa: E731
                           box, 2.2 * theme.unit)
    tall = lambda: uniform(lambda s: _timeline(theme, box, steps, measurer, where, lang, s, False))  # noqa: E731
    if w / h >= 1.35 and w / n >= 18 * theme.unit:
        return first_fitting([wide, tall])
    return first_fitting([tall, wide])


def _timeline(theme: Theme, box: Box, steps: Sequence, measurer, where, lang, scale: float, horizontal: bool) -> Items:
    x, y, w, h = box
    u, b = theme.unit, theme.brand
    n = len(steps)
    items: list[Item] = []
    texts: list[Item] = []
    scales: list[float] = []
    periods = [s.period.get(lang) if s.period else f"{word('phase', lang)} {format_number(i + 1, lang)}"
               for i, s in enumerate(steps)]
    pill_size = max(theme.min_size, theme.caption_size * 1.1)
    if horizontal:
        g = theme.gutter * 1.2
        col_w = (w - (n - 1) * g) / n
        pill_h = pill_size * 1.9
        axis_y = y + pill_h + 3.5 * u
        node = 2.6 * u
        first, last = (x + w, x) if theme.rtl else (x, x + w)
        items += _arrow((first, axis_y), (last, axis_y), mix(b.primary, "#FFFFFF", 0.35), max(1.5, 0.5 * u),
                        2.0 * u, "timeline-axis")
        for i, step in enumerate(steps):
            tag = f"phase-{i}"
            cx = x + w - (i + 1) * col_w - i * g if theme.rtl else x + i * (col_w + g)
            mid = cx + col_w / 2
            pill = _one(theme, periods[i], 0, 0, col_w - 2 * u, pill_size, weight="bold", color="#FFFFFF",
                        role="period", align="center", measurer=measurer, where=where, path=("steps", i, "period"),
                        tag=tag, max_lines=1)
            pw = pill.block.text_width + 3.2 * u
            items.append(Rect(mid - pw / 2, y, pw, pill_h, fill=b.secondary, radius=pill_h / 2, tag=tag))
            texts.append(Text(_shrink_box(pill.block), mid - (pill.block.text_width + 1) / 2,
                              y + (pill_h - pill.block.height) / 2, "#FFFFFF", tag=tag, role="period"))
            items.append(Line(((mid, y + pill_h), (mid, axis_y)), b.secondary, max(1.0, 0.3 * u), tag=tag))
            items.append(Ellipse(mid - node, axis_y - node, 2 * node, 2 * node, fill=b.accent, stroke="#FFFFFF",
                                 stroke_width=0.6 * u, tag=tag))
            card_top = axis_y + node + 2.2 * u
            card = (cx, card_top, col_w, y + h - card_top)
            items += _card(theme, card, tag)
            items.append(Rect(cx, card_top, col_w, 0.6 * u, fill=b.primary, tag=tag))
            pad = 2.0 * u
            texts += _track(scales, fit_stack(theme, _step_texts(theme, step, i, lang, align="center", scale_title=0.8),
                               cx + pad, card_top + 2.2 * u, col_w - 2 * pad, card[3] - 2.2 * u - pad,
                               measurer=measurer, where=where, tag=tag, valign="top", lang=lang, scale=scale))
    else:
        g = theme.gutter
        row_h = (h - (n - 1) * g) / n
        node = 2.4 * u
        rail = x + w - node * 1.5 if theme.rtl else x + node * 1.5
        items += _arrow((rail, y), (rail, y + h), mix(b.primary, "#FFFFFF", 0.35), max(1.5, 0.5 * u), 1.8 * u,
                        "timeline-axis")
        card_w = w - 3 * node - 2.0 * u
        card_x = x if theme.rtl else x + 3 * node + 2.0 * u
        for i, step in enumerate(steps):
            tag = f"phase-{i}"
            ry = y + i * (row_h + g)
            items += _card(theme, (card_x, ry, card_w, row_h), tag)
            side = card_x + card_w - 0.6 * u if theme.rtl else card_x
            items.append(Rect(side, ry, 0.6 * u, row_h, fill=b.primary, tag=tag))
            items.append(Ellipse(rail - node, ry + row_h / 2 - node, 2 * node, 2 * node, fill=b.accent,
                                 stroke="#FFFFFF", stroke_width=0.6 * u, tag=tag))
            pad = 2.4 * u
            specs = [Spec(periods[i], pill_size, "bold", b.secondary, role="period", max_lines=1,
                          gap_after=0.5 * u, path=("steps", i, "period"), line_spacing=1.3)]
            specs += _step_texts(theme, step, i, lang, align="start", scale_title=0.85)
            texts += _track(scales, fit_stack(theme, specs, card_x + pad, ry + 1.0 * u, card_w - 2 * pad, row_h - 2.0 * u,
                               measurer=measurer, where=where, tag=tag, valign="center", lang=lang, scale=scale))
    return _scaled(Items(items + texts, used_h=h), scales)


# ---- challenges / outcomes by category ---------------------------------------------------------------



def category_cards(theme: Theme, box: Box, items: Sequence, *, measurer=None, where: Where | None = None,
                   lang: str | None = None) -> Items:
    """One card per category (icon disc, category name in its colour, the items as text); cards in a grid
    that reflows for the box. `items` are storyboard `CategoryItem`s; paths ("items", i, "text").

    Statuses in words: when every item shares one (the outcomes: expected), a pill above the grid says it
    once; otherwise each card says its own with the category name, or each item under it."""
    lang = lang or theme.lang
    groups = group_by_category(items)
    gap = theme.gutter * 1.4
    statuses = {getattr(it, "status", None) for it in items}
    overall = next(iter(statuses)) if len(statuses) == 1 and None not in statuses else None
    dates = {getattr(it, "date", None) for it in items}
    same_date = next(iter(dates)) if len(dates) == 1 and None not in dates else None
    head: list[Item] = []
    said = [f"{word('status', lang)}: {status_word(overall, lang)}"] if overall else []
    if same_date:
        said.append(word("undated", lang) if same_date == "undated" else localize_digits(same_date, lang))
    if said:
        u, b = theme.unit, theme.brand
        x, y, w, h = box
        text = ("؛ " if lang == "fa" else "; ").join(said)
        if lang == "en":
            text = text[:1].upper() + text[1:]
        t = _one(theme, text, 0, 0, w, theme.caption_size * 1.1,
                 weight="bold", color=b.secondary, role="status", measurer=measurer, tag="status")
        pw, ph = t.block.text_width + 3.0 * u, t.block.height + 0.8 * u
        px = x + w - pw if theme.rtl else x
        head = [Rect(px, y, pw, ph, fill=mix(b.secondary, "#FFFFFF", 0.85), radius=ph / 2, tag="status"),
                Text(_shrink_box(t.block), px + 1.5 * u, y + 0.4 * u, b.secondary, tag="status", role="status")]
        box = (x, y + ph + 1.2 * u, w, h - ph - 1.2 * u)

    def attempt(cols: int, scale: float, bx: Box) -> Items:
        out: list[Item] = list(head)
        texts: list[Item] = []
        used = 1.0
        cells = grid(theme, len(groups), bx, gap, 2.0, fill_last_row=True, cols=cols)
        for k, ((cat, members), cell) in enumerate(zip(groups, cells)):
            shapes, words = _category_card(theme, k, cat, members, cell, measurer, where, lang, scale,
                                           said=overall is not None, dated=same_date is not None)
            out += shapes
            texts += words
            used = min(used, words.scale)
        result = Items(out + texts, used_h=box[3])
        result.scale = used
        return result

    return first_fitting([lambda c=c: compact(lambda bx: uniform(lambda s: attempt(c, s, bx)), box, 2.2 * theme.unit)
                          for c in column_choices(len(groups), box, gap, 2.0)])


def _category_card(theme: Theme, k: int, cat: str, members, cell: Box, measurer, where, lang, scale: float = 1.0,
                   said: bool = False, dated: bool = False):
    """`said`, `dated`: the status, the date are already shown once for the whole grid."""
    u, b = theme.unit, theme.brand
    tag = f"card-{k}"
    cx, cy, cw, ch = cell
    color = CATEGORY_COLORS.get(cat, b.primary)
    out: list[Item] = list(_card(theme, cell, tag))
    strip = 0.8 * u
    out.append(Rect(cx + cw - strip if theme.rtl else cx, cy, strip, ch, fill=color, tag=tag))
    pad = 1.9 * u
    inner_x, inner_w = (cx + pad, cw - 2 * pad - strip) if theme.rtl else (cx + pad + strip, cw - 2 * pad - strip)
    d = min(7.0 * u, ch * 0.26)
    iy = cy + pad
    ix = inner_x + inner_w - d if theme.rtl else inner_x
    out += icons.badge(cat, ix + d / 2, iy + d / 2, d, color, tag=tag)
    lw = inner_w - d - 1.6 * u
    lx = inner_x if theme.rtl else ix + d + 1.6 * u
    own = next((it.label for _, it in members if getattr(it, "label", None) is not None), None)
    name = own.get(lang) if own is not None else category_label(cat, lang)
    # the status in words: with the category name when every item shares it, else under each item
    statuses = {getattr(it, "status", None) for _, it in members}
    shared = next(iter(statuses)) if len(statuses) == 1 else None
    if shared and not said:
        name = f"{name} ({status_word(shared, lang)})"
    label = _one(theme, name, lx, 0, lw, theme.heading_size * 0.8, weight="black", color=color, role="category",
                 measurer=measurer, tag=tag, max_lines=2, line_spacing=1.2)
    texts = Items([Text(label.block, lx, iy + (d - label.block.height) / 2, color, tag=tag, role="category")])
    body_top = iy + max(d, label.block.height) + 0.9 * u
    bullet = "• " if len(members) > 1 else ""
    specs = []
    for idx, it in members:
        note = claim_note(it, lang, with_status=not shared and not said, with_date=not dated)
        specs.append(Spec(bullet + it.text.get(lang), theme.body_size, "regular", b.text, role="item", max_lines=6,
                          gap_after=(0.3 if note else 0.8) * u, path=("items", idx, "text"), line_spacing=1.4))
        if note:  # who said it and when, or its own status: a caption under the item
            specs.append(Spec(note, theme.caption_size, "medium", b.secondary, role="status", max_lines=3,
                              gap_after=0.8 * u, line_spacing=1.3))
    body = fit_stack(theme, specs, inner_x, body_top, inner_w, cy + ch - pad - body_top, measurer=measurer,
                     where=where, tag=tag, valign="top", lang=lang, scale=scale)
    texts += body
    texts.scale = body.scale
    return out, texts


# ---- bar chart ---------------------------------------------------------------------------------------

def nice_max(v: float) -> float:
    if v <= 0:
        return 1.0
    e = 10 ** math.floor(math.log10(v))
    for k in (1, 1.2, 1.5, 2, 2.5, 3, 4, 5, 6, 8, 10):
        if k * e >= v:
            return k * e
    return 10 * e


def bar_chart(theme: Theme, box: Box, bars: Sequence, *, unit: str | None = None, illustrative: bool = False,
              decimals: int | None = None, measurer=None, where: Where | None = None, lang: str | None = None) -> Items:
    """Horizontal bars growing from the reading start (right in Persian, left in English), value at the
    bar's end, a legend for before/after pairs, and a visible 'illustrative data' badge when flagged.
    `bars` are storyboard `ChartBar`s; paths ("bars", i, "label") and ("unit",)."""
    lang = lang or theme.lang
    measurer = measurer or PillowMeasurer()
    x, y, w, h = box
    u, b = theme.unit, theme.brand
    n = len(bars)
    paired = any(bar.before is not None for bar in bars)
    if decimals is None:
        decimals = 0 if all(float(v).is_integer() for bar in bars for v in (bar.value, bar.before or 0)) else 1
    items: list[Item] = []
    texts: list[Item] = []
    cap = max(theme.min_size, theme.caption_size)
    # top strip: illustrative badge at the start, unit and legend at the end
    top_h = 0.0
    if illustrative or unit or paired:
        top_h = cap * 1.9
        cursor_start = x + w if theme.rtl else x
        if illustrative:
            t = _one(theme, word("illustrative", lang), 0, 0, w / 2, cap, weight="black", color=b.text,
                     role="illustrative", measurer=measurer, tag="illustrative")
            bw = t.block.text_width + 3.0 * u
            bx = cursor_start - bw if theme.rtl else cursor_start
            items.append(Rect(bx, y, bw, top_h, fill=b.accent, radius=top_h / 2, tag="illustrative"))
            texts.append(Text(_shrink_box(t.block), bx + 1.5 * u, y + (top_h - t.block.height) / 2, b.text,
                              tag="illustrative", role="illustrative"))
            cursor_start = bx - 2 * u if theme.rtl else bx + bw + 2 * u
        end_parts = []
        if paired:
            end_parts += [(word("before", lang), mix(b.muted, "#FFFFFF", 0.45)), (word("after", lang), b.primary)]
        room = (cursor_start - x) if theme.rtl else (x + w - cursor_start)
        cursor_end = x if theme.rtl else x + w
        if unit:
            t = _one(theme, unit, 0, 0, max(room * 0.6, 10 * u), cap, weight="medium", color=b.muted, role="unit",
                     measurer=measurer, tag="chart-axis", where=where, path=("unit",))
            tw = t.block.text_width + 1
            tx = cursor_end if theme.rtl else cursor_end - tw
            texts.append(Text(_shrink_box(t.block), tx, y + (top_h - t.block.height) / 2, b.muted, tag="chart-axis",
                              role="unit"))
            cursor_end = tx + tw + 2.5 * u if theme.rtl else tx - 2.5 * u
        for label, color in reversed(end_parts):
            t = _one(theme, label, 0, 0, room / 2, cap, weight="medium", color=b.text, role="legend",
                     measurer=measurer, tag="chart-axis")
            tw = t.block.text_width + 1
            sw = 2.2 * u
            if theme.rtl:  # swatch then label, reading right to left, placed from the left end inwards
                lx = cursor_end
                texts.append(Text(_shrink_box(t.block), lx, y + (top_h - t.block.height) / 2, b.text, tag="chart-axis",
                                  role="legend"))
                items.append(Rect(lx + tw + 0.8 * u, y + (top_h - sw) / 2, sw, sw, fill=color, radius=0.4 * u,
                                  tag="chart-axis"))
                cursor_end = lx + tw + sw + 3.0 * u
            else:
                lx = cursor_end - tw
                texts.append(Text(_shrink_box(t.block), lx, y + (top_h - t.block.height) / 2, b.text, tag="chart-axis",
                                  role="legend"))
                items.append(Rect(lx - 0.8 * u - sw, y + (top_h - sw) / 2, sw, sw, fill=color, radius=0.4 * u,
                                  tag="chart-axis"))
                cursor_end = lx - sw - 3.0 * u
        top_h += 3.0 * u
    area_y, area_h = y + top_h, h - top_h
    wide = w / area_h >= 1.1
    g = area_h * (0.22 if wide else 0.12) / max(1, n)
    row_h = (area_h - (n - 1) * g) / n
    vmax = nice_max(max(max(bar.value, bar.before or 0) for bar in bars))
    label_w = w * 0.3 if wide else w
    value_size = max(theme.min_size, theme.body_size * 1.05)
    probe = _one(theme, format_number(vmax, lang, decimals), 0, 0, w, value_size, weight="black", color=b.text,
                 measurer=measurer)
    value_w = probe.block.text_width + 2.5 * u
    bars_x0 = x + w - label_w - 2.0 * u if (theme.rtl and wide) else (x + w if theme.rtl else (x + label_w + 2.0 * u if wide else x))
    bars_len_max = (w - (label_w + 2.0 * u if wide else 0)) - value_w
    for i, bar in enumerate(bars):
        tag = f"bar-{i}"
        ry = area_y + i * (row_h + g)
        lab_spec = Spec(bar.label.get(lang), theme.body_size, "bold", b.text, role="bar-label",
                        max_lines=2 if wide else 1, align="end" if wide else "start", path=("bars", i, "label"),
                        line_spacing=1.25)
        if wide:
            lx = x + w - label_w if theme.rtl else x
            texts += fit_stack(theme, [lab_spec], lx, ry, label_w, row_h, measurer=measurer, where=where, tag=tag,
                               valign="center", lang=lang)
            bar_y, bar_h = ry + row_h * 0.18, row_h * 0.64
        else:
            lab = fit_stack(theme, [lab_spec], x, ry, w, row_h * 0.45, measurer=measurer, where=where, tag=tag,
                            valign="bottom", lang=lang)
            texts += lab
            bar_y, bar_h = ry + row_h * 0.5, row_h * 0.45
        bar_h = min(bar_h, 9 * u)
        series = [(bar.before, mix(b.muted, "#FFFFFF", 0.45)), (bar.value, b.primary)] if bar.before is not None \
            else [(bar.value, b.primary)]
        sub_h = bar_h / len(series) - (0.4 * u if len(series) > 1 else 0)
        track_x = bars_x0 - bars_len_max if theme.rtl else bars_x0
        items.append(Rect(track_x, bar_y, bars_len_max, bar_h, fill=mix(b.primary, "#FFFFFF", 0.92), radius=0.8 * u,
                          tag=tag))
        for k, (v, color) in enumerate(series):
            length = max(0.0, bars_len_max * v / vmax)
            sy = bar_y + k * (sub_h + 0.8 * u)
            bx = bars_x0 - length if theme.rtl else bars_x0
            items.append(Rect(bx, sy, max(length, 0.5 * u), sub_h, fill=color, radius=min(0.8 * u, sub_h / 2), tag=tag))
            vs = value_size if len(series) == 1 else max(theme.min_size, value_size * 0.8)
            vt = _one(theme, format_number(v, lang, decimals), 0, 0, value_w, vs, weight="black",
                      color=b.text if k == len(series) - 1 else b.muted, role="bar-value", measurer=measurer, tag=tag)
            vw = vt.block.text_width + 1
            vx = bx - 1.2 * u - vw if theme.rtl else bx + length + 1.2 * u
            texts.append(Text(_shrink_box(vt.block), vx, sy + sub_h / 2 - vt.block.height / 2, vt.color, tag=tag,
                              role="bar-value"))
    # baseline at the reading start of the bars
    items.append(Line(((bars_x0, area_y - 0.8 * u), (bars_x0, y + h)), b.muted, max(1.0, 0.25 * u), tag="chart-axis"))
    return Items(items + texts, used_h=h)


# ---- quote -----------------------------------------------------------------------------------------

def _quote_mark(cx: float, cy: float, s: float, color: str, tag: str) -> list[Item]:
    """Two drawn '99'-style marks (a disc with a tail): decoration, the text keeps its own quotation marks."""
    out: list[Item] = []
    for dx in (-0.28 * s, 0.28 * s):
        r = 0.2 * s
        x0 = cx + dx
        out.append(Ellipse(x0 - r, cy - r, 2 * r, 2 * r, fill=color, tag=tag))
        out.append(Polygon(((x0 + r * 0.95, cy), (x0 + r * 0.3, cy + 0.55 * s), (x0 - r * 0.2, cy + 0.55 * s),
                            (x0 + r * 0.15, cy + 0.1 * s)), fill=color, tag=tag))
    return out


def quote_card(theme: Theme, box: Box, quote, *, source_line: str | None = None, measurer=None,
               where: Where | None = None, lang: str | None = None) -> Items:
    """A large quotation in a card: drawn quote mark at the reading start, the words big, an accent rule,
    the attribution and the source. `quote` is a storyboard `Quote`; paths ("quote", "text"|"attribution")."""
    lang = lang or theme.lang
    x, y, w, h = box
    u, b = theme.unit, theme.brand
    items: list[Item] = _card(theme, box, "quote", radius_u=2.0)
    pad = 5.0 * u
    mark = 9 * u
    iw = w - 2 * pad
    top = y + pad + mark + 1.0 * u
    specs = [Spec(quote.text.get(lang), theme.heading_size * 1.05, "medium", b.text, role="quote",
                  min_size=theme.body_size * 0.9, line_spacing=1.55, gap_after=3.5 * u, path=("quote", "text")),
             Spec(quote.attribution.get(lang), theme.body_size, "bold", b.primary, role="attribution", max_lines=2,
                  gap_after=0.6 * u, path=("quote", "attribution"), line_spacing=1.3)]
    # a reported statement says so, with its date (or 'undated'); the speaker is the attribution above
    said = claim_note(quote, lang, speaker=False)
    if said:
        specs.append(Spec(said, max(theme.min_size, theme.caption_size), "medium", b.secondary, role="status",
                          max_lines=2, gap_after=0.4 * u, line_spacing=1.3))
    if source_line:
        specs.append(Spec(source_line, max(theme.min_size, theme.caption_size), "regular", b.muted, role="source",
                          max_lines=2, line_spacing=1.3))
    texts = fit_stack(theme, specs, x + pad, top, iw, y + h - pad - top, measurer=measurer, where=where,
                      tag="quote", valign="center", lang=lang)
    # the mark sits just above the words (which are centred), the accent rule in the gap above the
    # attribution; attribution and source reveal after the words
    quote_t = texts[0]
    mx = x + w - pad - mark / 2 if theme.rtl else x + pad + mark / 2
    items += _quote_mark(mx, max(y + pad, quote_t.y - 1.2 * u - 0.75 * mark) + 0.2 * mark, mark, b.accent, "quote")
    rule_y = quote_t.y + quote_t.block.height + 1.4 * u
    rw = 12 * u
    rx = x + w - pad - rw if theme.rtl else x + pad
    items.append(Rect(rx, rule_y, rw, 0.6 * u, fill=b.accent, tag="attribution"))
    texts = [texts[0]] + [Text(t.block, t.x, t.y, t.color, tag="attribution", role=t.role) for t in texts[1:]]
    return Items(items + texts, used_h=h)
