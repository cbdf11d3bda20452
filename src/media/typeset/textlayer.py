"""Make the PDF's Persian text layer read back in logical order with poppler (pdftotext, Evince, Okular).

Typst writes a right-to-left run as glyphs in visual order inside `/ReversedChars` marked content, and
maps each glyph to its logical text (ToUnicode, or `/ActualText` when one glyph stands for different
texts). A glyph that stands for more than one character (the lam-alef ligature «لا», a letter with the
ZWNJ before it, «‌ب») then comes out of poppler reversed: poppler reverses the run character by
character, so «بهره‌برداری» is extracted as «بهرهب‌رداری» and «لا» as «ال» (see typst/typst#4582 and
pymupdf#2199 for the same reading elsewhere). Measured with pdftotext 22.12 and pdfium.

The repair stores such multi-character right-to-left mappings in reverse, so the reader's reversal
puts them back in logical order. Only mappings made wholly of right-to-left characters (Arabic script,
its marks, ZWNJ/ZWJ) are touched; Latin ligatures (fi, fl) stay as they are. The file is rewritten
object by object with a new cross-reference table: same input, same bytes.
"""
from __future__ import annotations

import re
import unicodedata
import zlib

from media.text.tounicode import rtl_cluster as _rtl_cluster

_BFCHAR = re.compile(rb"beginbfchar(.*?)endbfchar", re.S)
_PAIR = re.compile(rb"<([0-9A-Fa-f]+)>\s*<([0-9A-Fa-f]*)>")
_ACTUAL = re.compile(rb"/ActualText\s*<FEFF([0-9A-Fa-f]*)>")


def _flip(hex_utf16: bytes) -> bytes:
    text = bytes.fromhex(hex_utf16.decode("ascii")).decode("utf-16-be", "replace")
    if not _rtl_cluster(text):
        return hex_utf16
    return text[::-1].encode("utf-16-be").hex().upper().encode("ascii")


def _text_of(hex_utf16: bytes) -> str:
    return bytes.fromhex(hex_utf16.decode("ascii")).decode("utf-16-be", "replace")


def fix_cmap(cmap: bytes, zero_width: frozenset[int] = frozenset()) -> bytes:
    """Flip right-to-left clusters. A cluster of a base glyph and a zero-width mark (the lam-alef
    ligature with the tanwin of «مثلاً») has its whole text on both glyphs, which reads «مثلاًلاً»: the
    base keeps it and the mark maps to nothing. (Splitting the text between the two glyphs reads right
    in pdfium but gives «مثلا ً» in poppler; an empty mapping reads right in poppler, while pdfium shows
    the glyph code instead.)"""
    pairs = {int(a, 16): _text_of(b) for sec in _BFCHAR.findall(cmap) for a, b in _PAIR.findall(sec)}

    def has_mark(text: str) -> bool:
        return any(unicodedata.bidirectional(ch) == "NSM" for ch in text)

    shared = {t for c, t in pairs.items() if c in zero_width and _rtl_cluster(t) and has_mark(t)}

    def pair(p: re.Match) -> bytes:
        code, text = int(p.group(1), 16), _text_of(p.group(2))
        if text in shared and code in zero_width:
            return b"<" + p.group(1) + b"> <>"
        if _rtl_cluster(text):
            text = text[::-1]
        return b"<" + p.group(1) + b"> <" + text.encode("utf-16-be").hex().upper().encode("ascii") + b">"

    def section(m: re.Match) -> bytes:
        return b"beginbfchar" + _PAIR.sub(pair, m.group(1)) + b"endbfchar"

    return _BFCHAR.sub(section, cmap)


def fix_content(content: bytes) -> bytes:
    return _ACTUAL.sub(lambda m: b"/ActualText<FEFF" + _flip(m.group(1)) + b">", content)


_STREAM = re.compile(rb"stream\r?\n")


_TYPE0 = re.compile(rb"/Subtype\s*/Type0\b.*?/DescendantFonts\s*\[\s*(\d+)\s+0\s+R\s*\].*?/ToUnicode\s+(\d+)\s+0\s+R", re.S)
_W = re.compile(rb"/W\s*\[(.*?)\]\s*>>", re.S)
_DW = re.compile(rb"/DW\s+([\d.]+)")


