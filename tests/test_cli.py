"""CLI basics: help that teaches, doctor, manifest contract, registry."""
from __future__ import annotations

import json
import subprocess
import sys

import pytest

from media import builders


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
