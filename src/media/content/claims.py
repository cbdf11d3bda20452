"""The words that go with a claim wherever it is shown: its status, who said it (as reported) and when."""
from __future__ import annotations

from media.content.words import status_label, word
from media.text.numerals import localize_digits


def claim_note(claim, lang: str, *, with_status: bool = True, speaker: bool = True, with_date: bool = True) -> str | None:
    """The words that go with a claim wherever it is shown: its status, who said it (as reported) and its
    date, e.g. 'Planned; as reported by the West Tehran director-general; undated'. None if it has none.
    `speaker=False` (a quote, whose attribution names the speaker): 'As reported; undated'."""
    parts = []
    if with_status and getattr(claim, "status", None):
        parts.append(status_label(claim.status, lang))
    who = getattr(claim, "reported_by", None)
    if who is not None:
        name = getattr(who, lang) or who.en or who.fa or ""
        parts.append(f"{word('as_reported', lang)} {name}" if speaker else word("reported", lang))
    date = getattr(claim, "date", None) if with_date else None
    if date:
        parts.append(word("undated", lang) if date == "undated" else localize_digits(date, lang))
    if not parts:
        return None
    if lang == "en":
        parts[0] = parts[0][:1].upper() + parts[0][1:]
    return ("؛ " if lang == "fa" else "; ").join(parts)


def with_claim(text: str, claim, lang: str, **kw) -> str:
    """A text followed by its claim's words in parentheses, where a table cell or a slide line shows a
    claim: 'Lower debts (Expected)'. The text alone when the claim has no status, speaker or date."""
    note = claim_note(claim, lang, **kw)
    return f"{text} ({note})" if note else text
