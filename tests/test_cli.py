"""CLI basics: help that teaches, doctor, manifest contract, registry."""
from __future__ import annotations

import json
import subprocess
import sys

import pytest

from media import builders
from media.builders import Artifact
from media.builders.manifest import write_manifest


def media(*args):
    return subprocess.run([sys.executable, "-m", "media", *args], capture_output=True, text=True)


def test_help_teaches():
    out = media("--help").stdout
    for word in ("validate", "build", "doctor", "schema", "Exit codes", "output/<storyboard>/<lang>/"):
        assert word in out, word
    build_help = media("build", "--help").stdout
    for opt in ("--lang", "--only", "--out", "--draft", "--aspect", "--burn-subtitles", "--print", "--cmyk", "--online"):
        assert opt in build_help, opt


def test_doctor_reports_every_piece():
    result = media("doctor")
    assert result.returncode == 0, result.stdout
    for piece in ("ffmpeg", "font bold", "پ چ ژ گ ی ک", "text shaping", "speech: espeak", "oracle: tesseract"):
        assert piece in result.stdout, piece


def test_unknown_kind_is_a_usage_error():
    result = media("build", "storyboards/plan-12.yaml", "--only", "hologram")
    assert result.returncode == 2 and "hologram" in result.stderr and "Traceback" not in result.stderr


def test_registry_rejects_duplicates():
    with pytest.raises(ValueError, match="already registered"):
        builders.register("poster", "x:y")
    assert builders.names()[:4] == ["infographics", "podcast", "video", "poster"]


def test_manifest_contract_and_partial_rebuilds(tmp_path):
    a = tmp_path / "a.png"
    a.write_bytes(b"png-bytes")
    b = tmp_path / "sub" / "b.mp3"
    b.parent.mkdir()
    b.write_bytes(b"mp3")
    write_manifest(tmp_path, "plan-18", "fa", {"infographic", "podcast"},
                   [Artifact("infographic", a, {"width": 1080}), Artifact("podcast", b)], "media test")
    doc = json.loads((tmp_path / "manifest.json").read_text(encoding="utf-8"))
    assert doc["storyboard"] == "plan-18" and doc["lang"] == "fa"
    entry = {e["kind"]: e for e in doc["artifacts"]}
    import hashlib
    assert entry["infographic"] == {"kind": "infographic", "path": "a.png", "bytes": 9, "width": 1080,
                                    "sha256": hashlib.sha256(b"png-bytes").hexdigest()}
    assert entry["podcast"]["path"] == "sub/b.mp3"
    # rebuilding only infographics keeps the podcast entry
    write_manifest(tmp_path, "plan-18", "fa", {"infographic"}, [Artifact("infographic", a)], "media test")
    kinds = sorted(e["kind"] for e in json.loads((tmp_path / "manifest.json").read_text())["artifacts"])
    assert kinds == ["infographic", "podcast"]


@pytest.mark.slow
def test_non_editable_install_finds_fonts_from_the_project_folder(tmp_path):
    """`pip install .` (no -e) puts the package outside the checkout: it must find the fonts under the
    project folder it runs in (or $MEDIA_FONT_DIR), and elsewhere say so in one line, without a traceback.
    The install is the wheel's content, src/media copied into a site folder (no network, no build)."""
    import os
    import shutil
    from pathlib import Path

    repo = Path(__file__).resolve().parents[1]
    target = tmp_path / "site"
    shutil.copytree(repo / "src" / "media", target / "media", ignore=shutil.ignore_patterns("__pycache__"))
    project = tmp_path / "project"
    shutil.copytree(repo / "tests" / "roots" / "infographics", project)
    env = {**os.environ, "PYTHONPATH": str(target)}
    env.pop("MEDIA_FONT_DIR", None)

    def run(cwd, *args, **extra):
        return subprocess.run([sys.executable, "-m", "media", "build", "storyboards/mini.yaml", "--only", "infographics",
                               "--lang", "fa", *args], cwd=cwd, env={**env, **extra}, capture_output=True, text=True)

    probe = subprocess.run([sys.executable, "-c", "import media; print(media.__file__)"], env=env,
                           capture_output=True, text=True, cwd=tmp_path)
    assert probe.stdout.startswith(str(target)), probe.stdout
    # outside any project: a one-line error naming the fix
    (tmp_path / "elsewhere" / "storyboards").mkdir(parents=True)
    for f in (project / "storyboards").iterdir():
        shutil.copy(f, tmp_path / "elsewhere" / "storyboards" / f.name)
    lost = run(tmp_path / "elsewhere")
    assert lost.returncode != 0 and "Traceback" not in lost.stderr, lost.stderr
    assert "Vazirmatn not found" in lost.stderr and "MEDIA_FONT_DIR" in lost.stderr
    # with the fonts next to the storyboards (the project layout), or named by the variable, it builds
    shutil.copytree(repo / "assets" / "fonts", project / "assets" / "fonts")
    ok = run(project)
    assert ok.returncode == 0, ok.stderr
    assert list((project / "output" / "mini" / "fa" / "infographics").glob("*.png"))
    ok2 = run(tmp_path / "elsewhere", MEDIA_FONT_DIR=str(repo / "assets" / "fonts" / "vazirmatn"))
    assert ok2.returncode == 0, ok2.stderr
