"""The e-book: one EPUB 3 per language for the whole package (`book/ebook-<lang>.epub`), from the same content as
the printed book (`media.content.book`): a title page with the colophon, the foreword, one chapter per storyboard
(its report sections, figures with their sources, infographics as pictures with alt text, its gaps annex), the
list of sources and the font licence.

Package-wide rather than per storyboard: the call asks for *a* book in print and as an e-book, and a reader on
a phone wants one volume with one table of contents, not five files (each plan's PDFs already exist per
storyboard). Persian is `dir="rtl"` and `xml:lang="fa"` on every document and the package, with a right-to-left
page progression; Vazirmatn is embedded whole (its TTF, 123 KB a weight; no subsetter is installed here) with
its OFL licence as a page of the book. Reproducible (reproducible-builds.org): the package date as every date,
`mimetype` first and stored, the other entries sorted with fixed times and permissions."""
from __future__ import annotations

import datetime as _dt
import io
import uuid
import zipfile
from html import escape
from pathlib import Path

from media.builders import Artifact, PackageBuilder, fonts
from media.content.book import Book, BookPart, book, book_inputs
from media.content.citations import sources_line
from media.content.data import alt_text
from media.content.dates import from_iso
from media.content.words import word
from media.engine import Job
from media.files import write_bytes_atomic
from media.graphics.infographic import SIZES, checked
from media.graphics.raster import render
from media.text import PillowMeasurer
from media.text.fonts import font_dir
from media.text.numerals import format_number, localize

FONTS = ("Vazirmatn-Regular.ttf", "Vazirmatn-Bold.ttf")
IMAGE_WIDTH_PX = 720  # a phone's screen at 2x; the infographic's layout is that of its first suitable size
DRAWING_SIZES = ("landscape", "square", "portrait", "a4")

CSS = """@font-face { font-family: "Vazirmatn"; font-weight: normal; src: url(fonts/Vazirmatn-Regular.ttf); }
@font-face { font-family: "Vazirmatn"; font-weight: bold; src: url(fonts/Vazirmatn-Bold.ttf); }
body { font-family: "Vazirmatn", sans-serif; line-height: 1.7; margin: 0 4%; color: #1B2A3A; overflow-wrap: anywhere; }
h1 { font-size: 1.5em; color: #0B5394; margin-top: 1.2em; }
h2 { font-size: 1.2em; color: #0B5394; }
h3 { font-size: 1.05em; }
.draft { border: 2px solid #B3261E; color: #B3261E; font-weight: bold; padding: 0.3em 0.6em; margin: 0.8em 0; }
.approved { border: 2px solid #0E7C86; color: #0B4F55; font-weight: bold; padding: 0.3em 0.6em; margin: 0.8em 0; }
.gap { background: #FFF4E0; border-inline-start: 4px solid #C77700; padding: 0.3em 0.6em; }
.muted { color: #4A5868; font-size: 0.9em; }
figure { margin: 1em 0; }
figure img { max-width: 100%; height: auto; }
figcaption { font-size: 0.9em; color: #4A5868; }
table { border-collapse: collapse; width: 100%; table-layout: fixed; font-size: 0.9em; }
th, td { border: 1px solid #C9D3DD; padding: 0.3em; vertical-align: top; text-align: start; }
th { background: #E4ECF5; }
caption { text-align: start; font-size: 0.9em; color: #4A5868; }
pre { white-space: pre-wrap; font-family: inherit; font-size: 0.85em; }
"""


def _e(text: str) -> str:
    return escape(text, quote=True)


