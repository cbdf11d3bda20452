"""Infographics builder: every infographic of a storyboard as PNGs in the sizes it asks for, its data as CSV,
and a contact sheet; designs come from graphics.components and reflow for each size."""
from __future__ import annotations

import csv
import io
from pathlib import Path

from media.builders import Artifact, Builder, brand_logo, fonts
from media.engine import Job
from media.engine.execute import Deps
from media.errors import LayoutError, Problem
from media.files import write_png
from media.graphics.citations import (  # noqa: F401 - also re-exported for other builders
    _isolate, figure_line, figure_note_line, note_mark, notes_line, refs_of, source_notes, sources_text)
from media.storyboard import LoadedStoryboard
from media.storyboard import model as m
from media.text.numerals import localize

# Canvas sizes in px; a4 is 210x297 mm at 300 dpi.
PRINT_DPI = 300
SIZES: dict[str, tuple[int, int]] = {
    "square": (1080, 1080), "portrait": (1080, 1350), "story": (1080, 1920), "landscape": (1920, 1080),
    "a4": (2480, 3508),
}
DRAFT_SCALE = 0.5
CONTACT_THUMB_PX = 420


def _where(sb: LoadedStoryboard, index: int, lang: str, spec):
    """Map a component's data path to the storyboard key to shorten (figure texts live under `figures`)."""
    def where(rel: tuple):
        if rel and rel[0] == "figures" and isinstance(spec, m.KeyFiguresInfographic):
            fid = spec.figures[rel[1]]
            fidx = next(k for k, f in enumerate(sb.model.figures) if f.id == fid)
            return sb.locate(("figures", fidx) + tuple(rel[2:]) + (lang,), "")
        return sb.locate(("infographics", index) + tuple(rel) + (lang,), "")
    return where


def _sources(sb: LoadedStoryboard, spec) -> list[m.Source]:
    out: list[m.Source] = []
    if spec.source:
        out.append(spec.source)
    if isinstance(spec, m.KeyFiguresInfographic):
        out += [sb.model.figure(fid).source for fid in spec.figures if sb.model.figure(fid).source]
    if isinstance(spec, m.QuoteInfographic) and spec.quote.source:
        out.append(spec.quote.source)
    return out


def source_refs(sb: LoadedStoryboard, spec, lang: str = "en") -> list[tuple[str, list[str]]]:
    """The seeds this infographic draws on, numbered by first use, each with its sections."""
    return refs_of(_sources(sb, spec), lang)


def sources_line(sb: LoadedStoryboard, spec, lang: str) -> str:
    """'Sources: 1. <seed title> (<section>; <section>) · 2. ...': each seed and section named once."""
    return sources_text(sb, _sources(sb, spec), lang, getattr(spec, "illustrative", False))


def figure_source_line(sb: LoadedStoryboard, spec, f: m.Figure, lang: str) -> str | None:
    """The source line under a key figure: its section, and the number of its seed in the footer's sources
    line when the infographic cites more than one document ("Source 2: plan 15 §3")."""
    return figure_line(_sources(sb, spec), f, lang)


def package_url(sb: LoadedStoryboard, lang: str) -> str:
    return f"{sb.settings.base_url}/{sb.id}/{lang}/"


def draft_text(sb: LoadedStoryboard, lang: str) -> str | None:
    """The draft mark every output of an unapproved storyboard carries (None once it is approved)."""
    from media.graphics.words import word

    return word("draft_mark", lang) if sb.model.is_draft else None


