"""The build engine: what is rebuilt, what is left alone (bytes and mtimes), what is removed, and that
parallel, concurrent and killed builds still leave the output folder true to its manifests."""
from __future__ import annotations

import hashlib
import json
import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import numpy as np
import pytest

from media import builders
from media.build import build
from media.engine import keys
from media.engine.state import WorkDir
from media.options import BuildOptions

from tests.lines import Lines, stop

ROOTS = Path(__file__).resolve().parent / "roots"
SIZE = "320x180@10"
EPOCH = "1767225600"  # 2026-01-01: poster dates do not move under the tests
ALL = builders.names()


def _recording(path: Path, freq: float = 220.0) -> None:
    from media import audio

    t = np.arange(int(audio.SR * 1.2)) / audio.SR
    audio.write_wav(path, (0.3 * np.sin(2 * np.pi * freq * t)).astype(np.float32))


def _project(dest: Path) -> Path:
    """The basic fixture with a second scene whose English narration is a recording."""
    from ruamel.yaml import YAML

    shutil.copytree(ROOTS / "basic", dest)
    sb = dest / "storyboards" / "mini.yaml"
    yaml = YAML()
    doc = yaml.load(sb.read_text(encoding="utf-8"))
    doc["scenes"].append({"id": "tokens", "layout": "bullets", "heading": {"fa": "توکن", "en": "Tokens"},
                          "bullets": [{"fa": "قابل انتقال", "en": "Transferable"}],
                          "narration": {"fa": "توکن قابل انتقال است.", "en": "Tokens can be transferred.",
                                        "audio": {"en": "rec.wav"}}})
    with open(sb, "w", encoding="utf-8") as fh:
        yaml.dump(doc, fh)
    _recording(dest / "storyboards" / "rec.wav")
    return sb


def _files(out: Path) -> dict[str, tuple[str, int]]:
    """Every file under `out`: relative path -> (sha256, mtime_ns)."""
    return {p.relative_to(out).as_posix(): (hashlib.sha256(p.read_bytes()).hexdigest(), p.stat().st_mtime_ns)
            for p in sorted(out.rglob("*")) if p.is_file()}


def assert_manifests_match_disk(out: Path) -> None:
    """Each manifest lists exactly the files of its folder (sha256, bytes), nothing missing, nothing unlisted."""
    manifests = list(out.glob("*/*/manifest.json"))
    assert manifests
    for m in manifests:
        doc = json.loads(m.read_text(encoding="utf-8"))
        listed = {}
        for e in doc["artifacts"]:
            path = m.parent / e["path"]
            assert path.is_file(), e["path"]
            assert path.stat().st_size == e["bytes"], e["path"]
            assert hashlib.sha256(path.read_bytes()).hexdigest() == e["sha256"], e["path"]
            listed[e["path"]] = e
        on_disk = {p.relative_to(m.parent).as_posix() for p in m.parent.rglob("*") if p.is_file()} - {"manifest.json"}
        assert on_disk == set(listed), on_disk ^ set(listed)
    assert not list(out.rglob("*.part"))


@pytest.fixture(scope="module")
def template(tmp_path_factory):
    """One cold build of every kind, both languages, at -j 1: the reference every test compares with."""
    root = tmp_path_factory.mktemp("engine")
    sb = _project(root / "proj")
    out = root / "out"
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("MEDIA_VIDEO_SIZE", SIZE)
        mp.setenv("SOURCE_DATE_EPOCH", EPOCH)
        report = build([sb], ("fa", "en"), ALL, out, BuildOptions(), jobs=1)
    assert not report.fresh and report.built
    return {"root": root, "sb": sb, "out": out, "report": report, "files": _files(out)}


@pytest.fixture
def clone(template, tmp_path, monkeypatch):
    """A copy of the built project, output folder and engine record in a new place (a moved project)."""
    monkeypatch.setenv("MEDIA_VIDEO_SIZE", SIZE)
    monkeypatch.setenv("SOURCE_DATE_EPOCH", EPOCH)
    shutil.copytree(template["root"] / "proj", tmp_path / "proj")
    out = tmp_path / "out"
    shutil.copytree(template["out"], out)
    work = WorkDir.for_output(out).ensure()
    shutil.copy(WorkDir.for_output(template["out"]).state_file, work.state_file)
    sb = tmp_path / "proj" / "storyboards" / "mini.yaml"
    return {"sb": sb, "out": out, "files": _files(out), "project": tmp_path / "proj",
            "build": lambda kinds=ALL, **kw: build([sb], ("fa", "en"), kinds, out, BuildOptions(), **kw)}


def _edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new), encoding="utf-8")


def _media(job_ids: list[str]) -> list[str]:
    """The jobs that are not the site's: the site reads every output, so it reruns after any of them
    (and leaves unchanged files untouched)."""
    return sorted(j for j in job_ids if "/site/" not in j)