class EbookBuilder(PackageBuilder):
    name = "ebook"
    kinds = ("ebook",)

    def package_files(self, storyboards) -> list[Path]:
        return [*fonts(), font_dir() / "OFL.txt"]

    def package_inputs(self, storyboards, lang: str) -> dict:
        return book_inputs(storyboards, lang)

    def run(self, job: Job, sb, out_dir: Path, deps) -> list[Artifact]:
        lang = job.params["lang"]
        day = from_iso(job.params["date"])
        self.progress("writing", 0.1)
        data, info = make_epub(tuple(sb), lang, day)
        path = Path(out_dir) / "book" / f"ebook-{lang}.epub"
        path.parent.mkdir(parents=True, exist_ok=True)
        write_bytes_atomic(path, data)
        self.progress("done", 1.0)
        return [Artifact("ebook", path, {"lang": lang, "chapters": info["chapters"], "images": info["images"],
                                         "draft": info["draft"], "title": info["title"]})]


# ---- the documents ---------------------------------------------------------------------------------------------

def _page(lang: str, title: str, body: str, *, etype: str | None = None) -> str:
    direction = "rtl" if lang == "fa" else "ltr"
    if etype:
        body = f'<section epub:type="{etype}">\n{body}\n</section>'
    return ('<?xml version="1.0" encoding="UTF-8"?>\n<!DOCTYPE html>\n'
            f'<html xmlns="http://www.w3.org/1999/xhtml" xmlns:epub="http://www.idpf.org/2007/ops" '
            f'xml:lang="{lang}" lang="{lang}" dir="{direction}">\n'
            f'<head><meta charset="utf-8"/><title>{_e(title)}</title>'
            '<link rel="stylesheet" type="text/css" href="style.css"/></head>\n'
            f'<body>\n{body}\n</body>\n</html>\n')


def _mark(b: Book) -> str:
    cls = "draft" if b.draft else "approved"
    return f'<div class="{cls}" role="note">{_e(b.status)}</div>'


def _url(url: str) -> str:
    return f'<a class="ltr" dir="ltr" href="{_e(url)}">{_e(url)}</a>'


def _title_page(b: Book) -> str:
    lang = b.lang
    rows = [(word("doc.organisation", lang), _e(b.organisation))]
    if b.date_text:
        rows.append((word("doc.date", lang), _e(localize(b.date_text, lang))))
    rows.append((word("book.approval", lang), _e(b.status_note)))
    if b.approved:
        rows.append((word("book.approved_parts", lang), _e(("، " if lang == "fa" else ", ").join(b.approved))))
    if b.drafts:
        rows.append((word("book.draft_parts", lang), _e(("، " if lang == "fa" else ", ").join(b.drafts))))
    if b.isbn:
        rows.append((word("book.isbn", lang), f'<span class="ltr" dir="ltr">{_e(b.isbn)}</span>'))
    rows.append((word("book.font", lang), _e(word("book.font_text", lang))))
    rows.append((word("learn_more", lang), _url(b.base_url + "/")))
    colophon = "\n".join(f"<tr><th scope=\"row\">{_e(k)}</th><td>{v}</td></tr>" for k, v in rows)
    body = (f"{_mark(b)}\n<h1>{_e(b.title)}</h1>\n<p>{_e(b.subtitle)}</p>\n<p>{_e(b.organisation)}</p>\n"
            f"<h2>{_e(word('book.colophon', lang))}</h2>\n<table>\n{colophon}\n</table>")
    return _page(lang, b.title, body, etype="titlepage")


def _foreword(b: Book) -> str:
    lang = b.lang
    body = (f"{_mark(b)}\n<h1>{_e(word('book.foreword', lang))}</h1>\n<p>{_e(localize(b.foreword, lang))}</p>\n"
            f'<p class="muted">{_e(word("book.foreword_source", lang))}</p>')
    return _page(lang, word("book.foreword", lang), body, etype="foreword")


def _part_heading(part: BookPart, lang: str) -> str:
    head = f"{word('book.part', lang)} {format_number(part.number, lang)}"
    return localize(f"{head}: {part.title}", lang)


