"""Video builder: probed container facts, captions, chapters, loudness, OCR of headings, layouts."""
from __future__ import annotations

import json
import re
import shutil
import struct
import subprocess
from pathlib import Path

import numpy as np
import pytest

from media.builders import BuildOptions
from media.builders.video import VideoBuilder
from media.storyboard import load_storyboard

ROOTS = Path(__file__).resolve().parent / "roots"


def _ffmpeg() -> str:
    import imageio_ffmpeg

    return imageio_ffmpeg.get_ffmpeg_exe()


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    """The fixture storyboard built once per language at 320x180, 10 fps (fast, exact frame counts)."""
    root = tmp_path_factory.mktemp("video")
    shutil.copytree(ROOTS / "video", root / "video")
    sb = load_storyboard(root / "video" / "storyboards" / "tiny.yaml", ("fa", "en"))
    out = {}
    for lang in ("fa", "en"):
        opts = BuildOptions(cache_dir=root / "cache")
        arts = VideoBuilder(opts, frame_override="320x180@10").build(sb, lang, root / "out" / lang)
        out[lang] = (arts, root / "out" / lang)
    return sb, out


def _probe(path: Path) -> str:
    return subprocess.run([_ffmpeg(), "-hide_banner", "-i", str(path)], capture_output=True, text=True).stderr


def _boxes(path: Path) -> list[str]:
    """Top-level MP4 box types in file order."""
    names, data = [], path.read_bytes()
    i = 0
    while i + 8 <= len(data):
        size, kind = struct.unpack(">I4s", data[i:i + 8])
        if size == 1:
            size = struct.unpack(">Q", data[i + 8:i + 16])[0]
        names.append(kind.decode("latin-1"))
        if size < 8:
            break
        i += size
    return names


def _scene_seconds(sb) -> float:
    return sum(s.duration_s for s in sb.model.scenes)


@pytest.mark.parametrize("lang", ["fa", "en"])
def test_container_facts(built, lang):
    sb, out = built
    arts, out_dir = out[lang]
    video = next(a for a in arts if a.kind == "video")
    assert video.path == out_dir / "video" / "video.mp4"
    info = _probe(video.path)
    assert re.search(r"Video: h264 \(High\)", info), info
    assert "yuv420p" in info and "320x180" in info and re.search(r"\b10 fps\b", info), info
    assert re.search(r"Audio: aac.*48000 Hz", info), info
    code = {"fa": "fas", "en": "eng"}[lang]  # track language, shown in players' audio menus
    assert re.search(rf"\({code}\): Video", info) and re.search(rf"\({code}\): Audio", info), info
    import imageio_ffmpeg

    frames, _ = imageio_ffmpeg.count_frames_and_secs(str(video.path))
    expected = _scene_seconds(sb)
    assert abs(frames / 10 - expected) <= 0.1 + 1e-9, (frames, expected)
    assert abs(video.extra["duration_s"] - expected) <= 0.1
    boxes = _boxes(video.path)
    assert "moov" in boxes and "mdat" in boxes and boxes.index("moov") < boxes.index("mdat"), boxes
    assert video.extra["width"] == 320 and video.extra["height"] == 180 and video.extra["fps"] == 10
    assert video.extra["subtitles"] == ["video/video.vtt", "video/video.srt"]


def _vtt_cues(text: str) -> list[tuple[float, float, str]]:
    def sec(ts: str) -> float:
        h, m, s = ts.replace(",", ".").split(":")
        return int(h) * 3600 + int(m) * 60 + float(s)

    cues = []
    blocks = text.strip().split("\n\n")
    for b in blocks:
        lines = b.splitlines()
        for j, ln in enumerate(lines):
            if "-->" in ln:
                a, z = ln.split("-->")
                cues.append((sec(a.strip()), sec(z.strip().split()[0]), " ".join(lines[j + 1:])))
    return cues


@pytest.mark.parametrize("lang", ["fa", "en"])
def test_captions_ordered_inside_and_localised(built, lang):
    sb, out = built
    arts, out_dir = out[lang]
    total = _scene_seconds(sb)
    vtt = (out_dir / "video" / "video.vtt").read_text(encoding="utf-8")
    srt = (out_dir / "video" / "video.srt").read_text(encoding="utf-8")
    assert vtt.startswith("WEBVTT")
    from media.content.words import word

    # the fixture is a draft: the first cue says so, at the top of the frame, over the title card
    assert f"00:00:00.000 --> 00:00:04.000 line:0\n{word('draft_mark', lang)}\n" in vtt
    for cues in (_vtt_cues(vtt), _vtt_cues(srt)):
        assert cues[0][2] == word("draft_mark", lang)
        cues = cues[1:]
        assert len(cues) == len(sb.model.scenes)  # one short sentence per scene in the fixture
        for (a0, a1, _), (b0, _, _) in zip(cues, cues[1:]):
            assert a1 <= b0, "cues overlap"
        for s, e, text in cues:
            assert 0 <= s < e <= total + 1e-6 and text.strip()
    texts = [c[2] for c in _vtt_cues(vtt)[1:]]
    if lang == "fa":
        assert texts[0].startswith("زنجیره")
        assert not re.search(r"[0-9]", "".join(texts))
    # every cue starts after its scene's lead-in, i.e. while its scene is on screen
    starts = np.cumsum([0] + [s.duration_s for s in sb.model.scenes])
    for k, (s, e, _) in enumerate(_vtt_cues(vtt)[1:]):
        assert starts[k] < s and e <= starts[k + 1] + 1e-6


