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
