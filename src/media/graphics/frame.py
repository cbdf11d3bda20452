"""The frame of a design: logo slot, header, footer with sources and link, the draft band, and the page
frame that puts them around a body box."""
from __future__ import annotations

from media.errors import LayoutError
from media.graphics.fitting import Box, Items, Spec, Where, _one, _problem, fit_stack, mix
from media.graphics.primitives import Ellipse, Image, Item, Line, Polygon, Rect, Text
from media.graphics.theme import Theme
from media.text import PillowMeasurer, TextStyle, layout


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
