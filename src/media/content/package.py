"""The package around a storyboard: its page's URL (what every QR code opens), its plan tag and its draft mark."""
from __future__ import annotations
from media.content.words import word
from media.storyboard import LoadedStoryboard
from media.text.numerals import localize, localize_digits
from media.content.dates import both_dates
from dataclasses import dataclass
import datetime as _dt


def package_url(sb: LoadedStoryboard, lang: str) -> str:
    return f"{sb.settings.base_url}/{sb.id}/{lang}/"


def draft_text(sb: LoadedStoryboard, lang: str) -> str | None:
    """The draft mark every output of an unapproved storyboard carries (None once it is approved)."""

    return word("draft_mark", lang) if sb.model.is_draft else None


def plan_tag(sb: LoadedStoryboard, lang: str) -> str | None:
    return f"{word('plan', lang)} {localize_digits(str(sb.model.plan), lang)}" if sb.model.plan is not None else None


@dataclass(frozen=True)
class Status:
    draft: bool
    label: str  # the mark every page carries
    note: str

    @classmethod
    def of(cls, sb: LoadedStoryboard, lang: str) -> "Status":
        a = sb.model.approval
        if a is None:
            return cls(True, word("draft_mark", lang), word("doc.draft_note", lang))
        day = _dt.date.fromisoformat(a.date)
        note = word("doc.approved_by", lang).format(by=a.by_text(lang), date=both_dates(day, lang), ref=a.reference)
        return cls(False, word("doc.approved", lang), localize(note, lang) if lang == "fa" else note)
