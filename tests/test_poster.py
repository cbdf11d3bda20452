"""Poster builder: real PDFs read back by independent tools (pdffonts, pdftotext, pypdfium2, zxing-cpp,
tesseract) on a small fixture storyboard (A4 only), plus one A3 check."""
from __future__ import annotations

import datetime as dt
import re
import shutil
import subprocess
import zlib
from pathlib import Path

import pytest

from media.builders import BuildOptions
from media.builders import poster as P
from media.content.poster import poster_content
from media.errors import LayoutError
from media.graphics import poster as G
from media.storyboard import load_storyboard
from media.text import localize
from tests.ocr import cer, ocr, ocr_lang, require_tesseract
from tests.test_pdf_text_layer import plain_paint_pdf

EPOCH = "1795305600"  # 2026-11-22 00:00 UTC = 1 Azar 1405
DAY = dt.date(2026, 11, 22)
A4_PT = (595.2756, 841.8898)


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    """Build the fixture poster once per language (A4 only): {lang: (sb, artifacts, out_dir)}."""
    root = tmp_path_factory.mktemp("poster")
    shutil.copytree(Path(__file__).parent / "roots" / "poster", root / "poster")
    sb = load_storyboard(root / "poster" / "storyboards" / "netting.yaml")
    mp = pytest.MonkeyPatch()
    mp.setenv("SOURCE_DATE_EPOCH", EPOCH)
    out = {}
    try:
        for lang in ("fa", "en"):
            out_dir = root / "out" / lang
            arts = P.PosterBuilder(BuildOptions()).build(sb, lang, out_dir)
            out[lang] = (sb, {a.path.name: a for a in arts}, out_dir)
    finally:
        mp.undo()
    return out


def raster(pdf: Path, dpi: float):
    img = P.rasterize_pdf(pdf, dpi)
    assert img is not None, "pypdfium2 is a test dependency"
    return img


def decode_qr(image) -> list[str]:
    import zxingcpp

    return [b.text for b in zxingcpp.read_barcodes(image) if b.format == zxingcpp.BarcodeFormat.QRCode]


# ---- files and manifest ----------------------------------------------------------------------

@pytest.mark.parametrize("lang", ["fa", "en"])
def test_outputs_and_manifest_entries(built, lang):
    sb, arts, out_dir = built[lang]
    assert set(arts) == {"poster-a4.pdf", "poster-a4.svg", "poster-a4.png", "poster-social.png", "poster-social.svg"}
    pdf = arts["poster-a4.pdf"]
    assert pdf.kind == "poster" and pdf.path == out_dir / "poster" / "poster-a4.pdf"
    assert pdf.extra["page_size"] == "A4"
    assert pdf.extra["qr_url"] == f"https://example.org/sso-knowledge/netting/{lang}/"
    title = sb.model.poster.title.get(lang)
    text = pdf.extra["visible_text"]
    assert any(title.split()[0] in line for line in text)
    assert arts["poster-a4.png"].kind == "poster-preview"
    assert arts["poster-social.png"].kind == "poster-social"
    assert not list((out_dir / "poster").glob("*.part")), "temporary files left behind"
    from PIL import Image

    assert Image.open(arts["poster-social.png"].path).size == (1080, 1350)
    preview = Image.open(arts["poster-a4.png"].path)
    assert abs(preview.width - 210 / 25.4 * 150) <= 2 and abs(preview.height - 297 / 25.4 * 150) <= 2


def test_persian_poster_uses_persian_digits_and_jalali_date(built):
    _, arts, _ = built["fa"]
    text = " ".join(arts["poster-a4.pdf"].extra["visible_text"])
    assert "۱ آذر ۱۴۰۵" in text
    assert "۱٬۰۰۰٬۰۰۰" in text and "۶۰٪" in text
    assert not re.search(r"[0-9]", text.replace("example.org/sso-knowledge/netting/fa", ""))
    en = " ".join(built["en"][1]["poster-a4.pdf"].extra["visible_text"])
    assert "22 November 2026" in en and "1,000,000" in en


