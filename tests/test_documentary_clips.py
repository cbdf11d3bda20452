"""Bad clips and documentary keys give one located line each in `media validate` (before any build), never a
traceback or a hang; a variable-frame-rate clip is handled (resampled), not refused."""
from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest

from media.errors import StoryboardError
from media.storyboard import load_storyboard
from tests import footage_support as fs

ROOTS = Path(__file__).resolve().parent / "roots"
SITE = "clip: {path: footage/site.mp4, in: 0.5, out: 2.5, focus: [0.8, 0.5]}"
TALK = "clip: {path: footage/interview.mp4, in: 0.2, out: 2.6}"


@pytest.fixture(scope="module")
def project(tmp_path_factory):
    """The documentary fixture with its media and a shelf of hostile clips beside them."""
    root = tmp_path_factory.mktemp("clips") / "documentary" / "storyboards"
    shutil.copytree(ROOTS / "documentary" / "storyboards", root)
    media = root / "footage"
    fs.make_media(media)
    fs.clip(media / "plain.mp4", seconds=1.0, extra=("-movflags", "+faststart"))
    data = (media / "plain.mp4").read_bytes()
    (media / "cut-tail.mp4").write_bytes(data[: len(data) * 6 // 10])  # index first, pictures cut off
    fs.clip(media / "moov-last.mp4", seconds=1.0)
    data = (media / "moov-last.mp4").read_bytes()
    (media / "cut-index.mp4").write_bytes(data[: len(data) // 2])  # the index (at the end) is gone
    fs.clip(media / "huge.mp4", size="8200x16", seconds=0.2, sound=None)
    fs.clip(media / "mute.mp4", seconds=1.0, sound=None)
    fs.run("-f", "lavfi", "-i", "testsrc2=size=320x180:rate=30:duration=1", "-frames:v", "0", "-c:v", "libx264",
           str(media / "zero.mp4"))
    fs.run("-f", "lavfi", "-i", "sine=frequency=440:duration=1", "-c:a", "aac", "-f", "mp4", str(media / "sound.mp4"))
    (media / "empty.mp4").write_bytes(b"")
    (media / "notes.mp4").write_text("not a video\n", encoding="utf-8")
    # variable frame rate: frames at irregular times (gaps of 1, 2 and 3 frame periods)
    fs.run("-f", "lavfi", "-i", "testsrc2=size=320x180:rate=30:duration=3", "-vf",
           "setpts='(N+floor(N/3)+floor(N/7))/30/TB'", "-fps_mode", "vfr", "-c:v", "libx264", "-preset", "ultrafast",
           str(media / "vfr.mp4"))
    (root.parent / "outside.mp4").write_bytes((media / "plain.mp4").read_bytes())
    return root


def _problems(project: Path, old: str, new: str, name: str = "case") -> list[str]:
    text = (project / "doc.yaml").read_text(encoding="utf-8")
    assert old in text
    path = project / f"{name}.yaml"
    path.write_text(text.replace(old, new), encoding="utf-8")
    try:
        load_storyboard(path, ("fa", "en"))
    except StoryboardError as exc:
        return [str(p) for p in exc.problems]
    return []


CASES = [
    ("cut-index", SITE, "clip: {path: footage/cut-index.mp4}", r"scenes\[1\]\.clip\.path: .*not a video ffmpeg can read"),
    ("cut-tail", SITE, "clip: {path: footage/cut-tail.mp4}", r"scenes\[1\]\.clip\.path: .*truncated or damaged"),
    ("cut-tail-out", SITE, "clip: {path: footage/cut-tail.mp4, out: 0.95}", r"scenes\[1\]\.clip\.out: .*truncated"),
    ("huge", SITE, "clip: {path: footage/huge.mp4}", r"scenes\[1\]\.clip\.path: .*8200x16 pixels.*scale it down"),
    ("zero", SITE, "clip: {path: footage/zero.mp4}", r"scenes\[1\]\.clip\.path: .*(no video stream|no length)"),
    ("empty", SITE, "clip: {path: footage/empty.mp4}", r"scenes\[1\]\.clip\.path: .*empty \(0 bytes\)"),
    ("sound-only", SITE, "clip: {path: footage/sound.mp4}", r"scenes\[1\]\.clip\.path: .*no video stream"),
    ("text", SITE, "clip: {path: footage/notes.mp4}", r"scenes\[1\]\.clip\.path: .*not a video"),
    ("missing", SITE, "clip: {path: footage/nowhere.mp4}", r"scenes\[1\]\.clip\.path: 'footage/nowhere.mp4' does not exist"),
    ("outside", SITE, "clip: {path: ../outside.mp4}", r"scenes\[1\]\.clip\.path: .*leaves the project folder"),
    ("out-past-end", SITE, "clip: {path: footage/site.mp4, out: 9.0}", r"scenes\[1\]\.clip\.out: .*past the clip's end \(3 s\)"),
    ("in-past-end", SITE, "clip: {path: footage/site.mp4, in: 4.0}", r"scenes\[1\]\.clip\.in: .*at or past the clip's end"),
    ("out-before-in", SITE, "clip: {path: footage/site.mp4, in: 2.0, out: 1.0}", r"scenes\[1\]\.clip: .*must be after `in`"),
    ("focus-off-frame", SITE, "clip: {path: footage/site.mp4, focus: [1.5, 0.5]}", r"scenes\[1\]\.clip\.focus\[0\]: "),
    ("interview-mute", TALK, "clip: {path: footage/mute.mp4}", r"scenes\[2\]\.clip\.path: .*has no sound"),
    ("transcript-past-clip", "end_s: 2.3", "end_s: 2.5", r"scenes\[2\]\.transcript\[1\]\.end_s: .*trimmed length"),
    ("interview-undated", "      date: 2026-11-20\n", "", r"scenes\[2\]\.speaker: an interview is a reported statement"),
    ("footage-without-clip", SITE, "bullets: [{fa: الف, en: A}]", r"scenes\[1\]\.clip: layout 'footage' needs `clip`"),
    ("clip-on-bullets", "layout: image", "layout: bullets\n    clip: {path: footage/site.mp4}",
     r"scenes\[3\]\.clip: `clip` is shown by layout footage or interview"),
]


@pytest.mark.parametrize("name,old,new,expected", CASES, ids=[c[0] for c in CASES])
def test_bad_clip_located(project, name, old, new, expected):
    problems = _problems(project, old, new, name)
    assert problems, f"{name}: accepted"
    located = [p for p in problems if re.search(rf"^\S*{name}\.yaml:\d+:\d+: {expected}", p)]
    assert located, problems
    assert all("Traceback" not in p and "\n" not in p for p in problems)


def test_good_fixture_and_variable_frame_rate(project):
    assert _problems(project, "x", "x", "good") == []
    assert _problems(project, SITE, "clip: {path: footage/vfr.mp4, in: 0.3, out: 2.0}", "vfr") == []


@pytest.mark.slow
def test_variable_frame_rate_is_resampled(project, tmp_path):
    """A VFR clip becomes the film's constant rate: the scene has exactly its frames, every one a picture."""
    import imageio_ffmpeg

    from media.builders import BuildOptions
    from media.builders.video import VideoBuilder

    _problems(project, SITE, "clip: {path: footage/vfr.mp4, in: 0.3, out: 2.0}", "vfr")
    sb = load_storyboard(project / "vfr.yaml", ("en",))
    arts = VideoBuilder(BuildOptions(cache_dir=tmp_path / "cache"), frame_override="320x180@10").build(
        sb, "en", tmp_path / "out")
    video = next(a for a in arts if a.kind == "video")
    frames, _ = imageio_ffmpeg.count_frames_and_secs(str(video.path))
    assert frames == 15 + 17 + 24 + 15 + 15  # opening, the VFR cut (1.7 s), interview, photo, end
    assert video.extra["clips"][0]["path"] == "footage/vfr.mp4"


def test_unknown_key_hint_is_never_the_key_itself(project):
    """The hint comes from the keys allowed where the key was written: a key of another part of the schema is
    not suggested as a fix for itself."""
    top = _problems(project, "updated: 2026-11-20", "updated: 2026-11-20\nspeaker: {name: {fa: الف, en: A}}", "top")
    assert any(re.search(r"\(top\)|speaker: unknown key 'speaker' here \(keys here: ", p) for p in top), top
    assert not any("did you mean 'speaker'" in p for p in top), top
    typo = _problems(project, "    speaker:\n", "    speakr:\n", "typo")
    assert any("scenes[2].speakr: unknown key 'speakr'; did you mean 'speaker'?" in p for p in typo), typo
