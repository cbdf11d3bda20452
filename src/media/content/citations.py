"""How sources are cited in what people see: titles and sections from package.yaml `sources`, in the
output's language, never a file name. Shared by every builder that shows figures (infographics,
posters, video figure scenes) so they cite alike:

- `sources_text`: the footer line, "Sources: 1. <title> (<section>; <section>) · 2. <title> (...)";
- `figure_line`: the line on a figure card, "Source: <section>" (or "Source 2: <section>");
- numbered notes, when a card has no room for its line: `source_notes` numbers every (document,
  section), `figure_note_line` is the card's "Source [2]", `notes_line` the footer listing them.
"""
from __future__ import annotations

from media.storyboard import model as m
from media.content.words import word
from media.storyboard import LoadedStoryboard
from media.text.numerals import localize
from media.text.numerals import localize_digits
from media.text import format_number


def refs_of(sources: list[m.Source], lang: str) -> list[tuple[str, list[str]]]:
    """Seeds in order of first use, each with its sections (in `lang`)."""
    by_seed: dict[str, list[str]] = {}
    for s in sources:
        secs = by_seed.setdefault(s.seed, [])
        if s.section_text(lang) not in secs:
            secs.append(s.section_text(lang))
    return list(by_seed.items())


def _isolate(text: str, lang: str) -> str:
    # Sections are free text, often Latin: in a Persian line each is a left-to-right embedding (UAX #9
    # LRE/PDF) so its words keep their order and do not drag the surrounding punctuation around. Not
    # isolates (FSI/PDI): python-bidi, the fallback shaper and the PDF path, rejects them.
    if lang != "fa" or not any("a" <= ch.lower() <= "z" for ch in text):
        return text
    return f"\u202a{text}\u202c"


def sources_text(sb, sources: list[m.Source], lang: str, illustrative: bool = False) -> str:
    """The footer's sources line for `sources` (`sb`: a LoadedStoryboard, for the documents' titles)."""

    refs = refs_of(sources, lang)
    if not refs:
        return word("illustrative_note", lang) if illustrative else ""
    parts = []
    for k, (seed, secs) in enumerate(refs):
        title = sb.settings.sources[seed].title.get(lang) if seed in sb.settings.sources else seed
        joined = ("، " if lang == "fa" else "; ").join(_isolate(x, lang) for x in secs)
        num = f"{format_number(k + 1, lang)}. " if len(refs) > 1 else ""
        parts.append(f"{num}{title} ({joined})")
    # In Persian a middle dot reads as the digit zero (۰): separate with the Persian semicolon.
    return f"{word('sources' if len(refs) > 1 else 'source', lang)}: " + ("؛ " if lang == "fa" else " · ").join(parts)


def figure_line(sources: list[m.Source], f: m.Figure, lang: str) -> str | None:
    """The source line under a figure card: its section, and the number of its document in `sources_text`
    when more than one document is cited ("Source 2: plan 15 §3")."""

    if f.source is None:
        return None
    refs = [seed for seed, _ in refs_of(sources, lang)]
    section = _isolate(f.source.section_text(lang), lang)
    if len(refs) == 1:
        return f"{word('source', lang)}: {section}"
    return f"{word('source', lang)} {format_number(refs.index(f.source.seed) + 1, lang)}: {section}"


def source_notes(sb, sources: list[m.Source], lang: str) -> list[tuple[str, str]]:
    """Numbered notes for when the cards have no room for their source lines: one per (seed, section), in
    order of first use; note k is `notes_line`'s "[k] section" under its document's title."""
    notes: list[tuple[str, str]] = []
    for s in sources:
        key = (s.seed, s.section_text(lang))
        if key not in notes:
            notes.append(key)
    return notes


def note_mark(k: int, lang: str) -> str:

    return f"[{format_number(k + 1, lang)}]"


