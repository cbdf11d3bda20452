"""The training deck: an editable 16:9 PPTX per storyboard and language, right to left in Persian.

Slides: a title slide, the agenda, one slide per video scene (its narration in the speaker notes), and
closing slides: the key figures with their sources, a checklist and the plan's page as a QR code. All
text is text (titles, bullets, figures, sources); infographics are pictures with alt text beside an
editable summary of what they show. Drafts carry the draft mark on every slide.
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path

from media.builders import Artifact, Builder, brand_logo, fonts
from media.content.dates import UNDATED, from_iso, iso, storyboard_date
from media.content.words import word
from media.engine import Job
from media.slides.deck import DeckWriter
from media.storyboard import LoadedStoryboard
from media.content.package import package_url
from media.files import write_bytes_atomic
from media.slides.package import set_core, stable_bytes
from media.storyboard.views import monolingual
from media.text.numerals import localize

DECK = "deck.pptx"


def best_png(entries: list[tuple[dict, Path]]) -> tuple[dict, Path] | None:
    """The infographic size that suits a 16:9 slide: landscape, else the widest."""
    if not entries:
        return None
    for e, p in entries:
        if e.get("size") == "landscape":
            return e, p
    return max(entries, key=lambda ep: ep[0].get("width", 0) / max(1, ep[0].get("height", 1)))


@dataclass(frozen=True)
class DeckResult:
    data: bytes
    titles: list[str]
    kinds: list[str]
    checklist: str


def make_deck(sb: LoadedStoryboard, lang: str, day: dt.date | None, pictures: dict[str, tuple[dict, Path]]) -> DeckResult:

    dw = DeckWriter(sb, lang, day, pictures)
    scenes = list(enumerate(sb.model.scenes))
    dw.cover()
    dw.agenda(scenes)
    for idx, sc in scenes:
        dw.scene(idx, sc)
    dw.key_figures()
    origin = dw.checklist()
    dw.learn_more()
    stamp = day or UNDATED
    when = dt.datetime(stamp.year, stamp.month, stamp.day)
    status = "draft" if sb.model.is_draft else "approved"

    set_core(dw.prs, title=localize(sb.model.title.get(lang), lang),
             author=localize(sb.settings.organisation.get(lang), lang), subject=word("deck.deck", lang), lang=lang,
             keywords=f"{sb.id}; {lang}; {status}", category=status, when=when)
    return DeckResult(stable_bytes(dw.prs, when), dw.titles, dw.kinds, origin)


def deck_inputs(sb: LoadedStoryboard, lang: str, day: dt.date | None) -> dict:
    """Everything the deck reads: the storyboard but its podcast and poster, the settings it shows."""

    story = monolingual(sb.model.model_copy(update={"podcast": None, "poster": None}), lang)
    settings = {"organisation": sb.settings.organisation.get(lang), "brand": sb.settings.brand,
                "sources": monolingual(sb.settings.sources, lang), "url": package_url(sb, lang)}
    return {"storyboard": story, "status": sb.model.status, "id": sb.id, "settings": settings,
            "date": iso(day)}


class DeckBuilder(Builder):
    """One editable PPTX per storyboard and language; reads the infographics' PNGs."""

    name = "deck"
    kinds = ("deck",)

    def plan(self, sb: LoadedStoryboard, lang: str) -> list[Job]:
        day = storyboard_date(sb)
        files = [*fonts(), *brand_logo(sb)] + [sb.asset(s.image) for s in sb.model.scenes if s.image]
        return [self.job(sb, lang, "deck", deck_inputs(sb, lang, day), files=files,
                         needs=[f"{sb.id}/{lang}/infographics/*"], params={"date": iso(day)},
                         cost_s=2.0 + 0.2 * len(sb.model.scenes))]

    def run(self, job: Job, sb: LoadedStoryboard, out_dir: Path, deps) -> list[Artifact]:

        lang = job.lang
        by_id: dict[str, list[tuple[dict, Path]]] = {}
        for entry, path in deps.artifacts("infographic"):
            by_id.setdefault(entry["id"], []).append((entry, path))
        pictures = {k: best_png(v) for k, v in by_id.items()}
        self.progress("slides", 0.1)
        result = make_deck(sb, lang, from_iso(job.params["date"]), pictures)
        path = write_bytes_atomic(out_dir / DECK, result.data)
        self.progress("done", 1.0)
        return [Artifact("deck", path, {
            "format": "pptx", "aspect": "16:9", "slides": len(result.titles),
            "content_slides": sum(k.startswith("scene") for k in result.kinds),
            "slide_titles": result.titles, "draft": sb.model.is_draft, "fonts": ["Vazirmatn"],
            "checklist_from": result.checklist, "direction": "rtl" if lang == "fa" else "ltr"})]