def compose(sb: LoadedStoryboard, index: int, lang: str, width: float, height: float, measurer=None):
    """Lay out infographic `index` of `sb` on a width x height canvas; returns a `Drawing` (not checked).

    Key figures keep their source lines; when the cards are too full for them, the sources become
    numbered notes listed in the footer (`meta["notes_moved"]`). `meta["must_show"]` lists what the
    layout proof (`media.graphics.proof`) requires to be visible."""
    from media.graphics import Drawing
    from media.graphics import components as c
    from media.graphics.theme import Theme
    from media.text import PillowMeasurer

    measurer = measurer or PillowMeasurer()
    spec = sb.model.infographics[index]
    theme = Theme(width, height, sb.settings.brand, lang)
    where = _where(sb, index, lang, spec)
    logo = str((sb.settings_path.parent / sb.settings.brand.logo).resolve()) if sb.settings.brand.logo else None

    def frame_with(sources: str):
        return c.page_frame(
            theme, title=spec.title.get(lang), subtitle=spec.subtitle.get(lang) if spec.subtitle else None,
            organisation=sb.settings.organisation.get(lang), footer_title=sb.model.title.get(lang),
            sources=sources, url=package_url(sb, lang), logo_path=logo, measurer=measurer, where=where,
            draft=draft_text(sb, lang))

    footer_sources = sources_line(sb, spec, lang)
    frame, body = frame_with(footer_sources)
    kw = dict(measurer=measurer, where=where, lang=lang)
    must_show: list[tuple[str, str, str]] = []
    notes_moved = False
    if isinstance(spec, m.KeyFiguresInfographic):
        figs = [sb.model.figure(fid) for fid in spec.figures]
        src = [figure_source_line(sb, spec, f, lang) for f in figs]
        notes = source_notes(sb, _sources(sb, spec), lang)
        marks = [note_mark(notes.index((f.source.seed, f.source.section_text(lang))), lang) if f.source else None
                 for f in figs]
        body_items = c.key_figures(theme, body, figs, source_lines=src, note_marks=marks, **kw)
        if body_items.notes_moved:  # the footer lists the notes; the body gets what is left, and is laid again
            notes_moved = True
            footer_sources = notes_line(sb, notes, lang)
            frame, body = frame_with(footer_sources)
            body_items = c.key_figures(theme, body, figs, note_marks=marks, **kw)
        for i, f in enumerate(figs):
            why = f"figure '{f.id}'"
            if f.illustrative:
                must_show.append((f"figure-{i}", c.word("illustrative", lang), why))
            elif notes_moved:
                k = notes.index((f.source.seed, f.source.section_text(lang)))
                must_show.append((f"figure-{i}", marks[i], why))
                must_show.append(("footer", f"{note_mark(k, lang)} {_isolate(f.source.section_text(lang), lang)}", why))
            else:
                must_show.append((f"figure-{i}", src[i], why))
    elif isinstance(spec, m.ProcessInfographic):
        body_items = c.process_steps(theme, body, spec.steps, **kw)
    elif isinstance(spec, m.TimelineInfographic):
        body_items = c.timeline(theme, body, spec.steps, **kw)
    elif isinstance(spec, m.CategoriesInfographic):
        body_items = c.category_cards(theme, body, spec.items, **kw)
    elif isinstance(spec, m.ChartInfographic):
        body_items = c.bar_chart(theme, body, spec.bars, unit=spec.unit.get(lang) if spec.unit else None,
                                 illustrative=spec.illustrative, **kw)
    elif isinstance(spec, m.QuoteInfographic):
        src = None
        if spec.quote.source and spec.quote.source.seed in sb.settings.sources:
            src = (f"{c.word('source', lang)}: {sb.settings.sources[spec.quote.source.seed].title.get(lang)} "
                   f"({_isolate(spec.quote.source.section_text(lang), lang)})")
            must_show.append(("attribution", src, f"quote of infographic '{spec.id}'"))
        body_items = c.quote_card(theme, body, spec.quote, source_line=src, **kw)
    else:  # pragma: no cover - the model's discriminated union has no other kind
        raise TypeError(spec.kind)
    if footer_sources:
        must_show.append(("footer", footer_sources, f"infographic '{spec.id}'"))
    if sb.model.is_draft:
        must_show.append(("draft", draft_text(sb, lang), "the draft mark"))
    items = c.shapes_first(list(frame) + list(body_items))
    return Drawing(width, height, sb.settings.brand.background, tuple(items), safe=theme.safe,
                   meta={"id": spec.id, "kind": spec.kind, "notes_moved": notes_moved, "must_show": must_show})


def checked(sb: LoadedStoryboard, index: int, lang: str, width: float, height: float, measurer=None):
    """`compose`, then prove the layout (text in the safe area, no overlaps) or raise a located LayoutError."""
    from media.graphics import layout_problems
    from media.graphics.proof import source_problems

    drawing = compose(sb, index, lang, width, height, measurer)
    problems = layout_problems(drawing) + source_problems(drawing)
    if problems:
        where = sb.locate(("infographics", index), "")
        spec = sb.model.infographics[index]
        raise LayoutError(problems=[Problem(where, f"infographic '{spec.id}' ({width:.0f}x{height:.0f}, {lang}): {p}")
                                    for p in problems])
    return drawing


