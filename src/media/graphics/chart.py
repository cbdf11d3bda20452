"""The bar chart: horizontal bars with values (and before/after pairs), a nice axis, the illustrative label."""
from __future__ import annotations

import math
from typing import Sequence

from media.content.words import word
from media.graphics.fitting import Box, Items, Spec, Where, _one, _shrink_box, fit_stack, mix
from media.graphics.primitives import Item, Line, Rect, Text
from media.graphics.theme import Theme
from media.text import PillowMeasurer, format_number


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
