"""What the three documents (report, summary, checklist) share: fixed words, dates, the status of a copy,
sources as shown, figures as table rows, infographics and QR codes as vector drawings, the cover, and the
builder that plans one job per storyboard and language and typesets its PDF with `media.typeset`.

Content is resolved here into plain data (strings already in the language, digits localised); the
Typst template only lays it out. The site and the deck can use the same data (see `report.sections`,
`checklist.items`)."""
from __future__ import annotations

import datetime as _dt
import os
from dataclasses import dataclass
from pathlib import Path
from typing import ClassVar

from media.builders import Artifact, Builder, brand_logo, fonts
from media.engine import Job
from media.files import write_bytes_atomic
from media.graphics.words import word
from media.storyboard import LoadedStoryboard
from media.storyboard import model as m
from media.text.numerals import format_figure, format_number, localize, localize_digits

WORDS: dict[str, tuple[str, str]] = {
    "report": ("گزارش جامع", "Comprehensive report"),
    "summary": ("خلاصه مدیریتی", "Executive summary"),
    "checklist": ("چک‌لیست درس‌آموخته‌ها و آمادگی اجرا", "Lessons-and-readiness checklist"),
    "contents": ("فهرست مطالب", "Contents"),
    "page": ("صفحه", "Page"),
    "of": ("از", "of"),
    "to_gather": ("هنوز گردآوری نشده:", "Still to be gathered:"),
    "figures": ("ارقام این بخش", "Figures in this section"),
    "col_figure": ("رقم", "Figure"),
    "col_label": ("شرح", "What it counts"),
    "col_source": ("منبع", "Source"),
    "fig": ("شکل", "Figure"),
    "table": ("جدول", "Table"),
    "date": ("تاریخ", "Date"),
    "organisation": ("سازمان", "Organisation"),
    "plan_no": ("شماره طرح", "Plan number"),
    "based_on": ("بر پایه", "Based on"),
    "status": ("وضعیت", "Status"),
    "qr_label": ("نسخه دیجیتال و صفحه طرح در بسته دانشی", "Digital version and the plan's page in the knowledge package"),
    "qr_note": ("این کد را با تلفن همراه اسکن کنید یا نشانی را باز کنید.", "Scan the code with a phone or open the link."),
    "draft_note": ("فراخوان انتشار هر داده یا سندی را بدون مجوز کتبی منع کرده است و برای این نسخه مجوزی ثبت نشده است.",
                   "The call forbids publishing any data or document without written permission; none is recorded "
                   "for this copy."),
    "approved": ("مجوز انتشار دارد", "Approved for publication"),
    "approved_by": ("مجوز انتشار: {by}، {date}، شماره {ref}", "Approved for publication by {by} on {date} (reference {ref})"),
    "illustrative": ("داده نمایشی، نه داده سازمان", "Illustrative data, not SSO data"),
    "expected": ("مورد انتظار", "expected"),
}

JALALI_MONTHS_EN = ("Farvardin", "Ordibehesht", "Khordad", "Tir", "Mordad", "Shahrivar", "Mehr", "Aban", "Azar",
                    "Dey", "Bahman", "Esfand")
GREGORIAN_MONTHS_FA = ("ژانویه", "فوریه", "مارس", "آوریل", "مه", "ژوئن", "ژوئیه", "اوت", "سپتامبر", "اکتبر",
                       "نوامبر", "دسامبر")
COLORS = {"rule": "#C9D3DD", "draft": "#B3261E", "gap": "#C77700", "gap_bg": "#FFF4E0", "note_bg": "#EEF3F8",
          "head_bg": "#E4ECF5"}
TEXT_WIDTH_PT = (210 - 2 * 20) * 72 / 25.4  # A4 less the template's 20 mm side margins
DRAWING_SIZES = ("landscape", "square", "portrait", "a4")  # the first of these an infographic lists


def w(key: str, lang: str) -> str:
    fa, en = WORDS[key]
    return fa if lang == "fa" else en


