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
    from media.graphics.words import word
    from media.text import format_number

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
    from media.graphics.words import word
    from media.text import format_number

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
    from media.text import format_number

    return f"[{format_number(k + 1, lang)}]"


def notes_line(sb, notes: list[tuple[str, str]], lang: str) -> str:
    """'Sources: <title>: [1] <section>, [2] <section>; <title>: [3] ...' (the footer in notes mode)."""
    from media.graphics.words import word

    by_seed: dict[str, list[str]] = {}
    for k, (seed, section) in enumerate(notes):
        by_seed.setdefault(seed, []).append(f"{note_mark(k, lang)} {_isolate(section, lang)}")
    parts = []
    for seed, items in by_seed.items():
        title = sb.settings.sources[seed].title.get(lang) if seed in sb.settings.sources else seed
        parts.append(f"{title}: " + ("، " if lang == "fa" else ", ").join(items))
    return f"{word('sources', lang)}: " + ("؛ " if lang == "fa" else "; ").join(parts)


def figure_note_line(notes: list[tuple[str, str]], f: m.Figure, lang: str) -> str | None:
    """The mark on a key figure in notes mode: 'Source [2]', pointing to note 2 in the footer."""
    from media.graphics.words import word

    if f.source is None:
        return None
    return f"{word('source', lang)} {note_mark(notes.index((f.source.seed, f.source.section_text(lang))), lang)}"


