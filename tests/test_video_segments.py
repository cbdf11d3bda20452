"""Scene-level reuse: a film is encoded scene by scene and its segments are kept in the cache folder,
so a narration edit re-encodes the edited scene only, and the film is the same file as a full render."""
from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

import numpy as np
import pytest

from media.builders import BuildOptions
from media.storyboard import load_storyboard
from media.video.render import frame_spec, render_video
from media.video.segments import segment_dir

ROOTS = Path(__file__).resolve().parent / "roots"
SIZE = "320x180@10"


def _ffmpeg() -> str:
    import imageio_ffmpeg

    return imageio_ffmpeg.get_ffmpeg_exe()


@pytest.fixture
def project(tmp_path):
    """The video fixture with its scenes timed by their narration (no fixed durations), so an edit of
    one sentence moves every later scene in the film."""
    shutil.copytree(ROOTS / "video", tmp_path / "video")
    path = tmp_path / "video" / "storyboards" / "tiny.yaml"
    path.write_text(re.sub(r"\n +duration_s: [0-9.]+", "", path.read_text(encoding="utf-8")), encoding="utf-8")
    return path


def _render(path: Path, cache: Path, out: Path, monkeypatch):
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1764547200")
    sb = load_storyboard(path, ("fa",))
    return render_video(sb, "fa", BuildOptions(cache_dir=cache), out, frame_spec("16:9", override=SIZE))


def _frames(path: Path, decoder: str = "h264") -> np.ndarray:
    """Every picture of the MP4, decoded strictly (any bitstream error fails)."""
    r = subprocess.run([_ffmpeg(), "-hide_banner", "-loglevel", "error", "-xerror", "-err_detect", "explode+bitstream",
                        "-c:v", decoder, "-i", str(path), "-f", "rawvideo", "-pix_fmt", "yuv420p", "-"],
                       capture_output=True)
    assert r.returncode == 0 and not r.stderr, r.stderr.decode()
    return np.frombuffer(r.stdout, np.uint8).reshape(-1, 320 * 180 * 3 // 2)


def test_a_narration_edit_re_encodes_one_scene_and_gives_the_full_render(project, tmp_path, monkeypatch):
    cache = tmp_path / "cache"
    first = _render(project, cache, tmp_path / "first.mp4", monkeypatch)
    scenes = first.stats["scenes_encoded"]
    assert scenes >= 4 and first.stats["scenes_reused"] == 0
    assert len(list(segment_dir(cache).rglob("*.h264"))) == scenes  # in the cache folder, nowhere near the output
    assert not list(tmp_path.glob("*.h264"))

    again = _render(project, cache, tmp_path / "again.mp4", monkeypatch)
    assert (again.stats["scenes_encoded"], again.stats["scenes_reused"]) == (0, scenes)
    assert (tmp_path / "again.mp4").read_bytes() == (tmp_path / "first.mp4").read_bytes()

    # the third scene's sentence made longer: that scene lasts longer, and every later one moves
    text = project.read_text(encoding="utf-8")
    project.write_text(text.replace("{fa: ارزش ثابت., en: Fixed value.}",
                                    "{fa: ارزش توکن ثابت است و با نرخ روز تغییر نمی‌کند., en: Fixed value.}"),
                       encoding="utf-8")
    edited = _render(project, cache, tmp_path / "edited.mp4", monkeypatch)
    assert edited.duration_s > first.duration_s + 0.5
    assert (edited.stats["scenes_encoded"], edited.stats["scenes_reused"]) == (1, scenes - 1)

    full = _render(project, tmp_path / "empty-cache", tmp_path / "full.mp4", monkeypatch)
    assert full.stats["scenes_encoded"] == scenes
    assert (tmp_path / "edited.mp4").read_bytes() == (tmp_path / "full.mp4").read_bytes()
    # the joined stream decodes to every frame of the film, the same pictures in two decoders
    ours = _frames(tmp_path / "edited.mp4")
    assert len(ours) == round(edited.duration_s * 10)
    if "libopenh264" in subprocess.run([_ffmpeg(), "-hide_banner", "-decoders"], capture_output=True, text=True).stdout:
        assert np.array_equal(ours, _frames(tmp_path / "edited.mp4", "libopenh264"))


def test_a_renderer_draws_the_same_picture_whatever_it_drew_before():
    """A scene reused from the cache is followed by a scene that crossfades from its last picture,
    drawn then by a fresh renderer; in a full render that picture comes from the renderer that drew
    the whole scene. The two must be the same bytes at any time, even when overlapping translucent
    reveals finish in another order than they are listed (finished reveals are baked in list order)."""
    from media.graphics.primitives import Drawing, Rect
    from media.video.compositor import SceneRenderer
    from media.video.motion import Reveal, SceneMotion

    drawing = Drawing(320, 180, "#FFFFFF", (Rect(40, 40, 160, 90, fill="#D03030", opacity=0.6, tag="a"),
                                            Rect(120, 60, 160, 90, fill="#3050D0", opacity=0.6, tag="b")))
    # "b" (listed second) is done at 0.5 s, "a" (listed first) at 1.6 s
    motion = SceneMotion((Reveal("a", 1.0, 0.6, "fade"), Reveal("b", 0.2, 0.3, "fade")))
    drawn = SceneRenderer(drawing, motion, 320, 180)
    for f in range(25):
        t = f / 10
        frame, _ = drawn.frame_at(t)
        fresh, _ = SceneRenderer(drawing, motion, 320, 180).frame_at(t)
        assert np.array_equal(frame.buf, fresh.buf), t


def test_a_cache_that_cannot_be_written_still_gives_the_film(project, tmp_path, monkeypatch):
    """The scene cache is only a saving: when its folder cannot be made, the film is the same file."""
    full = _render(project, tmp_path / "cache", tmp_path / "full.mp4", monkeypatch)
    blocked = tmp_path / "blocked"
    blocked.mkdir()
    segment_dir(blocked).write_bytes(b"not a folder")
    again = _render(project, blocked, tmp_path / "again.mp4", monkeypatch)
    assert again.stats["scenes_encoded"] == full.stats["scenes_encoded"]
    assert (tmp_path / "again.mp4").read_bytes() == (tmp_path / "full.mp4").read_bytes()
    assert not list(blocked.rglob("*.part"))


def test_a_scene_the_key_cannot_describe_is_encoded_and_not_kept(project, tmp_path, monkeypatch):
    """A display-list item of a kind the key does not know must never be taken for another scene's."""
    import media.video.segments as segments

    real = segments._default

    def unknown(value):
        if type(value).__name__ == "Rect":
            raise TypeError("cannot key a Rect")
        return real(value)

    full = _render(project, tmp_path / "cache", tmp_path / "full.mp4", monkeypatch)
    monkeypatch.setattr(segments, "_default", unknown)
    blind = _render(project, tmp_path / "blind", tmp_path / "blind.mp4", monkeypatch)
    assert blind.stats["scenes_unkeyed"] == blind.stats["scenes_encoded"] == full.stats["scenes_encoded"]
    assert not segment_dir(tmp_path / "blind").exists()
    assert (tmp_path / "blind.mp4").read_bytes() == (tmp_path / "full.mp4").read_bytes()
