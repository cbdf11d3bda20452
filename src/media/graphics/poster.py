"""The poster's design: one function lays a poster out in any box (a print page in points, the social card in
pixels), top to bottom in reading direction, dropping detail in a fixed order when the box is tight. The
poster builder plans, checks and writes what this draws."""
from __future__ import annotations

from dataclasses import dataclass, replace

from media.content.poster import PosterContent
from media.content.words import word
from media.errors import LayoutError, Location, Problem
from media.graphics import fitting
from media.graphics.figures import key_figures
from media.graphics.frame import draft_band, logo_slot
from media.graphics.primitives import Drawing, Line, Polygon, Rect, Text
from media.graphics.qr import qr_items
from media.graphics.steps import process_steps, timeline
from media.graphics.theme import Theme
from media.storyboard.settings import Brand
from media.text import PdfMeasurer, PillowMeasurer, TextStyle, layout

MM_PT = 72.0 / 25.4
PAGE_SIZES_MM = {"A2": (420.0, 594.0), "A3": (297.0, 420.0), "A4": (210.0, 297.0), "A5": (148.0, 210.0)}
BLEED_MM = 3.0  # what print shops ask for; crop marks sit inside it
SOCIAL_PX = (1080, 1350)  # 4:5, the tallest feed format Instagram/LinkedIn show uncropped


@dataclass(frozen=True)
class Format:
    """How a box is used: print pages carry sources and a large QR; the social card is tighter."""

    name: str
    qr_u: float  # QR side (quiet zone included) in theme units
    compact: int = 0  # detail dropped when the box is tight, in this order: see COMPACT_LEVELS


# What each compact level drops, cumulatively: the least informative detail goes first.
COMPACT_LEVELS = ("nothing", "step texts", "the key-points heading", "the process/timeline graphic")
PRINT = Format("print", qr_u=16.0)  # A4: 34 mm, A3: 48 mm
SOCIAL = Format("social", qr_u=14.0)
FIGURES_U = 30.0  # most height offered to the key-figure cards, in theme units; they shrink to their content
FIGURES_MIN_U = 20.0  # below this the numbers get small: drop detail elsewhere first


