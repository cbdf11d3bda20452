"""A default `media build` of every kind, both languages, opens no network connection and leaves a
complete manifest: the offline-by-default promise, proven on the whole pipeline, not one builder."""
from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from media import builders
from media.build import run_build
from media.builders import BuildOptions
from tests.test_podcast import NoNetwork

ROOTS = Path(__file__).resolve().parent / "roots"


def test_default_build_is_offline_and_complete(tmp_path, monkeypatch):
    root = tmp_path / "basic"
    shutil.copytree(ROOTS / "basic", root)
    monkeypatch.setenv("MEDIA_VIDEO_SIZE", "320x180@10")  # tiny frames: this test is about the pipeline
    out = root / "output"
    guard = NoNetwork(monkeypatch)
    manifests = run_build([root / "storyboards" / "mini.yaml"], ("fa", "en"), builders.names(), out,
                          BuildOptions(cache_dir=out / ".cache"))
    assert guard.attempts == [], guard.attempts
    assert len(manifests) == 2
    for manifest in manifests:
        doc = json.loads(manifest.read_text(encoding="utf-8"))
        kinds = {a["kind"] for a in doc["artifacts"]}
        assert {"infographic", "podcast", "video", "poster"} <= kinds, kinds
        for a in doc["artifacts"]:
            path = manifest.parent / a["path"]
            assert path.is_file() and path.stat().st_size == a["bytes"] > 0, a["path"]
    leftovers = [p for p in out.rglob("*.part")]
    assert leftovers == [], leftovers  # atomic writes: no half-written file anywhere


def test_confidential_storyboard_refuses_online_engine_even_when_asked(tmp_path, monkeypatch):
    from media.errors import PrivacyError

    root = tmp_path / "basic"
    shutil.copytree(ROOTS / "basic", root)  # mini.yaml is confidential: true
    guard = NoNetwork(monkeypatch)
    with pytest.raises(PrivacyError):
        run_build([root / "storyboards" / "mini.yaml"], ("en",), ["podcast"], root / "output",
                  BuildOptions(cache_dir=root / "output" / ".cache", allow_online=True, engines={"en": "gtts"}))
    assert guard.attempts == []