@pytest.mark.parametrize("lang", ["fa", "en"])
def test_every_figure_cites_a_numbered_section_note_in_its_language(built, lang):
    """Each key figure carries "Source [n]" and the footer lists note n: the document's title and the section,
    in the poster's language (Persian posters used to print no section at all), never a file name."""
    sb, arts, _ = built[lang]
    from media.graphics.proof import _norm  # spaces, line breaks and bidi controls aside

    text = _norm(" ".join(arts["poster-a4.pdf"].extra["visible_text"]))
    c = poster_content(sb, lang, DAY)
    assert len(c.notes) == 2 and all(_norm(n) in text for n in c.notes)
    assert _norm(sb.settings.sources["rfp"].title.get(lang)) in text
    for section in {"fa": ("[۱] طرح ۱۸، بند ۳", "[۲] طرح ۱۸، بند ۵"), "en": ("[1] plan 18 §3", "[2] plan 18 §5")}[lang]:
        assert _norm(section) in text
    assert ".txt" not in text
    marks = [m for m in c.figure_notes if m]
    assert len(marks) == len(c.figures) and all(_norm(m) in text for m in marks)


# ---- PDF properties --------------------------------------------------------------------------

@pytest.mark.parametrize("lang", ["fa", "en"])
def test_page_size_is_a4_and_every_font_is_embedded(built, lang):
    import pypdfium2 as pdfium

    pdf_path = built[lang][1]["poster-a4.pdf"].path
    doc = pdfium.PdfDocument(str(pdf_path))
    w, h = doc[0].get_size()
    doc.close()
    assert (round(w, 1), round(h, 1)) == (round(A4_PT[0], 1), round(A4_PT[1], 1))
    out = subprocess.run(["pdffonts", str(pdf_path)], capture_output=True, text=True, check=True).stdout
    rows = out.strip().splitlines()[2:]
    assert rows, out
    for row in rows:
        assert "Vazirmatn" in row, row  # no Helvetica from ReportLab's default font
        emb = row.split()[-5]
        assert emb == "yes", row


def test_english_text_is_extractable(built):
    pdf_path = built["en"][1]["poster-a4.pdf"].path
    text = subprocess.run(["pdftotext", str(pdf_path), "-"], capture_output=True, text=True, check=True).stdout
    assert "The TETA netting chain" in text
    assert "Scan to watch and listen" in text


def _pdftotext(path: Path) -> str:
    out = subprocess.run(["pdftotext", str(path), "-"], capture_output=True, text=True, check=True).stdout
    return out.translate(dict.fromkeys((0x202A, 0x202B, 0x202C)))  # poppler marks its runs with LRE/RLE/PDF


def test_persian_text_layer_is_logical_with_its_zwnj(built):
    """pdftotext (poppler) gives the Persian as written, not presentation forms in visual order
    («ﻧﮑﺘﻪﻫﺎﯼ ﮐﻠﯿﺪﯼ» before): ZWNJ kept, brackets and guillemets the right way round."""
    from media.text.tounicode import presentation_form

    sb, arts, _ = built["fa"]
    text = _pdftotext(arts["poster-a4.pdf"].path)
    assert "نکته\u200cهای کلیدی" in text, text
    assert localize(sb.model.poster.title.get("fa"), "fa") in text, text  # «زنجیره تهاتر «تتا»»
    assert localize(sb.model.poster.subtitle.get("fa"), "fa") in text, text  # «... بدهی‌ها ...»
    assert "کارگاه\u200cهای استفاده\u200cکننده" in text and "(برابر چک" in text, text
    assert not [ch for ch in text if presentation_form(ord(ch))], text


def test_text_layer_leaves_the_page_unchanged(built, tmp_path, monkeypatch):
    """The Persian page rasterised by pdftoppm is pixel for pixel the drawing of `visual()`'s strings as
    before (tolerance: none), while that drawing's text layer fails the check above."""
    from PIL import Image, ImageChops

    from media.graphics import vector

    sb = built["fa"][0]
    c = poster_content(sb, "fa", DAY)
    d = G.print_drawing(c, "A4", sb.settings.brand)
    ours, plain = tmp_path / "ours.pdf", tmp_path / "plain.pdf"
    P.write_pdf(d, ours, title=c.title, author=c.organisation, lang="fa", day=DAY)
    monkeypatch.setattr(vector, "paint_pdf", plain_paint_pdf)  # same font object: only the strings differ
    P.write_pdf(d, plain, title=c.title, author=c.organisation, lang="fa", day=DAY)
    assert "نکته\u200cهای کلیدی" in _pdftotext(ours)
    assert "نکته\u200cهای کلیدی" not in _pdftotext(plain)
    images = []
    for pdf in (ours, plain):
        subprocess.run(["pdftoppm", "-r", "150", "-png", "-singlefile", str(pdf), str(pdf.with_suffix(""))], check=True)
        images.append(Image.open(pdf.with_suffix(".png")).convert("RGB"))
    assert images[0].size == images[1].size
    assert ImageChops.difference(*images).getbbox() is None, "the text layer changed the page"


