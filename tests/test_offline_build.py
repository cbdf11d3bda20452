"""A default `media build` of every kind, both languages, opens no network connection and leaves a
complete manifest: the offline-by-default promise, proven on the whole pipeline, not one builder."""
from __future__ import annotations

import json
import re
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
                          BuildOptions(cache_dir=root / ".cache"))  # never in the site
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
                  BuildOptions(cache_dir=root / ".cache", allow_online=True, engines={"en": "gtts"}))
    assert guard.attempts == []


# A run of ASCII digits inside Persian text, outside a URL or a file name (sources cite seed files).
_ASCII_RUN = re.compile(r"[0-9]+")
_EXEMPT = re.compile(r"https?://\S+|[\w.-]+\.(?:txt|md|pdf|png|jpe?g|mp3|mp4|m4a|wav|vtt|srt|csv|json|ya?ml|xml|svg)\b")
_PERSIAN = re.compile(r"[\u0600-\u06FF]")


def _latin_digits_in_persian(text: str) -> list[str]:
    bad = []
    for line in text.splitlines():
        if _PERSIAN.search(line) and _ASCII_RUN.search(_EXEMPT.sub("", line)):
            bad.append(line.strip()[:100])
    return bad


def test_persian_outputs_show_persian_digits_everywhere(tmp_path, monkeypatch):
    """Not only the pictures: titles, descriptions, chapter names and timecodes in every Persian file
    and metadata field (transcript, captions, ID3 tags and chapters, MP4 title and chapters, PDF info,
    the manifest) show Persian digits. The fixture gets numbers in every such field first."""
    import subprocess

    from ruamel.yaml import YAML

    root = tmp_path / "basic"
    shutil.copytree(ROOTS / "basic", root)
    path = root / "storyboards" / "mini.yaml"
    yaml = YAML()
    doc = yaml.load(path.read_text(encoding="utf-8"))
    doc["title"]["fa"] = "زنجیره تهاتر «تتا» 1403"
    doc["summary"]["fa"] = "سازمان در 2 مرحله توکن صادر می‌کند."
    doc["sections"][0]["title"]["fa"] = "ضرورت 1"
    doc["podcast"]["title"]["fa"] = "پادکست تتا 18"
    doc["podcast"]["description"]["fa"] = "گفت‌وگو درباره 3 گام تتا"
    doc["podcast"]["segments"][0]["chapter"]["fa"] = "مقدمه 1"
    doc["poster"]["title"]["fa"] = "زنجیره تهاتر 18"
    with open(path, "w", encoding="utf-8") as fh:
        yaml.dump(doc, fh)
    monkeypatch.setenv("MEDIA_VIDEO_SIZE", "320x180@10")
    out = root / "output"
    [manifest] = run_build([path], ("fa",), builders.names(), out, BuildOptions(cache_dir=root / ".cache"))  # never in the site
    folder = manifest.parent
    found: dict[str, list[str]] = {}

    def check(where: str, text: str) -> None:
        bad = _latin_digits_in_persian(text)
        if bad:
            found[where] = bad

    def strings(x):
        if isinstance(x, dict):
            for v in x.values():
                yield from strings(v)
        elif isinstance(x, list):
            for v in x:
                yield from strings(v)
        elif isinstance(x, str):
            yield x

    check("manifest.json", "\n".join(strings(json.loads(manifest.read_text(encoding="utf-8")))))
    for f in folder.rglob("*"):
        if f.suffix in (".txt", ".vtt", ".srt"):  # CSVs are data: their number columns stay machine-readable
            check(f.name, f.read_text(encoding="utf-8-sig"))
    from mutagen.id3 import ID3

    for mp3 in folder.rglob("*.mp3"):
        tags = ID3(mp3)
        texts = []
        for frame in tags.values():
            for sub in [frame, *getattr(frame, "sub_frames", {}).values()]:
                texts += [str(t) for t in getattr(sub, "text", [])]
        check(mp3.name + " (ID3)", "\n".join(texts))
    import imageio_ffmpeg

    for mp4 in folder.rglob("*.mp4"):
        meta = subprocess.run([imageio_ffmpeg.get_ffmpeg_exe(), "-hide_banner", "-loglevel", "error", "-i", str(mp4),
                               "-f", "ffmetadata", "-"], capture_output=True, text=True, check=True).stdout
        check(mp4.name + " (metadata)", meta)
    import pypdfium2

    for pdf in folder.rglob("*.pdf"):
        check(pdf.name + " (info)", "\n".join(str(v) for v in pypdfium2.PdfDocument(pdf).get_metadata_dict().values()))
    assert found == {}, "\n".join(f"{k}: {v}" for k, v in found.items())
