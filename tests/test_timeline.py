"""Editing timelines: MLT's melt renders the Kdenlive project back into the film (duration within a frame, sound
correlated, pictures at every chapter start alike), the FCP XML reads back through OTIO with the same clips and
timings, and every path the projects name exists, relative to the folder."""
from __future__ import annotations

import json
import re
import shutil
import subprocess
import xml.etree.ElementTree as ET
from pathlib import Path

import numpy as np
import pytest

from media import audio
from media.build import run_build
from media.builders import BuildOptions

SIZE = "320x180@10"
MIN_CORRELATION = 0.95
MIN_SSIM = 0.95


@pytest.fixture(scope="module")
def edit(tmp_path_factory):
    import os

    root = tmp_path_factory.mktemp("timeline")
    shutil.copytree(Path(__file__).resolve().parent / "roots" / "video", root / "p")
    old = os.environ.get("MEDIA_VIDEO_SIZE")
    os.environ["MEDIA_VIDEO_SIZE"] = SIZE
    try:
        run_build([root / "p" / "storyboards" / "tiny.yaml"], ("fa",), ["video", "timeline"], root / "out",
                  BuildOptions())
    finally:
        if old is None:
            os.environ.pop("MEDIA_VIDEO_SIZE", None)
        else:
            os.environ["MEDIA_VIDEO_SIZE"] = old
    lang_dir = root / "out" / "tiny" / "fa"
    manifest = json.loads((lang_dir / "manifest.json").read_text(encoding="utf-8"))
    film = next(e for e in manifest["artifacts"] if e["kind"] == "video")
    return lang_dir, manifest, film, lang_dir / "video" / "edit"


def frames_gray(path: Path, w: int, h: int) -> np.ndarray:
    raw = audio.run_ffmpeg(["-i", str(path), "-map", "0:v:0", "-f", "rawvideo", "-pix_fmt", "gray", "pipe:1"])
    return np.frombuffer(raw, np.uint8).reshape(-1, h, w).astype(float)


def ssim(a: np.ndarray, b: np.ndarray) -> float:
    """Mean SSIM (Wang et al. 2004), Gaussian window sigma 1.5, on 8-bit grey."""
    from scipy.ndimage import gaussian_filter

    c1, c2 = (0.01 * 255) ** 2, (0.03 * 255) ** 2
    mu_a, mu_b = gaussian_filter(a, 1.5), gaussian_filter(b, 1.5)
    va = gaussian_filter(a * a, 1.5) - mu_a ** 2
    vb = gaussian_filter(b * b, 1.5) - mu_b ** 2
    cov = gaussian_filter(a * b, 1.5) - mu_a * mu_b
    return float((((2 * mu_a * mu_b + c1) * (2 * cov + c2)) / ((mu_a ** 2 + mu_b ** 2 + c1) * (va + vb + c2))).mean())


def correlation(a: np.ndarray, b: np.ndarray, sr: int, max_lag_s: float = 0.06) -> float:
    """The best normalised correlation within +-max_lag_s (AAC encoders add a priming delay)."""
    n = min(len(a), len(b))
    a, b = a[:n], b[:n]
    best = -1.0
    for lag in range(-int(max_lag_s * sr), int(max_lag_s * sr) + 1):
        x, y = (a[lag:], b[:n - lag]) if lag >= 0 else (a[:n + lag], b[-lag:])
        d = float(np.linalg.norm(x) * np.linalg.norm(y))
        if d > 0:
            best = max(best, float(np.dot(x, y)) / d)
    return best


def test_folder_holds_clips_stems_mix_captions_projects_and_readme(edit):
    lang_dir, manifest, film, folder = edit
    kinds = [e["kind"] for e in manifest["artifacts"]]
    clips = sorted((folder / "clips").glob("*.mp4"))
    assert len(clips) == kinds.count("timeline-clip") >= 3
    assert (folder / "mix.m4a").is_file() and (folder / "music-bed.wav").is_file()
    assert len(list((folder / "narration").glob("*.wav"))) >= 1
    assert (folder / "captions.srt").read_bytes() == (lang_dir / "video" / "video.srt").read_bytes()
    readme = (folder / "README.txt").read_text(encoding="utf-8")
    assert "project.kdenlive" in readme and "پروژه" in readme  # in the film's language
    # the clips are the film cut without re-encoding: their frames add up to the film's
    w, h = film["width"], film["height"]
    assert sum(len(frames_gray(c, w, h)) for c in clips) == round(film["duration_s"] * film["fps"])


