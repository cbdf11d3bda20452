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
from media.storyboard import LoadedStoryboard
from media.storyboard import model as m
from media.text.numerals import localize
from media.content.package import draft_text, package_url
from media.content.data import alt_text, csv_rows
from media.content.citations import infographic_sources
from media.graphics.infographic import PRINT_DPI, SIZES, checked
from media.graphics.svg import to_svg
from media.files import atomic_path, write_bytes_atomic, write_png
from media.graphics import Drawing, Image, Rect, Text, components as comp
from media.graphics.raster import render
from media.graphics.theme import Theme
from media.storyboard.views import monolingual
from media.text import PillowMeasurer, TextStyle, layout

DRAFT_SCALE = 0.5
CONTACT_THUMB_PX = 420


# ---- data, alt text ------------------------------------------------------------------------------------



def write_csv(path: Path, rows: list[list]) -> None:

    buf = io.StringIO()
    csv.writer(buf, lineterminator="\r\n").writerows(rows)
    with atomic_path(path) as tmp:
        # UTF-8 with BOM: Excel then opens Persian text correctly
        tmp.write_bytes(buf.getvalue().encode("utf-8-sig"))


# ---- contact sheet ---------------------------------------------------------------------------------

def contact_sheet(sb: LoadedStoryboard, lang: str, tiles: list[tuple[str, str, Path]], path: Path) -> tuple[int, int]:
    """One PNG with a thumbnail of every infographic (its first size), labelled, for quick review."""
    from PIL import Image as PILImage

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

    figures = [f for f in sb.model.figures if isinstance(spec, m.KeyFiguresInfographic) and f.id in spec.figures]
    seeds = sorted({s.seed for s in infographic_sources(sb, spec)} & set(sb.settings.sources))
    return {"spec": monolingual(spec, lang), "figures": monolingual(figures, lang),
            "sources": {k: monolingual(sb.settings.sources[k], lang) for k in seeds},
            "title": sb.model.title.get(lang), "organisation": sb.settings.organisation.get(lang),
            "url": package_url(sb, lang), "brand": sb.settings.brand, "draft": draft,
            "status": sb.model.status}  # a draft's outputs carry the draft mark


class InfographicsBuilder(Builder):
    """PNG infographics per spec and size, their data as CSV, and a contact sheet. One job per infographic
    (all its sizes and its CSV), and one for the contact sheet, which reads their first sizes."""

    name = "infographics"
    kinds = ("infographic", "infographic-svg", "infographic-data", "contact-sheet")

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
            # the same drawing as editable vectors, the same size in pixels as the PNG beside it
            svg = folder / f"{spec.id}-{size}.svg"
            write_bytes_atomic(svg, to_svg(d, scale=scale, title=localize(spec.title.get(lang), lang),
                                           description=alt, lang=lang))
            artifacts.append(Artifact("infographic-svg", svg, {
                "id": spec.id, "infographic_kind": spec.kind, "size": size, "width": image.width,
                "height": image.height, "png": path.name}))
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
