"""The package as one volume per language, as data: front matter (title, status, colophon, foreword), one part per
storyboard (its summary, report sections and gaps) and the list of sources. The printed book and the e-book
print these strings; the parts' sections are `media.content.report.sections`, so every medium says the same."""
from __future__ import annotations

import datetime as _dt
from dataclasses import dataclass

from media.content.citations import cited_sources
from media.content.dates import both_dates
from media.content.package import plan_tag
from media.content.report import Gap, ReportSection, sections
from media.content.words import word
from media.storyboard import LoadedStoryboard
from media.storyboard.views import monolingual
from media.text.numerals import localize


@dataclass(frozen=True)
class BookPart:
    sb: LoadedStoryboard
    number: int
    title: str
    tag: str | None  # 'Plan 18'
    summary: tuple[str, ...]
    sections: tuple[ReportSection, ...]
    gaps: tuple[Gap, ...]
    draft: bool


@dataclass(frozen=True)
class Book:
    lang: str
    title: str
    subtitle: str
    organisation: str
    draft: bool  # any part still a draft: the whole volume carries the mark
    status: str  # the mark every page carries
    status_note: str
    date: _dt.date | None
    date_text: str | None
    foreword: str
    parts: tuple[BookPart, ...]
    sources: tuple[str, ...]  # every source document with the passages cited, in order of first use
    approved: tuple[str, ...]  # parts' titles, by status
    drafts: tuple[str, ...]
    isbn: str | None
    base_url: str


def book_inputs(storyboards, lang: str) -> dict:
    """What the book and the e-book read, for their jobs' keys: the parts of each storyboard they print (no
    narration, podcast or poster: editing a scene's narration does not make the book again)."""
    sbs = ordered(storyboards)
    s = sbs[0].settings
    parts = [{"id": sb.id, "updated": sb.model.updated,
              "model": monolingual({k: getattr(sb.model, k) for k in (
                  "plan", "title", "subtitle", "summary", "sections", "figures", "infographics", "lessons",
                  "to_gather", "approval")}, lang),
              "scenes": [(sc.section, sc.infographic, list(sc.figures)) for sc in sb.model.scenes]} for sb in sbs]
    return {"lang": lang, "parts": parts,
            "settings": monolingual({"organisation": s.organisation, "sources": s.sources, "base_url": s.base_url,
                                     "brand": s.brand, "book": s.book}, lang)}


def ordered(storyboards) -> list[LoadedStoryboard]:
    """The plans by number, then the other topics by id: the same order in every language and build."""
    return sorted(storyboards, key=lambda sb: (sb.model.plan is None, sb.model.plan or 0, sb.id))


def book(storyboards, lang: str, day: _dt.date | None) -> Book:
    """`day`: the package's date as the job planned it (`package_date`), never read again where the job runs."""
    sbs = ordered(storyboards)
    settings = sbs[0].settings
    parts = []
    sources: dict[str, list[str]] = {}
    for k, sb in enumerate(sbs, 1):
        secs = tuple(sections(sb, lang))
        summary = tuple(localize(p.strip(), lang) for p in sb.model.summary.get(lang).split("\n\n") if p.strip())
        parts.append(BookPart(sb, k, localize(sb.model.title.get(lang), lang), plan_tag(sb, lang), summary, secs,
                              tuple(g for s in secs for g in s.gaps), sb.model.is_draft))
        for title, passages in cited_sources(sb, lang):
            tag = plan_tag(sb, lang) or localize(sb.model.title.get(lang), lang)
            sources.setdefault(title, []).append(f"{tag}: {('، ' if lang == 'fa' else ', ').join(passages)}")
    sep = "؛ " if lang == "fa" else "; "
    draft = any(p.draft for p in parts)
    return Book(
        lang=lang, title=word("book.title", lang), subtitle=word("book.subtitle", lang),
        organisation=settings.organisation.get(lang), draft=draft,
        status=word("draft_mark" if draft else "doc.approved", lang),
        status_note=word("doc.draft_note", lang) if draft else word("doc.approved", lang),
        date=day, date_text=both_dates(day, lang) if day else None,
        foreword=word("book.foreword_text", lang), parts=tuple(parts),
        sources=tuple(localize(f"{t} ({sep.join(p)})", lang) for t, p in sources.items()),
        approved=tuple(p.title for p in parts if not p.draft), drafts=tuple(p.title for p in parts if p.draft),
        isbn=settings.book.isbn, base_url=settings.base_url)
