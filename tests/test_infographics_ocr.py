"""OCR oracle: tesseract reads back every line of 24 px or more from rendered infographics (CER <= 3%).

Lines made only of digits and separators are left out of the gate: tesseract's `fas` model misreads
Persian digits on their own (measured: ۲۰ read as ۳۰, ۶۰٪ as 224, the dot-shaped ۰ dropped), whatever
the rendering; digit localisation is asserted on the laid-out text in test_infographics.py instead.
"""
from __future__ import annotations

import re

from concurrent.futures import ThreadPoolExecutor

import pytest

from media.storyboard import load_storyboard
from tests.ocr import cer, levenshtein, normalize, ocr, ocr_lang, require_tesseract

MAX_CER = 0.03
MIN_SIZE_PX = 24
OCR_TEXT_PX = 25  # crops are rescaled so text is about this size: tesseract's fas model reads best there
_NUMERIC = re.compile(r"^[\s0-9۰-۹٫٬.,%٪()+-]+$")


def _line_crops(drawing, image):
    """(expected text, crop) per laid-out line of at least MIN_SIZE_PX, dark text on light, padded."""
    from PIL import Image, ImageOps

    out = []
    for t in drawing.texts():
        b = t.block
        if b.size < MIN_SIZE_PX:
            continue
        for i, line in enumerate(b.lines):
            if not line.text.strip() or _NUMERIC.match(line.text):
                continue
            left = b.line_x(i, t.x)
            box = (int(left - 0.3 * b.size), int(t.y + i * b.line_height),
                   int(left + line.width + 0.3 * b.size), int(t.y + (i + 1) * b.line_height))
            crop = ImageOps.grayscale(image.crop(box))
            if sum(crop.getdata()) / (crop.width * crop.height) < 128:  # light text on a dark band or disc
                crop = ImageOps.invert(crop)
            crop = ImageOps.autocontrast(crop)
            scale = OCR_TEXT_PX / b.size
            crop = crop.resize((max(1, int(crop.width * scale)), max(1, int(crop.height * scale))),
                               Image.Resampling.LANCZOS)
            canvas = Image.new("L", (crop.width + 80, crop.height + 80), 255)
            canvas.paste(crop, (40, 40))
            out.append((line.text, canvas, b.lang))
    return out


@pytest.mark.parametrize("lang", ["fa", "en"])
def test_ocr_reads_back_every_large_line(project, lang):
    from media.graphics.infographic import checked
    from media.graphics.raster import render

    require_tesseract()
    sb = load_storyboard(project("infographics") / "storyboards" / "mini.yaml")
    jobs = []
    for i, spec in enumerate(sb.model.infographics):
        d = checked(sb, i, lang, 1080, 1080)
        image = render(d)
        jobs += [(spec.id, text, crop, text_lang) for text, crop, text_lang in _line_crops(d, image)]
    assert len(jobs) > 25

    def read(job):
        spec_id, text, crop, text_lang = job
        psm = 10 if len(normalize(text)) <= 1 else 7  # a lone step number is a single character
        return spec_id, text, ocr(crop, ocr_lang(text_lang, text), psm=psm)

    with ThreadPoolExecutor(max_workers=2) as pool:
        results = list(pool.map(read, jobs))
    errors = sum(levenshtein(normalize(want), normalize(got)) for _, want, got in results)
    chars = sum(len(normalize(want)) for _, want, _ in results)
    worst = sorted(results, key=lambda r: -cer(r[1], r[2]))[:5]
    rate = errors / chars
    print(f"{lang}: {len(results)} lines, {chars} chars, CER {rate:.2%}")
    assert rate <= MAX_CER, f"CER {rate:.2%} over {len(results)} lines; worst: " + " | ".join(
        f"{sid}: {normalize(w)!r} read {normalize(g)!r}" for sid, w, g in worst)