def test_every_path_the_projects_name_exists_relative_to_the_folder(edit):
    _, _, _, folder = edit
    otio_doc = (folder / "timeline.otio").read_text(encoding="utf-8")
    named = set(re.findall(r'"target_url": "([^"]+)"', otio_doc))
    kden = ET.parse(folder / "project.kdenlive").getroot()
    named |= {p.text for p in kden.iter("property") if p.get("name") == "resource" and p.text
              and p.text.endswith((".wav", ".mp4", ".m4a"))}
    named |= {p.text for p in ET.parse(folder / "project-fcp7.xml").getroot().iter("pathurl")}
    assert len(named) >= 5
    for rel in named:
        assert not rel.startswith("/") and "://" not in rel, rel
        assert (folder / rel).is_file(), rel


def test_melt_renders_the_kdenlive_project_into_the_film(edit, tmp_path):
    if not shutil.which("melt"):
        pytest.fail("melt is not installed: run ./run.sh test (it installs melt)")
    _, _, film, folder = edit
    out = tmp_path / "melt.mp4"
    subprocess.run(["melt", "-quiet", str(folder / "project.kdenlive"), "-consumer", f"avformat:{out}",
                    "vcodec=libx264", "crf=10", "acodec=pcm_s16le", "f=mov"], check=True, capture_output=True,
                   cwd=tmp_path, timeout=300)
    w, h, fps = film["width"], film["height"], film["fps"]
    ours = frames_gray(lang_film(folder), w, h)
    theirs = frames_gray(out, w, h)
    assert abs(len(theirs) - len(ours)) <= 1, (len(theirs), len(ours))
    for ch in film["chapters"]:
        i = round(ch["start_s"] * fps)
        s = ssim(ours[i], theirs[i])
        assert s >= MIN_SSIM, (ch, s)
    sr = 8000
    c = correlation(audio.load(lang_film(folder), sr), audio.load(out, sr), sr)
    assert c >= MIN_CORRELATION, c


def lang_film(folder: Path) -> Path:
    return folder.parent / "video.mp4"


def test_melt_would_notice_a_wrong_project(edit, tmp_path):
    """The oracle can fail: a project whose second clip is the third renders other pictures at that chapter."""
    _, _, film, folder = edit
    bad = tmp_path / "bad"
    shutil.copytree(folder, bad)
    clips = sorted((bad / "clips").glob("*.mp4"))
    clips[1].write_bytes(clips[-1].read_bytes())
    out = tmp_path / "bad.mp4"
    subprocess.run(["melt", "-quiet", str(bad / "project.kdenlive"), "-consumer", f"avformat:{out}",
                    "vcodec=libx264", "crf=10", "an=1"], check=True, capture_output=True, cwd=tmp_path, timeout=300)
    w, h, fps = film["width"], film["height"], film["fps"]
    ours, theirs = frames_gray(lang_film(folder), w, h), frames_gray(out, w, h)
    starts = [round(c["start_s"] * fps) for c in film["chapters"]]
    assert min(ssim(ours[i + 2], theirs[i + 2]) for i in starts if i + 2 < min(len(ours), len(theirs))) < MIN_SSIM


def test_fcp_xml_reads_back_through_otio_with_the_same_clips_and_timings(edit):
    import opentimelineio as otio

    _, _, _, folder = edit
    ours = otio.adapters.read_from_file(str(folder / "timeline.otio"))
    back = otio.adapters.read_from_string((folder / "project-fcp7.xml").read_text(encoding="utf-8"), "fcp_xml")
    if isinstance(back, otio.schema.SerializableCollection):
        back = next(iter(back))

    def placed(tl):
        rows = []
        for track in tl.tracks:
            for clip in track.find_clips():
                r = clip.range_in_parent()
                rows.append((track.kind, clip.name, round(r.start_time.to_seconds(), 3),
                             round(r.duration.to_seconds(), 3)))
        return sorted(rows)

    assert placed(back) == placed(ours)
    assert len(placed(ours)) >= 5
