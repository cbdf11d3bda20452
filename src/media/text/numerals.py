"""Digits and numbers per language: Persian digits in Persian output, Latin digits in English.

Applied at render time so the storyboard keeps one value. ZWNJ (U+200C) is always preserved.
"""
from __future__ import annotations

import re

_LATIN = "0123456789"
_PERSIAN = "۰۱۲۳۴۵۶۷۸۹"
_ARABIC_INDIC = "٠١٢٣٤٥٦٧٨٩"
TO_PERSIAN = str.maketrans(_LATIN + _ARABIC_INDIC, _PERSIAN * 2)
TO_LATIN = str.maketrans(_PERSIAN + _ARABIC_INDIC, _LATIN * 2)
PERSIAN_NORMAL = str.maketrans({"ي": "ی", "ك": "ک", "ى": "ی"})
PERSIAN_PERCENT = "٪"
PERSIAN_DECIMAL = "٫"
PERSIAN_THOUSANDS = "٬"
_NUMBER_PERCENT = re.compile(r"(\d)\s?%")
_DECIMAL = re.compile(r"(?<=\d)\.(?=\d)")
_THOUSANDS = re.compile(r"(?<=\d),(?=\d{3}\b)")


def localize_digits(text: str, lang: str) -> str:
    """Digits only: ۰-۹ for Persian, 0-9 for English."""
    return text.translate(TO_PERSIAN if lang == "fa" else TO_LATIN)


def localize(text: str, lang: str) -> str:
    """Everything a reader expects of numbers in running text of `lang`.

    Persian: Persian digits, Persian percent sign, decimal and thousands separators, Persian ی/ک.
    English: Latin digits. Latin words and acronyms are never touched.
    """
    if lang != "fa":
        return localize_digits(text, "en")
    text = text.translate(PERSIAN_NORMAL)
    text = _NUMBER_PERCENT.sub(r"\1" + PERSIAN_PERCENT, text)
    text = _DECIMAL.sub(PERSIAN_DECIMAL, text)
    text = _THOUSANDS.sub(PERSIAN_THOUSANDS, text)
    return localize_digits(text, "fa")


RLM = "\u200f"


def plain_line(text: str, lang: str) -> str:
    """A line for a plain-text output (captions, transcripts): localised, and when a Persian line would
    start with a left-to-right character (a Latin acronym, say), a right-to-left mark first. Caption
    renderers and text views take a line's direction from its first strong character (UAX #9, P2), so
    without the mark "TETA یک زنجیره است" would be laid out left to right."""
    import unicodedata

    text = localize(text, lang)
    if lang != "fa":
        return text
    for ch in text:
        kind = unicodedata.bidirectional(ch)
        if kind in ("R", "AL"):
            return text
        if kind == "L":
            return RLM + text
    return text


def format_number(value: float, lang: str, decimals: int = 0, grouping: bool = True) -> str:
    """60 -> '۶۰' (fa) / '60' (en); 1000000 -> '۱٬۰۰۰٬۰۰۰' / '1,000,000'; 1.3 -> '۱٫۳' / '1.3'.

    grouping=False for years and codes (1430 -> '۱۴۳۰', never '۱٬۴۳۰').
    """
    text = f"{value:,.{decimals}f}" if grouping else f"{value:.{decimals}f}"
    if lang == "fa":
        text = text.replace(",", "\0").replace(".", PERSIAN_DECIMAL).replace("\0", PERSIAN_THOUSANDS)
    return localize_digits(text, lang)


def format_figure(figure, lang: str, value: float | None = None) -> str:
    """The number of a storyboard `Figure` as shown (`value` overrides it, e.g. while counting up)."""
    return format_number(figure.value if value is None else value, lang, figure.decimals,
                         getattr(figure, "grouping", True))