class _Designer:
    """Lays a poster out top to bottom inside a trim box at (ox, oy), reading direction aware."""

    def __init__(self, c: PosterContent, width: float, height: float, brand: Brand, measurer, fmt: Format,
                 bleed: float = 0.0):
        self.c, self.brand, self.m, self.fmt = c, brand, measurer, fmt
        self.t = Theme(width, height, brand, c.lang)
        self.W, self.H, self.b = width, height, bleed
        self.u = self.t.unit
        self.M = 6.0 * self.u  # A4: 12.6 mm, well clear of a 3 mm trim tolerance
        self.items: list = []

    # helpers
    def text(self, s: str, x: float, y: float, w: float, size: float, *, weight="regular", color=None,
             min_size=None, spacing=1.4, align="start", max_lines=None, role="body", tag="", lang=None,
             where: Location | None = None, height=None) -> Text:
        block = layout(s, lang or self.c.lang, w, height,
                       TextStyle(size, weight, min_size, spacing, align, max_lines), self.m,
                       where or self.c.where.get("poster"))
        t = Text(block, x, y, color or self.brand.text, tag=tag, role=role)
        self.items.append(t)
        return t

    def X(self, x: float, w: float, item_w: float) -> float:
        """x of an item of width item_w at the reading start of [x, x + w]."""
        return self.t.x_start(x, w, item_w)

    def Xend(self, x: float, w: float, item_w: float) -> float:
        return x if self.t.rtl else x + w - item_w

    # sections
    def design(self) -> Drawing:
        b, u, W = self.b, self.u, self.W
        x0, cw = b + self.M, W - 2 * self.M
        y = self.header(x0, cw)
        top_of_body = y
        bottom = self.bottom_band(x0, cw)
        y_limit = bottom - 1.5 * u
        if self.c.sources:
            y_limit = self.footer_sources(x0, cw, y_limit)
        # measure the middle: points and graphic at their natural height; the figure cards, which lay out
        # in any box, take what is left (up to FIGURES_U); then spread the slack between the blocks
        blocks = [self.points]
        if self.c.steps and self.fmt.compact < 3:
            blocks.append(self.graphic)
        ranges = []
        probe = top_of_body
        for fn in blocks:
            start = len(self.items)
            probe = fn(x0, cw, probe)  # laid at provisional positions, moved down below
            ranges.append((start, len(self.items)))
        n_blocks = len(blocks) + bool(self.c.figures)
        min_gap = 1.8 * u
        room = (y_limit - top_of_body) - (probe - top_of_body) - min_gap * (n_blocks + 1)
        figures_h = 0.0
        if self.c.figures:
            start = len(self.items)
            figures_h = self.figures(x0, cw, top_of_body, room) - top_of_body
            ranges.insert(0, (start, len(self.items)))
        slack = room - figures_h
        if slack < -1e-6 * u:  # the cards fill `room` exactly when they are squeezed: a float tie still fits
            raise _NoRoom(slack)
        slack = max(0.0, slack)
        gap = min_gap + slack / (n_blocks + 1)
        for k, (start, end) in enumerate(ranges):
            below = figures_h if self.c.figures and k > 0 else 0.0  # blocks were probed without the figures
            for i in range(start, end):
                self.items[i] = _shift(self.items[i], below + gap * (k + 1))
        d = Drawing(W + 2 * b, self.H + 2 * b, background=self.brand.background, items=tuple(self.items),
                    safe=(b + self.M * 0.5, b + self.M * 0.5, W - self.M, self.H - self.M))
        return d

    def header(self, x0: float, cw: float) -> float:
        u, c, b = self.u, self.c, self.b
        top = 0.0
        items_before = len(self.items)
        band = Rect(0, top, self.W + 2 * b, 0, fill=self.brand.primary, tag="header")
        self.items.append(band)  # height fixed below
        y = (top + 0.7 * self.M) if top else b + 0.7 * self.M
        # logo slot at the reading start, organisation name beside it, plan tag at the end
        logo = 5.5 * u
        lx = self.X(x0, cw, logo)
        self.logo_slot(lx, y, logo)
        name_w = cw * 0.55
        nx = lx - 2 * u - name_w if self.t.rtl else lx + logo + 2 * u
        name = self.text(c.organisation, nx, y, name_w, 2.6 * u, weight="bold", color="#FFFFFF",
                         max_lines=2, min_size=2.0 * u, spacing=1.25, role="organisation", tag="header")
        _recentre(self.items, name, y + logo / 2)
        if c.tag:
            size = 2.4 * u
            probe = layout(c.tag, c.lang, cw, None, TextStyle(size, "black"), self.m)
            pw, ph = probe.text_width + 3.2 * u, size * 1.9
            px = self.Xend(x0, cw, pw)
            py = y + (logo - ph) / 2
            self.items.append(Rect(px, py, pw, ph, fill=self.brand.accent, radius=ph / 2, tag="header"))
            self.text(c.tag, px, py, pw, size, weight="black", color=self.brand.text, align="center",
                      spacing=1.9, role="tag", tag="header")
        y += logo + 2.6 * u
        title = self.text(c.title, x0, y, _balanced_width(c.title, c.lang, cw, TextStyle(6.8 * u, "black", 5.0 * u,
                          1.22, "start", 3), self.m), 6.8 * u, weight="black", color="#FFFFFF", min_size=5.0 * u,
                          spacing=1.22, max_lines=3, role="title", tag="title", where=c.where["title"])
        if self.t.rtl:  # a narrower balanced box still starts at the right edge
            self.items[-1] = _shift_x(self.items[-1], x0 + cw - title.block.box_width)
            title = self.items[-1]
        y += title.block.height + 1.2 * u
        if c.subtitle:
            sub = self.text(c.subtitle, x0, y, cw, 3.4 * u, weight="medium", color="#DCE8F5", min_size=2.6 * u,
                            max_lines=2, role="subtitle", tag="title", where=c.where["subtitle"])
            y += sub.block.height
        y += 3.2 * u
        self.items[items_before] = Rect(0, top, self.W + 2 * b, y - top, fill=self.brand.primary, tag="header")
        self.items.append(Rect(0, y, self.W + 2 * b, 1.0 * u, fill=self.brand.accent, tag="header"))
        y += 1.0 * u
        if c.draft:  # the draft mark: a strip across the page right under the header band
            stamp = draft_band(self.t, 0, y, self.W + 2 * b, c.draft, measurer=self.m, lang=c.lang,
                                          size=2.4 * u, pad=1.0 * u, inset=b + self.M)
            self.items += stamp
            y += stamp.used_h
        return y

    def logo_slot(self, x: float, y: float, size: float) -> None:
        """The brand logo on a white plate (a logo is not designed for the band's colour), else the shared mark."""
        box = (x, y, size, size)
        if self.c.logo is not None:
            self.items.append(Rect(x, y, size, size, fill="#FFFFFF", radius=size * 0.18, tag="header"))
            pad = size * 0.1
            box = (x + pad, y + pad, size - 2 * pad, size - 2 * pad)
        self.items += logo_slot(self.t, box, self.c.organisation, self.c.logo, on_dark=True,
                                           measurer=self.m, tag="header")

    def figures(self, x0: float, cw: float, y: float, room: float) -> float:
        """The shared key-figure cards in at most `room` (and FIGURES_U), hugging their content; the source
        note names the numbered source. Too little room is _NoRoom (drop detail elsewhere) unless the cards
        do not fit even at full height: then the located error of the text to shorten."""
        c = self.c

        def lay(h: float):
            return fitting.compact(
                lambda bx: key_figures(self.t, bx, c.figures, source_lines=c.figure_notes,
                                                  note_marks=c.figure_marks, measurer=self.m, where=c.locate,
                                                  lang=c.lang, label_lines=4),
                (x0, y, cw, h), 2.2 * self.u)

        full = FIGURES_U * self.u
        try:
            if room < FIGURES_MIN_U * self.u:
                raise _NoRoom(room - FIGURES_MIN_U * self.u)
            cards = lay(min(room, full))
            top, bottom = _extent(cards)
            if bottom - top > room:  # shadows hang below the cards' box: offer that much less
                cards = lay(min(room, full) - (bottom - top - room))
        except (LayoutError, _NoRoom):
            lay(full)  # raises the located error when the texts are at fault
            raise _NoRoom(room - full) from None
        top, bottom = _extent(cards)
        self.items += [_shift(it, y - top) for it in cards]
        return y + bottom - top

    def points(self, x0: float, cw: float, y: float) -> float:
        u, c = self.u, self.c
        if self.fmt.compact < 2:
            head = self.text(word("points", c.lang), x0, y, cw, 3.4 * u, weight="black", color=self.brand.primary,
                             max_lines=1, role="heading", tag="points")
            y += head.block.height + 0.6 * u
        marker = 1.6 * u
        indent = marker + 2.0 * u
        tw = cw - indent
        size = fitting.shared_size(self.t, [(p, ("points", j)) for j, p in enumerate(c.points)], tw, 2.8 * u,
                                      2.2 * u, 2, "medium", measurer=self.m, where=c.locate, lang=c.lang)
        for j, p in enumerate(c.points):
            tx = x0 if self.t.rtl else x0 + indent
            t = self.text(p, tx, y, tw, size, weight="medium", color=self.brand.text, max_lines=2, spacing=1.35,
                          role="point", tag=f"point{j}", where=c.locate(("points", j)))
            first = t.block.baseline(0, y)
            mx = x0 + cw - marker if self.t.rtl else x0
            # the marker sits on the first line's x-height, not the box centre, so 2-line points still read right
            my = first - size * 0.42 - marker / 2
            self.items.append(Rect(mx, my, marker, marker, fill=self.brand.secondary, radius=0.3 * u,
                                   tag=f"point{j}"))
            y += t.block.height + 0.8 * u
        return y - 0.8 * u

    def graphic(self, x0: float, cw: float, y: float) -> float:
        """The process or timeline as the shared chevron strip; step texts are the first detail dropped."""
        u, c = self.u, self.c
        if c.graphic_title:
            head = self.text(c.graphic_title, x0, y, cw, 3.4 * u, weight="black", color=self.brand.primary,
                             max_lines=1, min_size=2.6 * u, role="heading", tag="graphic")
            y += head.block.height + 1.0 * u
        steps = c.steps if self.fmt.compact < 1 else [s.model_copy(update={"text": None}) for s in c.steps]
        draw = timeline if c.graphic_kind == "timeline" else process_steps
        strip = draw(self.t, (x0, y, cw, 0.0), steps, measurer=self.m, where=c.locate, lang=c.lang, style="chevrons")
        self.items += strip
        return y + strip.used_h

    def footer_sources(self, x0: float, cw: float, y_bottom: float) -> float:
        """Sources sit just above the bottom band; returns the top of what was laid."""
        u, c = self.u, self.c
        text = f"{word('sources', c.lang)}: " + ("؛ " if c.lang == "fa" else "; ").join(c.sources)
        block = layout(text, c.lang, cw, None, TextStyle(1.7 * u, "regular", 1.4 * u, 1.3, "start", 3), self.m,
                       c.where.get("poster"))
        y = y_bottom - block.height
        self.items.append(Line(((x0, y - 0.8 * u), (x0 + cw, y - 0.8 * u)), color="#CCD6E0", width=0.12 * u,
                               tag="footer"))
        self.items.append(Text(block, x0, y, self.brand.muted, tag="footer", role="sources"))
        return y - 0.8 * u

    def bottom_band(self, x0: float, cw: float) -> float:
        """QR, call to action, short URL and date on a full-bleed band; returns the band's top."""
        u, c, b = self.u, self.c, self.b
        qr = self.fmt.qr_u * u
        pad = 2.4 * u
        band_h = qr + 2 * pad
        bottom_safe = b + self.H - 0.7 * self.M  # as far from the trim as the header is
        qr_y = bottom_safe - qr
        top = qr_y - pad
        self.items.append(Rect(0, top, self.W + 2 * b, self.H + 2 * b - top, fill=self.brand.primary, tag="qr-band"))
        self.items.append(Rect(0, top, self.W + 2 * b, 0.6 * u, fill=self.brand.accent, tag="qr-band"))
        qx = self.Xend(x0, cw, qr)
        qr_list, _ = qr_items(c.qr_url, qx, qr_y, qr, dark="#000000", light="#FFFFFF", tag="qr")
        self.items.extend(qr_list)
        tw = cw - qr - 4.0 * u
        tx = self.X(x0, cw, tw)
        cta = layout(c.cta, c.lang, tw, None, TextStyle(3.6 * u, "black", 2.6 * u, 1.3, "start", 2), self.m)
        url = layout(c.short_url, "en", tw, None,
                     TextStyle(2.5 * u, "bold", 1.7 * u, 1.3, "end" if self.t.rtl else "start", 1), self.m)
        meta = layout(f"{c.organisation}  |  {c.date}" if c.date else c.organisation, c.lang, tw, None,
                      TextStyle(2.1 * u, "regular", 1.6 * u, 1.3, "start", 1), self.m)
        stack = cta.height + 0.6 * u + url.height + 1.4 * u + meta.height
        y = qr_y + (qr - stack) / 2
        self.items.append(Text(cta, tx, y, "#FFFFFF", tag="qr-band", role="cta"))
        y += cta.height + 0.6 * u
        self.items.append(Text(url, tx, y, self.brand.accent, tag="qr-band", role="url"))
        y += url.height + 1.4 * u
        self.items.append(Text(meta, tx, y, "#DCE8F5", tag="qr-band", role="date"))
        # an arrow from the words to the code, pointing in reading direction
        ay = qr_y + qr / 2
        s = 1.3 * u
        ax = qx + qr + 1.2 * u if self.t.rtl else qx - 1.2 * u
        pts = ((ax + s, ay - s), (ax, ay), (ax + s, ay + s)) if self.t.rtl else ((ax - s, ay - s), (ax, ay),
                                                                                 (ax - s, ay + s))
        self.items.append(Polygon(pts, fill=self.brand.accent, tag="qr-band"))
        del band_h
        return top


