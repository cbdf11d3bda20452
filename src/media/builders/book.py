"""The book, one volume per language for the whole package (`book/book-<lang>.pdf` for the screen,
`book/book-<lang>-print.pdf` with 3 mm bleed and crop marks, `book/book-<lang>-cover.pdf` the wrap-around cover
whose spine follows the page count: spine = pages x `book.paper_mm`; with `book.isbn` set the back cover
carries its EAN-13 bars). Content from `media.content.book`: cover and title page, colophon, contents,
foreword, one part per storyboard (its report sections, figures with their sources, infographics as vectors),
a gaps annex per part, and the list of sources. Typeset with Typst like the other documents (PDF/A-2a, PDF/UA-1)."""
from __future__ import annotations

import datetime as _dt
from pathlib import Path

from media.builders import Artifact, PackageBuilder, brand_logo, fonts
from media.content.book import Book, BookPart, book, book_inputs, ordered
from media.content.dates import UNDATED, from_iso
from media.content.words import word
from media.engine import Job
from media.files import write_bytes_atomic
from media.graphics.barcode import ean13_modules
from media.typeset import COVER, TEMPLATE, page_count, typeset
from media.text.numerals import format_number, localize
from media.typeset.blocks import COLORS, figures_table, infographic_block, project_root, qr_drawing

BLEED_MM = 3.0  # the printer's usual bleed
SLUG_MM = 9.0  # room outside the bleed for the crop marks
PAGE_MM = (210.0, 297.0)  # A4 trim


def _part_heading(part: BookPart, lang: str) -> str:
    return localize(f"{word('book.part', lang)} {format_number(part.number, lang)}: {part.title}", lang)


def book_blocks(b: Book, root: Path) -> list[dict]:
    lang = b.lang
    sep = "، " if lang == "fa" else ", "
    rows = [[word("book.approval", lang), b.status_note]]
    if b.approved:
        rows.append([word("book.approved_parts", lang), sep.join(b.approved)])
    if b.drafts:
        rows.append([word("book.draft_parts", lang), sep.join(b.drafts)])
    if b.date_text:
        rows.append([word("doc.date", lang), localize(b.date_text, lang)])
    if b.isbn:
        rows.append([word("book.isbn", lang), b.isbn])
    rows.append([word("book.font", lang), word("book.font_text", lang)])
    rows.append([word("sources", lang), ("؛ " if lang == "fa" else "; ").join(s.split(" (")[0] for s in b.sources)])
    blocks: list[dict] = [
        {"t": "h", "level": 1, "text": word("book.colophon", lang), "numbered": False},
        {"t": "table", "columns": [word("book.colophon", lang), ""], "widths": [1, 3], "rows": rows},
        {"t": "pagebreak"},
        {"t": "outline", "title": word("doc.contents", lang), "depth": 2},
        {"t": "h", "level": 1, "text": word("book.foreword", lang), "numbered": False},
        {"t": "p", "text": localize(b.foreword, lang)},
        {"t": "note", "tone": "info", "text": word("book.foreword_source", lang)},
        {"t": "note", "tone": "info", "text": b.status_note},
    ]
    for part in b.parts:
        sb = part.sb
        index = {i.id: k for k, i in enumerate(sb.model.infographics)}
        blocks.append({"t": "h", "level": 1, "text": _part_heading(part, lang), "numbered": False})
        if part.draft != b.draft or not part.draft:
            blocks.append({"t": "note", "tone": "info", "text": word("doc.approved" if not part.draft else "draft_mark", lang)})
        blocks += [{"t": "p", "text": p} for p in part.summary]
        fig_no = 0
        for s in part.sections:
            blocks.append({"t": "h", "level": 2, "text": localize(f"{s.number}. {s.title}", lang), "numbered": False})
            for k, p in enumerate(s.parts):
                if k:
                    blocks.append({"t": "h", "level": 3, "text": p.title, "numbered": False, "outlined": False})
                blocks += [{"t": "p", "text": x} for x in p.paragraphs]
                if p.points:
                    blocks.append({"t": "list", "items": list(p.points)})
            if s.figures:
                blocks.append(figures_table(s.figures, lang, caption=word("doc.figures", lang)))
            for iid in s.infographics:
                fig_no += 1
                blocks.append(infographic_block(sb, index[iid], lang, fig_no, root))
            for lv in s.lessons:
                blocks.append({"t": "p", "text": lv.text})
                blocks.append({"t": "note", "tone": "info", "text": f"{word('doc.col_source', lang)}: {lv.source}"})
            line = s.gap_line(lang)
            if line:
                blocks.append({"t": "note", "text": line})
        blocks.append({"t": "h", "level": 2, "text": word("book.gaps", lang), "numbered": False})
        blocks.append({"t": "table", "columns": [word("report.col_section", lang), word("report.col_item", lang)],
                       "widths": [1.3, 3], "rows": [[localize(f"{g.section}. {g.section_title}", lang), g.text]
                                                    for g in part.gaps] or [["—", word("report.none", lang)]]})
    blocks.append({"t": "h", "level": 1, "text": word("book.sources", lang), "numbered": False})
    blocks.append({"t": "list", "items": list(b.sources) or [word("report.none", lang)]})
    return blocks