def _site_of(lang: str) -> tuple[str, ...]:
    """What the site shows of a changed video: the page (sizes and checksums, captions), its data, the
    search index (captions are searched) and the manifests that list them."""
    return (f"mini/{lang}/manifest.json", f"mini/{lang}/index.html", f"mini/{lang}/data.json", "manifest.json",
            f"search/index-{lang}.js")


def _untouched(before: dict, after: dict, changed_prefixes: tuple[str, ...]) -> list[str]:
    """Files outside `changed_prefixes` whose bytes or mtime moved."""
    return [k for k in before if not k.startswith(changed_prefixes) and after.get(k) != before[k]]


def test_nothing_changed_nothing_rebuilt_nothing_touched(clone, template):
    report = clone["build"]()
    assert report.built == [] and sorted(report.fresh) == sorted(template["report"].built)
    assert _files(clone["out"]) == clone["files"]  # same bytes, same mtimes, manifests included


def test_persian_narration_edit_rebuilds_only_the_persian_video(clone):
    _edit(clone["sb"], "سازمان توکن صادر می‌کند.", "سازمان توکن دیجیتال صادر می‌کند.")
    report = clone["build"]()
    # the film and its broadcast master speak it, its editing folder cuts it, the deck's notes show it, the bundle
    # packs the film, the source pack of either language holds the storyboard (and the site shows them)
    assert _media(report.built) == ["mini/en/sources/pack", "mini/fa/broadcast/broadcast", "mini/fa/bundle/bundle", "mini/fa/deck/deck",
                                    "mini/fa/sources/pack", "mini/fa/timeline/16x9", "mini/fa/video/16x9"]
    after = _files(clone["out"])
    assert _untouched(clone["files"], after, ("mini/fa/video/", "mini/fa/deck.pptx", "mini/fa/bundle.zip",
                                              "mini/fa/sources.zip", "mini/en/sources.zip")
                      + _site_of("fa") + _site_of("en")) == []
    assert after["mini/fa/video/video.mp4"][0] != clone["files"]["mini/fa/video/video.mp4"][0]
    assert after["mini/fa/video/video.vtt"][0] != clone["files"]["mini/fa/video/video.vtt"][0]
    assert_manifests_match_disk(clone["out"])


def test_a_changed_recording_rebuilds_the_video_that_plays_it(clone):
    _recording(clone["project"] / "storyboards" / "rec.wav", freq=330.0)
    report = clone["build"]()
    # the deck shows text only; the source packs of both languages hold the recording
    assert _media(report.built) == ["mini/en/broadcast/broadcast", "mini/en/bundle/bundle", "mini/en/sources/pack", "mini/en/timeline/16x9",
                                    "mini/en/video/16x9", "mini/fa/sources/pack"]
    assert _untouched(clone["files"], _files(clone["out"]), ("mini/en/video/", "mini/en/bundle.zip",
                                                             "mini/en/sources.zip", "mini/fa/sources.zip")
                      + _site_of("en") + _site_of("fa")) == []


def test_a_changed_font_rebuilds_what_draws_text(clone, tmp_path, monkeypatch):
    from media.text.fonts import font_dir

    fonts = tmp_path / "fonts"
    shutil.copytree(font_dir(), fonts)
    monkeypatch.setenv("MEDIA_FONT_DIR", str(fonts))
    kinds = ["infographics", "poster"]
    assert clone["build"](kinds).built == []  # the same font bytes elsewhere: still fresh
    with open(fonts / "Vazirmatn-Regular.ttf", "ab") as fh:
        fh.write(b"\0" * 16)  # FreeType ignores trailing bytes; the key does not
    report = clone["build"](kinds)
    assert sorted(report.built) == sorted(j for j in clone_jobs(clone) if "/infographics/" in j or "/poster/" in j)


def clone_jobs(clone) -> list[str]:
    state = json.loads(WorkDir.for_output(clone["out"]).state_file.read_text(encoding="utf-8"))
    return list(state["jobs"])


def test_a_brand_colour_rebuilds_what_shows_it_and_rewrites_only_changed_files(clone):
    _edit(clone["project"] / "storyboards" / "package.yaml", 'accent: "#F2A900"', 'accent: "#D81B60"')
    report = clone["build"]()
    assert sorted(report.built) == sorted(clone_jobs(clone))  # every medium here shows the accent colour
    after = _files(clone["out"])
    # data and text outputs do not show colours: their jobs ran, their bytes (and mtimes) stayed
    for same in ("mini/fa/infographics/phases.csv", "mini/en/podcast.txt", "mini/fa/video/video.vtt"):
        assert after[same] == clone["files"][same], same
    for moved in ("mini/fa/infographics/phases-square.png", "mini/en/podcast-cover.jpg", "mini/fa/poster/poster-a4.pdf"):
        assert after[moved][0] != clone["files"][moved][0], moved
    assert_manifests_match_disk(clone["out"])


