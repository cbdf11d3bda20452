"""The lessons-and-readiness checklist for teams running the 16 remaining plans.

Its checks are derived from the challenges the call lists for the plan (one question per challenge, by
category), and are labelled so: they are not lessons reported by the plan's managers. Lessons that the
documentation team records in the storyboard (`lessons`) become checks too, each with its evidence.
`items(sb, lang)` gives the checks as data (the deck and the trainer bundle use them)."""
from __future__ import annotations

from pathlib import Path

from media.builders.documents import DocumentBuilder
from media.storyboard import LoadedStoryboard
from media.content.words import word
from media.content.checklist import ChecklistItem, derived_note, items
from media.typeset.blocks import qr_block





def checklist_blocks(sb: LoadedStoryboard, lang: str, root: Path) -> list[dict]:
    checks = items(sb, lang)
    blocks: list[dict] = [
        {"t": "h", "level": 1, "text": word("check.h_use", lang)},
        {"t": "note", "tone": "gap", "text": derived_note(sb, lang)},
        {"t": "p", "text": word("check.use", lang)},
        {"t": "h", "level": 1, "text": word("check.h_checks", lang)},
    ]
    groups: dict[str, list[ChecklistItem]] = {}
    for it in checks:
        if it.origin == "call":
            groups.setdefault(it.category_label, []).append(it)
    for label, members in groups.items():
        blocks.append({"t": "h", "level": 2, "text": label})
        blocks.append({"t": "checklist", "answer": word("check.answer", lang),
                       "items": [{"check": i.check, "detail": i.detail, "from": i.source} for i in members]})
    blocks.append({"t": "h", "level": 1, "text": word("check.h_lessons", lang)})
    lessons = [i for i in checks if i.origin == "lesson"]
    if lessons:
        blocks.append({"t": "checklist", "items": [{"check": i.check, "detail": i.detail, "from": i.source}
                                                   for i in lessons]})
    else:
        blocks.append({"t": "note", "text": word("check.no_lessons", lang)})
    blocks.append({"t": "h", "level": 2, "text": word("check.h_more", lang), "numbered": False})
    blocks.append(qr_block(sb, lang))
    return blocks


class ChecklistBuilder(DocumentBuilder):
    name = "checklist"
    kinds = ("checklist",)

    def blocks(self, sb: LoadedStoryboard, lang: str, root: Path) -> list[dict]:
        return checklist_blocks(sb, lang, root)

    def subtitle(self, sb: LoadedStoryboard, lang: str) -> str | None:
        return derived_note(sb, lang)
