"""Human narration without a browser: unit ids, status, import (a folder in every format, one long take
with --split), processing refusals, stale takes located and failing --strict, re-recording keeps the old take,
and recorded units replacing synthesis in the film and the podcast."""
from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest

from media import audio
from media.narration import units, with_recordings
from media.narration.importer import import_folder, import_split
from media.narration.takes import TakeRefused, process
from media.storyboard import load_storyboard
from tests.narration_support import project, voice_like, with_pauses, write_as

REPO = Path(__file__).resolve().parents[1]


def media(*args: str, cwd: Path) -> subprocess.CompletedProcess:
    env = {**os.environ, "PYTHONPATH": str(REPO / "src")}
    return subprocess.run([sys.executable, "-m", "media", *args], cwd=cwd, env=env, capture_output=True, text=True)


def test_units_have_stable_ids_speakers_and_locations(tmp_path):
    sb = load_storyboard(project(tmp_path), ("fa",))
    got = units(sb, "fa")
    assert [u.id for u in got] == ["scene-opening", "scene-why", "scene-end", "podcast-001", "podcast-002",
                                   "podcast-003"]
    assert [u.speaker for u in got[3:]] == ["host", "guest", "host"]
    assert {u.kind for u in got[:3]} == {"film"} and {u.kind for u in got[3:]} == {"podcast"}
    assert got[1].key == ("scenes", 1, "narration", "fa")
    assert sb.locate(got[4].key, "").line == 39


def test_import_folder_every_format_then_status_and_reimport(tmp_path):
    path = project(tmp_path)
    takes = tmp_path / "takes"
    for n, (uid, ext) in enumerate([("scene-opening", ".wav"), ("scene-why", ".flac"), ("scene-end", ".mp3"),
                                    ("podcast-001", ".m4a"), ("podcast-002", ".ogg")]):
        write_as(voice_like(3.5, seed=n), takes / f"{uid}{ext}")
    (takes / "scene-nothing.wav").write_bytes((takes / "scene-opening.wav").read_bytes())
    (takes / "notes.txt").write_text("hello")
    r = media("narration", "import", str(path), "--lang", "fa", str(takes), cwd=tmp_path)
    assert r.returncode == 0, r.stderr
    out = r.stdout
    assert "5 imported, 0 unchanged, 2 not usable, 1 missing" in out
    assert "could not use scene-nothing.wav: no unit 'scene-nothing'" in out
    assert "could not use notes.txt: not a take" in out
    assert "missing talk/podcast-003" in out
    folder = path.parent / "recordings" / "talk" / "fa"
    meta = json.loads((folder / "podcast-001.json").read_text())
    assert meta["text"] == units(load_storyboard(path, ("fa",)), "fa")[3].text
    assert abs(meta["loudness_lufs"] - (-20.0)) < 0.6 and meta["peak_dbfs"] <= -1.0
    assert 3.0 < meta["duration_s"] < 3.8 and meta["sample_rate"] == audio.SR
    assert (folder / meta["original"]).read_bytes() == (takes / "podcast-001.m4a").read_bytes()
    r = media("narration", "status", str(path), "--lang", "fa", "--json", cwd=tmp_path)
    doc = json.loads(r.stdout)
    assert [(d["id"], d["state"]) for d in doc][-2:] == [("podcast-002", "recorded"), ("podcast-003", "missing")]
    assert set(doc[0]) >= {"id", "storyboard", "lang", "kind", "speaker", "text", "state"}
    again = media("narration", "import", str(path), "--lang", "fa", str(takes), cwd=tmp_path)
    assert "0 imported, 5 unchanged" in again.stdout  # the same folder twice adds no takes


def test_split_one_long_take_at_its_pauses(tmp_path):
    path = project(tmp_path)
    pieces = [voice_like(s, seed=10 + i) for i, s in enumerate([4.0, 3.0, 3.5])]
    long = write_as(with_pauses(pieces), tmp_path / "long.flac")
    r = media("narration", "import", str(path), "--lang", "fa", str(long), "--split", "--kind", "film", cwd=tmp_path)
    assert r.returncode == 0, r.stderr + r.stdout
    assert "3 imported, 0 unchanged, 0 not usable, 0 missing" in r.stdout
    folder = path.parent / "recordings" / "talk" / "fa"
    for uid, piece in zip(["scene-opening", "scene-why", "scene-end"], pieces):
        meta = json.loads((folder / f"{uid}.json").read_text())
        assert abs(meta["duration_s"] - len(piece) / audio.SR) < 0.4, (uid, meta["duration_s"])
    assert len(list((folder / "takes" / "long").iterdir())) == 1  # the long original is kept whole
    # too few pauses for the units asked: refused, nothing stored
    r = media("narration", "import", str(path), "--lang", "fa", str(write_as(voice_like(6.0), tmp_path / "one.wav")),
              "--split", "--kind", "podcast", cwd=tmp_path)
    assert r.returncode == 2 and "leave a clear pause" in r.stdout