# ---- data, alt text ------------------------------------------------------------------------------------

def _fmt(value: float, lang: str, decimals: int = 0) -> str:
    from media.text import format_number

    return format_number(value, lang, decimals)


def figure_phrase(f: m.Figure, lang: str) -> str:
    from media.graphics.words import claim_note

    parts = [f.prefix.get(lang) if f.prefix else "", _fmt(f.value, lang, f.decimals),
             f.unit.get(lang) if f.unit else "", f.label.get(lang)]
    note = claim_note(f, lang)
    return " ".join(p for p in parts if p) + (f" ({note})" if note else "")


def alt_text(sb: LoadedStoryboard, spec, lang: str) -> str:
    """A description for screen readers: what the graphic shows, with its numbers, in the language."""
    from media.graphics.components import group_by_category
    from media.graphics.words import claim_note, word
    from media.graphics.theme import category_label
    from media.text import localize

    fa = lang == "fa"
    sep = "؛ " if fa else "; "
    title = spec.title.get(lang)
    if isinstance(spec, m.KeyFiguresInfographic):
        body = sep.join(figure_phrase(sb.model.figure(fid), lang) for fid in spec.figures)
        what = "اینفوگرافیک ارقام کلیدی" if fa else "Key-figures infographic"
    elif isinstance(spec, (m.ProcessInfographic, m.TimelineInfographic)):
        steps = []
        for i, s in enumerate(spec.steps):
            head = s.period.get(lang) + ": " if s.period else f"{_fmt(i + 1, lang)}. "
            status = claim_note(s, lang)
            detail = "، ".join(x for x in [s.text.get(lang) if s.text else "", status or ""] if x) if fa else \
                ", ".join(x for x in [s.text.get(lang) if s.text else "", status or ""] if x)
            steps.append(head + s.title.get(lang) + (f" ({detail})" if detail else ""))
        body = sep.join(steps)
        n = _fmt(len(spec.steps), lang)
        if isinstance(spec, m.ProcessInfographic):
            what = f"اینفوگرافیک فرایند در {n} گام" if fa else f"Process infographic in {n} steps"
        else:
            what = f"اینفوگرافیک نقشه راه در {n} مرحله" if fa else f"Timeline infographic in {n} phases"
    elif isinstance(spec, m.CategoriesInfographic):
        groups = group_by_category(spec.items)
        def item(it) -> str:
            note = claim_note(it, lang)
            return it.text.get(lang) + (f" ({note})" if note else "")

        def name(cat, members) -> str:
            own = next((it.label for _, it in members if it.label is not None), None)
            return own.get(lang) if own is not None else category_label(cat, lang)

        body = sep.join(f"{name(cat, members)}: " + ("، " if fa else ", ").join(item(it) for _, it in members)
                        for cat, members in groups)
        kind = ("چالش‌ها" if spec.kind == "challenges" else "دستاوردها") if fa else spec.kind
        what = f"اینفوگرافیک {kind} به تفکیک {_fmt(len(groups), lang)} دسته" if fa else \
            f"Infographic of {kind} in {len(groups)} categories"
    elif isinstance(spec, m.ChartInfographic):
        unit = f" {spec.unit.get(lang)}" if spec.unit else ""
        rows = []
        for bar in spec.bars:
            dec = 0 if float(bar.value).is_integer() else 1
            if bar.before is not None:
                before, after = word("before", lang), word("after", lang)
                if not fa:  # mid-sentence in English
                    before, after = before.lower(), after.lower()
                rows.append(f"{bar.label.get(lang)}: {before} {_fmt(bar.before, lang, dec)}, "
                            f"{after} {_fmt(bar.value, lang, dec)}{unit}")
            else:
                rows.append(f"{bar.label.get(lang)}: {_fmt(bar.value, lang, dec)}{unit}")
        body = sep.join(rows)
        what = "نمودار میله‌ای" if fa else "Bar chart"
        if spec.illustrative:
            what += f" ({word('illustrative', lang)})"
    else:
        note = claim_note(spec.quote, lang, speaker=False)
        body = f"{spec.quote.text.get(lang)} — {spec.quote.attribution.get(lang)}" + (f" ({note})" if note else "")
        what = "نقل‌قول" if fa else "Quote"
    text = f"{what}: «{title}». {body}." if fa else f"{what}: “{title}”. {body}."
    return localize(text.replace("..", "."), lang)