def _chapter(b: Book, part: BookPart, images: dict[str, tuple[str, str]]) -> str:
    lang = b.lang
    out = [_mark(b) if part.draft else f'<div class="approved" role="note">{_e(word("doc.approved", lang))}</div>',
           f'<h1 id="top">{_e(_part_heading(part, lang))}</h1>']
    if part.tag:
        out.append(f'<p class="muted">{_e(part.tag)}</p>')
    out += [f"<p>{_e(p)}</p>" for p in part.summary]
    fig_no = 0
    for s in part.sections:
        out.append(f'<h2 id="s{s.number}">{_e(localize(f"{s.number}. {s.title}", lang))}</h2>')
        for k, p in enumerate(s.parts):
            if k:
                out.append(f"<h3>{_e(p.title)}</h3>")
            out += [f"<p>{_e(x)}</p>" for x in p.paragraphs]
            if p.points:
                out.append("<ul>" + "".join(f"<li>{_e(x)}</li>" for x in p.points) + "</ul>")
        if s.figures:
            head = "".join(f'<th scope="col">{_e(word(k, lang))}</th>' for k in ("doc.col_figure", "doc.col_label", "doc.col_source"))
            rows = "".join(f"<tr><td>{_e(r.value)}</td><td>{_e(r.label)}</td><td>{_e(r.source)}</td></tr>" for r in s.figures)
            out.append(f"<table><caption>{_e(word('doc.figures', lang))}</caption><thead><tr>{head}</tr></thead>"
                       f"<tbody>{rows}</tbody></table>")
        for iid in s.infographics:
            if iid not in images:
                continue
            fig_no += 1
            src, alt = images[iid]
            spec = part.sb.model.infographic(iid)
            caption = f"{word('doc.fig', lang)} {format_number(fig_no, lang)}. {spec.title.get(lang)}."
            line = sources_line(part.sb, spec, lang)
            if line:
                caption += f" {line}"
            if getattr(spec, "illustrative", False):
                caption += f" ({word('doc.illustrative', lang)})"
            out.append(f'<figure><img src="{_e(src)}" alt="{_e(alt)}"/><figcaption>{_e(localize(caption, lang))}</figcaption></figure>')
        for lv in s.lessons:
            out.append(f"<p>{_e(lv.text)}</p><p class=\"muted\">{_e(word('doc.col_source', lang))}: {_e(lv.source)}</p>")
        line = s.gap_line(lang)
        if line:
            out.append(f'<p class="gap">{_e(line)}</p>')
    out.append(f'<h2 id="gaps">{_e(word("book.gaps", lang))}</h2>')
    items = "".join(f"<li>{_e(localize(f'{g.section}. {g.section_title}', lang))}: {_e(g.text)}</li>" for g in part.gaps)
    out.append(f"<ul>{items}</ul>" if items else f"<p>{_e(word('report.none', lang))}</p>")
    return _page(lang, _part_heading(part, lang), "\n".join(out), etype="chapter")


def _sources(b: Book) -> str:
    lang = b.lang
    items = "".join(f"<li>{_e(s)}</li>" for s in b.sources)
    body = f"{_mark(b)}\n<h1>{_e(word('book.sources', lang))}</h1>\n<ol>{items}</ol>"
    return _page(lang, word("book.sources", lang), body, etype="bibliography")


def _licence(b: Book, text: str) -> str:
    lang = b.lang
    body = (f"<h1>{_e(word('epub.licence', lang))}</h1>\n"
            f'<pre class="ltr" dir="ltr" lang="en" xml:lang="en">{_e(text)}</pre>')
    return _page(lang, word("epub.licence", lang), body, etype="appendix")


