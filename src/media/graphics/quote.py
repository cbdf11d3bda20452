"""The quote card: the quotation, its attribution and status, its source line."""
from __future__ import annotations

from media.content.claims import claim_note
from media.graphics.fitting import Box, Items, Spec, Where, _card, fit_stack
from media.graphics.primitives import Ellipse, Item, Polygon, Rect, Text
from media.graphics.theme import Theme


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