def _zero_width_codes(cid_font: bytes) -> frozenset[int] | None:
    """Codes (glyph ids, Identity-H) of zero advance in a CIDFont dict: explicit zeros, and when /DW is 0,
    every code the /W array leaves out (Typst lists only the glyphs with a width)."""
    w = _W.search(cid_font)
    dw = _DW.search(cid_font)
    if w is None:
        return None
    default_zero = dw is not None and float(dw.group(1)) == 0.0
    tokens = re.findall(rb"\[|\]|[\d.]+", w.group(1))
    widths: dict[int, float] = {}
    i = 0
    while i < len(tokens):
        first = int(float(tokens[i]))
        if tokens[i + 1] == b"[":
            j = i + 2
            while tokens[j] != b"]":
                widths[first + j - i - 2] = float(tokens[j])
                j += 1
            i = j + 1
        else:
            last, width = int(float(tokens[i + 1])), float(tokens[i + 2])
            for code in range(first, last + 1):
                widths[code] = width
            i += 3
    top = max(widths, default=0)
    zero = {c for c, v in widths.items() if v == 0.0}
    if default_zero:
        zero |= {c for c in range(top + 1) if c not in widths}
    return frozenset(zero)


def _fix_object(chunk: bytes, zero_width: frozenset[int] = frozenset()) -> bytes:
    m = _STREAM.search(chunk)
    if m is None or b"/FlateDecode" not in chunk[:m.start()]:
        return chunk
    end = chunk.rfind(b"endstream")
    if end < m.end():
        return chunk
    body = chunk[m.end():end]
    try:
        raw = zlib.decompress(body)
    except zlib.error:
        return chunk
    if b"beginbfchar" in raw:
        fixed = fix_cmap(raw, zero_width)
    elif b"/ActualText" in raw:
        fixed = fix_content(raw)
    else:
        return chunk
    if fixed == raw:
        return chunk
    packed = zlib.compress(fixed, 6)
    head = re.sub(rb"/Length\s+\d+", b"/Length %d" % len(packed), chunk[:m.start()], count=1)
    return head + b"stream\n" + packed + b"\nendstream\nendobj\n"


def repair(pdf: bytes) -> bytes:
    """`pdf` with its right-to-left multi-character mappings reversed (see the module doc). A file whose
    structure is not the plain one Typst writes (one xref table, no object streams) is returned as is."""
    tail = pdf[-1024:]
    sx = re.search(rb"startxref\s+(\d+)\s+%%EOF\s*$", tail)
    if sx is None:
        return pdf
    xref_at = int(sx.group(1))
    m = re.match(rb"xref\s+0\s+(\d+)\s*\n", pdf[xref_at:])
    if m is None:
        return pdf
    n = int(m.group(1))
    table_at = xref_at + m.end()
    rows = pdf[table_at:table_at + 20 * n]
    if len(rows) != 20 * n:
        return pdf
    offsets = {}
    for i in range(1, n):
        row = rows[20 * i:20 * i + 20]
        if row[17:18] == b"n":
            offsets[i] = int(row[:10])
    trailer = pdf[table_at + 20 * n:]
    t = trailer.find(b"startxref")
    if not trailer.lstrip().startswith(b"trailer") or t < 0:
        return pdf
    order = sorted((off, i) for i, off in offsets.items())
    if not order:
        return pdf
    ends = {i: (order[k + 1][0] if k + 1 < len(order) else xref_at) for k, (_, i) in enumerate(order)}

    def obj(i: int) -> bytes:
        return pdf[offsets[i]:ends[i]] if i in offsets else b""

    zero_width: dict[int, frozenset[int]] = {}  # ToUnicode object -> zero-width codes of its font
    for _, i in order:
        chunk = obj(i)
        if b"/Type0" in chunk[:400]:
            for desc, tounicode in _TYPE0.findall(chunk):
                codes = _zero_width_codes(obj(int(desc)))
                if codes:
                    zero_width[int(tounicode)] = codes
    out = bytearray(pdf[:order[0][0]])
    new: dict[int, int] = {}
    for off, i in order:
        new[i] = len(out)
        out += _fix_object(pdf[off:ends[i]], zero_width.get(i, frozenset()))
    xref = len(out)
    out += b"xref\n0 %d\n" % n
    out += b"0000000000 65535 f \n"
    for i in range(1, n):
        out += (b"%010d 00000 n \n" % new[i]) if i in new else b"0000000000 65535 f \n"
    out += trailer[:t] + b"startxref\n%d\n%%%%EOF\n" % xref
    return bytes(out)
