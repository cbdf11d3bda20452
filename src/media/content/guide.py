"""The implementation guide as data: for someone who would run a plan like this elsewhere, what the storyboard
says about its goal and scope, prerequisites and upstream documents, activities and phases in order, who is
involved, the risks (the challenges listed), the readiness checklist and the lessons, and every gap listed,
never filled. The guide PDF, the site and the deck read these strings."""
from __future__ import annotations

from dataclasses import dataclass

from media.content.checklist import ChecklistItem, items
from media.content.citations import cited_sources, sections_joined, source_text
from media.content.report import LessonView, lesson_views, sections
from media.content.words import category_label, status_word, word
from media.storyboard import LoadedStoryboard
from media.storyboard import model as m
from media.text.numerals import localize

# Which part of the guide a gap of the report's section belongs to (the call's items, by section and key).
_PEOPLE_KEYS = ("units", "managers")
_PART_OF_SECTION = {1: "goal", 2: "goal", 3: "risks", 4: "steps", 5: "goal", 6: "lessons", 7: "lessons", 8: "prereq"}


@dataclass(frozen=True)
class GuideStep:
    title: str
    text: str | None
    period: str | None
    status: str | None  # the claim's status in words («مورد انتظار», 'about to go into official operation')


@dataclass(frozen=True)
class StepGroup:
    title: str  # the infographic's or section's title
    source: str | None
    steps: tuple[GuideStep, ...]


@dataclass(frozen=True)
class Risk:
    category: str
    text: str
    source: str | None


@dataclass(frozen=True)
class GuideGap:
    part: str  # the guide part's heading
    text: str


@dataclass(frozen=True)
class Guide:
    goal: tuple[str, ...]  # paragraphs
    scope: tuple[str, ...]  # the plan profile's points (scope, upstream documents, permissions)
    documents: tuple[str, ...]  # the source documents the guide relies on, with the passages cited
    steps: tuple[StepGroup, ...]
    people: tuple[str, ...]  # as the storyboard names them (it has no place for them yet: empty)
    risks: tuple[Risk, ...]
    checks: tuple[ChecklistItem, ...]
    lessons: tuple[LessonView, ...]
    gaps: tuple[GuideGap, ...]


def heading(part: str, lang: str) -> str:
    return word(f"guide.h_{part}", lang)


def _steps(sb: LoadedStoryboard, lang: str) -> tuple[StepGroup, ...]:
    """Processes and timelines in storyboard order; without them, the design section's points in order."""
    groups = []
    for info in sb.model.infographics:
        if isinstance(info, (m.ProcessInfographic, m.TimelineInfographic)):
            steps = tuple(GuideStep(localize(s.title.get(lang), lang),
                                    localize(s.text.get(lang), lang) if s.text else None,
                                    localize(s.period.get(lang), lang) if s.period else None,
                                    status_word(s.status, lang) if s.status else None) for s in info.steps)
            src = source_text(sb, info.source, lang) if info.source else None
            groups.append(StepGroup(localize(info.title.get(lang), lang), src or None, steps))
    if not groups:
        for s in sb.model.sections:
            if s.number == 4 and s.points:
                groups.append(StepGroup(localize(s.title.get(lang), lang), None,
                                        tuple(GuideStep(localize(p.get(lang), lang), None, None, None) for p in s.points)))
    return tuple(groups)


def _risks(sb: LoadedStoryboard, lang: str) -> tuple[Risk, ...]:
    out = []
    for info in sb.model.infographics:
        if isinstance(info, m.CategoriesInfographic) and info.kind == "challenges":
            src = source_text(sb, info.source, lang) if info.source else None
            for it in info.items:
                label = it.label.get(lang) if it.label else category_label(it.category, lang)
                out.append(Risk(localize(label, lang), localize(it.text.get(lang), lang), src or None))
    if not out:  # no challenges infographic: the necessity section's points
        for s in sb.model.sections:
            if s.number == 3:
                out += [Risk(word("check.general", lang), localize(p.get(lang), lang), None) for p in s.points]
    return tuple(out)


def guide(sb: LoadedStoryboard, lang: str) -> Guide:
    model = sb.model
    secs = sections(sb, lang)
    goal = tuple(localize(p.strip(), lang) for p in model.summary.get(lang).split("\n\n") if p.strip())
    goal += tuple(p for s in secs if s.number == 2 for part in s.parts for p in part.paragraphs)
    scope = tuple(p for s in secs if s.number == 2 for part in s.parts for p in part.points)
    documents = tuple(localize(f"{title} ({sections_joined(passages, lang)})", lang)
                      for title, passages in cited_sources(sb, lang))
    steps = _steps(sb, lang)
    gaps: list[GuideGap] = []
    people_gaps = [g.text for s in secs for g in s.gaps if g.key in _PEOPLE_KEYS]
    gaps += [GuideGap(heading("people", lang), t) for t in people_gaps]
    if not people_gaps:  # the call's items are held, yet the storyboard has no place to name the people
        gaps.append(GuideGap(heading("people", lang), word("guide.people_gap", lang)))
    gaps.append(GuideGap(heading("steps", lang), word("guide.step_needs", lang) if steps else word("guide.no_steps", lang)))
    for s in secs:
        for g in s.gaps:
            if g.key not in _PEOPLE_KEYS:
                gaps.append(GuideGap(heading(_PART_OF_SECTION[s.number], lang), g.text))
    order = ["goal", "prereq", "steps", "people", "risks", "lessons"]
    rank = {heading(p, lang): k for k, p in enumerate(order)}
    gaps.sort(key=lambda g: rank.get(g.part, len(order)))  # stable: the call's order within a part
    return Guide(goal=goal, scope=scope, documents=documents, steps=steps, people=(), risks=_risks(sb, lang),
                 checks=tuple(i for i in items(sb, lang) if i.origin == "call"), lessons=lesson_views(sb, lang),
                 gaps=tuple(gaps))
