"""The broadcast master (issue 24): read back by independent tools. ffmpeg's EBU R128 meter (not our
BS.1770 code) measures -23 +/- 0.5 LUFS and at most -1 dBTP; ffmpeg's stream header (what ffprobe prints)
shows 25 fps progressive and 48 kHz stereo; a frame with a figure and a burned caption has nothing but
background outside the EBU R95 graphics-safe area, while the same frame of the web film does; the scenes
start where the main film's do. Rendered at 320x180 (the safe-area proportions kept)."""
from __future__ import annotations

import json
import re
import shutil
import subprocess
from pathlib import Path

import numpy as np
import pytest

from media.builders import BuildOptions
from media.builders.broadcast import BroadcastBuilder
from media.builders.video import VideoBuilder
from media.storyboard import load_storyboard
from media.video.render import frame_spec, plan
from media.video.safe_area import graphics_safe

ROOTS = Path(__file__).resolve().parent / "roots"
W, H = 320, 180


def _ffmpeg() -> str:
    import imageio_ffmpeg

    return imageio_ffmpeg.get_ffmpeg_exe()


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    root = tmp_path_factory.mktemp("broadcast")
    shutil.copytree(ROOTS / "video", root / "video")
    sb = load_storyboard(root / "video" / "storyboards" / "tiny.yaml", ("en",))
    opts = BuildOptions(cache_dir=root / "cache", burn_subtitles=True)
    arts = BroadcastBuilder(opts, size=f"{W}x{H}").build(sb, "en", root / "out")
    film = VideoBuilder(opts, frame_override=f"{W}x{H}@25").build(sb, "en", root / "web")
    return sb, opts, {a.kind: a for a in arts}, next(a for a in film if a.kind == "video")


def _frame(path: Path, t: float) -> np.ndarray:
    raw = subprocess.run([_ffmpeg(), "-v", "error", "-ss", f"{t:.3f}", "-i", str(path), "-frames:v", "1",
                          "-f", "rawvideo", "-pix_fmt", "rgb24", "-"], capture_output=True, check=True).stdout
    return np.frombuffer(raw, np.uint8).reshape(H, W, 3)


@pytest.mark.slow
def test_ebur128_measures_r128(built):
    _, _, arts, _ = built
    err = subprocess.run([_ffmpeg(), "-hide_banner", "-nostats", "-i", str(arts["broadcast"].path), "-map", "0:a",
                          "-af", "ebur128=peak=true", "-f", "null", "-"], capture_output=True, text=True).stderr
    summary = err.rsplit("Summary:", 1)[1]
    integrated = float(re.search(r"I:\s*(-?[\d.]+) LUFS", summary).group(1))
    peak = float(re.search(r"Peak:\s*(-?[\d.]+) dBFS", summary).group(1))
    assert abs(integrated - -23.0) <= 0.5, integrated
    assert peak <= -1.0, peak
    report = json.loads(arts["broadcast-loudness"].path.read_text(encoding="utf-8"))
    assert report["integrated_lufs"] == integrated and report["true_peak_dbtp"] == peak and report["passes"]
    for key in ("loudness_range_lu", "max_short_term_lufs", "max_momentary_lufs"):
        assert isinstance(report[key], float)
    assert report["max_short_term_lufs"] > integrated  # the loudest 3 s are louder than the whole


@pytest.mark.slow
def test_stream_is_25p_48k_stereo(built):
    _, _, arts, _ = built
    head = subprocess.run([_ffmpeg(), "-hide_banner", "-i", str(arts["broadcast"].path)], capture_output=True,
                          text=True).stderr
    video = next(ln for ln in head.splitlines() if "Video:" in ln)
    sound = next(ln for ln in head.splitlines() if "Audio:" in ln)
    assert "h264 (High)" in video and "progressive" in video and f"{W}x{H}" in video
    assert re.search(r"\b25 fps\b", video), video
    assert "48000 Hz" in sound and "stereo" in sound and "pcm_s24le" in sound, sound
    srt = arts["broadcast-captions"].path.read_text(encoding="utf-8")
    assert "Sixty problems." in srt and re.search(r"\d\d:\d\d:\d\d,\d\d\d --> ", srt)


def _ink_outside(rgb: np.ndarray) -> int:
    """Pixels outside the exact R95 graphics-safe box (5 % of each side) darker than any background of
    the frames (the page, the white band of the lower third and its rule are all light)."""
    x, y, w, h = W * 0.05, H * 0.05, W * 0.9, H * 0.9
    luma = rgb @ np.array([0.2126, 0.7152, 0.0722])
    ys, xs = np.mgrid[0:H, 0:W]
    outside = (xs < x) | (xs >= x + w) | (ys < y) | (ys >= y + h)
    return int(((luma < 170) & outside).sum())


@pytest.mark.slow
def test_figure_and_caption_inside_r95(built):
    _, _, arts, web = built
    srt = arts["broadcast-captions"].path.read_text(encoding="utf-8")
    start, end = re.search(r"(\d\d:\d\d:\d\d,\d+) --> (\d\d:\d\d:\d\d,\d+)\nSixty problems\.", srt).groups()

    def sec(ts: str) -> float:
        h, m, s = ts.replace(",", ".").split(":")
        return int(h) * 3600 + int(m) * 60 + float(s)

    t = (sec(start) + sec(end)) / 2  # the figures scene, its narration's caption on screen
    frame = _frame(arts["broadcast"].path, t)
    luma = frame @ np.array([0.2126, 0.7152, 0.0722])
    blue = (frame[..., 2].astype(int) - frame[..., 0] > 60) & (luma < 140)  # the figures' values (brand primary)
    caption = luma < 60  # the caption box (near-black) and nothing else this dark
    assert blue.sum() > 20 and caption.sum() > 100, "the frame shows no figure or no caption"
    assert _ink_outside(frame) == 0
    # the checker sees what is outside: the web film draws its lower third nearer the edge than R95 allows
    assert _ink_outside(_frame(web.path, t)) > 0


def test_r95_box():
    assert graphics_safe(1920, 1080) == (96, 54, 1728, 972)
    x, y, w, h = graphics_safe(W, H)
    assert x >= W * 0.05 and y >= H * 0.05 and x + w <= W * 0.95 and y + h <= H * 0.95 and x % 2 == y % 2 == 0


@pytest.mark.slow
def test_same_scene_timing_as_main_film(built):
    sb, opts, arts, _ = built
    main = plan(sb, "en", opts, frame_spec("16:9"))  # the 30 fps film's scenes (cached speech: no synthesis)
    starts = [c["start_s"] for c in arts["broadcast"].extra["chapters"]]
    assert len(starts) == len(main)
    for mine, theirs in zip(starts, main):
        assert abs(mine - theirs.start_s) <= 0.5 / 25 + 1e-6
    total = main[-1].start_s + main[-1].duration_s
    assert abs(arts["broadcast"].extra["duration_s"] - total) <= 0.5 / 25 + 1e-6