# ---- QR --------------------------------------------------------------------------------------

@pytest.mark.parametrize("lang", ["fa", "en"])
@pytest.mark.parametrize("dpi", [150, 72])
def test_qr_decodes_to_the_url_from_the_printed_page(built, lang, dpi):
    art = built[lang][1]["poster-a4.pdf"]
    assert decode_qr(raster(art.path, dpi)) == [art.extra["qr_url"]]


@pytest.mark.parametrize("lang", ["fa", "en"])
def test_qr_decodes_on_the_social_card(built, lang):
    from PIL import Image

    art = built[lang][1]["poster-social.png"]
    assert decode_qr(Image.open(art.path)) == [art.extra["qr_url"]]


def test_qr_is_at_least_30_mm_on_a4_and_inside_the_trim(built):
    sb = built["fa"][0]
    d = G.print_drawing(poster_content(sb, "fa", DAY), "A4", sb.settings.brand)
    qr = [it for it in d.items if it.tag == "qr"]
    square = qr[0]
    assert square.w / G.MM_PT >= 30
    margin_mm = min(square.x, square.y, d.width - square.x - square.w, d.height - square.y - square.h) / G.MM_PT
    assert margin_mm >= 5


# ---- OCR -------------------------------------------------------------------------------------

def _crop(image, text_item, scale: float, pad_px: int = 12):
    x, y, w, h = text_item.ink_box
    return image.crop((max(0, int(x * scale) - pad_px), max(0, int(y * scale) - pad_px),
                       int((x + w) * scale) + pad_px, int((y + h) * scale) + pad_px))


@pytest.mark.ocr
@pytest.mark.parametrize("lang", ["fa", "en"])
def test_ocr_reads_title_and_points(built, lang):
    from PIL import ImageOps

    require_tesseract()
    sb, arts, _ = built[lang]
    d = G.print_drawing(poster_content(sb, lang, DAY), "A4", sb.settings.brand)
    dpi = 300
    page = raster(arts["poster-a4.pdf"].path, dpi)
    scale = dpi / 72.0
    wanted = [t for t in d.texts() if t.role in ("title", "point")]
    assert len(wanted) == 1 + len(sb.model.poster.points)
    for t in wanted:
        expected = " ".join(t.block.visible_lines)
        crop = _crop(page, t, scale)
        if t.role == "title":  # white on the brand colour: tesseract reads dark on light
            crop = ImageOps.invert(crop.convert("L"))
        # psm 7 (one line) for one-line blocks: in psm 6 tesseract splits a run of Persian zeros (dots) off
        # into a line of its own
        got = ocr(crop, ocr_lang(lang, expected), psm=7 if len(t.block.lines) == 1 else 6)
        assert cer(expected, got) <= 0.03, (t.role, expected, got)


@pytest.mark.ocr
@pytest.mark.parametrize("lang", ["fa", "en"])
def test_ocr_reads_the_social_card(built, lang):
    """The 1080x1350 card is laid out again (not scaled): its title and points read back too."""
    from PIL import Image, ImageOps

    require_tesseract()
    sb, arts, _ = built[lang]
    d = G.social_drawing(poster_content(sb, lang, DAY), sb.settings.brand)
    card = Image.open(arts["poster-social.png"].path).convert("RGB")
    assert card.size == G.SOCIAL_PX
    wanted = [t for t in d.texts() if t.role in ("title", "point")]
    assert len(wanted) == 1 + len(sb.model.poster.points)
    for t in wanted:
        expected = " ".join(t.block.visible_lines)
        crop = _crop(card, t, 1.0).convert("L")
        if t.role == "title":
            crop = ImageOps.invert(crop)
        crop = crop.resize((crop.width * 2, crop.height * 2), Image.Resampling.LANCZOS)  # screen pixels, not 300 dpi
        got = ocr(crop, ocr_lang(lang, expected), psm=7 if len(t.block.lines) == 1 else 6)
        assert cer(expected, got) <= 0.03, (t.role, expected, got)


# ---- print options ---------------------------------------------------------------------------

