"""What a plan's page shows, as plain data: the report's sections, figures with their sources, the
categorised challenges and outcomes, and the media other builders made (read from their manifest
entries). Templates get these views and nothing else; every text is escaped there."""
from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from media.storyboard import LoadedStoryboard
from media.storyboard import model as m
from media.content.claims import claim_note
from media.text.numerals import format_number, localize
from media.content.numbers import figure_number, figure_phrase, figure_unit
from media.content.words import category_label, has_word, word
from media.content.report import sections

def text(value: m.Bilingual | None, lang: str) -> str:
    """A storyboard text as shown: localised digits and separators (Persian digits in Persian)."""
    return localize(value.get(lang), lang) if value is not None and getattr(value, lang) else ""


# ---- the report's sections ------------------------------------------------------------------------------

@dataclass(frozen=True)
class SectionView:
    number: int
    id: str  # the storyboard's section id, or "section-N" for a section it does not have
    title: str
    paragraphs: tuple[str, ...] = ()
    points: tuple[str, ...] = ()
    gap: bool = False  # the storyboard has nothing for it: shown as a gap, never filled
    gather: str = ""  # what is still to be gathered, when the call names it


def report_sections(sb: LoadedStoryboard, lang: str) -> list[SectionView]:
    """The report's sections for the page, from `media.builders.report.sections`, so the page and the
    report PDF say the same thing: the storyboard's own text, its lessons in section 6, and what the
    call still asks for (the gaps annex), never filled. Section 8 (appendices and sources) is the
    page's own sources list."""

    out: list[SectionView] = []
    sep = "؛ " if lang == "fa" else "; "
    for rs in sections(sb, lang):
        if rs.number == 8:
            continue
        paragraphs = tuple(p for part in rs.parts for p in part.paragraphs)
        points = tuple(p for part in rs.parts for p in part.points) + tuple(lv.text for lv in rs.lessons)
        out.append(SectionView(rs.number, rs.parts[0].id if rs.parts else f"section-{rs.number}", rs.title,
                               paragraphs, points, gap=not (paragraphs or points),
                               gather=sep.join(g.text for g in rs.gaps)))
    return out


# ---- figures, sources, categories ----------------------------------------------------------------------

def source_doc(sb: LoadedStoryboard, seed: str, lang: str) -> str:
    doc = sb.settings.sources.get(seed)
    return doc.title.get(lang) if doc is not None else seed


def source_line(sb: LoadedStoryboard, src: m.Source | None, lang: str) -> str:
    """'<document title>، <section>': the document's title in the language, never a file name."""
    if src is None:
        return ""
    sep = "، " if lang == "fa" else ", "
    return localize(f"{source_doc(sb, src.seed, lang)}{sep}{src.section_text(lang)}", lang)


def figure_status(f: m.Figure) -> str:
    """A figure's status for open data: the model's own when it has one (claims gain a status), else
    whether it comes from the sources or is illustrative."""
    own = getattr(f, "status", None)
    if isinstance(own, str) and own:
        return own
    return "illustrative" if f.illustrative else "sourced"


def figure_view(sb: LoadedStoryboard, f: m.Figure, lang: str) -> dict[str, Any]:
    number, unit = figure_number(f, lang), localize(figure_unit(f, lang) or "", lang)
    return {
        "id": f.id, "value": f.value, "low": f.low, "decimals": f.decimals, "grouping": f.grouping,
        "number": number, "prefix": text(f.prefix, lang), "unit": unit, "phrase": figure_phrase(f, lang),
        "label": text(f.label, lang), "status": figure_status(f), "illustrative": f.illustrative,
        "claim": localize(claim_note(f, lang) or "", lang),
        "source": ({"seed": f.source.seed, "document": source_doc(sb, f.source.seed, lang),
                    "section": localize(f.source.section_text(lang), lang)} if f.source else None),
        "source_line": source_line(sb, f.source, lang),
    }