def loc(text: str, lang: str) -> str:
    """Running text as shown: Persian digits and separators in Persian."""
    return localize(text, lang)


# ---- dates and status -----------------------------------------------------------------------------------

def both_dates(day: _dt.date, lang: str) -> str:
    """'۳ آذر ۱۴۰۵ (۲۴ نوامبر ۲۰۲۶)' or '24 November 2026 (3 Azar 1405 SH)': Jalali and Gregorian."""
    import jdatetime

    from media.builders.poster import format_date

    j = jdatetime.date.fromgregorian(date=day)
    if lang == "fa":
        greg = localize_digits(f"{day.day} {GREGORIAN_MONTHS_FA[day.month - 1]} {day.year}", "fa")
        return f"{format_date(day, 'fa')} ({greg})"
    return f"{format_date(day, 'en')} ({j.day} {JALALI_MONTHS_EN[j.month - 1]} {j.year} SH)"


@dataclass(frozen=True)
class Status:
    draft: bool
    label: str  # the mark every page carries
    note: str

    @classmethod
    def of(cls, sb: LoadedStoryboard, lang: str) -> "Status":
        a = sb.model.approval
        if a is None:
            return cls(True, word("draft_mark", lang), w("draft_note", lang))
        day = _dt.date.fromisoformat(a.date)
        note = w("approved_by", lang).format(by=a.by_text(lang), date=both_dates(day, lang), ref=a.reference)
        return cls(False, w("approved", lang), loc(note, lang) if lang == "fa" else note)


# ---- sources and figures ----------------------------------------------------------------------------------

def source_text(sb: LoadedStoryboard, src: m.Source | None, lang: str) -> str:
    """'<document title>، <section>' in the output's language; never a file name."""
    if src is None:
        return ""
    doc = sb.settings.sources.get(src.seed)
    title = doc.title.get(lang) if doc else src.seed
    sep = "، " if lang == "fa" else ", "
    return loc(f"{title}{sep}{src.section_text(lang)}", lang)


def figure_value(f: m.Figure, lang: str) -> str:
    number = format_figure(f, lang)
    unit = f.unit.get(lang) if f.unit else ""
    if unit.strip() in ("%", "٪"):
        number, unit = number + ("٪" if lang == "fa" else "%"), ""
    return " ".join(p for p in (f.prefix.get(lang) if f.prefix else "", number, unit) if p)


@dataclass(frozen=True)
class FigureRow:
    id: str
    value: str
    label: str
    source: str  # document title and section, or the illustrative label
    illustrative: bool


def figure_row(sb: LoadedStoryboard, f: m.Figure, lang: str) -> FigureRow:
    src = w("illustrative", lang) if f.illustrative or f.source is None else source_text(sb, f.source, lang)
    from media.graphics.words import with_claim

    return FigureRow(f.id, figure_value(f, lang), loc(with_claim(f.label.get(lang), f, lang), lang), src, f.illustrative)


def figures_table(rows, lang: str, caption: str | None = None) -> dict:
    return {"t": "table", "columns": [w("col_figure", lang), w("col_label", lang), w("col_source", lang)],
            "widths": [1.1, 2.2, 2.2], "rows": [[r.value, r.label, r.source] for r in rows],
            **({"caption": caption} if caption else {})}


def cited_sources(sb: LoadedStoryboard, lang: str) -> list[tuple[str, list[str]]]:
    """Every seed document the storyboard cites, in order of first use, with the sections cited."""
    from media.builders.infographics import _sources

    found: dict[str, list[str]] = {}

    def add(src: m.Source | None) -> None:
        if src is None:
            return
        secs = found.setdefault(src.seed, [])
        text = loc(src.section_text(lang), lang)
        if text not in secs:
            secs.append(text)

    for f in sb.model.figures:
        add(f.source)
    for info in sb.model.infographics:
        for s in _sources(sb, info):
            add(s)
    import re

    def natural(text: str):
        return [int(x) if x.isdigit() else x for x in re.split(r"(\d+)", localize_digits(text, "en"))]

    out = []
    for seed, secs in found.items():
        secs.sort(key=natural)
        doc = sb.settings.sources.get(seed)
        out.append((doc.title.get(lang) if doc else seed, secs))
    return out


