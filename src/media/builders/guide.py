"""The implementation guide, per storyboard and language: `documents/<id>-guide-<lang>.pdf`, typeset from
`media.content.guide` (goal and scope, prerequisites, activities in order, who is involved, risks, the readiness
checklist, lessons, and every gap listed, never filled)."""
from __future__ import annotations

from pathlib import Path

from media.builders.documents import DocumentBuilder
from media.content.guide import guide, heading
from media.content.words import word
from media.storyboard import LoadedStoryboard
from media.text.numerals import localize
from media.typeset.blocks import qr_block


def guide_blocks(sb: LoadedStoryboard, lang: str, root: Path) -> list[dict]:
    g = guide(sb, lang)
    colon = ": "
    blocks: list[dict] = [{"t": "outline", "title": word("doc.contents", lang), "depth": 1},
                          {"t": "space", "mm": 4},
                          {"t": "note", "tone": "info", "text": word("guide.about", lang)}]
    blocks.append({"t": "h", "level": 1, "text": heading("goal", lang)})
    blocks += [{"t": "p", "text": p} for p in g.goal]
    if g.scope:
        blocks.append({"t": "list", "items": list(g.scope)})
    blocks.append({"t": "h", "level": 1, "text": heading("prereq", lang)})
    blocks.append({"t": "h", "level": 2, "text": word("guide.prereq_docs", lang)})
    blocks.append({"t": "list", "items": list(g.documents) or [word("report.none", lang)]})
    blocks.append({"t": "h", "level": 1, "text": heading("steps", lang)})
    if not g.steps:
        blocks.append({"t": "note", "text": word("guide.no_steps", lang)})
    for group in g.steps:
        blocks.append({"t": "h", "level": 2, "text": group.title})
        for k, step in enumerate(group.steps, 1):
            lead = localize(f"{k}. {step.title}", lang)
            extra = [x for x in (step.period, step.status and f"{word('status', lang)}{colon}{step.status}") if x]
            text = " ".join(x for x in (f"({'، '.join(extra) if lang == 'fa' else ', '.join(extra)})" if extra else "",
                                         step.text or "") if x)
            blocks.append({"t": "p", "lead": lead, "text": text})
        if group.source:
            blocks.append({"t": "note", "tone": "info", "text": f"{word('source', lang)}{colon}{group.source}"})
    if g.steps:
        blocks.append({"t": "note", "text": word("guide.needs_gap", lang)})
    blocks.append({"t": "h", "level": 1, "text": heading("people", lang)})
    if g.people:
        blocks.append({"t": "list", "items": list(g.people)})
    else:
        blocks.append({"t": "note", "text": word("guide.people_gap", lang)})
    blocks.append({"t": "h", "level": 1, "text": heading("risks", lang)})
    if g.risks:
        blocks.append({"t": "list", "items": [{"lead": r.category + colon, "text": r.text} for r in g.risks]})
        src = next((r.source for r in g.risks if r.source), None)
        if src:
            blocks.append({"t": "note", "tone": "info", "text": f"{word('source', lang)}{colon}{src}"})
    else:
        blocks.append({"t": "note", "text": word("report.none", lang)})
    blocks.append({"t": "h", "level": 1, "text": heading("checklist", lang)})
    if g.checks:
        blocks.append({"t": "checklist", "items": [{"check": i.check, "detail": i.detail, "from": i.source} for i in g.checks]})
    else:
        blocks.append({"t": "note", "text": word("report.none", lang)})
    blocks.append({"t": "h", "level": 1, "text": heading("lessons", lang)})
    if g.lessons:
        for lv in g.lessons:
            blocks.append({"t": "p", "text": lv.text})
            blocks.append({"t": "note", "tone": "info", "text": f"{word('doc.col_source', lang)}{colon}{lv.source}"})
    else:
        blocks.append({"t": "note", "text": word("check.no_lessons", lang)})
    blocks.append({"t": "h", "level": 1, "text": heading("gaps", lang)})
    blocks.append({"t": "p", "text": word("guide.gaps_intro", lang)})
    blocks.append({"t": "table", "columns": [word("guide.col_part", lang), word("guide.col_item", lang)], "widths": [1.3, 3],
                   "rows": [[gap.part, gap.text] for gap in g.gaps]})
    blocks.append({"t": "h", "level": 2, "text": word("check.h_more", lang), "numbered": False})
    blocks.append(qr_block(sb, lang))
    return blocks


class GuideBuilder(DocumentBuilder):
    name = "guide"
    kinds = ("guide",)

    def blocks(self, sb: LoadedStoryboard, lang: str, root: Path) -> list[dict]:
        return guide_blocks(sb, lang, root)

    def subtitle(self, sb: LoadedStoryboard, lang: str) -> str | None:
        return word("guide.subtitle", lang)
