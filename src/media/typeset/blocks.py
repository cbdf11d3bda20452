"""The documents' building blocks as data for the Typst template: figure tables, infographics as vector drawings,
QR blocks, and the whole document with its cover, running header and footer."""
from __future__ import annotations
from media.content.words import word
from media.content.dates import both_dates
from media.storyboard import LoadedStoryboard
from media.text.numerals import format_number
from media.text.numerals import localize
from media.text.numerals import localize_digits
from pathlib import Path
import datetime as _dt
import os
from media.content.citations import cited_sources, sources_line
from media.content.package import Status, package_url, plan_tag
from media.graphics.infographic import SIZES, checked
from media.graphics.primitives import Drawing
from media.graphics.qr import qr_items
from media.text import PillowMeasurer
from media.typeset.drawing import drawing_data


COLORS = {"rule": "#C9D3DD", "draft": "#B3261E", "gap": "#C77700", "gap_bg": "#FFF4E0", "note_bg": "#EEF3F8",
          "head_bg": "#E4ECF5"}


TEXT_WIDTH_PT = (210 - 2 * 20) * 72 / 25.4  # A4 less the template's 20 mm side margins


DRAWING_SIZES = ("landscape", "square", "portrait", "a4")  # the first of these an infographic lists


def figures_table(rows, lang: str, caption: str | None = None) -> dict:
    return {"t": "table", "columns": [word("doc.col_figure", lang), word("doc.col_label", lang), word("doc.col_source", lang)],
            "widths": [1.1, 2.2, 2.2], "rows": [[r.value, r.label, r.source] for r in rows],
            **({"caption": caption} if caption else {})}


def infographic_block(sb: LoadedStoryboard, index: int, lang: str, number: int, root: Path,
                      width_pt: float = TEXT_WIDTH_PT) -> dict:
    """Infographic `index` as a vector drawing, laid out exactly as its PNG of the first suitable size, with a
    caption naming it and its source (the drawing carries its source line too)."""

    spec = sb.model.infographics[index]
    size = next((s for s in DRAWING_SIZES if s in spec.sizes), spec.sizes[0])
    wpx, hpx = SIZES[size]
    d = checked(sb, index, lang, wpx, hpx, PillowMeasurer())
    if hpx / wpx * width_pt > 600:  # a tall size: keep it on one page with its caption
        width_pt = 560 * wpx / hpx
    caption = f"{word('doc.fig', lang)} {format_number(number, lang)}. {spec.title.get(lang)}."
    line = sources_line(sb, spec, lang)
    if line:
        caption += f" {line}"
    if getattr(spec, "illustrative", False):
        caption += f" ({word('doc.illustrative', lang)})"
    return {"t": "drawing", "d": drawing_data(d, width_pt, _image_path(root)), "caption": localize(caption, lang),
            "id": spec.id}


def _image_path(root: Path):
    def rel(path: str) -> str:
        return "/" + Path(os.path.relpath(Path(path).resolve(), root.resolve())).as_posix()
    return rel


def qr_drawing(url: str, side_pt: float) -> dict:

    items, _ = qr_items(url, 0, 0, side_pt)
    return drawing_data(Drawing(side_pt, side_pt, None, tuple(items)), side_pt)


def qr_block(sb: LoadedStoryboard, lang: str, side_mm: float = 38.0) -> dict:

    url = package_url(sb, lang)
    return {"t": "qr", "d": qr_drawing(url, side_mm * 72 / 25.4), "label": word("doc.qr_label", lang), "url": url,
            "note": word("doc.qr_note", lang)}


def project_root(sb: LoadedStoryboard) -> Path:
    """Images a document reads (the brand logo) live under the project folder; Typst sees only that."""
    return sb.settings_path.parent.parent.resolve()


def document(sb: LoadedStoryboard, lang: str, kind: str, day: _dt.date | None, blocks: list[dict], *,
             subtitle: str | None = None, extra_facts: list[tuple[str, str]] = (), section_per_page: bool = False) -> dict:
    """The whole document as data for `media.typeset`: metadata, cover, running header and footer, blocks."""

    s = sb.settings
    brand = s.brand
    status = Status.of(sb, lang)
    title = sb.model.title.get(lang)
    org = s.organisation.get(lang)
    tag = plan_tag(sb, lang)
    kind_name = word(f"doc.{kind}", lang)
    facts = [(word("doc.organisation", lang), org)]
    if tag:
        facts.append((word("doc.plan_no", lang), localize_digits(str(sb.model.plan), lang)))
    if day is not None:
        facts.append((word("doc.date", lang), both_dates(day, lang)))
    facts += list(extra_facts)
    sources = [t for t, _ in cited_sources(sb, lang)]
    if sources:
        facts.append((word("doc.based_on", lang), "؛ ".join(sources) if lang == "fa" else "; ".join(sources)))
    url = package_url(sb, lang)
    head = f"{tag} · {kind_name}" if tag else kind_name
    return {
        "lang": lang, "region": "IR" if lang == "fa" else None, "dir": "rtl" if lang == "fa" else "ltr",
        "digits": "۱" if lang == "fa" else "1", "h1_page": section_per_page,
        "title": localize(f"{kind_name}: {title}", lang), "author": org,
        "keywords": [k for k in (tag, kind_name, org) if k],
        "date": [day.year, day.month, day.day] if day else None,
        "colors": {"text": brand.text, "primary": brand.primary, "secondary": brand.secondary,
                   "accent": brand.accent, "muted": brand.muted, **COLORS},
        "header": localize(f"{head} · {title}" if len(title) < 60 else head, lang),
        "footer": org,
        "draft": status.label if status.draft else None,
        "approved_short": None if status.draft else status.label,
        "labels": {"page": word("doc.page", lang), "of": word("doc.of", lang)},
        "cover": {"organisation": org, "plan": tag, "title": localize(title, lang), "kind": kind_name,
                  "subtitle": localize(subtitle, lang) if subtitle else None,
                  "status": status.label, "status_note": status.note,
                  "facts": [[a, localize(b, lang)] for a, b in facts],
                  "qr": {"label": word("doc.qr_label", lang), "url": url, "d": qr_drawing(url, 30 * 72 / 25.4)}},
        "blocks": blocks,
    }