def csv_rows(sb: LoadedStoryboard, spec, lang: str) -> list[list]:
    """The infographic's data as a table: header row (in the language) and one row per item."""
    from media.graphics.theme import category_label
    from media.graphics.words import claim_note

    fa = lang == "fa"

    def note(c) -> str:
        return claim_note(c, lang) or ""

    def src(s: m.Source | None) -> str:
        if s is None:
            return ""
        title = sb.settings.sources[s.seed].title.get(lang) if s.seed in sb.settings.sources else s.seed
        return f"{title} ({s.section_text(lang)})"

    if isinstance(spec, m.KeyFiguresInfographic):
        rows = [["شناسه", "پیشوند", "مقدار", "واحد", "عنوان", "وضعیت", "منبع", "نمایشی"] if fa else
                ["id", "prefix", "value", "unit", "label", "status", "source", "illustrative"]]
        for fid in spec.figures:
            f = sb.model.figure(fid)
            rows.append([f.id, f.prefix.get(lang) if f.prefix else "", f.value, f.unit.get(lang) if f.unit else "",
                         f.label.get(lang), note(f), src(f.source), f.illustrative])
    elif isinstance(spec, (m.ProcessInfographic, m.TimelineInfographic)):
        rows = [["گام", "دوره", "عنوان", "شرح", "وضعیت"] if fa else ["step", "period", "title", "text", "status"]]
        for i, s in enumerate(spec.steps):
            rows.append([i + 1, s.period.get(lang) if s.period else "", s.title.get(lang),
                         s.text.get(lang) if s.text else "", note(s)])
    elif isinstance(spec, m.CategoriesInfographic):
        rows = [["دسته", "نام دسته", "متن", "وضعیت"] if fa else ["category", "category_label", "text", "status"]]
        for it in spec.items:
            rows.append([it.category, it.label.get(lang) if it.label else category_label(it.category, lang),
                         it.text.get(lang), note(it)])
    elif isinstance(spec, m.ChartInfographic):
        rows = [["برچسب", "پیش از اجرا", "مقدار", "واحد", "نمایشی"] if fa else
                ["label", "before", "value", "unit", "illustrative"]]
        for bar in spec.bars:
            rows.append([bar.label.get(lang), "" if bar.before is None else bar.before, bar.value,
                         spec.unit.get(lang) if spec.unit else "", spec.illustrative])
    else:
        rows = [["متن", "گوینده", "وضعیت", "منبع"] if fa else ["text", "attribution", "status", "source"],
                [spec.quote.text.get(lang), spec.quote.attribution.get(lang),
                 claim_note(spec.quote, lang, speaker=False) or "", src(spec.quote.source)]]
    if spec.source and not isinstance(spec, m.QuoteInfographic):
        rows.append([])
        rows.append(["منبع" if fa else "source", src(spec.source)])
    return rows


def write_csv(path: Path, rows: list[list]) -> None:
    from media.files import atomic_path

    buf = io.StringIO()
    csv.writer(buf, lineterminator="\r\n").writerows(rows)
    with atomic_path(path) as tmp:
        # UTF-8 with BOM: Excel then opens Persian text correctly
        tmp.write_bytes(buf.getvalue().encode("utf-8-sig"))


# ---- contact sheet ---------------------------------------------------------------------------------

