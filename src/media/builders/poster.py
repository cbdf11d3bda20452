"""Posters: print PDFs (A3/A4, optional bleed, crop marks and CMYK) with a vector QR code, a PNG preview and a
social-media version, all laid out once per box by the same design function."""
from __future__ import annotations

import datetime as _dt
from dataclasses import dataclass
from pathlib import Path

from media.builders import Artifact, Builder, brand_logo, fonts
from media.engine import Job
from media.errors import LayoutError, Location, Problem
from media.files import atomic_path, write_png
from media.graphics import components
from media.graphics.primitives import Drawing, Image, Line, Polygon, Rect, Text, layout_problems
from media.graphics.theme import Theme
from media.storyboard import LoadedStoryboard
from media.storyboard.model import Brand
from media.text import TextStyle, layout, localize
from media.content.words import word
from media.content.poster import PosterContent, poster_content
from media.content.dates import from_iso, iso, storyboard_date

MM_PT = 72.0 / 25.4
PAGE_SIZES_MM = {"A2": (420.0, 594.0), "A3": (297.0, 420.0), "A4": (210.0, 297.0), "A5": (148.0, 210.0)}
BLEED_MM = 3.0  # what print shops ask for; crop marks sit inside it
PREVIEW_DPI = 150
SOCIAL_PX = (1080, 1350)  # 4:5, the tallest feed format Instagram/LinkedIn show uncropped
MIN_IMAGE_DPI = 300




# ---- dates -----------------------------------------------------------------------------------



# ---- content ---------------------------------------------------------------------------------