def category_items(sb: LoadedStoryboard, lang: str) -> list[dict[str, Any]]:
    """Every challenge and expected outcome the storyboard lists, with its category and source."""

    out = []
    for spec in sb.model.infographics:
        if isinstance(spec, m.CategoriesInfographic):
            for it in spec.items:
                out.append({"measure": spec.kind, "category": it.category,
                            "category_label": category_label(it.category, lang), "text": text(it.text, lang),
                            "status": it.status or "", "claim": localize(claim_note(it, lang) or "", lang),
                            "source": source_line(sb, spec.source, lang), "infographic": spec.id})
    return out


def cited_sources(sb: LoadedStoryboard, lang: str) -> list[dict[str, Any]]:
    """The seed documents the storyboard cites, in order of first use, each with the sections cited."""
    found: list[m.Source] = [f.source for f in sb.model.figures if f.source]
    for spec in sb.model.infographics:
        if spec.source:
            found.append(spec.source)
        quote = getattr(spec, "quote", None)
        if quote is not None and quote.source:
            found.append(quote.source)
    docs: dict[str, list[str]] = {}
    for s in found:
        secs = docs.setdefault(s.seed, [])
        sec = localize(s.section_text(lang), lang)
        if sec not in secs:
            secs.append(sec)
    return [{"seed": seed, "title": source_doc(sb, seed, lang), "sections": secs} for seed, secs in docs.items()]


# ---- media from manifest entries --------------------------------------------------------------------------

@dataclass
class Download:
    href: str  # relative to the page
    label: str
    bytes: int
    sha256: str
    detail: str = ""
    checksum: bool = False  # show the sha256 (documents and the main media files people pass on)


@dataclass
class MediaView:
    """What the other builders made for this storyboard and language, as the page links it."""

    video: dict | None = None  # main cut: src, captions, chapters_src, chapters, duration, width, height
    vertical: dict | None = None
    podcast: dict | None = None
    infographics: list[dict] = field(default_factory=list)
    posters: list[dict] = field(default_factory=list)
    poster_previews: list[dict] = field(default_factory=list)
    social: dict | None = None
    documents: list[Download] = field(default_factory=list)
    editors: list[Download] = field(default_factory=list)  # editable sources (issue 23): SVGs, timelines, pack
    transcript_lines: list[str] = field(default_factory=list)
    audiograms: list[dict] = field(default_factory=list)  # per soundbite: title, at, start_s, duration_s, downloads


def human_bytes(n: int, lang: str) -> str:
    units = ("بایت", "کیلوبایت", "مگابایت", "گیگابایت") if lang == "fa" else ("B", "KB", "MB", "GB")
    value, k = float(n), 0
    while value >= 1000 and k < len(units) - 1:
        value /= 1000
        k += 1
    decimals = 0 if k == 0 or value >= 100 or round(value, 1).is_integer() else 1
    return f"{format_number(value, lang, decimals)} {units[k]}"


def clock(seconds: float, lang: str) -> str:
    s = int(round(seconds))
    h, rest = divmod(s, 3600)
    mm, ss = divmod(rest, 60)
    out = f"{h}:{mm:02d}:{ss:02d}" if h else f"{mm}:{ss:02d}"
    return localize(out, lang)


DOCUMENT_KINDS = ("report", "summary", "checklist", "guide", "deck", "bundle")


