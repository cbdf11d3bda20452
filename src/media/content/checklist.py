"""The readiness checklist as data: questions derived from the challenges the seed lists, and the lessons gathered."""
from __future__ import annotations
from media.content.words import category_label, has_word, word
from media.content.report import evidence_text
from dataclasses import dataclass
from media.storyboard import LoadedStoryboard
from media.storyboard import model as m
from media.text.numerals import localize
from media.content.citations import source_text
from media.content.package import plan_tag


@dataclass(frozen=True)
class ChecklistItem:
    origin: str  # "call" (derived from the call's challenges) or "lesson" (gathered evidence)
    category: str | None
    category_label: str
    check: str  # the question to answer
    detail: str  # the challenge or the lesson it comes from
    source: str  # 'Derived from: <document, section>' or the lesson's evidence


def items(sb: LoadedStoryboard, lang: str) -> list[ChecklistItem]:
    """The checks: one per listed challenge (grouped by category, in the storyboard's order), then one per
    gathered lesson."""
    out: list[ChecklistItem] = []
    lead = "برگرفته از" if lang == "fa" else "Derived from"
    for info in sb.model.infographics:
        if not (isinstance(info, m.CategoriesInfographic) and info.kind == "challenges"):
            continue
        src = source_text(sb, info.source, lang)
        for it in info.items:
            q = f"question.{it.category}" if has_word(f"question.{it.category}") else "question.general"
            out.append(ChecklistItem("call", it.category, category_label(it.category, lang),
                                     localize(word(q, lang), lang),
                                     localize(f"{word('check.met', lang)}: {it.text.get(lang)}", lang),
                                     localize(f"{lead}: {src}", lang) if src else lead))
    if not out:  # no challenges infographic: the necessity section's points
        for s in sb.model.sections:
            if s.number == 3:
                for p in s.points:
                    out.append(ChecklistItem("call", None, word("check.general", lang),
                                             localize(word("question.general", lang), lang),
                                             localize(f"{word('check.met', lang)}: {p.get(lang)}", lang), lead))
    for lesson in sb.model.lessons:
        out.append(ChecklistItem("lesson", None, "", word("check.apply", lang), localize(lesson.text.get(lang), lang),
                                 evidence_text(lesson.source, lang)))
    return out


def derived_note(sb: LoadedStoryboard, lang: str) -> str:
    """Where the readiness checks come from: the document that lists the challenges (the call for a plan, the
    op-ed for the open-SSO topic), for this plan or topic; never presented as lessons of the people who ran it."""
    info = next((i for i in sb.model.infographics
                 if isinstance(i, m.CategoriesInfographic) and i.kind == "challenges" and i.source), None)
    seed = info.source.seed if info is not None else next(iter(sb.settings.sources), "")
    doc = sb.settings.sources.get(seed)
    title = doc.title.get(lang) if doc is not None else seed
    plan = plan_tag(sb, lang) or word("check.this_plan" if sb.model.plan is not None else "check.this_topic", lang)
    return localize(word("check.derived", lang).format(source=title, plan=plan), lang)