def contact_sheet(sb: LoadedStoryboard, lang: str, tiles: list[tuple[str, str, Path]], path: Path) -> tuple[int, int]:
    """One PNG with a thumbnail of every infographic (its first size), labelled, for quick review."""
    from PIL import Image as PILImage

    from media.graphics import Drawing, Image, Rect, Text
    from media.graphics.raster import render
    from media.text import PillowMeasurer, TextStyle, layout

    measurer = PillowMeasurer()
    cols = min(3, max(1, len(tiles)))
    rows = (len(tiles) + cols - 1) // cols
    t, gap, label_h, head_h = CONTACT_THUMB_PX, 40, 60, 120
    # at least two thumbnails wide, so the header has room for the title and the id with one infographic
    W = max(cols * t + (cols + 1) * gap, 2 * t + 3 * gap)
    x0 = (W - (cols * t + (cols + 1) * gap)) / 2
    b = sb.settings.brand
    draft = draft_text(sb, lang)
    band = []
    top = 0.0
    if draft:  # the draft mark across the top, above the title band
        from media.graphics import components as comp
        from media.graphics.theme import Theme

        band = comp.draft_band(Theme(W, W, b, lang), 0, 0, W, draft, measurer=measurer, size=30, pad=14)
        top = band.used_h
    H = int(top) + head_h + rows * (t + label_h + gap) + gap
    items = [*band, Rect(0, top, W, head_h - 20, fill=b.primary)]
    # The storyboard id and language are identifiers: laid out as Latin text so "plan-14" never
    # becomes "plan-۱۴"; the title takes the rest of the band.
    align = "start" if lang == "fa" else "end"
    ident = _first_fit(f"{sb.id} · {lang}", "en", [(W / 4, TextStyle(26, "medium", max_lines=1, align=align)),
                                                 (W / 2 - gap, TextStyle(26, "medium", min_size=12, max_lines=1,
                                                                         align=align))], measurer)
    if ident is None:  # a 64-character id: the sheet's file path names it; the title keeps the band
        ident = layout(lang, "en", W / 4, None, TextStyle(26, "medium", max_lines=1, align=align), measurer)
    title_w = W - 3 * gap - ident.text_width
    title_styles = [(title_w, TextStyle(32, "bold", min_size=24, max_lines=1)),
                    (title_w, TextStyle(32, "bold", min_size=16, max_lines=2))]
    title = sb.model.title.get(lang)
    block = _first_fit(title, lang, title_styles, measurer)
    words = title.split()
    while block is None and len(words) > 1:  # a proof sheet: the title may be cut, never the build
        words = words[:-1]
        block = _first_fit(" ".join(words) + " …", lang, title_styles[1:], measurer)
    if block is None:
        block = layout("…", lang, title_w, None, title_styles[1][1], measurer)
    band_h = head_h - 20
    title_x = gap + ident.text_width + gap if lang == "fa" else gap
    ident_x = gap if lang == "fa" else W - gap - ident.box_width
    items.append(Text(block, title_x, top + (band_h - block.height) / 2, "#FFFFFF", role="title"))
    items.append(Text(ident, ident_x, top + (band_h - ident.height) / 2, "#DDE6F2", role="caption"))
    for k, (label, kind, png) in enumerate(tiles):
        r, c = divmod(k, cols)
        c = cols - 1 - c if lang == "fa" else c
        x = x0 + gap + c * (t + gap)
        y = top + head_h + r * (t + label_h + gap)
        with PILImage.open(png) as im:
            iw, ih = im.size
        k_ = min(t / iw, t / ih)
        items.append(Rect(x - 2, y - 2, t + 4, t + 4, fill="#FFFFFF", stroke="#D5DCE4", stroke_width=2))
        items.append(Image(str(png), x + (t - iw * k_) / 2, y + (t - ih * k_) / 2, iw * k_, ih * k_))
        lb = layout(f"{label} · {kind}", "en", t, None, TextStyle(24, "medium", min_size=18, max_lines=1), measurer)
        items.append(Text(lb, x, y + t + 10, b.text, role="label"))
    image = render(Drawing(W, H, b.background, tuple(c_ for c_ in items if not isinstance(c_, Text)) +
                           tuple(c_ for c_ in items if isinstance(c_, Text))), supersample=1)
    write_png(image, path)
    return W, H


def _first_fit(text: str, lang: str, tries: list, measurer):
    """The layout of `text` in the first (width, style) it fits, or None."""
    from media.text import layout  # as contact_sheet does: the text engine loads fonts

    for width, style in tries:
        try:
            return layout(text, lang, width, None, style, measurer)
        except LayoutError:
            continue
    return None


# ---- the builder -----------------------------------------------------------------------------------

SHEET = "_contact-sheet"  # infographic ids cannot start with "_": no clash with a spec's job


def spec_inputs(sb: LoadedStoryboard, spec, lang: str, draft: bool) -> dict:
    """What one infographic shows: its spec, the figures and source documents it cites, the frame (plan
    title, organisation, package URL, brand)."""
    from media.storyboard.views import monolingual

    figures = [f for f in sb.model.figures if isinstance(spec, m.KeyFiguresInfographic) and f.id in spec.figures]
    seeds = sorted({s.seed for s in _sources(sb, spec)} & set(sb.settings.sources))
    return {"spec": monolingual(spec, lang), "figures": monolingual(figures, lang),
            "sources": {k: monolingual(sb.settings.sources[k], lang) for k in seeds},
            "title": sb.model.title.get(lang), "organisation": sb.settings.organisation.get(lang),
            "url": package_url(sb, lang), "brand": sb.settings.brand, "draft": draft,
            "status": sb.model.status}  # a draft's outputs carry the draft mark


