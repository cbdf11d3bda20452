"""Typeset documents (reports, summaries, checklists) to PDF with Typst, from plain data.

Why Typst (PyPI `typst`, a self-contained Rust library): measured here on a 20-section mixed Persian
document it shapes and justifies Persian correctly (HarfBuzz-grade shaping, UAX #9 bidi, mirrored
brackets), writes a tagged PDF with subset embedded fonts, gives identical bytes for identical input
and a fixed timestamp, and compiles warm in ~16 ms for 8 pages, against ~1.35 s for 20 pages with
WeasyPrint 70 (which needs Debian's Pango); ReportLab has no right-to-left paragraph layout.

The documents are data (`doc`, a JSON-able dict) rendered by one template (`document.typ`): storyboard
strings reach Typst only as JSON strings, never as markup, so a `#` or `*` in a storyboard is text.
Nothing is fetched: only the committed Vazirmatn fonts are visible to Typst (no system or bundled
fonts, no `@preview` packages).
"""
from __future__ import annotations

import json
import re
import threading
from functools import lru_cache
from pathlib import Path

from media.errors import EngineError, Location, Problem
from media.text.fonts import font_dir
from media.typeset.textlayer import repair

TEMPLATE = Path(__file__).with_name("document.typ")
COVER = Path(__file__).with_name("cover.typ")  # the printed book's wrap-around cover
# Archival and accessible: PDF/A-2a (ISO 19005-2, level a: tagged, Unicode text) and PDF/UA-1 (ISO 14289-1),
# both through Typst's own export, which checks the document and refuses what would break them.
PDF_STANDARDS = ("a-2a", "ua-1")
_LOCK = threading.Lock()  # one Typst world per process; jobs of the inline executor share it


@lru_cache(maxsize=1)
def _fonts(font_dir: str):
    import typst

    return typst.Fonts(include_system_fonts=False, include_embedded_fonts=False, font_paths=[font_dir])


@lru_cache(maxsize=4)
def _compiler(root: str, font_dir: str):
    """A warm compiler per root folder: fonts parsed once, Typst's caches kept between documents."""
    import typst

    return typst.Compiler(root=root, font_paths=_fonts(font_dir), ignore_system_fonts=True)


@lru_cache(maxsize=2)
def _template(path: Path = TEMPLATE) -> bytes:
    return path.read_bytes()


def typeset(doc: dict, root: Path, timestamp_s: int, template: Path = TEMPLATE) -> bytes:
    """The PDF of `doc`. `root`: the folder image paths in `doc` are relative to. `timestamp_s` (UNIX
    seconds) is the creation date written in the PDF: a fixed one gives the same bytes every build."""
    try:
        import typst
    except ImportError:  # pragma: no cover - a dependency of the project
        raise EngineError(problems=[Problem(Location("typst"), "the Typst engine is missing: pip install typst")]) from None

    data = json.dumps(doc, ensure_ascii=False, sort_keys=True)
    with _LOCK:
        compiler = _compiler(str(Path(root).resolve()), str(font_dir()))
        try:
            pdf, warnings = compiler.compile_with_warnings(input=_template(template), format="pdf", sys_inputs={"doc": data},
                                                           timestamp=int(timestamp_s),
                                                           pdf_standards=list(PDF_STANDARDS))
        except typst.TypstError as exc:
            raise EngineError(problems=[Problem(Location("typst"), f"typesetting failed: {exc.message}")]) from None
    if warnings:  # e.g. a font or glyph not found: never ship tofu
        text = "; ".join(w.message for w in warnings[:3])
        raise EngineError(problems=[Problem(Location("typst"), f"typesetting warned: {text}")])

    return repair(pdf)


_COUNT = re.compile(rb"/Type\s*/Pages\b[^>]*?/Count\s+(\d+)|/Count\s+(\d+)[^>]*?/Type\s*/Pages\b")


def page_count(pdf: bytes) -> int:
    """Pages of a PDF written by `typeset` (one page tree root, no object streams)."""
    counts = [int(a or b) for a, b in _COUNT.findall(pdf)]
    if not counts:
        raise ValueError("no page tree in this PDF")
    return max(counts)


__all__ = ["page_count", "typeset"]
