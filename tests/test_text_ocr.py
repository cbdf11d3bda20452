"""The text engine proven by an independent reader: tesseract reads back what we drew.

Each string is laid out by media.text, painted with Pillow (both shaping engines) or ReportLab (PDF,
rasterised by pdftoppm), and OCR'd; the character error rate must be at most 2%. A naive unshaped
rendering of the same Persian strings must fail the same check, proving the check can fail.
"""
from __future__ import annotations

import subprocess

import pytest
from PIL import Image, ImageDraw, ImageFont

from media.text import PdfMeasurer, TextStyle, layout, localize, paint_pdf, paint_pillow
from media.text import shaping
from media.text.fonts import font_path
from tests.ocr import cer, crop_to_ink, ocr, ocr_lang, require_tesseract

pytestmark = pytest.mark.ocr

# (lang, text, box width px) -- single lines, mixed runs, multi-line paragraphs.
CASES = [
    ("fa", "سازمان تأمین اجتماعی", 1400),
    ("fa", "چشم‌انداز تأمین اجتماعی نوین", 1400),
    ("fa", "پرداخت مبتنی بر عملکرد کارکنان", 1400),
    ("fa", "گزارش ژرف و پیچیده کارگروه", 1400),
    ("fa", "بیش از 60 مسئله و گلوگاه کلیدی", 1400),
    ("fa", "افق 1430 و سند 1404", 1400),
    ("fa", "تاریخ صدور فراخوان: 1404/10/01", 1400),
    ("fa", "کسر 10% بابت حسن انجام کار", 1400),
    ("fa", "سامانه «شایسته‌یار» برای انتصاب مدیران", 1400),
    ("fa", "ماده 46 آیین‌نامه مالی سازمان", 1400),
    ("fa", "فناوری‌های نوین مالی (FinTech)", 1400),
    ("fa", "شاخص‌های KPI و اهداف SMART", 1400),
    ("fa", "ارائه در ILO و ISSA", 1400),
    ("fa", "۵۰ نفر برتر سطح ملی و ۱۰ نفر برتر هر استان", 1400),
    ("fa", "سازمان تأمین اجتماعی به‌منظور مواجهه هوشمندانه با چالش‌های کنونی و پیش‌رو، بیش از 60 مسئله "
           "و گلوگاه کلیدی را شناسایی کرد و سپس 20 طرح تحول‌آفرین را طراحی نمود.", 900),
    ("fa", "توکن‌ها دارای ارزش ثابت (مثلاً معادل یک چک‌پول یک‌میلیون ریالی) هستند و امکان تولد، "
           "انتقال و مرگ آن‌ها در یک سامانه مکانیزه طراحی می‌شود.", 900),
    ("fa", "در مرحله دوم، چرخه باز ایجاد می‌شود که الزاماً نیاز به اخذ مجوز از بانک مرکزی دارد.", 700),
    ("en", "Social Security Organization", 1400),
    ("en", "Merit-Based Appointments (Future Managers)", 1400),
    ("en", "More than 60 problems, 20 plans, 4 completed", 1400),
    ("en", "The call was issued on 2025-12-22 with a 90-day schedule and a 10% retention.", 900),
    ("en", "Tokens have a fixed value, for example equal to a 1,000,000-rial cheque, and can be "
           "issued, transferred and retired in one mechanised system.", 900),
]

SIZE_PX = 44
# Tesseract's fast `fas` model slips on single glyphs at some sizes (e.g. ۰ after ۶ read as »).
# A wrong drawing (unjoined, misordered, wrong line order) reads wrong at *every* size, so the
# check takes the best of a few sizes; the naive-rendering test below proves it still fails.
READ_SIZES_PX = (44, 36, 28, 56)
# Glyphs tesseract's `fas` model misreads at most sizes in Vazirmatn: the Persian percent sign ٪
# (read as 7 or /) and ۰ right after ۶ (read as »). Those strings are expected to fail OCR (not
# strict: the slips are size-dependent) and are checked through the PDF's text layer instead
# (test_pdf_text_layer_has_persian_digits_and_percent).
OCR_BLIND = {4, 7}