def notes_line(sb, notes: list[tuple[str, str]], lang: str, also: list[m.Source] = ()) -> str:
    """'Sources: <title>: [1] <section>, [2] <section>; <title>: [3] ...' (the footer in notes mode). Only
    what something on the card cites gets a number; the other sources in `also` (the graphic's own source,
    which no figure cites) are listed after the numbered notes of their document, without a number, so
    every source stays visible and no number points nowhere."""
    by_seed: dict[str, list[str]] = {}
    for k, (seed, section) in enumerate(notes):
        by_seed.setdefault(seed, []).append(f"{note_mark(k, lang)} {_isolate(section, lang)}")
    for s in also:
        key = (s.seed, s.section_text(lang))
        plain = _isolate(key[1], lang)
        if key not in notes and plain not in by_seed.get(s.seed, []):
            by_seed.setdefault(s.seed, []).append(plain)
    parts = []
    for seed, items in by_seed.items():
        title = sb.settings.sources[seed].title.get(lang) if seed in sb.settings.sources else seed
        parts.append(f"{title}: " + ("، " if lang == "fa" else ", ").join(items))
    return f"{word('sources', lang)}: " + ("؛ " if lang == "fa" else "; ").join(parts)


def figure_note_line(notes: list[tuple[str, str]], f: m.Figure, lang: str) -> str | None:
    """The mark on a key figure in notes mode: 'Source [2]', pointing to note 2 in the footer."""

    if f.source is None:
        return None
    return f"{word('source', lang)} {note_mark(notes.index((f.source.seed, f.source.section_text(lang))), lang)}"


def infographic_sources(sb: LoadedStoryboard, spec) -> list[m.Source]:
    out: list[m.Source] = []
    if spec.source:
        out.append(spec.source)
    if isinstance(spec, m.KeyFiguresInfographic):
        out += [sb.model.figure(fid).source for fid in spec.figures if sb.model.figure(fid).source]
    if isinstance(spec, m.QuoteInfographic) and spec.quote.source:
        out.append(spec.quote.source)
    return out


def source_refs(sb: LoadedStoryboard, spec, lang: str = "en") -> list[tuple[str, list[str]]]:
    """The seeds this infographic draws on, numbered by first use, each with its sections."""
    return refs_of(infographic_sources(sb, spec), lang)


def sources_line(sb: LoadedStoryboard, spec, lang: str) -> str:
    """'Sources: 1. <seed title> (<section>; <section>) · 2. ...': each seed and section named once."""
    return sources_text(sb, infographic_sources(sb, spec), lang, getattr(spec, "illustrative", False))


def figure_source_line(sb: LoadedStoryboard, spec, f: m.Figure, lang: str) -> str | None:
    """The source line under a key figure: its section, and the number of its seed in the footer's sources
    line when the infographic cites more than one document ("Source 2: plan 15 §3")."""
    return figure_line(infographic_sources(sb, spec), f, lang)


def source_text(sb: LoadedStoryboard, src: m.Source | None, lang: str) -> str:
    """'<document title>، <section>' in the output's language; never a file name."""
    if src is None:
        return ""
    doc = sb.settings.sources.get(src.seed)
    title = doc.title.get(lang) if doc else src.seed
    sep = "، " if lang == "fa" else ", "
    return localize(f"{title}{sep}{src.section_text(lang)}", lang)


def sections_joined(sections: list[str], lang: str) -> str:
    """The cited passages of one document in a line: a section's own text holds commas («طرح ۱۸، بند ۱»),
    so passages are parted by semicolons («؛» in Persian)."""
    return ("؛ " if lang == "fa" else "; ").join(sections)


def cited_sources(sb: LoadedStoryboard, lang: str) -> list[tuple[str, list[str]]]:
    """Every seed document the storyboard cites, in order of first use, with the sections cited."""

    found: dict[str, list[str]] = {}

    def add(src: m.Source | None) -> None:
        if src is None:
            return
        secs = found.setdefault(src.seed, [])
        text = localize(src.section_text(lang), lang)
        if text not in secs:
            secs.append(text)

    for f in sb.model.figures:
        add(f.source)
    for info in sb.model.infographics:
        for s in infographic_sources(sb, info):
            add(s)
    import re

    def natural(text: str):
        return [int(x) if x.isdigit() else x for x in re.split(r"(\d+)", localize_digits(text, "en"))]

    out = []
    for seed, secs in found.items():
        secs.sort(key=natural)
        doc = sb.settings.sources.get(seed)
        out.append((doc.title.get(lang) if doc else seed, secs))
    return out