class InfographicsBuilder(Builder):
    """PNG infographics per spec and size, their data as CSV, and a contact sheet. One job per infographic
    (all its sizes and its CSV), and one for the contact sheet, which reads their first sizes."""

    name = "infographics"
    kinds = ("infographic", "infographic-data", "contact-sheet")

    def plan(self, sb: LoadedStoryboard, lang: str) -> list[Job]:
        files = [*fonts(), *brand_logo(sb)]
        jobs = [self.job(sb, lang, spec.id, spec_inputs(sb, spec, lang, self.options.draft), files=files,
                         params={"id": spec.id}, cost_s=0.4 * len(spec.sizes))
                for spec in sb.model.infographics]
        if jobs:
            tiles = [(spec.id, spec.kind, spec.sizes[0]) for spec in sb.model.infographics]
            jobs.append(self.job(sb, lang, SHEET, {"title": sb.model.title.get(lang), "id": sb.id,
                                                   "brand": sb.settings.brand, "tiles": tiles,
                                                   "status": sb.model.status},
                                 files=fonts(), needs=[j.id for j in jobs], cost_s=0.5))
        return jobs

    def run(self, job: Job, sb: LoadedStoryboard, out_dir: Path, deps: Deps) -> list[Artifact]:
        if job.name == SHEET:
            return self._sheet(sb, job.lang, out_dir, deps)
        index = next(i for i, s in enumerate(sb.model.infographics) if s.id == job.params["id"])
        return self._one(sb, index, job.lang, out_dir)

    def _one(self, sb: LoadedStoryboard, index: int, lang: str, out_dir: Path) -> list[Artifact]:
        from media.graphics.raster import render
        from media.text import PillowMeasurer

        folder = out_dir / "infographics"
        measurer = PillowMeasurer()
        spec = sb.model.infographics[index]
        # lay out and check every size first: a text that does not fit fails before any file is written
        drawings = {}
        problems: list[Problem] = []
        for size in spec.sizes:
            w, h = SIZES[size]
            try:
                drawings[size] = checked(sb, index, lang, w, h, measurer)
            except LayoutError as exc:
                problems += [p for p in exc.problems if p not in problems]
        if problems:
            raise LayoutError(problems=problems)
        artifacts: list[Artifact] = []
        scale = DRAFT_SCALE if self.options.draft else 1.0
        alt = alt_text(sb, spec, lang)
        for n, size in enumerate(spec.sizes):
            d = drawings[size]
            self.progress(f"{spec.id} {size}", n / len(spec.sizes))
            # 300-dpi A4 is sharp enough without supersampling, and 4x cheaper
            image = render(d, scale=scale, supersample=1 if size == "a4" else 2)
            path = folder / f"{spec.id}-{size}.png"
            write_png(image, path, dpi=PRINT_DPI * scale if size == "a4" else None,
                      title=localize(spec.title.get(lang), lang), description=alt)
            artifacts.append(Artifact("infographic", path, {
                "id": spec.id, "infographic_kind": spec.kind, "size": size, "width": image.width,
                "height": image.height, "alt": alt, "visible_text": d.visible_text()}))
        path = folder / f"{spec.id}.csv"
        write_csv(path, csv_rows(sb, spec, lang))
        artifacts.append(Artifact("infographic-data", path, {"id": spec.id, "infographic_kind": spec.kind}))
        return artifacts

    def _sheet(self, sb: LoadedStoryboard, lang: str, out_dir: Path, deps: Deps) -> list[Artifact]:
        first: dict[str, tuple[str, Path]] = {}
        for entry, path in deps.artifacts("infographic"):
            first.setdefault(entry["id"], (entry["infographic_kind"], path))
        tiles = [(spec.id, *first[spec.id]) for spec in sb.model.infographics if spec.id in first]
        path = out_dir / "infographics" / "contact-sheet.png"
        w, h = contact_sheet(sb, lang, tiles, path)
        return [Artifact("contact-sheet", path, {"width": w, "height": h, "count": len(tiles)})]
