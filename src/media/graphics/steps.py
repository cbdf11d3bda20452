"""Steps in order: the process (row, column or grid of numbered cards), the compact chevron strip and the
timeline (horizontal or vertical)."""
from __future__ import annotations

import math
from typing import Sequence

from media.content.claims import claim_note
from media.content.words import word
from media.graphics.fitting import (Box, Items, Spec, Where, _card, _centered_text, _one, _scaled, _shrink_box, _track,
                                    column_choices, compact, first_fitting, fit_stack, grid, mix, shared_size, uniform)
from media.graphics.primitives import Ellipse, Item, Line, Polygon, Rect, Text
from media.graphics.theme import Theme
from media.text import PillowMeasurer, format_number


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