def _render(lang: str, text: str, width: int, size: int = SIZE_PX) -> tuple[Image.Image, list[str]]:
    block = layout(text, lang, width * size / SIZE_PX, None, TextStyle(size=size, weight="regular", line_spacing=1.7))
    pad = 40
    img = Image.new("RGB", (int(block.box_width) + 2 * pad, int(block.height) + 2 * pad), "white")
    paint_pillow(ImageDraw.Draw(img), block, pad, pad, "black")
    return crop_to_ink(img, size // 2), block.visible_lines


def _best_read(lang: str, text: str, width: int) -> tuple[float, str, list[str]]:
    best = (9.9, "", [])
    for size in READ_SIZES_PX:
        img, lines = _render(lang, text, width, size)
        got = ocr(img, ocr_lang(lang, text), psm=7 if len(lines) == 1 else 6)
        rate = cer(" ".join(lines), got)
        if rate < best[0]:
            best = (rate, got, lines)
        if rate <= 0.02:
            break
    return best


@pytest.fixture(params=["raqm", "basic"])
def engine(request, monkeypatch):
    """Run with HarfBuzz (raqm) and with the arabic-reshaper + python-bidi fallback."""
    shaping.raqm_available.cache_clear()
    if request.param == "basic":
        monkeypatch.setenv("MEDIA_TEXT_ENGINE", "basic")
    elif not shaping.raqm_available():
        pytest.skip("raqm is not available here")
    import sys
    layout_mod = sys.modules["media.text.layout"]
    layout_mod._pil_width.cache_clear()
    yield request.param
    shaping.raqm_available.cache_clear()
    layout_mod._pil_width.cache_clear()


def _cases():
    for i, case in enumerate(CASES):
        marks = [pytest.mark.xfail(strict=False, reason="tesseract misreads ٪ / ۶۰")] if i in OCR_BLIND else []
        yield pytest.param(*case, id=f"{case[0]}-{i}", marks=marks)


@pytest.mark.parametrize("lang,text,width", list(_cases()))
def test_ocr_reads_back_what_we_drew(engine, lang, text, width):
    require_tesseract()
    rate, got, lines = _best_read(lang, text, width)
    expected = " ".join(lines)  # logical order, line by line: a swapped line order fails here
    assert expected == " ".join(localize(text, lang).split())
    assert rate <= 0.02, f"CER {rate:.1%}\nexpected: {expected}\ngot:      {got}"


def test_multiline_persian_keeps_line_order():
    """The first logical line is drawn on top: OCR line 1 matches logical line 1, not the last."""
    require_tesseract()
    lang, text, width = CASES[15]
    img, lines = _render(lang, text, width)
    assert len(lines) >= 2
    got_lines = [ln for ln in ocr(img, "fas").splitlines() if ln.strip()]
    assert len(got_lines) == len(lines)
    for exp, got in zip(lines, got_lines):
        assert cer(exp, got) <= 0.05, (exp, got)


def test_naive_unshaped_rendering_fails_the_same_check():
    """Drawing logical Persian without shaping or reordering (what naive tools do) must fail the
    same best-of-sizes OCR check."""
    require_tesseract()
    failures = 0
    persian = [c for i, c in enumerate(CASES) if c[0] == "fa" and c[2] == 1400 and i not in OCR_BLIND][:8]
    for lang, text, _ in persian:
        text = localize(text, lang)
        best = 9.9
        for size in READ_SIZES_PX:
            font = ImageFont.truetype(str(font_path("regular")), size, layout_engine=ImageFont.Layout.BASIC)
            img = Image.new("RGB", (size * 40, size * 3), "white")
            ImageDraw.Draw(img).text((40, size), text, font=font, fill="black")
            best = min(best, cer(text, ocr(crop_to_ink(img, size // 2), ocr_lang(lang, text), psm=7)))
        if best > 0.02:
            failures += 1
    assert failures == len(persian), f"only {failures}/{len(persian)} naive renderings were caught"


PDF_CASES = [CASES[i] for i in (5, 8, 10, 11, 15, 20)]


@pytest.mark.parametrize("lang,text,width", PDF_CASES, ids=[f"pdf-{c[0]}-{i}" for i, c in enumerate(PDF_CASES)])
def test_pdf_text_reads_back(tmp_path, lang, text, width):
    """The vector path (ReportLab + visual-order presentation forms) reads back too."""
    require_tesseract()
    from reportlab.pdfgen import canvas

    width_pt = width * 0.5
    block = layout(text, lang, width_pt, None, TextStyle(size=22, line_spacing=1.7), PdfMeasurer())
    page_w, page_h = width_pt + 40, block.height + 40
    pdf = tmp_path / "t.pdf"
    c = canvas.Canvas(str(pdf), pagesize=(page_w, page_h))
    paint_pdf(c, block, 20, page_h - 20, "#000000")
    c.save()
    expected = " ".join(block.visible_lines)
    rate, got = 9.9, ""
    for dpi in (144, 200, 110):  # best of a few scales, as in the raster test
        subprocess.run(["pdftoppm", "-r", str(dpi), "-png", "-singlefile", str(pdf), str(tmp_path / "t")], check=True)
        read = ocr(crop_to_ink(Image.open(tmp_path / "t.png"), 20), ocr_lang(lang, text),
                   psm=7 if len(block.lines) == 1 else 6)
        if cer(expected, read) < rate:
            rate, got = cer(expected, read), read
        if rate <= 0.02:
            break
    assert rate <= 0.02, f"CER {rate:.1%}\nexpected: {expected}\ngot:      {got}"


def test_pdf_text_layer_has_persian_digits_and_percent(tmp_path):
    """pdftotext (poppler), an independent reader, finds Persian digits and ٪ in the PDF we drew."""
    from reportlab.pdfgen import canvas
    import unicodedata

    lang = "fa"
    text = CASES[7][1] + " " + CASES[4][1]  # the strings tesseract cannot read: 10% and 60
    block = layout(text, lang, 800, None, TextStyle(size=20), PdfMeasurer())
    pdf = tmp_path / "p.pdf"
    c = canvas.Canvas(str(pdf), pagesize=(840, 80))
    paint_pdf(c, block, 20, 70, "#000000")
    c.save()
    out = subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, text=True, check=True).stdout
    flat = unicodedata.normalize("NFKC", out)
    assert "۱۰" in flat or "۰۱" in flat, flat  # visual order in the text layer
    assert "۶۰" in flat or "۰۶" in flat, flat
    assert "٪" in flat, flat
    assert not any(d in flat for d in "0123456789%"), flat
