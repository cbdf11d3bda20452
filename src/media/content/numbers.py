"""Numbers as every medium prints them: one figure's number (grouping as the storyboard says, the percent sign
joined to it), its value with prefix and unit, one phrase per figure, and a figure as a table row. Cards,
posters, documents, the deck, the site, its search index, `data.json` and alt texts all print these strings."""
from __future__ import annotations

from dataclasses import dataclass

from media.content.citations import source_text
from media.content.claims import claim_note, with_claim
from media.content.words import word
from media.storyboard import LoadedStoryboard
from media.storyboard import model as m
from media.text.numerals import format_figure, format_number, localize

PERCENT_UNITS = ("%", "٪")


def is_percent(f: m.Figure) -> bool:
    return f.unit is not None and (f.unit.en or "").strip() in PERCENT_UNITS


def figure_number(f: m.Figure, lang: str, value: float | None = None) -> str:
    """The figure's number as shown: '60%' / '۶۰٪', '42276' (grouping: false), '1,000,000' / '۱٬۰۰۰٬۰۰۰',
    '3 to 6' / '۳ تا ۶' (a range).
    `value` overrides the figure's own (a count-up in a film)."""
    number = format_figure(f, lang, value)
    if f.low is not None:  # a range: '3 to 6' / '۳ تا ۶'
        low = format_number(f.low, lang, f.decimals, f.grouping)
        number = f"{low} {word('range_to', lang)} {number}"
    return number + ("٪" if lang == "fa" else "%") if is_percent(f) else number


def plain_number(value: float | None) -> int | float | str:
    """A value for machine-readable data (CSV, JSON): ASCII digits, a whole number as an integer."""
    if value is None:
        return ""
    return int(value) if float(value).is_integer() else float(value)


def figure_unit(f: m.Figure, lang: str) -> str | None:
    """The unit shown beside the number (none for a percent: the sign is part of the number)."""
    if f.unit is None or is_percent(f):
        return None
    return f.unit.get(lang) or None


def figure_value(f: m.Figure, lang: str) -> str:
    """Prefix, number and unit: 'more than 60', '1.3 billion toman', '60%'."""
    parts = (f.prefix.get(lang) if f.prefix else "", figure_number(f, lang), figure_unit(f, lang) or "")
    return " ".join(p for p in parts if p)


def figure_phrase(f: m.Figure, lang: str) -> str:
    """The figure in one phrase, as alt texts, the search index and `data.json` say it:
    '42276 automated phone line (As reported by ...; undated)', localised."""
    note = claim_note(f, lang)
    text = f"{figure_value(f, lang)} {f.label.get(lang)}" + (f" ({note})" if note else "")
    return localize(text, lang) if lang == "fa" else text


def count(n: int | float, lang: str, decimals: int = 0) -> str:
    """A plain count or measured value (steps, categories, chart bars) in the language's digits."""
    return format_number(n, lang, decimals)


@dataclass(frozen=True)
class FigureRow:
    id: str
    value: str
    label: str
    source: str  # document title and section, or the illustrative label
    illustrative: bool


def figure_row(sb: LoadedStoryboard, f: m.Figure, lang: str) -> FigureRow:
    """A figure as a table row (report, summary, deck): value, label with its claim, source."""
    src = word("doc.illustrative", lang) if f.illustrative or f.source is None else source_text(sb, f.source, lang)
    return FigureRow(f.id, figure_value(f, lang), localize(with_claim(f.label.get(lang), f, lang), lang), src,
                     f.illustrative)
