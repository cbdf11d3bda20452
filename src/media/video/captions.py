"""Captions and chapters: WebVTT and SRT sidecars from spoken sentences, chapter WebVTT, burned-in cues.

Cue text is the *display* text of a sentence (digits localised for the language). WebVTT and SRT
renderers apply the Unicode bidi algorithm per line, taking its direction from the first strong
character: a Persian line that would start with a Latin word gets a right-to-left mark
(`media.text.plain_line`); other lines carry no bidi controls.
"""
from __future__ import annotations

from dataclasses import dataclass

from media.text import plain_line


@dataclass(frozen=True)
class Cue:
    start_s: float
    end_s: float
    text: str
    settings: str = ""  # WebVTT cue settings, e.g. "line:0" (top of the frame); SRT has none
    voice: str | None = None  # who speaks (an interview): a WebVTT voice span, "Name: " in SRT


def clean_cues(cues: list[Cue], duration_s: float, min_gap_s: float = 0.04) -> list[Cue]:
    """Sorted, non-overlapping, inside [0, duration_s], never empty."""
    out: list[Cue] = []
    for c in sorted(cues, key=lambda c: c.start_s):
        start = max(0.0, c.start_s, out[-1].end_s + min_gap_s if out else 0.0)
        end = min(duration_s, c.end_s)
        if end - start >= 0.2 and c.text.strip():
            out.append(Cue(round(start, 3), round(end, 3), " ".join(c.text.split()), c.settings, c.voice))
    return out


def _ts(seconds: float, sep: str) -> str:
    ms = int(round(seconds * 1000))
    h, ms = divmod(ms, 3_600_000)
    m, ms = divmod(ms, 60_000)
    s, ms = divmod(ms, 1000)
    return f"{h:02d}:{m:02d}:{s:02d}{sep}{ms:03d}"


def webvtt(cues: list[Cue], lang: str) -> str:
    lines = ["WEBVTT", f"Language: {lang}", ""]
    for i, c in enumerate(cues, 1):
        text = plain_line(c.text, lang).replace("-->", "→")
        if c.voice:  # WebVTT 6.1 voice span; its annotation and text escaped as cue text must be
            text = f"<v {_escape(plain_line(c.voice, lang))}>{_escape(text)}</v>"
        timing = f"{_ts(c.start_s, '.')} --> {_ts(c.end_s, '.')}" + (f" {c.settings}" if c.settings else "")
        lines += [str(i), timing, text, ""]
    return "\n".join(lines)


def _escape(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def srt(cues: list[Cue], lang: str) -> str:
    lines: list[str] = []
    for i, c in enumerate(cues, 1):
        text = f"{c.voice}: {c.text}" if c.voice else c.text
        lines += [str(i), f"{_ts(c.start_s, ',')} --> {_ts(c.end_s, ',')}", plain_line(text, lang), ""]
    return "\n".join(lines)


def chapters_webvtt(chapters: list[tuple[str, float, float]], lang: str) -> str:
    """Chapter track (`<track kind="chapters">`) for the package site."""
    lines = ["WEBVTT", f"Language: {lang}", ""]
    for i, (title, start_s, end_s) in enumerate(chapters, 1):
        lines += [f"chapter-{i}", f"{_ts(start_s, '.')} --> {_ts(end_s, '.')}", plain_line(title, lang), ""]
    return "\n".join(lines)


def split_for_screen(text: str, max_chars: int) -> list[str]:
    """Split a long sentence into screen-sized pieces at word boundaries (two short lines each)."""
    words = text.split()
    pieces, cur = [], ""
    for w in words:
        cand = f"{cur} {w}".strip()
        if cur and len(cand) > max_chars:
            pieces.append(cur)
            cur = w
        else:
            cur = cand
    if cur:
        pieces.append(cur)
    return pieces


def screen_cues(cues: list[Cue], max_chars: int) -> list[Cue]:
    """Long cues divided in time in proportion to their characters, so two lines always suffice."""
    out: list[Cue] = []
    for c in cues:
        pieces = split_for_screen(c.text, max_chars)
        total = sum(len(p) for p in pieces) or 1
        t = c.start_s
        for p in pieces:
            d = (c.end_s - c.start_s) * len(p) / total
            out.append(Cue(t, t + d, p))
            t += d
    return out
