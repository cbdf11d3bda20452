"""What a PDF reader extracts from the Persian we draw with ReportLab: the logical text, not the drawn forms.

ReportLab cannot shape, so a Persian line is drawn as presentation-form characters in visual order
(`shaping.visual`), and readers used to extract exactly that («ﻧﮑﺘﻪﻫﺎﯼ ﮐﻠﯿﺪﯼ»: no search, no copy, no
ZWNJ). Readers rebuild a line from what each glyph maps to and where it sits; poppler (pdftotext,
Evince, Okular) takes the glyphs in x order and reverses a right-to-left run character by character,
without mirroring. So, with the page unchanged:

- every presentation form maps (its ToUnicode entry) to its letters, by compatibility decomposition
  (ﻧ → ن, ﻻ → لا); a glyph for more than one right-to-left character maps to them in reverse, since
  the reader's reversal puts them back (as `media.typeset.textlayer` does for Typst's PDFs);
- ZWNJ and ZWJ are drawn as their zero-width glyphs where they sit (`shaping.visual_glyphs`);
- a mirrored glyph (a bracket or guillemet in a right-to-left run, UAX #9 rule L4: «(» drawn as «)»)
  is drawn through its own character code, an alias of the same glyph in the Supplementary Private
  Use Area-A, whose ToUnicode entry is the character it stands for. The line stays one string (one
  `Tj`, the same glyphs at the same places) rather than being cut around /ActualText spans, which
  moved pdfium's anti-aliasing by one level on a few pixels.

pdfium (Chromium's viewer) mirrors brackets itself, so it reads those brackets the other way round,
as it does in the Typst reports; poppler, the reader the tests use, reads them right.
"""
from __future__ import annotations

import unicodedata
from functools import lru_cache


def rtl_cluster(text: str) -> bool:
    """More than one character, all of them right-to-left letters, their marks or joiners."""
    if len(text) < 2:
        return False
    strong = False
    for ch in text:
        kind = unicodedata.bidirectional(ch)
        if kind in ("R", "AL"):
            strong = True
        elif not (kind == "NSM" or ch in "\u200c\u200d"):
            return False
    return strong


def presentation_form(code: int) -> bool:
    """Arabic Presentation Forms-A (U+FB50..FDFF) or -B (U+FE70..FEFE; U+FEFF is the byte-order mark):
    what the reshaper draws."""
    return 0xFB50 <= code <= 0xFDFF or 0xFE70 <= code <= 0xFEFE


MIRROR_ALIASES = 0xF0000  # + the code of the character a mirrored glyph stands for (plane 15, private use)


def drawn_char(drawn: str, meant: str) -> str:
    """The character to draw for a glyph `drawn` that stands for `meant` (`shaping.visual_glyphs`)."""
    return drawn if drawn == meant else chr(MIRROR_ALIASES + ord(meant))


def glyph_text(code: int) -> str:
    """The text a drawn character's glyph stands for, as stored in the PDF (see the module doc)."""
    if MIRROR_ALIASES <= code < MIRROR_ALIASES + 0x10000:
        return chr(code - MIRROR_ALIASES)
    ch = chr(code)
    if not presentation_form(code):
        return ch
    text = unicodedata.normalize("NFKC", ch)
    return text[::-1] if rtl_cluster(text) else text


def _utf16_hex(text: str) -> str:
    return text.encode("utf-16-be").hex().upper()


def tounicode_rows(subset: list[int]) -> dict[str, str]:
    """ReportLab's ToUnicode bfchar rows (`<code> <unicode>`) that must say something else: only the
    presentation forms and mirror aliases, so a font subset without Persian keeps ReportLab's bytes."""
    rows = {}
    for code, char in enumerate(subset):
        text = glyph_text(char)
        if text != chr(char):
            rows["<%02X> <%04X>" % (code, char)] = "<%02X> <%s>" % (code, _utf16_hex(text))
    return rows


@lru_cache(maxsize=1)
def logical_font_class():
    """ReportLab's TTFont whose subsets' ToUnicode maps presentation forms to their letters and mirror
    aliases to what they stand for (a class made on first use: ReportLab is imported only by what draws
    PDFs)."""
    from bidi.mirror import MIRRORED
    from reportlab.pdfbase.ttfonts import SUBSETN, TTFont

    class LogicalTTFont(TTFont):
        def __init__(self, name, filename, **kwargs):
            super().__init__(name, filename, **kwargs)
            glyphs, widths = self.face.charToGlyph, self.face.charWidths
            for meant, drawn in MIRRORED.items():  # ReportLab aliases U+00A0 to the space the same way
                if ord(drawn) in glyphs:
                    alias = MIRROR_ALIASES + ord(meant)
                    glyphs[alias], widths[alias] = glyphs[ord(drawn)], widths[ord(drawn)]

        def addObjects(self, doc):
            state = self.state.get(doc)
            subsets = [list(s) for s in state.subsets] if state is not None else []
            super().addObjects(doc)
            for n, subset in enumerate(subsets):
                rows = tounicode_rows(subset)
                if not rows:
                    continue
                base = b"".join((SUBSETN(n), b"+", self.face.name, self.face.subfontNameX)).decode("pdfdoc")
                stream = doc.idToObject["toUnicodeCMap:" + base]
                stream.content = "\n".join(rows.get(row, row) for row in stream.content.split("\n"))

    return LogicalTTFont