def media_view(sb: LoadedStoryboard, lang: str, artifacts: list[tuple[dict, Path]]) -> MediaView:
    """Sort the storyboard's manifest entries into what the page shows. `artifacts` are
    (entry, absolute path) pairs of every job of this storyboard and language (`Deps.artifacts()`)."""

    view = MediaView()
    by_kind: dict[str, list[tuple[dict, Path]]] = {}
    for entry, path in artifacts:
        by_kind.setdefault(entry["kind"], []).append((entry, path))

    def dl(entry: dict, label: str, detail: str = "", checksum: bool = False) -> Download:
        return Download(entry["path"], label, int(entry.get("bytes", 0)), entry.get("sha256", ""), detail, checksum)

    subs = by_kind.get("subtitles", [])
    chaps = by_kind.get("chapters", [])
    for entry, _ in sorted(by_kind.get("video", []), key=lambda e: e[0]["path"]):
        aspect = entry.get("aspect", "16:9")
        vtt = next((s for s, _ in subs if s.get("aspect", "16:9") == aspect and s.get("format") == "webvtt"), None)
        srt = next((s for s, _ in subs if s.get("aspect", "16:9") == aspect and s.get("format") == "srt"), None)
        chap = next((c for c, _ in chaps if c.get("aspect", "16:9") == aspect), None)
        v = {"src": entry["path"], "aspect": aspect, "width": entry.get("width"), "height": entry.get("height"),
             "duration": clock(entry.get("duration_s", 0), lang), "captions": vtt["path"] if vtt else None,
             "chapters_src": chap["path"] if chap else None,
             "chapters": [{"title": localize(c["title"], lang), "start_s": c["start_s"],
                           "at": clock(c["start_s"], lang)} for c in entry.get("chapters", [])],
             "downloads": [dl(entry, word("mp4", lang), f"{entry.get('width')}×{entry.get('height')}", True)]
             + ([dl(vtt, word("vtt", lang))] if vtt else []) + ([dl(srt, word("srt", lang))] if srt else [])}
        if aspect == "16:9" and view.video is None:
            view.video = v
        elif aspect == "9:16" and view.vertical is None:
            view.vertical = v
    pods = by_kind.get("podcast", [])
    if pods:
        entry, _ = pods[0]
        txt = next(iter(by_kind.get("podcast-transcript", [])), None)
        vtt = next(iter(by_kind.get("podcast-subtitles", [])), None)
        cover = next(iter(by_kind.get("podcast-cover", [])), None)
        view.podcast = {
            "src": entry["path"], "bytes": entry.get("bytes", 0), "sha256": entry.get("sha256", ""),
            "duration_s": entry.get("duration_s", 0), "duration": clock(entry.get("duration_s", 0), lang),
            "chapters": [{"title": localize(c["title"], lang), "start_s": c["start_s"], "at": clock(c["start_s"], lang)}
                         for c in entry.get("chapters", [])],
            "cover": cover[0]["path"] if cover else None,
            "transcript_txt": txt[0]["path"] if txt else None, "transcript_vtt": vtt[0]["path"] if vtt else None,
            "downloads": [dl(entry, word("mp3", lang), clock(entry.get("duration_s", 0), lang), True)]
            + ([dl(txt[0], word("txt", lang))] if txt else []) + ([dl(vtt[0], word("vtt", lang))] if vtt else []),
        }
        if txt:
            try:
                view.transcript_lines = [ln for ln in txt[1].read_text(encoding="utf-8").splitlines()]
            except OSError:
                view.transcript_lines = []
    # infographics, in the storyboard's order, each with every size it was made in
    titles = {s.id: s for s in sb.model.infographics}
    data = {e["id"]: e for e, _ in by_kind.get("infographic-data", [])}
    groups: dict[str, list[dict]] = {}
    for entry, _ in by_kind.get("infographic", []):
        groups.setdefault(entry["id"], []).append(entry)
    order = [s.id for s in sb.model.infographics if s.id in groups] + sorted(set(groups) - set(titles))
    for iid in order:
        spec = titles.get(iid)
        sizes = groups[iid]
        if spec is not None:
            rank = {size: k for k, size in enumerate(spec.sizes)}
            sizes.sort(key=lambda e: rank.get(e.get("size"), 99))
        first = sizes[0]
        view.infographics.append({
            "id": iid, "title": text(spec.title, lang) if spec else iid, "src": first["path"],
            "width": first.get("width"), "height": first.get("height"), "alt": first.get("alt", ""),
            "downloads": [dl(e, word(f"size_{e.get('size')}", lang) if has_word(f"size_{e.get('size')}") else str(e.get("size")),
                             f"{e.get('width')}×{e.get('height')}") for e in sizes]
            + ([dl(data[iid], word("data_csv", lang))] if iid in data else []),
        })
    for entry, _ in sorted(by_kind.get("poster", []), key=lambda e: e[0]["path"]):
        view.posters.append({"label": f"{word('pdf', lang)} {entry.get('page_size', '')}".strip(),
                             "download": dl(entry, f"{word('pdf', lang)} {entry.get('page_size', '')}".strip(), "", True)})
    for entry, _ in sorted(by_kind.get("poster-preview", []), key=lambda e: e[0]["path"]):
        view.poster_previews.append({"src": entry["path"], "page_size": entry.get("page_size", "")})
    social = by_kind.get("poster-social", [])
    if social:
        e = social[0][0]
        view.social = {"src": e["path"], "width": e.get("width_px"), "height": e.get("height_px"),
                       "download": dl(e, word("social_card", lang), f"{e.get('width_px')}×{e.get('height_px')}")}
    for kind in DOCUMENT_KINDS:
        for entry, _ in sorted(by_kind.get(kind, []), key=lambda e: e[0]["path"]):
            pages = entry.get("pages")
            detail = f"{format_number(pages, lang)} {word('pages', lang)}" if isinstance(pages, int) else ""
            view.documents.append(dl(entry, word(f"kind_{kind}", lang), detail, True))
    view.editors = editor_downloads(by_kind, lang, dl)
    view.audiograms = audiogram_groups(by_kind.get("audiogram", []), lang, dl)
    return view