def test_new_code_rebuilds_that_builders_jobs(clone, monkeypatch):
    real = keys.code_digest
    monkeypatch.setattr(keys, "code_digest", lambda m: real(m) + ("-changed" if m == "media.builders.poster" else ""))
    report = clone["build"]()
    # the posters' bytes did not change, so nothing that reads them runs again
    assert sorted(report.built) == ["mini/en/poster/posters", "mini/fa/poster/posters"]


def test_an_infographic_removed_from_the_storyboard_leaves_disk_and_manifest(clone):
    from ruamel.yaml import YAML

    yaml = YAML()
    doc = yaml.load(clone["sb"].read_text(encoding="utf-8"))
    doc["infographics"] = [i for i in doc["infographics"] if i["id"] != "key-figures"]
    with open(clone["sb"], "w", encoding="utf-8") as fh:
        yaml.dump(doc, fh)
    report = clone["build"]()
    assert [j for j in _media(report.built) if "/infographics/" in j] == [
        "mini/en/infographics/_contact-sheet", "mini/fa/infographics/_contact-sheet"]
    assert not [j for j in report.built if any(f"/{k}/" in j for k in ("video", "podcast", "poster"))]
    for lang in ("fa", "en"):
        assert f"mini/{lang}/infographics/key-figures-square.png" in report.removed
        assert not (clone["out"] / "mini" / lang / "infographics" / "key-figures.csv").exists()
        doc = json.loads((clone["out"] / "mini" / lang / "manifest.json").read_text(encoding="utf-8"))
        assert not [e for e in doc["artifacts"] if e.get("id") == "key-figures"]
    assert_manifests_match_disk(clone["out"])