def _nav(b: Book, chapters: list[tuple[str, str, list[tuple[str, str]]]]) -> str:
    lang = b.lang
    toc = []
    for href, title, subs in chapters:
        inner = ("<ol>" + "".join(f'<li><a href="{href}#{a}">{_e(t)}</a></li>' for a, t in subs) + "</ol>") if subs else ""
        toc.append(f'<li><a href="{href}">{_e(title)}</a>{inner}</li>')
    body = (f'<nav epub:type="toc" id="toc" role="doc-toc"><h1>{_e(word("doc.contents", lang))}</h1><ol>{"".join(toc)}</ol></nav>\n'
            f'<nav epub:type="landmarks" id="landmarks" hidden="hidden"><h2>{_e(word("epub.nav", lang))}</h2><ol>'
            f'<li><a epub:type="toc" href="nav.xhtml">{_e(word("doc.contents", lang))}</a></li>'
            f'<li><a epub:type="titlepage" href="title.xhtml">{_e(b.title)}</a></li>'
            f'<li><a epub:type="bodymatter" href="foreword.xhtml">{_e(word("epub.start", lang))}</a></li>'
            f'<li><a epub:type="bibliography" href="sources.xhtml">{_e(word("book.sources", lang))}</a></li>'
            "</ol></nav>")
    return _page(lang, word("doc.contents", lang), body)


def _opf(b: Book, day: _dt.date | None, items: list[tuple[str, str, str, str]], spine: list[tuple[str, bool]]) -> str:
    lang = b.lang
    stamp = (day or _dt.date(2026, 1, 1)).isoformat()
    uid = uuid.uuid5(uuid.NAMESPACE_URL, f"{b.base_url}/book/ebook-{lang}.epub")
    meta = [f'<dc:identifier id="uid">urn:uuid:{uid}</dc:identifier>', f"<dc:title>{_e(b.title)}</dc:title>",
            f"<dc:language>{lang}</dc:language>", f"<dc:creator>{_e(b.organisation)}</dc:creator>",
            f"<dc:publisher>{_e(b.organisation)}</dc:publisher>", f"<dc:date>{stamp}</dc:date>",
            f"<dc:description>{_e(b.status)}: {_e(b.status_note)}</dc:description>",
            f"<dc:rights>{_e(b.status)}</dc:rights>",
            f'<meta property="dcterms:modified">{stamp}T00:00:00Z</meta>',
            '<meta property="schema:accessMode">textual</meta>', '<meta property="schema:accessMode">visual</meta>',
            '<meta property="schema:accessModeSufficient">textual</meta>']
    meta += [f'<meta property="schema:accessibilityFeature">{f}</meta>' for f in
             ("alternativeText", "displayTransformability", "readingOrder", "structuralNavigation", "tableOfContents")]
    meta += ['<meta property="schema:accessibilityHazard">none</meta>',
             f'<meta property="schema:accessibilitySummary">{_e(word("epub.a11y", lang))}</meta>']
    if b.isbn:
        meta.append(f'<dc:source>urn:isbn:{_e(b.isbn.replace("-", ""))}</dc:source>')
    manifest = "\n".join(f'<item id="{i}" href="{h}" media-type="{t}"{f" properties={chr(34)}{p}{chr(34)}" if p else ""}/>'
                         for i, h, t, p in items)
    ref = "\n".join(f'<itemref idref="{i}"{"" if linear else " linear=" + chr(34) + "no" + chr(34)}/>' for i, linear in spine)
    direction = "rtl" if lang == "fa" else "ltr"
    return ('<?xml version="1.0" encoding="UTF-8"?>\n'
            f'<package xmlns="http://www.idpf.org/2007/opf" version="3.0" unique-identifier="uid" xml:lang="{lang}" dir="{direction}">\n'
            '<metadata xmlns:dc="http://purl.org/dc/elements/1.1/">\n' + "\n".join(meta) + "\n</metadata>\n"
            f"<manifest>\n{manifest}\n</manifest>\n<spine page-progression-direction=\"{direction}\">\n{ref}\n</spine>\n</package>\n")


CONTAINER = ('<?xml version="1.0" encoding="UTF-8"?>\n<container version="1.0" xmlns="urn:oasis:names:tc:opendocument:xmlns:container">'
             '<rootfiles><rootfile full-path="EPUB/package.opf" media-type="application/oebps-package+xml"/></rootfiles>'
             "</container>\n")