class _NoRoom(Exception):
    def __init__(self, slack: float):
        self.slack = slack


def _shift(it, dy: float):
    if isinstance(it, (Polygon, Line)):
        return replace(it, points=tuple((x, y + dy) for x, y in it.points))
    return replace(it, y=it.y + dy)


def _extent(items) -> tuple[float, float]:
    """Top and bottom of the shapes among `items` (texts sit inside them)."""
    boxes = [(it.y, it.y + it.h) for it in items if isinstance(it, Rect)]
    return min(t for t, _ in boxes), max(b for _, b in boxes)


def _balanced_width(text: str, lang: str, width: float, style: TextStyle, measurer) -> float:
    """The narrowest box that keeps the line count at `width`: a heading breaks into lines of even
    length instead of leaving one word alone on its last line."""
    try:
        lines = len(layout(text, lang, width, None, style, measurer).lines)
    except LayoutError:
        return width
    if lines < 2:
        return width
    lo, hi = width * 0.5, width
    for _ in range(12):
        mid = (lo + hi) / 2
        try:
            block = layout(text, lang, mid, None, style, measurer)
            ok = len(block.lines) == lines and not block.shrunk
        except LayoutError:
            ok = False
        lo, hi = (lo, mid) if ok else (mid, hi)
    return hi