# ---- design ----------------------------------------------------------------------------------

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
            stamp = components.draft_band(self.t, 0, y, self.W + 2 * b, c.draft, measurer=self.m, lang=c.lang,
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
        self.items += components.logo_slot(self.t, box, self.c.organisation, self.c.logo, on_dark=True,
                                           measurer=self.m, tag="header")

    def figures(self, x0: float, cw: float, y: float, room: float) -> float:
        """The shared key-figure cards in at most `room` (and FIGURES_U), hugging their content; the source
        note names the numbered source. Too little room is _NoRoom (drop detail elsewhere) unless the cards
        do not fit even at full height: then the located error of the text to shorten."""
        c = self.c

        def lay(h: float):
            return components.compact(
                lambda bx: components.key_figures(self.t, bx, c.figures, source_lines=c.figure_notes,
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
        size = components.shared_size(self.t, [(p, ("points", j)) for j, p in enumerate(c.points)], tw, 2.8 * u,
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
        draw = components.timeline if c.graphic_kind == "timeline" else components.process_steps
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
        from media.graphics.qr import qr_items

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
    from dataclasses import replace

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
    from dataclasses import replace

    return replace(it, x=x)


def _recentre(items: list, t: Text, cy: float) -> None:
    """Centre a text block vertically on cy (e.g. beside the logo)."""
    from dataclasses import replace

    i = items.index(t)
    items[i] = replace(t, y=cy - t.block.height / 2)


def design_poster(c: PosterContent, width: float, height: float, brand: Brand, measurer, fmt: Format = PRINT,
                  bleed: float = 0.0) -> Drawing:
    """Lay the poster out for a trim box width x height (any unit); the drawing adds `bleed` on every side.

    Too much content for the box is met by dropping detail in a fixed order (step texts, then the
    graphic) rather than by shrinking everything; if even that fails, a located LayoutError.
    """
    from dataclasses import replace

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


# ---- output ----------------------------------------------------------------------------------

def page_size_pt(size: str) -> tuple[float, float]:
    w_mm, h_mm = PAGE_SIZES_MM[size]
    return w_mm * MM_PT, h_mm * MM_PT


def print_drawing(c: PosterContent, size: str, brand: Brand, bleed: bool = False) -> Drawing:
    from media.text import PdfMeasurer

    w, h = page_size_pt(size)
    return design_poster(c, w, h, brand, PdfMeasurer(), PRINT, BLEED_MM * MM_PT if bleed else 0.0)


def social_drawing(c: PosterContent, brand: Brand) -> Drawing:
    from media.text import PillowMeasurer

    return design_poster(c, SOCIAL_PX[0], SOCIAL_PX[1], brand, PillowMeasurer(), SOCIAL)


def _stamp(canvas, day: _dt.date | None) -> None:
    """The PDF's creation date is the poster's date (midnight UTC), whatever the process's environment:
    ReportLab otherwise reads SOURCE_DATE_EPOCH from the environment of whichever worker writes it."""
    import calendar
    import time

    import hashlib

    epoch = calendar.timegm(day.timetuple()) if day is not None else 946684800  # ReportLab's invariant date
    doc = canvas._doc
    ts = doc._timeStamp
    ts.t, ts.lt = epoch, time.gmtime(epoch)
    ts.YMDhms, ts.dhh, ts.dmm, ts.tzname = tuple(ts.lt)[:6], 0, 0, "UTC"
    # the file ID is a digest that ReportLab seeds with the same timestamp: seed it with ours
    doc.signature = hashlib.md5(b"a reportlab document" + ascii(epoch).encode(), usedforsecurity=False)


def write_pdf(d: Drawing, path: Path, *, title: str, author: str, lang: str, cmyk: bool = False,
              bleed: float = 0.0, day: _dt.date | None = None) -> None:
    """One page, fonts embedded (ReportLab's default Helvetica never referenced), atomically written."""
    from reportlab.pdfgen.canvas import Canvas

    from media.graphics.vector import paint
    from media.text.paint import pdf_font_name

    with atomic_path(path) as tmp:
        # invariant: no creation timestamp or random ID, so the same input gives the same bytes
        canvas = Canvas(str(tmp), pagesize=(d.width, d.height), pageCompression=1, invariant=1,
                        initialFontName=pdf_font_name("regular"), initialFontSize=10,
                        lang="fa-IR" if lang == "fa" else "en")
        _stamp(canvas, day)
        canvas.setTitle(title)
        canvas.setAuthor(author)
        canvas.setCreator("media poster builder")
        if bleed:
            trim = (bleed, bleed, d.width - bleed, d.height - bleed)
            canvas.setTrimBox(trim)
            canvas.setBleedBox((0, 0, d.width, d.height))
        paint(canvas, d, 0, 0, cmyk=cmyk)
        if bleed:
            _crop_marks(canvas, d.width, d.height, bleed, cmyk)
        canvas.showPage()
        canvas.save()


def _crop_marks(canvas, width: float, height: float, bleed: float, cmyk: bool) -> None:
    """Trim marks in the bleed corners, on the trim lines' extensions, stopping short of the trim
    corner so no mark shows on a slightly-off cut. White under-stroke keeps them visible on the band."""
    from reportlab.lib.colors import CMYKColor, white

    reg = CMYKColor(1, 1, 1, 1) if cmyk else CMYKColor(0, 0, 0, 1)  # registration colour prints on every plate
    gap = 0.75 * MM_PT
    corners = [(bleed, bleed, -1, -1), (width - bleed, bleed, 1, -1), (bleed, height - bleed, -1, 1),
               (width - bleed, height - bleed, 1, 1)]
    for colour, lw in ((white, 1.2), (reg, 0.25)):
        canvas.setStrokeColor(colour)
        canvas.setLineWidth(lw)
        for x, y, sx, sy in corners:
            # horizontal mark on the trim line y, out to the page edge; vertical mark on x
            canvas.line(x + sx * gap, y, x + sx * bleed, y)
            canvas.line(x, y + sy * gap, x, y + sy * bleed)


def rasterize_pdf(path: Path, dpi: float):
    """The PDF page as a PIL image (pypdfium2), or None when pypdfium2 is not installed."""
    try:
        import pypdfium2 as pdfium
    except ImportError:
        return None
    pdf = pdfium.PdfDocument(str(path))
    try:
        return pdf[0].render(scale=dpi / 72.0).to_pil().convert("RGB")
    finally:
        pdf.close()


def reading_order(d: Drawing, lang: str) -> list[str]:
    """Lines drawn, top to bottom and in reading direction across a row (items are stored in
    drawing order, which puts the bottom band before the body)."""
    rtl = lang == "fa"
    texts = sorted(d.texts(), key=lambda t: (round(t.y / (d.width / 25)), -t.x if rtl else t.x, t.y))
    return [line for t in texts for line in t.block.visible_lines if line]


def must_show(c: PosterContent) -> list[tuple[str, str, str]]:
    """What the layout proof requires to be visible on a poster: every figure's mark on its card, every
    numbered note in the footer, and the draft mark of a draft."""
    out = []
    for i, (f, line, mark) in enumerate(zip(c.figures, c.figure_notes, c.figure_marks)):
        if line:  # the card shows "Source [n]", or "[n]" after its label when it had no room for the line
            out.append((f"figure-{i}", mark or line, f"figure '{f.id}'"))
    out += [("footer", note, "numbered source note") for note in c.notes]
    if c.draft:
        out.append(("draft", c.draft, "the draft mark"))
    return out


def _check(d: Drawing, c: PosterContent) -> None:
    from media.graphics.proof import source_problems

    d.meta["must_show"] = must_show(c)
    problems = layout_problems(d) + source_problems(d)
    if problems:
        raise LayoutError(problems=[Problem(c.where["poster"], f"poster layout: {p}") for p in problems])


def _min_image_dpi(d: Drawing) -> float | None:
    """Effective resolution of the least sharp placed image, in dpi (drawing units are points)."""
    from PIL import Image as PILImage

    worst = None
    for it in d.items:
        if isinstance(it, Image):
            with PILImage.open(it.path) as im:
                k = min(it.w / im.width, it.h / im.height)  # points per pixel when contained
            dpi = 72.0 / k
            worst = dpi if worst is None else min(worst, dpi)
    return worst


def content_inputs(c: PosterContent) -> dict:
    """What a poster shows, for its key: everything in its content but the storyboard locations."""
    from dataclasses import fields

    from media.storyboard.views import monolingual

    # the logo's bytes are among the job's files; its absolute path would tie the key to the folder
    return {f.name: (getattr(c, f.name) is not None if f.name == "logo" else monolingual(getattr(c, f.name), c.lang))
            for f in fields(c) if f.name != "where"}


class PosterBuilder(Builder):
    name = "poster"
    kinds = ("poster", "poster-svg", "poster-preview", "poster-social", "poster-social-svg")

    def plan(self, sb: LoadedStoryboard, lang: str) -> list[Job]:
        if sb.model.poster is None:
            return []
        day = storyboard_date(sb)
        content = poster_content(sb, lang, day)
        o = self.options
        inputs = {"content": content_inputs(content), "brand": sb.settings.brand, "sizes": sb.model.poster.sizes,
                  "print": o.print_marks, "cmyk": o.cmyk}
        return [self.job(sb, lang, "posters", inputs, files=[*fonts(), *brand_logo(sb)],
                         params={"date": iso(day)}, cost_s=1.0 + 0.8 * len(sb.model.poster.sizes))]

    def run(self, job: Job, sb: LoadedStoryboard, out_dir: Path, deps) -> list[Artifact]:
        from media.files import write_bytes_atomic  # here, not at the top: poster.py is being split (issue 23)
        from media.graphics.svg import to_svg

        spec = sb.model.poster
        lang = job.lang
        opts = self.options
        day = from_iso(job.params["date"])
        content = poster_content(sb, lang, day)
        brand = sb.settings.brand
        folder = out_dir / "poster"
        artifacts: list[Artifact] = []
        steps = len(spec.sizes) + 2
        for i, size in enumerate(spec.sizes):
            self.progress(f"{size} PDF", i / steps)
            d = print_drawing(content, size, brand, bleed=opts.print_marks)
            _check(d, content)
            path = folder / f"poster-{size.lower()}.pdf"
            bleed = BLEED_MM * MM_PT if opts.print_marks else 0.0
            write_pdf(d, path, title=localize(content.title, lang), author=localize(content.organisation, lang),
                      lang=lang, cmyk=opts.cmyk, bleed=bleed, day=day)
            w_mm, h_mm = PAGE_SIZES_MM[size]
            extra = {"page_size": f"{size}+bleed" if bleed else size,
                     "page_mm": [round(w_mm + (2 * BLEED_MM if bleed else 0), 2),
                                 round(h_mm + (2 * BLEED_MM if bleed else 0), 2)],
                     "qr_url": content.qr_url, "cmyk": opts.cmyk, "visible_text": reading_order(d, lang)}
            dpi = _min_image_dpi(d)
            if dpi is not None:
                extra["min_image_dpi"] = round(dpi)
            artifacts.append(Artifact("poster", path, extra))
            # the same page as editable vectors (SVG), at its paper size
            svg = write_bytes_atomic(path.with_suffix(".svg"), to_svg(d, unit="pt", title=localize(content.title, lang),
                                                                      lang=lang))
            artifacts.append(Artifact("poster-svg", svg, {"page_size": extra["page_size"], "pdf": path.name}))
            if i == 0:
                self.progress(f"{size} preview", (i + 0.5) / steps)
                image = rasterize_pdf(path, PREVIEW_DPI)
                if image is None:  # no pypdfium2: paint the same drawing with Pillow
                    from media.graphics.raster import render

                    image = render(d, scale=PREVIEW_DPI / 72.0, supersample=1)
                preview = folder / f"poster-{size.lower()}.png"
                write_png(image, preview, dpi=PREVIEW_DPI, title=localize(content.title, lang), optimize=True)
                artifacts.append(Artifact("poster-preview", preview, {"page_size": extra["page_size"],
                                                                      "dpi": PREVIEW_DPI}))
        self.progress("social", (steps - 1) / steps)
        from media.graphics.raster import render

        social = social_drawing(content, brand)
        _check(social, content)
        path = folder / "poster-social.png"
        write_png(render(social), path, title=localize(content.title, lang), optimize=True)
        artifacts.append(Artifact("poster-social", path, {"width_px": SOCIAL_PX[0], "height_px": SOCIAL_PX[1],
                                                          "qr_url": content.qr_url,
                                                          "visible_text": reading_order(social, lang)}))
        svg = write_bytes_atomic(path.with_suffix(".svg"), to_svg(social, title=localize(content.title, lang),
                                                                       lang=lang))
        artifacts.append(Artifact("poster-social-svg", svg, {"width_px": SOCIAL_PX[0], "height_px": SOCIAL_PX[1]}))
        self.progress("done", 1.0)
        return artifacts
