"""What a poster says, in one language: its texts, figures with numbered source notes, URL and date."""
from __future__ import annotations
from media.content.words import word
from media.content.dates import format_date
from media.content.citations import _isolate, note_mark
from dataclasses import dataclass
from dataclasses import field
from media.errors import Location
from media.storyboard import LoadedStoryboard
from media.storyboard.model import Figure
from media.storyboard.model import Step
from media.text.numerals import localize
from media.text.numerals import localize_digits
from pathlib import Path
import datetime as _dt


@dataclass(frozen=True)
class PosterContent:
    """Everything a poster shows, in one language, resolved from the storyboard. Figures and steps stay
    storyboard models (bilingual): the shared components localise them. `where` maps "title", "subtitle",
    "poster", ("points", j) and component data paths such as ("figures", i, "label") to storyboard locations."""

    lang: str
    organisation: str
    tag: str | None
    title: str
    subtitle: str | None
    figures: tuple[Figure, ...]
    figure_notes: tuple[str | None, ...]  # "Source [n]" under each figure, n a numbered note in `sources`
    figure_marks: tuple[str | None, ...]  # "[n]" alone, set after the label when a card has no room for the line
    points: tuple[str, ...]
    graphic_kind: str | None
    graphic_title: str | None
    steps: tuple[Step, ...]
    qr_url: str
    short_url: str
    cta: str
    sources: tuple[str, ...]  # per document: "<title>: [1] <section>, [2] <section>"
    date: str | None  # the storyboard's date (none when it has none)
    logo: Path | None = None
    draft: str | None = None  # the draft mark (word "draft_mark"), None once approved
    notes: tuple[str, ...] = ()  # "[n] <section>" of each numbered note, for the layout proof
    where: dict[str | tuple, Location] = field(default_factory=dict)

    def locate(self, path: tuple) -> Location | None:
        """A shared component's data path as the storyboard key to shorten (the poster's own as fallback)."""
        return self.where.get(path) or self.where.get("poster")


def poster_content(sb: LoadedStoryboard, lang: str, day: _dt.date | None) -> PosterContent:
    spec = sb.model.poster
    if spec is None:
        raise ValueError("storyboard has no poster")

    settings = sb.settings
    notes: list[tuple[str, str]] = []  # (seed, section) in order of first use: the numbered notes

    def cite(source) -> int | None:
        """The number of the note for `source` (its document and section), 0-based."""
        if source is None:
            return None
        key = (source.seed, source.section_text(lang))
        if key not in notes:
            notes.append(key)
        return notes.index(key)

    where: dict[str | tuple, Location] = {}
    figures, marks, bare = [], [], []
    for j, fid in enumerate(spec.figures):
        f = sb.model.figure(fid)
        fidx = [g.id for g in sb.model.figures].index(fid)
        for key in ("prefix", "unit", "label", "reported_by"):
            where[("figures", j, key)] = sb.locate(("figures", fidx, key, lang), "")
        ref = cite(f.source)
        figures.append(f)
        bare.append(note_mark(ref, lang) if ref is not None and not f.illustrative else None)
        marks.append(word("illustrative", lang) if f.illustrative else
                     f"{word('source', lang)} {note_mark(ref, lang)}" if ref is not None else None)
    steps: tuple[Step, ...] = ()
    kind = title = None
    if spec.graphic:
        info = sb.model.infographic(spec.graphic)
        idx = [i.id for i in sb.model.infographics].index(spec.graphic)
        kind, title, steps = info.kind, info.title.get(lang), tuple(info.steps)
        for k in range(len(steps)):
            for key in ("title", "text", "period"):
                where[("steps", k, key)] = sb.locate(("infographics", idx, "steps", k, key, lang), "")
        cite(info.source)
    by_seed: dict[str, list[str]] = {}
    note_texts = []
    for k, (seed, section) in enumerate(notes):
        note = f"{note_mark(k, lang)} {_isolate(section, lang)}"
        note_texts.append(note)
        by_seed.setdefault(seed, []).append(note)
    sources = []
    for seed, items in by_seed.items():  # every note under its document's title, in the poster's language
        text = f"{settings.sources[seed].title.get(lang)}: " + ("، " if lang == "fa" else ", ").join(items)
        sources.append(localize(text, lang) if lang == "fa" else text)
    qr_url = f"{settings.base_url}/{sb.id}/{lang}/"
    short_url = qr_url.split("://", 1)[-1].rstrip("/")
    logo = None
    if settings.brand.logo:
        logo = (sb.settings_path.parent / settings.brand.logo).resolve()
    tag = f"{word('plan', lang)} {localize_digits(str(sb.model.plan), lang)}" if sb.model.plan is not None else None
    where.update({"title": sb.locate(("poster", "title", lang), ""),
                  "subtitle": sb.locate(("poster", "subtitle", lang), ""),
                  "poster": sb.locate(("poster",), "")})
    for j in range(len(spec.points)):
        where[("points", j)] = sb.locate(("poster", "points", j, lang), "")
    return PosterContent(
        lang=lang, organisation=settings.organisation.get(lang), tag=tag,
        title=spec.title.get(lang), subtitle=spec.subtitle.get(lang) if spec.subtitle else None,
        figures=tuple(figures), figure_notes=tuple(marks), figure_marks=tuple(bare),
        points=tuple(p.get(lang) for p in spec.points),
        graphic_kind=kind, graphic_title=title, steps=steps, qr_url=qr_url, short_url=short_url,
        cta=word("cta", lang), sources=tuple(sources), date=format_date(day, lang) if day else None, logo=logo, where=where,
        draft=word("draft_mark", lang) if sb.model.is_draft else None,
        notes=tuple(localize(n, lang) if lang == "fa" else n for n in note_texts))