def audiogram_groups(entries: list[tuple[dict, Path]], lang: str, dl) -> list[dict]:
    """The podcast's audiograms, one group per soundbite (its moment of the episode), a download per aspect."""
    groups: dict[int, dict] = {}
    order = {"9:16": 0, "1:1": 1}
    for e, _ in sorted(entries, key=lambda x: (x[0].get("soundbite", 0), order.get(x[0].get("aspect"), 9), x[0]["path"])):
        g = groups.setdefault(int(e.get("soundbite", 0)), {
            "title": localize(e.get("title") or "", lang), "start_s": float(e.get("start_s", 0.0)),
            "duration_s": float(e.get("soundbite_duration_s", e.get("duration_s", 0.0))),
            "at": clock(float(e.get("start_s", 0.0)), lang),
            "length": clock(float(e.get("soundbite_duration_s", e.get("duration_s", 0.0))), lang), "downloads": []})
        key = f"audiogram_{str(e.get('aspect', '')).replace(':', 'x')}"
        label = word(key, lang) if has_word(key) else str(e.get("aspect", ""))
        g["downloads"].append(dl(e, label, f"{e.get('width')}×{e.get('height')}", True))
    return [groups[k] for k in sorted(groups)]


def editor_downloads(by_kind: dict, lang: str, dl) -> list[Download]:
    """"For editors": the source pack, each film's editing projects, then every SVG, in path order."""
    out = [dl(e, word("sources.kind_pack", lang), "", True) for e, _ in by_kind.get("source-pack", [])]
    labels = {"otio": "sources.kind_otio", "kdenlive": "sources.kind_kdenlive", "fcp7-xml": "sources.kind_fcp",
              "text": "sources.kind_edit_readme"}
    edits = sorted(by_kind.get("timeline", []) + by_kind.get("timeline-project", []), key=lambda x: x[0]["path"])
    for e, _ in edits:
        aspect = e.get("aspect", "16:9")
        out.append(dl(e, word(labels.get(e.get("format"), "sources.kind_otio"), lang), "" if aspect == "16:9" else aspect))
    svgs = sorted(by_kind.get("infographic-svg", []) + by_kind.get("poster-svg", []) + by_kind.get("poster-social-svg", [])
                  + by_kind.get("podcast-cover-svg", []), key=lambda x: x[0]["path"])
    for e, _ in svgs:
        out.append(dl(e, f"{word('sources.kind_svg', lang)}: {Path(e['path']).stem}", ""))
    return out
