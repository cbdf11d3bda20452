"""The Persian text layer of our ReportLab PDFs, read back by poppler (pdftotext): the words as written,
ZWNJ and ligatures included, while the drawn glyphs stay exactly `visual()`'s (see media.text.tounicode)."""
from __future__ import annotations

import subprocess
import unicodedata
from functools import partial

import pytest
from reportlab.pdfgen import canvas

from media.text import PdfMeasurer, TextStyle, layout, localize, paint_pdf
from media.text.fonts import font_path
from media.text.pdf_fonts import pdf_font_name
from media.text.shaping import JOINERS, visual, visual_glyphs
from media.text.tounicode import MIRROR_ALIASES, drawn_char, glyph_text, presentation_form
from tests.test_text_ocr import CASES

def plain_paint_pdf(canvas, block, x, y_top, fill=None, font_name=pdf_font_name) -> None:
    """The PDF text painter as it was before the logical text layer: each line drawn as `visual()`'s string,
    in one piece. The reference the page must still look like."""
    if fill is not None:
        canvas.setFillColor(fill)
    for i, line in enumerate(block.lines):
        if line.text:
            canvas.setFont(font_name(block.weight), block.size)
            canvas.drawString(block.line_x(i, x), y_top - block.baseline(i, 0.0), visual(line.text, block.direction))


MORE = [
    ("fa", "کلاس لا و الله، مثلاً «لأن» و لإصلاح", 1400),  # lam-alef ligatures, one with a mark after it
    ("fa", "کارگاه‌های (برابر) [۱] و «شایسته‌یار»", 1400),  # brackets mirrored in a right-to-left run
    ("fa", "\u200cنیم‌فاصله در آغاز و پایان\u200c", 1400),  # joiners at the ends of a line
    ("en", "Tokens «x» (y) in کارگاه‌های (برابر) here", 1400),  # Persian inside an English line
]
TEXTS = [(lang, localize(text, lang)) for lang, text, _ in CASES + MORE]


@pytest.mark.parametrize("lang,text", TEXTS)
def test_drawn_glyphs_are_exactly_what_visual_draws(lang, text):
    """Without the joiners put back, the drawn characters are `visual()`'s string: the page cannot change."""
    direction = "rtl" if lang == "fa" else "ltr"
    glyphs = visual_glyphs(text, direction)
    drawn = "".join(d for d, _ in glyphs)
    assert "".join(ch for ch in drawn if ch not in JOINERS) == visual(text, direction)
    assert sum(ch in JOINERS for ch in drawn) == sum(ch in JOINERS for ch in text)
    for d, meant in glyphs:
        assert d == meant or unicodedata.mirrored(meant), (d, meant)


def test_glyph_text():
    assert glyph_text(ord("ﻧ")) == "ن" and glyph_text(ord("ﯼ")) == "ی" and glyph_text(ord("ﮐ")) == "ک"
    assert glyph_text(ord("ﻻ")) == "ال"  # stored reversed: poppler reverses a right-to-left run char by char
    assert glyph_text(ord("A")) == "A" and glyph_text(0xFEFF) == "\ufeff" and glyph_text(0x200C) == "\u200c"
    assert drawn_char(")", "(") == chr(MIRROR_ALIASES + ord("(")) and glyph_text(ord(drawn_char(")", "("))) == "("
    assert drawn_char("a", "a") == "a"


def _persian_words(text: str) -> list[str]:
    """Maximal runs of Arabic-script letters, their marks and joiners. (Around numbers, Latin runs and
    punctuation poppler's own bidi moves spaces and brackets about, as it does in the Typst reports, so
    "۶۰ مسئله" reads "۶۰مسئله": the words are what a search finds.)"""
    words, word = [], ""
    for ch in text + " ":
        if unicodedata.bidirectional(ch) in ("AL", "NSM") or ch in JOINERS:
            word += ch
        elif word:
            words.append(word)
            word = ""
    return words


def _pdf_words(path, texts, painter) -> list[str]:
    """Draw each text on its own line with `painter`; the Persian words pdftotext reads back."""
    c = canvas.Canvas(str(path), pagesize=(1400, 40 * len(texts) + 40), invariant=1)
    for i, (lang, text) in enumerate(texts):
        block = layout(text, lang, 1300, None, TextStyle(size=14), PdfMeasurer())
        painter(c, block, 20, 40 * len(texts) + 20 - 40 * i, "#000000")
    c.save()
    out = subprocess.run(["pdftotext", str(path), "-"], capture_output=True, text=True, check=True).stdout
    return _persian_words(out)


def test_pdftotext_reads_every_persian_word_as_written(tmp_path):
    words = _pdf_words(tmp_path / "ours.pdf", TEXTS, paint_pdf)
    wanted = [w for _, t in TEXTS for w in _persian_words(t)]
    assert any("\u200c" in w for w in wanted) and {"لا", "الله", "مثلاً", "لأن"} <= set(wanted)
    missing = [w for w in wanted if w not in words]
    assert not missing, f"not read back: {missing}\nread: {' '.join(words)}"
    assert not [ch for w in words for ch in w if presentation_form(ord(ch))]


def test_the_plain_visual_drawing_fails_that_check(tmp_path, monkeypatch):
    """The painter as it was (visual-order presentation forms, ReportLab's own ToUnicode) loses most words."""
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.ttfonts import TTFont

    def plain_font(weight: str) -> str:
        # ReportLab's registerFont would hand back the registered font of the same face (ours): put a plain
        # TTFont in its table directly, for this test only
        name = f"plain-{weight}"
        if name not in pdfmetrics._fonts:
            monkeypatch.setitem(pdfmetrics._fonts, name, TTFont(name, str(font_path(weight))))
        return name

    words = _pdf_words(tmp_path / "plain.pdf", TEXTS, partial(plain_paint_pdf, font_name=plain_font))
    persian = [w for _, t in TEXTS for w in _persian_words(t)]
    found = [w for w in persian if w in words]
    assert len(found) < len(persian) / 4, found
