"""What the three documents (report, summary, checklist) share: fixed words, dates, the status of a copy,
sources as shown, figures as table rows, infographics and QR codes as vector drawings, the cover, and the
builder that plans one job per storyboard and language and typesets its PDF with `media.typeset`.

Content is resolved here into plain data (strings already in the language, digits localised); the
Typst template only lays it out. The site and the deck can use the same data (see `report.sections`,
`checklist.items`)."""
from __future__ import annotations

import datetime as _dt
from pathlib import Path
from typing import ClassVar

from media.builders import Artifact, Builder, brand_logo, fonts
from media.engine import Job
from media.files import write_bytes_atomic
from media.storyboard import LoadedStoryboard
from media.content.dates import UNDATED, from_iso, iso, storyboard_date
from media.typeset.blocks import document, project_root
from media.content.package import package_url
from media.storyboard.views import monolingual
from media.typeset import TEMPLATE, page_count, typeset


# ---- dates and status -----------------------------------------------------------------------------------



# ---- sources and figures ----------------------------------------------------------------------------------



# ---- pictures -----------------------------------------------------------------------------------------------



# ---- the document -------------------------------------------------------------------------------------------



def inputs_of(sb: LoadedStoryboard, lang: str, kind: str, day: _dt.date | None) -> dict:
    """Everything a document reads, for its job key (a Persian job's key ignores English text). Scenes count
    only for which section their infographics and figures belong to; narration is not read."""

    model = sb.model
    scenes = [(sc.section, sc.infographic, list(sc.figures)) for sc in model.scenes]
    return {"kind": kind, "date": iso(day), "id": sb.id,
            "model": monolingual({"plan": model.plan, "title": model.title, "subtitle": model.subtitle,
                                  "summary": model.summary, "sections": model.sections, "figures": model.figures,
                                  "infographics": model.infographics, "lessons": model.lessons,
                                  "approval": model.approval}, lang),
            "scenes": scenes,
            "settings": monolingual({"organisation": sb.settings.organisation, "sources": sb.settings.sources,
                                     "base_url": sb.settings.base_url, "brand": sb.settings.brand}, lang)}


class DocumentBuilder(Builder):
    """One PDF per storyboard and language, `documents/<id>-<name>-<lang>.pdf`. Subclasses set `name` and
    `kinds` and implement `blocks(sb, lang, root)` (and may override `subtitle`)."""

    section_per_page: ClassVar[bool] = False  # a new page for each top-level heading

    def plan(self, sb: LoadedStoryboard, lang: str) -> list[Job]:

        day = storyboard_date(sb)

        # the Typst template is read like a font: its bytes are part of the key (it is not a Python module)
        return [self.job(sb, lang, self.name, inputs_of(sb, lang, self.name, day),
                         files=[*fonts(), *brand_logo(sb), TEMPLATE], params={"date": iso(day)}, cost_s=0.5)]

    def blocks(self, sb: LoadedStoryboard, lang: str, root: Path) -> list[dict]:
        raise NotImplementedError

    def subtitle(self, sb: LoadedStoryboard, lang: str) -> str | None:
        return sb.model.subtitle.get(lang) if sb.model.subtitle else None

    def make(self, sb: LoadedStoryboard, lang: str, day: _dt.date | None) -> tuple[bytes, dict]:
        """The PDF bytes and the document data (tests read the data too)."""

        root = project_root(sb)
        doc = document(sb, lang, self.name, day, self.blocks(sb, lang, root), subtitle=self.subtitle(sb, lang),
                       section_per_page=self.section_per_page)
        stamp = day or UNDATED  # the PDF's creation date: the storyboard's, or a fixed one (never shown)
        epoch = int(_dt.datetime(stamp.year, stamp.month, stamp.day, tzinfo=_dt.timezone.utc).timestamp())
        return typeset(doc, root, epoch), doc

    def run(self, job: Job, sb: LoadedStoryboard, out_dir: Path, deps) -> list[Artifact]:

        day = from_iso(job.params["date"])
        self.progress("typesetting", 0.1)
        pdf, doc = self.make(sb, job.lang, day)
        path = Path(out_dir) / "documents" / f"{sb.id}-{self.name}-{job.lang}.pdf"
        path.parent.mkdir(parents=True, exist_ok=True)
        write_bytes_atomic(path, pdf)
        self.progress("done", 1.0)
        return [Artifact(self.name, path, {"pages": page_count(pdf), "title": doc["title"],
                                           "draft": doc["draft"] is not None, "qr_url": package_url(sb, job.lang)})]

