"""An independent reader (tesseract) finds every scene's heading on screen once the scene is revealed."""
from __future__ import annotations

import shutil
from pathlib import Path

import numpy as np
import pytest
from PIL import Image

from media.builders import BuildOptions
from media.builders.video import VideoBuilder
from media.storyboard import load_storyboard
from tests.ocr import levenshtein, normalize, ocr, ocr_lang, require_tesseract

ROOTS = Path(__file__).resolve().parent / "roots"


def _frames_at(path: Path, times_s: list[float], fps: int) -> list[Image.Image]:
    import imageio_ffmpeg

    reader = imageio_ffmpeg.read_frames(str(path))
    meta = next(reader)
    w, h = meta["size"]
    wanted = {int(round(t * fps)): i for i, t in enumerate(times_s)}
    out: list = [None] * len(times_s)
    for n, buf in enumerate(reader):
        if n in wanted:
            out[wanted[n]] = Image.fromarray(np.frombuffer(buf, np.uint8).reshape(h, w, 3).copy())
    reader.close()
    return out


def _best_line_edits(expected: str, text: str) -> int:
    """Character edits between the heading and the closest OCR line (or pair of lines, if wrapped)."""
    lines = [ln for ln in (normalize(x) for x in text.splitlines()) if ln]
    candidates = lines + [f"{a} {b}" for a, b in zip(lines, lines[1:])]
    return min((levenshtein(normalize(expected), c) for c in candidates), default=len(expected))


# Whole 720p frames, read as a viewer sees them: tesseract's fast `fas` model slips on single glyphs
# (گ read as ک, ۲۰ as ه۲), so a heading may differ by at most 2 characters -- a length-independent
# bar that a misordered, unjoined or missing heading cannot pass.
MAX_EDITS = 2


@pytest.mark.parametrize("lang", ["fa", "en"])
def test_headings_read_back(tmp_path, lang):
    require_tesseract()
    shutil.copytree(ROOTS / "video", tmp_path / "video")
    sb = load_storyboard(tmp_path / "video" / "storyboards" / "tiny.yaml", (lang,))
    fps = 5
    arts = VideoBuilder(BuildOptions(cache_dir=tmp_path / "cache"), frame_override=f"1280x720@{fps}").build(
        sb, lang, tmp_path / "out")
    video = next(a for a in arts if a.kind == "video")
    starts = np.cumsum([0.0] + [s.duration_s for s in sb.model.scenes])
    times = [float(starts[i + 1]) - 0.4 for i in range(len(sb.model.scenes))]  # after every reveal
    from media.text import localize

    for scene, frame in zip(sb.model.scenes, _frames_at(video.path, times, fps)):
        expected = localize(scene.heading.get(lang), lang)
        tess = ocr_lang(lang, expected)
        text = ocr(frame, tess, psm=11 if scene.layout in ("title", "outro") else 6)
        edits = _best_line_edits(expected, text)
        if edits > MAX_EDITS:  # light text on the brand colour: give the reader dark-on-light too
            from PIL import ImageOps

            edits = min(edits, _best_line_edits(expected, ocr(ImageOps.invert(frame), tess, psm=6)))
        assert edits <= MAX_EDITS, f"{scene.id}: expected {expected!r}, OCR read {text!r} ({edits} edits)"