def _shift_x(it, x: float):
    return replace(it, x=x)


def _recentre(items: list, t: Text, cy: float) -> None:
    """Centre a text block vertically on cy (e.g. beside the logo)."""
    i = items.index(t)
    items[i] = replace(t, y=cy - t.block.height / 2)


def design_poster(c: PosterContent, width: float, height: float, brand: Brand, measurer, fmt: Format = PRINT,
                  bleed: float = 0.0) -> Drawing:
    """Lay the poster out for a trim box width x height (any unit); the drawing adds `bleed` on every side.

    Too much content for the box is met by dropping detail in a fixed order (step texts, then the
    graphic) rather than by shrinking everything; if even that fails, a located LayoutError.
    """
    last = None
    for compact in range(len(COMPACT_LEVELS)):
        if compact < fmt.compact:
            continue
        try:
            d = _Designer(c, width, height, brand, measurer, replace(fmt, compact=compact), bleed).design()
        except _NoRoom as exc:
            last = exc
            continue
        d.meta.update({"compact": compact, "lang": c.lang})
        return d
    raise LayoutError(problems=[Problem(c.where["poster"],
                                        f"the poster content does not fit a {fmt.name} page even without the "
                                        f"graphic ({-last.slack:.0f} units too tall): use fewer or shorter points")])


def page_size_pt(size: str) -> tuple[float, float]:
    w_mm, h_mm = PAGE_SIZES_MM[size]
    return w_mm * MM_PT, h_mm * MM_PT


def print_drawing(c: PosterContent, size: str, brand: Brand, bleed: bool = False) -> Drawing:
    w, h = page_size_pt(size)
    return design_poster(c, w, h, brand, PdfMeasurer(), PRINT, BLEED_MM * MM_PT if bleed else 0.0)


def social_drawing(c: PosterContent, brand: Brand) -> Drawing:
    return design_poster(c, SOCIAL_PX[0], SOCIAL_PX[1], brand, PillowMeasurer(), SOCIAL)