def test_a_deleted_or_damaged_output_is_made_again(clone):
    out = clone["out"]
    (out / "mini/fa/infographics/phases-square.png").unlink()
    mp3 = out / "mini/en/podcast.mp3"
    st = mp3.stat()
    data = bytearray(mp3.read_bytes())
    data[len(data) // 2] ^= 0xFF  # same size, same mtime: only the checksum can tell
    mp3.write_bytes(bytes(data))
    os.utime(mp3, ns=(st.st_atime_ns, st.st_mtime_ns))
    report = clone["build"]()
    assert sorted(report.built) == ["mini/en/podcast/podcast", "mini/fa/infographics/phases"]
    # the damaged copy may be someone's edit: it is kept aside, named in a warning, never deleted
    assert report.kept == ["mini/en/podcast.kept.mp3"]
    assert [str(w) for w in report.warnings] == [
        f"{mp3}: warning: changed since media made it; kept as podcast.kept.mp3"]
    after = {k: v[0] for k, v in _files(out).items()}
    assert after.pop("mini/en/podcast.kept.mp3") == hashlib.sha256(bytes(data)).hexdigest()
    assert after == {k: v[0] for k, v in clone["files"].items()}


def test_force_runs_every_job_and_rewrites_no_identical_file(clone, template):
    report = clone["build"](force=True)
    assert sorted(report.built) == sorted(template["report"].built)
    assert _files(clone["out"]) == clone["files"]


def test_two_workers_make_the_same_bytes_as_one(template, tmp_path, monkeypatch):
    monkeypatch.setenv("MEDIA_VIDEO_SIZE", SIZE)
    monkeypatch.setenv("SOURCE_DATE_EPOCH", EPOCH)
    out = tmp_path / "out-j2"
    report = build([template["sb"]], ("fa", "en"), ALL, out, BuildOptions(), jobs=2)
    assert len(report.built) == len(template["report"].built)
    assert {k: v[0] for k, v in _files(out).items()} == {k: v[0] for k, v in template["files"].items()}
    assert_manifests_match_disk(out)


# ---- several processes -----------------------------------------------------------------------------------

def _sigint_as_in_a_terminal() -> None:
    # a suite started in the background by a shell without job control inherits SIGINT ignored, and so
    # would the build; a user's Ctrl-C reaches a build whose SIGINT is the default
    signal.signal(signal.SIGINT, signal.SIG_DFL)


def _cli(*args, **kw):
    env = {**os.environ, "MEDIA_VIDEO_SIZE": SIZE, "SOURCE_DATE_EPOCH": EPOCH}
    return subprocess.Popen([sys.executable, "-m", "media", "build", *map(str, args)], env=env,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                            preexec_fn=_sigint_as_in_a_terminal, **kw)


def test_two_builds_of_one_folder_at_once_take_turns(template, tmp_path):
    out = tmp_path / "out"
    args = (template["sb"], "--out", out, "--only", "infographics,poster", "-j", "1")
    a = _cli(*args)
    time.sleep(0.5)
    b = _cli(*args)
    (_, err_a), (_, err_b) = a.communicate(timeout=300), b.communicate(timeout=300)
    assert a.returncode == 0 and b.returncode == 0, err_a + err_b
    assert "waiting: media build (pid" in err_a + err_b  # the second says who holds the folder
    assert "Traceback" not in err_a + err_b
    assert_manifests_match_disk(out)
    expected = {k: v[0] for k, v in template["files"].items() if "/infographics/" in k or "/poster/" in k}
    got = {k: v[0] for k, v in _files(out).items() if not k.endswith("manifest.json")}
    assert got == expected


@pytest.mark.parametrize("delay_s", [1.5, 5.0])
def test_sigkill_leaves_only_whole_files_and_the_next_build_finishes(template, tmp_path, delay_s):
    out = tmp_path / "out"
    proc = _cli(template["sb"], "--out", out, "-j", "2", start_new_session=True)
    time.sleep(delay_s)
    os.killpg(proc.pid, signal.SIGKILL)
    proc.wait(timeout=30)
    reference = {k: v[0] for k, v in template["files"].items()}
    for rel, (sha, _) in _files(out).items():
        if rel.endswith("manifest.json") or rel.endswith(".part"):
            continue
        assert sha == reference[rel], f"{rel} is not the whole file"  # a file at a final path is complete
    again = _cli(template["sb"], "--out", out, "-j", "2")
    _, err = again.communicate(timeout=300)
    assert again.returncode == 0, err
    assert {k: v[0] for k, v in _files(out).items()} == reference
    assert_manifests_match_disk(out)


def test_ctrl_c_stops_with_one_line(template, tmp_path):
    proc = _cli(template["sb"], "--out", tmp_path / "out", "-j", "2")
    out = Lines(proc.stderr)
    try:
        out.wait_for("] mini/", 120, regex=False)  # jobs are running: the first one finished
    except AssertionError:
        proc.kill()
        raise
    proc.send_signal(signal.SIGINT)
    err = out.rest(60)
    proc.wait(timeout=30)
    assert proc.returncode == 130, err
    assert "Traceback" not in err
    assert err.strip().splitlines()[-1].startswith("interrupted:")
    assert not list((tmp_path / "out").rglob("*.part"))


def test_watch_rebuilds_on_save_with_one_line_per_rebuild(template, tmp_path):
    proj = tmp_path / "proj"
    shutil.copytree(template["root"] / "proj", proj)
    sb = proj / "storyboards" / "mini.yaml"
    proc = _cli(sb, "--out", tmp_path / "out", "--only", "infographics", "--lang", "fa", "--watch")
    out = Lines(proc.stderr)
    try:
        out.wait_for("start: rebuilt", 120, regex=False)
        _edit(sb, "title: {fa: دو مرحله", "title: {fa: دو گام")
        line = out.wait_for("mini.yaml: rebuilt", 120, regex=False)
        assert "mini/fa/infographics/phases" in line and "key-figures" not in line and " s" in line
    finally:
        stop(proc, signal.SIGINT, 30)


def test_failed_jobs_are_reported_together_and_the_others_still_land(tmp_path, monkeypatch):
    """All problems at once: two infographics whose text cannot fit both fail with their locations,
    the one that needs them is not run, and the independent English ones are made."""
    from ruamel.yaml import YAML

    from media.errors import LayoutError

    sb = _project(tmp_path / "proj")
    yaml = YAML()
    doc = yaml.load(sb.read_text(encoding="utf-8"))
    huge = " ".join(["زنجیره‌ای بسیار طولانی از واژه‌ها"] * 8)  # under the loader's 300-character limit
    doc["infographics"][0]["title"]["fa"] = huge
    doc["infographics"][1]["steps"][0]["title"]["fa"] = huge
    with open(sb, "w", encoding="utf-8") as fh:
        yaml.dump(doc, fh)
    out = tmp_path / "out"
    with pytest.raises(LayoutError) as err:
        build([sb], ("fa", "en"), ["infographics"], out, BuildOptions(draft=True))
    text = "\n".join(err.value.lines())
    assert "infographics[0].title.fa" in text and "infographics[1].steps[0].title.fa" in text, text
    report = err.value.report
    assert sorted(report.failed) == ["mini/fa/infographics/key-figures", "mini/fa/infographics/phases"]
    assert report.blocked == ["mini/fa/infographics/_contact-sheet"]
    assert sorted(report.built) == ["mini/en/infographics/_contact-sheet", "mini/en/infographics/key-figures",
                                    "mini/en/infographics/phases"]
    assert not (out / "mini" / "fa" / "infographics").exists()
    assert_manifests_match_disk(out)
