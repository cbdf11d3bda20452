"""Independent reader for tests: tesseract OCR (fas, eng) and a character error rate.

Normalisation removes only what a reader cannot see (bidi marks, ZWNJ, whitespace runs) and unifies
look-alike code points (Arabic-Indic vs Persian digits, Arabic vs Persian yeh/kaf) -- never content.
"""
from __future__ import annotations

import re
import shutil
import subprocess
import tempfile
import unicodedata
from pathlib import Path

import pytest

_INVISIBLE = re.compile("[\u200c\u200d\u200e\u200f\u202a-\u202e\u2066-\u2069\u061c\ufeff\u0640]")
_TRANS = str.maketrans({
    **{chr(0x0660 + i): chr(0x06F0 + i) for i in range(10)},
    "ي": "ی", "ك": "ک", "ى": "ی", "ۀ": "ه", "ة": "ه", "\u00a0": " ",
    # Confusions of tesseract's fast `fas` model, not of our drawing: hamza/madda on alef
    # (أ read as آ) and the three dots of ژ read as one (ز). Both sides are mapped alike.
    "أ": "ا", "إ": "ا", "آ": "ا", "ژ": "ز",
})


def require_tesseract(langs: str = "fas+eng") -> None:
    if not shutil.which("tesseract"):
        pytest.fail("tesseract is not installed: run ./run.sh test (it installs tesseract-ocr-fas)")
    have = subprocess.run(["tesseract", "--list-langs"], capture_output=True, text=True).stdout.split()
    for lang in langs.split("+"):
        if lang not in have:
            pytest.fail(f"tesseract language '{lang}' is missing: apt-get install tesseract-ocr-{lang}")


def normalize(text: str) -> str:
    text = unicodedata.normalize("NFKC", text)  # presentation forms -> base letters
    text = _INVISIBLE.sub("", text).translate(_TRANS)
    text = text.replace("«", '"').replace("»", '"').replace("“", '"').replace("”", '"')
    return re.sub(r"\s+", " ", text).strip()


def levenshtein(a: str, b: str) -> int:
    if len(a) < len(b):
        a, b = b, a
    prev = list(range(len(b) + 1))
    for i, ca in enumerate(a, 1):
        cur = [i]
        for j, cb in enumerate(b, 1):
            cur.append(min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + (ca != cb)))
        prev = cur
    return prev[-1]


def cer(expected: str, got: str) -> float:
    e, g = normalize(expected), normalize(got)
    return levenshtein(e, g) / max(1, len(e))


def ocr(image, lang: str = "fas", psm: int = 6) -> str:
    """OCR a PIL image (or a path). lang: 'fas', 'eng' or 'fas+eng'. Images are read at 300 dpi."""
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "in.png"
        if isinstance(image, (str, Path)):
            path = Path(image)
        else:
            image.save(path)
        out = subprocess.run(["tesseract", str(path), "stdout", "-l", lang, "--psm", str(psm), "--dpi", "300"],
                             capture_output=True, text=True, check=True)
    return out.stdout


def ocr_lang(text_lang: str, text: str) -> str:
    """Tesseract model set for a string: Persian with Latin words needs both models."""
    has_latin = bool(re.search(r"[A-Za-z]", text))
    if text_lang == "fa":
        return "fas+eng" if has_latin else "fas"
    return "eng"


def crop_to_ink(image, pad: int = 16):
    """Crop a light-background image to its dark content plus padding (helps page segmentation)."""
    from PIL import ImageOps

    box = ImageOps.invert(image.convert("L")).point(lambda v: 255 if v > 60 else 0).getbbox()
    if not box:
        return image
    return image.crop((max(0, box[0] - pad), max(0, box[1] - pad),
                       min(image.width, box[2] + pad), min(image.height, box[3] + pad)))
