"""Challenges or outcomes grouped by category: one card per category with its icon, name and items."""
from __future__ import annotations

from typing import Sequence

from media.content.claims import claim_note
from media.content.data import group_by_category
from media.content.words import category_label, status_word, word
from media.graphics import icons
from media.graphics.fitting import (Box, Items, Spec, Where, _card, _one, _shrink_box, column_choices, compact,
                                    first_fitting, fit_stack, grid, mix, uniform)
from media.graphics.primitives import Item, Rect, Text
from media.graphics.theme import CATEGORY_COLORS, Theme
from media.text.numerals import localize_digits


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
