"""Audiograms: the podcast's chosen moments (or the first chapter's opening lines) as 9:16 and 1:1 videos.

The podcast job's files are made here from a known signal (no speech synthesis: fast, and a sound whose every
stretch differs, so the correlation oracle cannot be fooled by a wrong cut); the audiogram jobs run on them as
the engine runs them. Independent readers: ffmpeg's stream header for the picture's size and aspect, the decoded
AAC against the decoded MP3 (normalised correlation), tesseract for the plan's title and the draft band."""
from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

import numpy as np
import pytest
from PIL import Image

from media import audio
from media.builders.audiogram import AudiogramBuilder
from media.builders.podcast import draw_cover
from media.content.words import word
from media.engine.execute import Deps
from media.errors import OptionError, StoryboardError
from media.options import BuildOptions
from media.storyboard import load_storyboard
from media.video.audiogram import opening_lines
from media.video.captions import Cue
from tests.ocr import cer, ocr, require_tesseract

ROOTS = Path(__file__).resolve().parent / "roots"
EPISODE_S = 26.0
FIRST_LINE_S = 7.0
# the draft notice (not a line of the script), then three lines of the first chapter
VTT = """WEBVTT

1
00:00:04.000 --> 00:00:06.500
<v میزبان>پیش‌نویس؛ مجوز انتشار ندارد.

2
00:00:07.000 --> 00:00:12.000
<v میزبان>سلام. فراخوان منتشر شد.

3
00:00:12.600 --> 00:00:18.400
<v مهمان>ارزش هر توکن &lt;یک&gt; میلیون ریال است.

4
00:00:19.000 --> 00:00:24.000
<v میزبان>ده درصد نگه داشته می‌شود.
"""
SOUNDBITE = """  soundbites:
    - start_s: 3.5
      duration_s: 15
      title: {fa: گفت‌وگوی آغاز, en: The opening talk}
"""


def _ffmpeg() -> str:
    return audio.ffmpeg_exe()