@pytest.mark.parametrize("lang", ["fa", "en"])
def test_chapters_in_mp4_vtt_and_manifest(built, lang):
    sb, out = built
    arts, out_dir = out[lang]
    video = next(a for a in arts if a.kind == "video")
    titles = [c["title"] for c in video.extra["chapters"]]
    from media.text.numerals import localize

    # the scenes' own headings, in film order (a section's title is not a chapter: it repeated and jumped back)
    assert titles == [localize(sc.heading.get(lang), lang) for sc in sb.model.scenes]
    assert [c["start_s"] for c in video.extra["chapters"]] == [0.0, 2.0, 4.5, 7.0, 9.5]
    info = _probe(video.path)
    assert info.count("Chapter #") == 5 and titles[3] in info
    vtt = (out_dir / "video" / "video-chapters.vtt").read_text(encoding="utf-8")
    assert [c[2] for c in _vtt_cues(vtt)] == titles
    assert {a.kind for a in arts} == {"video", "subtitles", "chapters", "upload", "thumbnail"}


def test_soundtrack_loudness_and_true_peak(built):
    """-16 LUFS integrated (+-1 LU) and true peak <= -1 dBTP, measured on the decoded AAC track."""
    import pyloudnorm

    from media import audio

    _, out = built
    arts, _ = out["fa"]
    video = next(a for a in arts if a.kind == "video")
    x = audio.load(video.path, sr=48000)
    lufs = pyloudnorm.Meter(48000).integrated_loudness(x.astype(np.float64))
    assert abs(lufs - (-16.0)) <= 1.0, lufs
    assert audio.true_peak_db(x, 48000) <= -1.0


def test_burned_subtitles_and_aspects(tmp_path):
    """9:16 with burned captions: right size, and the caption box appears over the lower part of the frame."""
    shutil.copytree(ROOTS / "video", tmp_path / "video")
    sb = load_storyboard(tmp_path / "video" / "storyboards" / "tiny.yaml", ("fa",))
    opts = BuildOptions(cache_dir=tmp_path / "cache", aspects=("9:16",), burn_subtitles=True)
    arts = VideoBuilder(opts, frame_override="180x320@5").build(sb, "fa", tmp_path / "out")
    video = next(a for a in arts if a.kind == "video")
    assert video.path.name == "video-9x16.mp4"
    assert "180x320" in _probe(video.path)
    import imageio_ffmpeg

    reader = imageio_ffmpeg.read_frames(str(video.path))
    meta = next(reader)
    frames = [np.frombuffer(f, np.uint8).reshape(meta["size"][1], meta["size"][0], 3) for f in reader]
    # scene 2 at 3.5 s: its cue (2.7-3.9 s) is burned in: dark caption box in the lower half
    with_cue, without = frames[int(3.5 * 5)], frames[int(4.2 * 5)]
    lower = slice(250, 310)

    def dark(img):
        return int((img[lower].mean(axis=2) < 90).sum())

    assert dark(with_cue) > dark(without) + 100, (dark(with_cue), dark(without))


def _video_sample_tables(path: Path) -> tuple[list[int], list[int] | None]:
    """(duration of each sample, 0-based sync samples or None when all are) of the video track, read
    from the MP4's own stts and stss boxes: what a player uses for timing and seeking."""
    data = path.read_bytes()

    def boxes(start: int, end: int):
        i = start
        while i + 8 <= end:
            size, kind = struct.unpack(">I4s", data[i:i + 8])
            head = 8
            if size == 1:
                size, head = struct.unpack(">Q", data[i + 8:i + 16])[0], 16
            yield kind.decode("latin-1"), i + head, i + size
            i += size

    def child(start, end, name):
        return next((b, e) for k, b, e in boxes(start, end) if k == name)

    moov = child(0, len(data), "moov")
    for kind, b, e in boxes(*moov):
        if kind != "trak":
            continue
        mdia = child(b, e, "mdia")
        hb, _ = child(*mdia, "hdlr")
        if data[hb + 8:hb + 12] != b"vide":
            continue
        stbl = child(*child(*mdia, "minf"), "stbl")
        sb_, _ = child(*stbl, "stts")
        n = struct.unpack(">I", data[sb_ + 4:sb_ + 8])[0]
        durations: list[int] = []
        for j in range(n):
            count, delta = struct.unpack(">II", data[sb_ + 8 + 8 * j:sb_ + 16 + 8 * j])
            durations += [delta] * count
        sync = None
        for k2, b2, _ in boxes(*stbl):
            if k2 == "stss":
                m = struct.unpack(">I", data[b2 + 4:b2 + 8])[0]
                sync = [struct.unpack(">I", data[b2 + 8 + 4 * j:b2 + 12 + 4 * j])[0] - 1 for j in range(m)]
        return durations, sync
    raise AssertionError("no video track")


@pytest.mark.parametrize("lang", ["fa", "en"])
def test_constant_frame_rate_and_keyframes(built, lang):
    """Held frames are skip pictures, not longer samples: every packet lasts one frame, timestamps are
    consecutive, and a keyframe opens each scene and follows the last one within 2 s."""
    sb, out = built
    arts, _ = out[lang]
    video = next(a for a in arts if a.kind == "video")
    durations, keys = _video_sample_tables(video.path)
    assert len(durations) == round(_scene_seconds(sb) * 10)
    assert len(set(durations)) == 1, set(durations)
    assert keys is not None and len(keys) < len(durations)  # not every frame a keyframe
    scene_starts = np.cumsum([0] + [round(s.duration_s * 10) for s in sb.model.scenes])[:-1]
    assert set(scene_starts.tolist()) <= set(keys), (keys, scene_starts)
    assert max(np.diff(keys + [len(durations)])) <= 20, keys