# ---- pictures -----------------------------------------------------------------------------------------------

def infographic_block(sb: LoadedStoryboard, index: int, lang: str, number: int, root: Path,
                      width_pt: float = TEXT_WIDTH_PT) -> dict:
    """Infographic `index` as a vector drawing, laid out exactly as its PNG of the first suitable size, with a
    caption naming it and its source (the drawing carries its source line too)."""
    from media.builders.infographics import SIZES, checked, sources_line
    from media.text import PillowMeasurer
    from media.typeset.drawing import drawing_data

    spec = sb.model.infographics[index]
    size = next((s for s in DRAWING_SIZES if s in spec.sizes), spec.sizes[0])
    wpx, hpx = SIZES[size]
    d = checked(sb, index, lang, wpx, hpx, PillowMeasurer())
    if hpx / wpx * width_pt > 600:  # a tall size: keep it on one page with its caption
        width_pt = 560 * wpx / hpx
    caption = f"{w('fig', lang)} {format_number(number, lang)}. {spec.title.get(lang)}."
    line = sources_line(sb, spec, lang)
    if line:
        caption += f" {line}"
    if getattr(spec, "illustrative", False):
        caption += f" ({w('illustrative', lang)})"
    return {"t": "drawing", "d": drawing_data(d, width_pt, _image_path(root)), "caption": loc(caption, lang),
            "id": spec.id}


def _image_path(root: Path):
    def rel(path: str) -> str:
        return "/" + Path(os.path.relpath(Path(path).resolve(), root.resolve())).as_posix()
    return rel


def qr_drawing(url: str, side_pt: float) -> dict:
    from media.graphics.primitives import Drawing
    from media.graphics.qr import qr_items
    from media.typeset.drawing import drawing_data

    items, _ = qr_items(url, 0, 0, side_pt)
    return drawing_data(Drawing(side_pt, side_pt, None, tuple(items)), side_pt)


def qr_block(sb: LoadedStoryboard, lang: str, side_mm: float = 38.0) -> dict:
    from media.builders.infographics import package_url

    url = package_url(sb, lang)
    return {"t": "qr", "d": qr_drawing(url, side_mm * 72 / 25.4), "label": w("qr_label", lang), "url": url,
            "note": w("qr_note", lang)}


# ---- the document -------------------------------------------------------------------------------------------

def project_root(sb: LoadedStoryboard) -> Path:
    """Images a document reads (the brand logo) live under the project folder; Typst sees only that."""
    return sb.settings_path.parent.parent.resolve()


def plan_tag(sb: LoadedStoryboard, lang: str) -> str | None:
    return f"{word('plan', lang)} {localize_digits(str(sb.model.plan), lang)}" if sb.model.plan is not None else None