def test_print_adds_bleed_crop_marks_and_cmyk(built, tmp_path):
    import pypdfium2 as pdfium

    sb = built["en"][0]
    arts = P.PosterBuilder(BuildOptions(print_marks=True, cmyk=True)).build(sb, "en", tmp_path)
    pdf = next(a for a in arts if a.kind == "poster")
    assert pdf.extra["page_size"] == "A4+bleed" and pdf.extra["page_mm"] == [216.0, 303.0]
    doc = pdfium.PdfDocument(str(pdf.path))
    w, h = doc[0].get_size()
    trim = doc[0].get_trimbox()
    doc.close()
    assert (round(w / G.MM_PT, 1), round(h / G.MM_PT, 1)) == (216.0, 303.0)
    assert [round(v / G.MM_PT, 1) for v in trim] == [3.0, 3.0, 213.0, 300.0]
    streams = _content_streams(pdf.path.read_bytes())
    assert re.search(rb"\d k\b", streams) and not re.search(rb"\d rg\b", streams), "colours must be CMYK"
    assert decode_qr(raster(pdf.path, 150)) == [pdf.extra["qr_url"]]


def _content_streams(data: bytes) -> bytes:
    out = b""
    import base64

    for m in re.finditer(rb"stream\r?\n(.*?)endstream", data, re.S):
        raw = m.group(1).strip()
        try:
            if raw.endswith(b"~>"):  # ReportLab wraps page content in ASCII85 around Flate
                raw = base64.a85decode(raw[2:-2] if raw.startswith(b"<~") else raw[:-2])
            out += zlib.decompress(raw)
        except (zlib.error, ValueError):
            pass
    return out


def test_a3_page(built, tmp_path):
    import pypdfium2 as pdfium

    sb = built["fa"][0]
    c = poster_content(sb, "fa", DAY)
    d = G.print_drawing(c, "A3", sb.settings.brand)
    assert not P.layout_problems(d)
    path = tmp_path / "poster-a3.pdf"
    P.write_pdf(d, path, title=c.title, author=c.organisation, lang="fa")
    doc = pdfium.PdfDocument(str(path))
    w, h = doc[0].get_size()
    doc.close()
    assert (round(w / G.MM_PT), round(h / G.MM_PT)) == (297, 420)
    assert decode_qr(raster(path, 72)) == [c.qr_url]


# ---- layout guarantees -----------------------------------------------------------------------

@pytest.mark.parametrize("lang", ["fa", "en"])
def test_layouts_keep_text_in_safe_area_without_overlaps(built, lang):
    sb = built[lang][0]
    c = poster_content(sb, lang, DAY)
    for d in (G.print_drawing(c, "A4", sb.settings.brand), G.social_drawing(c, sb.settings.brand)):
        assert P.layout_problems(d) == []
        # text never closer than 5 mm to the edge a cutter may shave (4% on the social card, which is not cut)
        limit = 5 * G.MM_PT if d.width < 1000 else 0.04 * d.width
        for t in d.texts():
            x, y, w, h = t.ink_box
            assert x >= limit and y >= limit and x + w <= d.width - limit and y + h <= d.height - limit, \
                t.block.visible_lines


def test_persian_reads_right_to_left(built):
    sb = built["fa"][0]
    d = G.print_drawing(poster_content(sb, "fa", DAY), "A4", sb.settings.brand)
    title = next(t for t in d.texts() if t.role == "title")
    x, _, w, _ = title.ink_box
    assert abs((x + w) - (d.width - (d.width - title.x - title.block.box_width))) < 1  # flush right
    steps = sorted((t for t in d.texts() if t.role == "step-title"), key=lambda t: t.tag)
    assert steps[0].x > steps[-1].x, "first step must be on the right in Persian"
    en = G.print_drawing(poster_content(sb, "en", DAY), "A4", sb.settings.brand)
    steps = sorted((t for t in en.texts() if t.role == "step-title"), key=lambda t: t.tag)
    assert steps[0].x < steps[-1].x


def test_too_long_title_is_a_located_layout_error(built):
    from dataclasses import replace

    sb = built["en"][0]
    c = poster_content(sb, "en", DAY)
    c = replace(c, title=" ".join(["Extraordinarily"] * 30))
    with pytest.raises(LayoutError) as info:
        G.print_drawing(c, "A4", sb.settings.brand)
    assert "poster.title.en" in str(info.value)


# ---- dates -----------------------------------------------------------------------------------

def test_dates():
    from media.content.dates import epoch_date, format_date
    from media.errors import MediaError

    assert format_date(DAY, "fa") == "۱ آذر ۱۴۰۵"
    assert format_date(DAY, "en") == "22 November 2026"
    assert format_date(dt.date(2026, 3, 21), "fa") == "۱ فروردین ۱۴۰۵"
    assert epoch_date({"SOURCE_DATE_EPOCH": EPOCH}) == DAY
    assert epoch_date({}) is None  # never the build day
    with pytest.raises(MediaError):
        epoch_date({"SOURCE_DATE_EPOCH": "yesterday"})