def test_processing_refuses_clipped_silent_and_wrong_length_takes(tmp_path):
    limits, expected = (1.0, 20.0), 4.0
    clipped = np.clip(voice_like(3.0) * 8, -1, 1)
    with pytest.raises(TakeRefused, match="clipped"):
        process(clipped, limits, expected)
    with pytest.raises(TakeRefused, match="silent"):
        process(np.zeros(audio.SR * 3, np.float32), limits, expected)
    with pytest.raises(TakeRefused, match="too short"):
        process(voice_like(0.5), limits, expected)
    with pytest.raises(TakeRefused, match="too long"):
        process(voice_like(25.0), limits, expected)
    # trimmed, DC and rumble removed, levelled
    x = np.concatenate([np.zeros(audio.SR), voice_like(3.0, level=0.05), np.zeros(audio.SR)])
    x = x + 0.1 + 0.05 * np.sin(2 * np.pi * 20 * np.arange(len(x)) / audio.SR)
    take = process(x.astype(np.float32), limits, expected)
    assert 3.0 <= take.duration_s <= 3.4
    assert abs(float(np.mean(take.samples))) < 1e-3
    assert abs(audio.loudness(take.samples) + 20.0) < 0.5
    # refusals name the file and say why
    path = project(tmp_path)
    write_as(clipped, tmp_path / "bad" / "scene-why.wav")
    r = media("narration", "import", str(path), "--lang", "fa", str(tmp_path / "bad"), cwd=tmp_path)
    assert r.returncode == 2 and "could not use scene-why.wav: is clipped in" in r.stdout


def test_text_edit_makes_exactly_that_unit_stale_and_strict_fails(tmp_path):
    path = project(tmp_path)
    takes = tmp_path / "takes"
    for n, uid in enumerate(["scene-opening", "scene-why", "podcast-002"]):
        write_as(voice_like(3.5, seed=n), takes / f"{uid}.wav")
    report = import_folder([load_storyboard(path, ("fa",))], "fa", takes)
    assert len(report.matched) == 3
    assert media("validate", str(path), "--lang", "fa", cwd=tmp_path).returncode == 0
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace("توکن ارزش ثابتی دارد", "هر توکن ارزش ثابتی دارد"), encoding="utf-8")
    sb = load_storyboard(path, ("fa",))
    from media.narration import unit_states

    states = {u.id: s for u, s, _ in unit_states(sb, "fa")}
    assert states == {"scene-opening": "recorded", "scene-why": "stale", "scene-end": "missing",
                      "podcast-001": "missing", "podcast-002": "recorded", "podcast-003": "missing"}
    warned = [w for w in with_recordings(sb, ("fa",)).warnings if "earlier text" in w.message]
    assert len(warned) == 1
    assert str(warned[0]).startswith(f"{sb.locate(('scenes', 1, 'narration', 'fa'), '')}: warning: recording "
                                     "recordings/talk/fa/scene-why.flac (take 1) was made for an earlier text")
    r = media("validate", str(path), "--lang", "fa", "--strict", cwd=tmp_path)
    assert r.returncode == 2
    assert f"talk.yaml:{sb.locate(('scenes', 1, 'narration', 'fa'), '').line}:" in r.stderr and "scenes[1].narration.fa: warning: recording" in r.stderr
    # the stale take is still used by the build
    attached = with_recordings(sb, ("fa",))
    assert attached.model.scenes[1].narration.audio["fa"].endswith("recordings/talk/fa/scene-why.flac")
    assert attached.model.podcast.segments[1].audio["fa"].endswith("recordings/talk/fa/podcast-002.flac")
    assert attached.model.scenes[2].narration.audio is None


