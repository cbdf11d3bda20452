"""The chapter list of a film: each scene's own heading, in film order, none repeated, the first at 0:00.
Players (MP4 chapters, the site's chapter track) and every list of a film's chapters print these."""
from __future__ import annotations

from media.text.numerals import localize


def chapter_list(headings: list[tuple[str, float]], total_s: float, lang: str) -> list[tuple[str, float, float]]:
    """`headings` are (heading, start_s) of every scene in film order; a scene without a heading, or with
    one a chapter already has, continues the chapter before it. Returns (title, start_s, end_s)."""
    out: list[tuple[str, float]] = []
    seen: set[str] = set()
    for title, start_s in headings:
        title = " ".join((title or "").split())
        if not title or title in seen:
            continue
        seen.add(title)
        out.append((title, 0.0 if not out else start_s))
    return [(localize(title, lang), round(start, 3), round(out[i + 1][1] if i + 1 < len(out) else total_s, 3))
            for i, (title, start) in enumerate(out)]