def document(sb: LoadedStoryboard, lang: str, kind: str, day: _dt.date, blocks: list[dict], *,
             subtitle: str | None = None, extra_facts: list[tuple[str, str]] = (), section_per_page: bool = False) -> dict:
    """The whole document as data for `media.typeset`: metadata, cover, running header and footer, blocks."""
    from media.builders.infographics import package_url

    s = sb.settings
    brand = s.brand
    status = Status.of(sb, lang)
    title = sb.model.title.get(lang)
    org = s.organisation.get(lang)
    tag = plan_tag(sb, lang)
    kind_name = w(kind, lang)
    facts = [(w("organisation", lang), org)]
    if tag:
        facts.append((w("plan_no", lang), localize_digits(str(sb.model.plan), lang)))
    facts.append((w("date", lang), both_dates(day, lang)))
    facts += list(extra_facts)
    sources = [t for t, _ in cited_sources(sb, lang)]
    if sources:
        facts.append((w("based_on", lang), "؛ ".join(sources) if lang == "fa" else "; ".join(sources)))
    url = package_url(sb, lang)
    head = f"{tag} · {kind_name}" if tag else kind_name
    return {
        "lang": lang, "region": "IR" if lang == "fa" else None, "dir": "rtl" if lang == "fa" else "ltr",
        "digits": "۱" if lang == "fa" else "1", "h1_page": section_per_page,
        "title": loc(f"{kind_name}: {title}", lang), "author": org,
        "keywords": [k for k in (tag, kind_name, org) if k],
        "date": [day.year, day.month, day.day],
        "colors": {"text": brand.text, "primary": brand.primary, "secondary": brand.secondary,
                   "accent": brand.accent, "muted": brand.muted, **COLORS},
        "header": loc(f"{head} · {title}" if len(title) < 60 else head, lang),
        "footer": org,
        "draft": status.label if status.draft else None,
        "approved_short": None if status.draft else status.label,
        "labels": {"page": w("page", lang), "of": w("of", lang)},
        "cover": {"organisation": org, "plan": tag, "title": loc(title, lang), "kind": kind_name,
                  "subtitle": loc(subtitle, lang) if subtitle else None,
                  "status": status.label, "status_note": status.note,
                  "facts": [[a, loc(b, lang)] for a, b in facts],
                  "qr": {"label": w("qr_label", lang), "url": url, "d": qr_drawing(url, 30 * 72 / 25.4)}},
        "blocks": blocks,
    }


def inputs_of(sb: LoadedStoryboard, lang: str, kind: str, day: _dt.date) -> dict:
    """Everything a document reads, for its job key (a Persian job's key ignores English text). Scenes count
    only for which section their infographics and figures belong to; narration is not read."""
    from media.storyboard.views import monolingual

    model = sb.model
    scenes = [(sc.section, sc.infographic, list(sc.figures)) for sc in model.scenes]
    return {"kind": kind, "date": day.isoformat(), "id": sb.id,
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
        from media.builders.poster import build_date

        day = build_date()
        from media.typeset import TEMPLATE

        # the Typst template is read like a font: its bytes are part of the key (it is not a Python module)
        return [self.job(sb, lang, self.name, inputs_of(sb, lang, self.name, day),
                         files=[*fonts(), *brand_logo(sb), TEMPLATE], params={"date": day.isoformat()}, cost_s=0.5)]

    def blocks(self, sb: LoadedStoryboard, lang: str, root: Path) -> list[dict]:
        raise NotImplementedError

    def subtitle(self, sb: LoadedStoryboard, lang: str) -> str | None:
        return sb.model.subtitle.get(lang) if sb.model.subtitle else None

    def make(self, sb: LoadedStoryboard, lang: str, day: _dt.date) -> tuple[bytes, dict]:
        """The PDF bytes and the document data (tests read the data too)."""
        from media.typeset import typeset

        root = project_root(sb)
        doc = document(sb, lang, self.name, day, self.blocks(sb, lang, root), subtitle=self.subtitle(sb, lang),
                       section_per_page=self.section_per_page)
        epoch = int(_dt.datetime(day.year, day.month, day.day, tzinfo=_dt.timezone.utc).timestamp())
        return typeset(doc, root, epoch), doc

    def run(self, job: Job, sb: LoadedStoryboard, out_dir: Path, deps) -> list[Artifact]:
        from media.builders.infographics import package_url
        from media.typeset import page_count

        day = _dt.date.fromisoformat(job.params["date"])
        self.progress("typesetting", 0.1)
        pdf, doc = self.make(sb, job.lang, day)
        path = Path(out_dir) / "documents" / f"{sb.id}-{self.name}-{job.lang}.pdf"
        path.parent.mkdir(parents=True, exist_ok=True)
        write_bytes_atomic(path, pdf)
        self.progress("done", 1.0)
        return [Artifact(self.name, path, {"pages": page_count(pdf), "title": doc["title"],
                                           "draft": doc["draft"] is not None, "qr_url": package_url(sb, job.lang)})]

