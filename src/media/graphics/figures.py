"""Key-figure cards: the number large, its label, status and source line (or a numbered note)."""
from __future__ import annotations

from typing import Sequence

from media.content.claims import claim_note
from media.content.numbers import figure_number, figure_unit
from media.content.words import word
from media.errors import LayoutError
from media.graphics.fitting import (Box, Items, Spec, Where, _card, _one, _problem, _recenter, _shrink_box,
                                    column_choices, first_fitting, fit_stack, grid)
from media.graphics.primitives import Item, Rect, Text
from media.graphics.theme import Theme
from media.text import PillowMeasurer


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
