"""The search index: per language, one document per searchable part of every page (title and summary,
each report section, figures, infographics, the podcast transcript by chapter, the film's captions),
with its link. The matching itself (Persian normalisation) runs in the browser (`static/search.js`):
the index keeps the original text, so results show it as written."""
from __future__ import annotations

import re
from media.content.words import word

_VTT_TIME = re.compile(r"^\d{2}:\d{2}:\d{2}\.\d{3} --> ")
_VOICE = re.compile(r"<v [^>]*>|</v>|<[^>]+>")


def vtt_text(vtt: str) -> str:
    """The spoken text of a WebVTT file, one line per cue, without numbers, timings and voice tags."""
    lines = []
    for line in vtt.splitlines():
        s = line.strip()
        if not s or s == "WEBVTT" or s.isdigit():
            continue
        if _VTT_TIME.match(s):
            continue
        s = _VOICE.sub("", s).replace("&lt;", "<").replace("&gt;", ">").replace("&amp;", "&")
        lines.append(s)
    return " ".join(lines)


_CHAPTER_LINE = re.compile(r"^\u200f?\[[0-9۰-۹:]+\] ")


def transcript_chapters(lines: list[str]) -> list[tuple[str, str]]:
    """(chapter heading, text) from the podcast transcript (`[mm:ss] Chapter` lines start chapters)."""
    out: list[tuple[str, list[str]]] = []
    for line in lines:
        if _CHAPTER_LINE.match(line.strip()):
            out.append((_CHAPTER_LINE.sub("", line.strip()), []))
        elif line.strip() and out:
            out[-1][1].append(line.strip())
    return [(head, " ".join(body)) for head, body in out if body]


def index(lang: str, pages: list[dict]) -> dict:

    docs = []
    for p in sorted(pages, key=lambda p: (p.get("plan") if isinstance(p.get("plan"), int) else 10**6, p["id"])):
        docs += p.get("search", [])
    return {"lang": lang, "docs": docs,
            "words": {"results": word("results", lang), "none": word("no_results", lang)}}