def _image(sb, index: int, lang: str) -> bytes:
    spec = sb.model.infographics[index]
    size = next((s for s in DRAWING_SIZES if s in spec.sizes), spec.sizes[0])
    wpx, hpx = SIZES[size]
    img = render(checked(sb, index, lang, wpx, hpx, PillowMeasurer()), scale=IMAGE_WIDTH_PX / wpx).convert("RGB")
    buf = io.BytesIO()
    img.save(buf, "PNG", optimize=True)
    return buf.getvalue()


def make_epub(storyboards, lang: str, day: _dt.date | None) -> tuple[bytes, dict]:
    """The EPUB's bytes and what it holds (chapters, images). Same inputs, same bytes."""
    b = book(storyboards, lang, day)
    files: dict[str, bytes] = {"EPUB/style.css": CSS.encode()}
    items = [("css", "style.css", "text/css", ""), ("nav", "nav.xhtml", "application/xhtml+xml", "nav")]
    for k, name in enumerate(FONTS):
        files[f"EPUB/fonts/{name}"] = (font_dir() / name).read_bytes()
        items.append((f"font{k}", f"fonts/{name}", "font/ttf", ""))
    chapters: list[tuple[str, str, list[tuple[str, str]]]] = [("title.xhtml", b.title, []),
                                                             ("foreword.xhtml", word("book.foreword", lang), [])]
    files["EPUB/title.xhtml"] = _title_page(b).encode()
    files["EPUB/foreword.xhtml"] = _foreword(b).encode()
    n_images = 0
    for part in b.parts:
        images = {}
        for index, spec in enumerate(part.sb.model.infographics):
            if not any(spec.id in s.infographics for s in part.sections):
                continue
            href = f"images/{part.sb.id}-{spec.id}.png"
            files[f"EPUB/{href}"] = _image(part.sb, index, lang)
            items.append((f"img-{part.sb.id}-{spec.id}", href, "image/png", ""))
            images[spec.id] = (href, localize(alt_text(part.sb, spec, lang), lang))
            n_images += 1
        href = f"part-{part.sb.id}.xhtml"
        files[f"EPUB/{href}"] = _chapter(b, part, images).encode()
        subs = [(f"s{s.number}", localize(f"{s.number}. {s.title}", lang)) for s in part.sections]
        chapters.append((href, _part_heading(part, lang), subs + [("gaps", word("book.gaps", lang))]))
    files["EPUB/sources.xhtml"] = _sources(b).encode()
    chapters.append(("sources.xhtml", word("book.sources", lang), []))
    files["EPUB/licence.xhtml"] = _licence(b, (font_dir() / "OFL.txt").read_text(encoding="utf-8")).encode()
    files["EPUB/nav.xhtml"] = _nav(b, chapters).encode()
    spine = [(Path(h).stem.replace(".", "-"), True) for h, _, _ in chapters] + [("licence", False)]
    spine.insert(1, ("nav", True))  # the contents page after the title page (the landmarks point to it)
    for h, _, _ in chapters:
        items.append((Path(h).stem.replace(".", "-"), h, "application/xhtml+xml", ""))
    items.append(("licence", "licence.xhtml", "application/xhtml+xml", ""))
    files["EPUB/package.opf"] = _opf(b, day, items, spine).encode()
    files["META-INF/container.xml"] = CONTAINER.encode()
    return _zip(files, day), {"chapters": len(chapters), "images": n_images, "draft": b.draft, "title": b.title}


def _zip(files: dict[str, bytes], day: _dt.date | None) -> bytes:
    """`mimetype` first and stored (the OCF rule), then every entry sorted, with the package date and 0644."""
    when = (day or _dt.date(2026, 1, 1))
    stamp = (max(when.year, 1980), when.month, when.day, 0, 0, 0)
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as z:
        info = zipfile.ZipInfo("mimetype", stamp)
        info.compress_type = zipfile.ZIP_STORED
        info.external_attr = 0o644 << 16
        z.writestr(info, b"application/epub+zip")
        for name in sorted(files):
            info = zipfile.ZipInfo(name, stamp)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = 0o644 << 16
            z.writestr(info, files[name], compresslevel=9)
    return buf.getvalue()