def test_rerecording_keeps_every_take(tmp_path):
    path = project(tmp_path)
    folder = path.parent / "recordings" / "talk" / "fa"
    for n in range(3):
        write_as(voice_like(3.0 + n * 0.5, seed=20 + n), tmp_path / f"t{n}" / "scene-end.wav")
        assert len(import_folder([load_storyboard(path, ("fa",))], "fa", tmp_path / f"t{n}").matched) == 1
    meta = json.loads((folder / "scene-end.json").read_text())
    assert meta["take"] == 3 and abs(meta["duration_s"] - 4.0) < 0.3
    kept = sorted(p.name for p in (folder / "takes" / "scene-end").iterdir())
    assert kept == ["001-original.wav", "001.flac", "001.json", "002-original.wav", "002.flac", "002.json",
                    "003-original.wav", "003.flac", "003.json"]
    assert (folder / "takes" / "scene-end" / "003.flac").read_bytes() == (folder / "scene-end.flac").read_bytes()
    assert json.loads((folder / "takes" / "scene-end" / "001.json").read_text())["duration_s"] < 3.3


def test_recordings_folder_symlinked_out_of_the_project_is_refused(tmp_path):
    path = project(tmp_path)
    outside = tmp_path / "elsewhere"
    outside.mkdir()
    (path.parent / "recordings").symlink_to(outside)
    write_as(voice_like(3.5), tmp_path / "t" / "scene-why.wav")
    from media.errors import StoryboardError

    with pytest.raises(StoryboardError, match="symbolic link"):
        import_folder([load_storyboard(path, ("fa",))], "fa", tmp_path / "t")
    assert not any(outside.iterdir())


def test_split_into_storyboard_folders_for_several_storyboards(tmp_path):
    path = project(tmp_path)
    other = path.with_name("other.yaml")
    other.write_text(path.read_text(encoding="utf-8"), encoding="utf-8")
    write_as(voice_like(3.5), tmp_path / "t" / "other" / "scene-why.wav")
    write_as(voice_like(3.5, seed=3), tmp_path / "t" / "scene-why.wav")
    sbs = [load_storyboard(p, ("fa",)) for p in (path, other)]
    report = import_folder(sbs, "fa", tmp_path / "t")
    assert [(s, u) for s, u, _ in report.matched] == [("other", "scene-why")]
    assert ("scene-why.wav", "takes for several storyboards go in folders named by storyboard id") in report.unusable


def test_imported_takes_replace_synthesis_in_film_and_podcast(tmp_path, monkeypatch):
    from media.build import run_build
    from media.options import BuildOptions
    from tests.narration_support import best_correlation
    from tests.test_narration_browser import _cue_start

    path = project(tmp_path)
    sb = load_storyboard(path, ("fa",))
    sources = {u.id: voice_like(3.0, seed=50 + n) for n, u in enumerate(units(sb, "fa"))}
    for uid, x in sources.items():
        write_as(x, tmp_path / "takes" / f"{uid}.flac")
    assert len(import_folder([sb], "fa", tmp_path / "takes").matched) == 6
    monkeypatch.setenv("MEDIA_VIDEO_SIZE", "320x180@10")
    out = tmp_path / "output"
    run_build([path], ("fa",), ["video", "podcast"], out, BuildOptions(), jobs=1)
    manifest = json.loads((out / "talk" / "fa" / "manifest.json").read_text(encoding="utf-8"))
    pod = next(a for a in manifest["artifacts"] if a["kind"] == "podcast")
    assert pod["voices"] == {"host": "recorded", "guest": "recorded"}
    film = audio.load(out / "talk" / "fa" / "video" / "video.mp4")
    mp3 = audio.load(out / "talk" / "fa" / "podcast.mp3")
    folder = path.parent / "recordings" / "talk" / "fa"
    for u in units(sb, "fa"):
        sound, vtt = (film, out / "talk" / "fa" / "video" / "video.vtt") if u.kind == "film" else \
            (mp3, out / "talk" / "fa" / "podcast.vtt")
        first = " ".join(u.text.split()[:2])
        start_s, end_s = _cue_start(vtt.read_text(encoding="utf-8"), first)
        meta = json.loads((folder / f"{u.id}.json").read_text(encoding="utf-8"))
        assert abs((end_s - start_s) - meta["duration_s"]) < 0.2, u.id
        window = sound[int((start_s + 0.1) * audio.SR): int((start_s + 1.6) * audio.SR)]
        assert best_correlation(window, sources[u.id]) >= 0.9, u.id
        others = [best_correlation(window, x) for k, x in sources.items() if k != u.id]
        assert max(others) < 0.5, u.id  # it is this unit's take, not another's
