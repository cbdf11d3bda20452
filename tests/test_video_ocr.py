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
        if edits > MAX_EDITS:  # psm 6 takes the frame for one uniform block: the heading, the accent rule
            # under it and a sources line far below can make it read the heading as rules; let it find the blocks
            edits = min(edits, _best_line_edits(expected, ocr(frame, tess, psm=3)))
        assert edits <= MAX_EDITS, f"{scene.id}: expected {expected!r}, OCR read {text!r} ({edits} edits)"


# Mixed runs inside Persian are where captioning tools break: digits, a Latin acronym in parentheses.
MIXED_NARRATION = {"fa": "طرح 18 (TETA) با 4 بانک آغاز شد.", "en": "Plan 18 (TETA) began with 4 banks."}


def _caption_box(burned: Image.Image, plain: Image.Image) -> Image.Image | None:
    """The burned caption: where the frame differs from the same frame rendered without captions,
    inverted to dark text on light for the reader."""
    from PIL import ImageOps

    diff = np.abs(np.asarray(burned, np.int16) - np.asarray(plain, np.int16)).max(axis=2) > 24
    ys, xs = np.where(diff)
    if not len(ys):
        return None
    box = (int(xs.min()), int(ys.min()), int(xs.max()) + 1, int(ys.max()) + 1)
    # The caption is light text on a dark box: the reader gets it inverted (dark on light), inside the
    # box's rounded corners, enlarged 3x (720p caption glyphs are ~20 px; tesseract wants ~40-60) and
    # with a white margin.
    x0, y0, x1, y1 = box
    inset = 4
    gray = np.asarray(burned.convert("L"))[y0 + inset:y1 - inset, x0 + inset:x1 - inset]
    ink = Image.fromarray((255 - gray).astype(np.uint8))
    ink = ink.resize((ink.width * 3, ink.height * 3), Image.Resampling.LANCZOS)
    return ImageOps.expand(ink, 24, fill=255)


@pytest.mark.parametrize("lang", ["fa", "en"])
def test_burned_captions_read_back(tmp_path, lang, monkeypatch):
    """`--burn-subtitles`: each caption on screen reads back as its cue text, mixed runs in order."""
    require_tesseract()
    import media.video.render as render

    # Both builds get the same layout (no space kept for captions), so the frames differ only where a
    # caption is drawn; keeping content clear of captions is tested in test_video_compose.
    monkeypatch.setattr(render, "caption_band", lambda *a: 0.0)
    from ruamel.yaml import YAML

    shutil.copytree(ROOTS / "video", tmp_path / "video")
    path = tmp_path / "video" / "storyboards" / "tiny.yaml"
    yaml = YAML()
    doc = yaml.load(path.read_text(encoding="utf-8"))
    why = next(s for s in doc["scenes"] if s["id"] == "why")
    why["narration"][lang] = MIXED_NARRATION[lang]
    del why["duration_s"]  # as long as its narration needs
    with open(path, "w", encoding="utf-8") as fh:
        yaml.dump(doc, fh)
    sb = load_storyboard(path, (lang,))
    fps = 5
    videos = {}
    for burn in (True, False):
        opts = BuildOptions(cache_dir=tmp_path / "cache", burn_subtitles=burn)
        arts = VideoBuilder(opts, frame_override=f"1280x720@{fps}").build(sb, lang, tmp_path / f"out-{burn}")
        videos[burn] = next(a for a in arts if a.kind == "video").path
    from tests.test_video import _vtt_cues

    cues = _vtt_cues((tmp_path / "out-True" / "video" / "video.vtt").read_text(encoding="utf-8"))
    cues = cues[1:]  # the draft mark's cue is in the caption files only: the title card itself shows the mark
    assert any("TETA" in text for _, _, text in cues)
    times = [(s + e) / 2 for s, e, _ in cues]
    for (s, e, expected), frame, plain in zip(cues, _frames_at(videos[True], times, fps),
                                              _frames_at(videos[False], times, fps)):
        box = _caption_box(frame, plain)
        assert box is not None, f"no caption on screen at {(s + e) / 2:.1f} s"
        # psm 13 reads the box as one raw line (what a one-line caption is), psm 6 as a block of lines
        reads = [ocr(box, ocr_lang(lang, expected), psm=p) for p in (13, 6)]
        edits, text = min((_best_line_edits(expected, r), r) for r in reads)
        assert edits <= MAX_EDITS, f"expected {expected!r}, OCR read {text!r} ({edits} edits)"