def book_document(b: Book, sbs, blocks: list[dict], day: _dt.date | None) -> dict:
    lang = b.lang
    brand = sbs[0].settings.brand
    url = b.base_url + ("/" if lang == "fa" else "/en/")
    facts = [(word("doc.organisation", lang), b.organisation)]
    if b.date_text:
        facts.append((word("doc.date", lang), localize(b.date_text, lang)))
    if b.isbn:
        facts.append((word("book.isbn", lang), b.isbn))
    kind = word("doc.book", lang)
    return {
        "lang": lang, "region": "IR" if lang == "fa" else None, "dir": "rtl" if lang == "fa" else "ltr",
        "digits": "۱" if lang == "fa" else "1", "h1_page": True,
        "title": b.title, "author": b.organisation, "keywords": [kind, b.organisation],
        "date": [day.year, day.month, day.day] if day else None,
        "colors": {"text": brand.text, "primary": brand.primary, "secondary": brand.secondary,
                   "accent": brand.accent, "muted": brand.muted, **COLORS},
        "header": f"{kind} · {b.title}", "footer": b.organisation,
        "draft": b.status if b.draft else None, "approved_short": None if b.draft else b.status,
        "labels": {"page": word("doc.page", lang), "of": word("doc.of", lang)},
        "cover": {"organisation": b.organisation, "plan": None, "title": b.title, "kind": kind,
                  "subtitle": b.subtitle, "status": b.status, "status_note": b.status_note,
                  "facts": [[k, v] for k, v in facts],
                  "qr": {"label": word("learn_more", lang), "url": url, "d": qr_drawing(url, 30 * 72 / 25.4)}},
        "blocks": blocks,
    }


def cover_document(b: Book, doc: dict, pages: int, paper_mm: float) -> dict:
    spine_mm = round(pages * paper_mm, 3)
    return {"lang": doc["lang"], "region": doc["region"], "dir": doc["dir"], "title": doc["title"], "author": doc["author"],
            "keywords": doc["keywords"], "date": doc["date"], "colors": doc["colors"],
            "bleed_mm": BLEED_MM, "page_w_mm": PAGE_MM[0], "page_h_mm": PAGE_MM[1], "spine_mm": spine_mm,
            "organisation": b.organisation, "subtitle": b.subtitle, "spine_text": b.title,
            "draft": doc["draft"], "status_note": b.status_note, "blurb": localize(b.foreword, b.lang),
            "isbn": b.isbn, "modules": ean13_modules(b.isbn) if b.isbn else None}


class BookBuilder(PackageBuilder):
    name = "book"
    kinds = ("book", "book-print", "book-cover")
    job_cost_s = 3.0

    def package_files(self, storyboards) -> list[Path]:
        return [*fonts(), *brand_logo(ordered(storyboards)[0]), TEMPLATE, COVER]

    def package_inputs(self, storyboards, lang: str) -> dict:
        return book_inputs(ordered(storyboards), lang)

    def make(self, storyboards, lang: str, day: _dt.date | None) -> dict[str, tuple[bytes, dict]]:
        """The three PDFs by kind, each with what the manifest says of it."""
        sbs = ordered(storyboards)
        b = book(sbs, lang, day)
        root = project_root(sbs[0])
        doc = book_document(b, sbs, book_blocks(b, root), day)
        stamp = day or UNDATED
        epoch = int(_dt.datetime(stamp.year, stamp.month, stamp.day, tzinfo=_dt.timezone.utc).timestamp())
        screen = typeset(doc, root, epoch)
        printed = typeset({**doc, "print": {"bleed": BLEED_MM, "slug": SLUG_MM}}, root, epoch)
        pages = page_count(printed)
        paper_mm = sbs[0].settings.book.paper_mm
        cover_doc = cover_document(b, {**doc, "date": doc["date"] or [stamp.year, stamp.month, stamp.day]}, pages, paper_mm)
        cover = typeset(cover_doc, root, epoch, template=COVER)
        width_mm = 2 * PAGE_MM[0] + cover_doc["spine_mm"] + 2 * BLEED_MM
        return {"book": (screen, {"pages": page_count(screen), "title": b.title, "draft": b.draft}),
                "book-print": (printed, {"pages": pages, "bleed_mm": BLEED_MM, "slug_mm": SLUG_MM, "draft": b.draft}),
                "book-cover": (cover, {"spine_mm": cover_doc["spine_mm"], "width_mm": round(width_mm, 3),
                                       "height_mm": PAGE_MM[1] + 2 * BLEED_MM, "isbn": b.isbn, "draft": b.draft})}

    def run(self, job: Job, sb, out_dir: Path, deps) -> list[Artifact]:
        lang = job.params["lang"]
        self.progress("typesetting", 0.1)
        made = self.make(tuple(sb), lang, from_iso(job.params["date"]))
        names = {"book": f"book-{lang}.pdf", "book-print": f"book-{lang}-print.pdf", "book-cover": f"book-{lang}-cover.pdf"}
        out = []
        for kind, (pdf, extra) in made.items():
            path = Path(out_dir) / "book" / names[kind]
            path.parent.mkdir(parents=True, exist_ok=True)
            write_bytes_atomic(path, pdf)
            out.append(Artifact(kind, path, {"lang": lang, **extra}))
        self.progress("done", 1.0)
        return out