def _signal() -> np.ndarray:
    """Speech-like: a voice whose pitch glides (harmonics of 100-200 Hz) with a little breath noise, in
    syllables and pauses that differ every second."""
    rng = np.random.default_rng(7)
    t = np.arange(int(EPISODE_S * audio.SR)) / audio.SR
    f0 = 150 + 50 * np.sin(2 * np.pi * 0.37 * t) + 20 * np.sin(2 * np.pi * 1.9 * t)
    phase = 2 * np.pi * np.cumsum(f0) / audio.SR
    voice = sum(np.sin(k * phase) / k for k in range(1, 12))
    syllables = np.clip(np.sin(2 * np.pi * (3.0 + 1.5 * np.sin(t * 0.7)) * t), 0, None)
    pauses = (rng.random(int(EPISODE_S * 4)) > 0.25).repeat(audio.SR // 4)[: len(t)]
    breath = np.convolve(rng.standard_normal(len(t)), np.hanning(31), "same") * 0.02
    return (0.12 * (voice + breath) * syllables * pauses).astype(np.float32)


def _podcast(folder: Path, sb) -> dict:
    """The podcast job's files and manifest entries, as the engine hands them to the jobs that need it."""
    folder.mkdir(parents=True, exist_ok=True)
    audio.encode_mp3(_signal(), folder / "podcast.mp3")
    (folder / "podcast.vtt").write_text(VTT, encoding="utf-8")
    draw_cover(sb, "fa", folder / "podcast-cover.jpg")
    entries = [{"kind": "podcast", "path": "podcast.mp3", "duration_s": EPISODE_S, "first_line_s": FIRST_LINE_S,
                "chapters": [{"title": "آغاز", "start_s": 0.0}]},
               {"kind": "podcast-subtitles", "path": "podcast.vtt"},
               {"kind": "podcast-cover", "path": "podcast-cover.jpg"}]
    return {"mini/fa/podcast/podcast": ("", entries)}


def _storyboard(root: Path, extra: str = "") -> object:
    path = root / "storyboards" / "mini.yaml"
    if extra:
        text = path.read_text(encoding="utf-8")
        path.write_text(text.replace("  segments:\n", extra + "  segments:\n", 1), encoding="utf-8")
    return load_storyboard(path)


def _run(sb, out: Path, entries: dict) -> dict:
    builder = AudiogramBuilder(BuildOptions())
    made = {}
    for job in builder.plan(sb, "fa"):
        for a in builder.run(job, sb, out, Deps(out, entries)):
            made[(a.extra["soundbite"], a.extra["aspect"])] = a
    return made


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    """The default moment (a draft) and a chosen soundbite, 9:16 and 1:1 each, at 360 px wide and 5 fps."""
    mp = pytest.MonkeyPatch()
    mp.setenv("MEDIA_VIDEO_SIZE", "360x640@5")
    out = {}
    try:
        for name, extra in (("default", ""), ("chosen", SOUNDBITE)):
            root = tmp_path_factory.mktemp(name) / "podcast"
            shutil.copytree(ROOTS / "podcast", root)
            sb = _storyboard(root, extra)
            folder = root / "out" / "mini" / "fa"
            out[name] = {"sb": sb, "folder": folder, "made": _run(sb, folder, _podcast(folder, sb))}
    finally:
        mp.undo()
    return out


def _probe(path: Path) -> str:
    return subprocess.run([_ffmpeg(), "-hide_banner", "-i", str(path)], capture_output=True, text=True).stderr


def _frame(mp4: Path, t: float) -> Image.Image:
    png = mp4.with_name(f"{mp4.stem}-{t:.1f}.png")
    subprocess.run([_ffmpeg(), "-v", "error", "-y", "-ss", str(t), "-i", str(mp4), "-frames:v", "1", str(png)],
                   check=True)
    return Image.open(png).convert("RGB")


def correlation(a: np.ndarray, b: np.ndarray, max_lag_s: float = 0.06) -> float:
    """The best normalised correlation within +-max_lag_s (AAC and MP3 coders add a priming delay)."""
    from scipy.signal import correlate

    n = min(len(a), len(b))
    a, b = a[:n].astype(np.float64), b[:n].astype(np.float64)
    full = correlate(a, b, mode="full", method="fft")  # index n - 1 is lag 0
    lag = int(max_lag_s * audio.SR)
    return float(full[n - 1 - lag:n + lag].max() / max(1e-12, np.linalg.norm(a) * np.linalg.norm(b)))


@pytest.mark.slow
def test_one_video_per_aspect_with_its_size_and_aspect_as_ffmpeg_reads_them(built):
    made = built["default"]["made"]
    assert set(made) == {(1, "9:16"), (1, "1:1")}
    for (_, aspect), art in made.items():
        info = _probe(art.path)
        size, dar = ("360x640", "9:16") if aspect == "9:16" else ("360x360", "1:1")
        assert re.search(rf"Video: h264 .*{size} \[SAR 1:1 DAR {dar}\]", info), info
        assert "Audio: aac" in info and "48000 Hz" in info
        assert Path(art.path).relative_to(built["default"]["folder"]).as_posix() == \
            f"audiogram/audiogram-1-{aspect.replace(':', 'x')}.mp4"


@pytest.mark.slow
def test_the_default_moment_is_the_first_chapters_opening_lines(built):
    art = built["default"]["made"][(1, "9:16")]
    # from just before the first line (the spoken draft notice at 4 s is left out) to the end of the cue that
    # brings it past 15 s (24.0 s), plus a breath
    assert art.extra["start_s"] == pytest.approx(FIRST_LINE_S - 0.25)
    assert art.extra["soundbite_duration_s"] == pytest.approx(24.0 + 0.5 - (FIRST_LINE_S - 0.25))
    assert art.extra["title"] == "آغاز" and art.extra["chosen"] is False
    assert art.extra["duration_s"] == pytest.approx(art.extra["soundbite_duration_s"], abs=0.2)


@pytest.mark.slow
def test_audio_is_the_podcast_segment(built):
    for name in ("default", "chosen"):
        folder = built[name]["folder"]
        episode = audio.load(folder / "podcast.mp3")
        for art in built[name]["made"].values():
            clip = audio.load(art.path)
            start = int(round(art.extra["start_s"] * audio.SR))
            same = correlation(clip, episode[start:start + len(clip)])
            assert same >= 0.95, (name, art.extra["aspect"], same)
            # a cut two seconds off does not pass: the oracle can fail
            other = correlation(clip, episode[start + 2 * audio.SR:start + 2 * audio.SR + len(clip)])
            assert other < 0.5, other


@pytest.mark.slow
def test_the_chosen_soundbite_is_cut_with_its_title(built):
    made = built["chosen"]["made"]
    assert set(made) == {(1, "9:16"), (1, "1:1")}
    art = made[(1, "1:1")]
    assert (art.extra["start_s"], art.extra["soundbite_duration_s"], art.extra["chosen"]) == (3.5, 15.0, True)
    assert art.extra["title"] == "گفت‌وگوی آغاز"
    assert art.extra["duration_s"] == pytest.approx(15.0, abs=0.2)


@pytest.mark.slow
def test_tesseract_reads_the_plans_title_and_the_draft_band(built):
    require_tesseract("fas")
    sb = built["default"]["sb"]
    img = _frame(built["default"]["made"][(1, "9:16")].path, 6.0)
    w, h = img.size
    title = img.crop((0, int(h * 0.40), w, int(h * 0.56)))
    title = title.resize((w * 2, title.height * 2), Image.LANCZOS)
    read = ocr(title, "fas", psm=6)
    assert cer(sb.model.title.fa, read.splitlines()[0] if read.strip() else "") <= 0.2, read
    band = img.crop((int(w * 0.2), 0, w, int(h * 0.06)))
    band = band.resize((band.width * 3, band.height * 3), Image.LANCZOS)
    assert cer(word("draft_mark", "fa"), ocr(band, "fas", psm=7)) <= 0.25


@pytest.mark.slow
def test_the_caption_is_the_transcripts_line_of_the_moment(built):
    require_tesseract("fas")
    img = _frame(built["default"]["made"][(1, "9:16")].path, 8.0)  # 14.75 s into the episode: the guest's line
    w, h = img.size
    caption = img.crop((0, int(h * 0.765), w, int(h * 0.915))).resize((w * 3, int(h * 0.15) * 3), Image.LANCZOS)
    read = ocr(caption, "fas", psm=6)
    assert min(cer("ارزش هر توکن <یک> میلیون ریال است.", line) for line in read.splitlines() + [""]) <= 0.2, read


@pytest.mark.slow
def test_the_waveform_moves_with_the_sound(built):
    mp4 = built["default"]["made"][(1, "1:1")].path
    a, b = (np.asarray(_frame(mp4, t), np.float32) for t in (2.0, 2.4))
    h = a.shape[0]
    band = slice(int(h * 0.50), int(h * 0.68))  # the band, below the cover, above the caption
    assert np.abs(a[band] - b[band]).mean() > 2.0
    assert np.abs(a[: int(h * 0.4)] - b[: int(h * 0.4)]).mean() < 1.0  # the cover and title stay


def test_opening_lines_stop_at_sixty_seconds_and_at_a_cue_end():
    cues = [Cue(5.0 + 10 * k, 14.0 + 10 * k, f"line {k}") for k in range(10)]
    m = opening_lines(cues, 5.0, 200.0, "x")
    assert (m.start_s, m.duration_s) == (4.75, pytest.approx(14.0 + 10 + 0.5 - 4.75))
    long = [Cue(5.0, 90.0, "one endless line")]
    assert opening_lines(long, 5.0, 200.0, "").duration_s == 60.0
    assert opening_lines(cues[:1], 5.0, 12.0, "").duration_s == pytest.approx(12.0 - 4.75)  # a short episode


def test_a_soundbite_past_the_episodes_end_is_refused_where_it_is_written(tmp_path):
    root = tmp_path / "podcast"
    shutil.copytree(ROOTS / "podcast", root)
    sb = _storyboard(root, SOUNDBITE.replace("3.5", "20"))
    folder = root / "out" / "mini" / "fa"
    with pytest.raises(StoryboardError) as exc:
        _run(sb, folder, _podcast(folder, sb))
    assert re.search(r"mini\.yaml:\d+:\d+: podcast\.soundbites\[0\]\.start_s: the episode \(fa\) lasts 26\.0 s",
                     str(exc.value)), str(exc.value)


def test_soundbites_are_checked_when_the_storyboard_is_read(tmp_path):
    root = tmp_path / "podcast"
    shutil.copytree(ROOTS / "podcast", root)
    with pytest.raises(StoryboardError) as exc:
        _storyboard(root, SOUNDBITE.replace("duration_s: 15", "duration_s: 5"))
    assert re.search(r"mini\.yaml:\d+:\d+: podcast\.soundbites\[0\]\.duration_s: .*15", str(exc.value)), str(exc.value)


def test_without_the_podcast_the_audiogram_says_what_to_build(tmp_path):
    root = tmp_path / "podcast"
    shutil.copytree(ROOTS / "podcast", root)
    sb = _storyboard(root)
    with pytest.raises(OptionError, match="--only podcast,audiogram"):
        _run(sb, root / "out", {})
