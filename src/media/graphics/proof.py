"""Layout proof that no shown figure lost its source: what must be visible, checked on the drawing itself.

A design that shows sourced things records in `Drawing.meta["must_show"]` a list of `(tag, text, why)`:
`text` must be drawn (inside one `Text` item, ignoring line breaks, spaces, bidi controls and digit
script) in an item tagged `tag` ("" for anywhere). `source_problems(drawing)` lists what is missing;
builders raise it as a located LayoutError, so an output that would show a figure without its source is
never written. Key figures whose sources moved to numbered notes need both their mark on the card
("Source [2]") and the note in the footer ("[2] plan 15 §3").
"""
from __future__ import annotations

import re

from media.graphics.primitives import Drawing

_INVISIBLE = re.compile("[\\s\u200c\u200d\u200e\u200f\u202a-\u202e\u2066-\u2069\u061c\ufeff]")
_DIGITS = str.maketrans("۰۱۲۳۴۵۶۷۸۹٠١٢٣٤٥٦٧٨٩٬٫", "01234567890123456789,.")


def _norm(text: str) -> str:
    return _INVISIBLE.sub("", text).translate(_DIGITS)


def drawn_text(d: Drawing, tag: str = "") -> list[str]:
    """The text of every Text item (tagged `tag` when given), lines joined, normalised for comparison."""
    out = []
    for t in d.texts():
        if tag and t.tag != tag:
            continue
        out.append(_norm("".join(ln.text for ln in t.block.lines)))
    return out


def source_problems(d: Drawing) -> list[str]:
    """What `meta["must_show"]` asks for and the drawing does not show."""
    problems = []
    cache: dict[str, list[str]] = {}
    for tag, text, why in d.meta.get("must_show", ()):
        shown = cache.setdefault(tag, drawn_text(d, tag))
        want = _norm(text)
        if not any(want in s for s in shown):
            where = f" in '{tag}'" if tag else ""
            problems.append(f"{why}: its source is not shown{where} (expected “{text}”)")
    return problems
