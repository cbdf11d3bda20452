"""Trainer bundle: everything of a storyboard and language in one checked zip. Built for real (tiny video
size) through the engine; read back with `unzip`'s view (zipfile) and checked with coreutils' `sha256sum -c`."""
from __future__ import annotations

import json
import subprocess
import zipfile
from pathlib import Path

import pytest

from media.build import build
from media.builders import BuildOptions
from media.builders.bundle import BUNDLED, SUMS
from tests.shared import course_build

EPOCH = "1795305600"  # 2026-11-22


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    return course_build(tmp_path_factory)


def _manifest(base: Path, lang: str) -> dict:
    return json.loads((base / "out" / "course" / lang / "manifest.json").read_text(encoding="utf-8"))


@pytest.mark.parametrize("lang", ["fa", "en"])
def test_bundle_lists_every_file_it_should(built, lang):
    base, _ = built
    manifest = _manifest(base, lang)
    zpath = base / "out" / "course" / lang / "bundle.zip"
    entry = [e for e in manifest["artifacts"] if e["kind"] == "bundle"]
    assert len(entry) == 1 and entry[0]["path"] == "bundle.zip"
    with zipfile.ZipFile(zpath) as z:
        names = z.namelist()
    root = f"course-{lang}/"
    assert all(n.startswith(root) for n in names)
    inside = {n[len(root):] for n in names}
    media = {e["path"] for e in manifest["artifacts"] if e["kind"] != "bundle"}
    kinds = {e["kind"] for e in manifest["artifacts"]}
    assert {"deck", "video", "subtitles", "podcast", "podcast-transcript", "infographic", "poster"} <= kinds
    fonts = {f"fonts/vazirmatn/{n}" for n in ("Vazirmatn-Regular.ttf", "Vazirmatn-Medium.ttf", "Vazirmatn-Bold.ttf",
                                               "Vazirmatn-Black.ttf", "OFL.txt", "AUTHORS.txt")}
    assert inside == media | fonts | {"README.txt", SUMS}
    assert names == sorted(names), "entries sorted"
    assert {"report", "summary", "checklist"} <= kinds
    assert entry[0]["missing"] == []


@pytest.mark.parametrize("lang", ["fa", "en"])
def test_sha256sum_check_passes_inside_the_unpacked_bundle(built, lang, tmp_path):
    base, _ = built
    with zipfile.ZipFile(base / "out" / "course" / lang / "bundle.zip") as z:
        z.extractall(tmp_path)
    folder = tmp_path / f"course-{lang}"
    ok = subprocess.run(["sha256sum", "-c", "--strict", SUMS], cwd=folder, capture_output=True, text=True)
    assert ok.returncode == 0, ok.stdout + ok.stderr
    listed = {line.split("  ", 1)[1] for line in (folder / SUMS).read_text().splitlines()}
    on_disk = {p.relative_to(folder).as_posix() for p in folder.rglob("*") if p.is_file()}
    assert listed == on_disk - {SUMS}
    # the check can fail: one changed byte is caught
    target = folder / "deck.pptx"
    data = bytearray(target.read_bytes())
    data[len(data) // 2] ^= 1
    target.write_bytes(bytes(data))
    bad = subprocess.run(["sha256sum", "-c", "--quiet", SUMS], cwd=folder, capture_output=True, text=True)
    assert bad.returncode != 0 and "deck.pptx: FAILED" in bad.stdout


@pytest.mark.parametrize("lang", ["fa", "en"])
def test_readme_is_bilingual_with_draft_status(built, lang):
    from media.content.words import word

    base, _ = built
    with zipfile.ZipFile(base / "out" / "course" / lang / "bundle.zip") as z:
        text = z.read(f"course-{lang}/README.txt").decode("utf-8")
    for L in ("fa", "en"):
        assert word("draft_mark", L) in text
    first = text.index("بسته آموزشی مربی"), text.index("Trainer bundle")
    assert (first[0] < first[1]) == (lang == "fa"), "the bundle's language first"
    for path in ("deck.pptx", "video/video.mp4", "podcast.mp3", "fonts/vazirmatn/OFL.txt", SUMS):
        assert text.count(path) >= 2, path  # listed in both languages
    # Persian lines: Persian digits, identifiers (paths, URL) untouched
    fa_part = text[text.index("بسته آموزشی مربی"):]
    fa_part = fa_part[: fa_part.index("Trainer bundle")] if lang == "fa" else fa_part
    assert "۱۴۰۵" in fa_part and "poster/poster-a5.pdf" in fa_part and f"/course/{lang}/" in fa_part


def test_zip_is_reproducible(built, tmp_path):
    """Same inputs, same bytes: the bundle (and the deck it holds) made again from the same media, by a
    forced rebuild through the engine, is the same zip; entries are stamped with the build date."""
    base, yaml = built
    zpath = base / "out" / "course" / "fa" / "bundle.zip"
    before = zpath.read_bytes()
    with zipfile.ZipFile(zpath) as z:
        stamps = {i.date_time for i in z.infolist()}
        modes = {i.external_attr >> 16 for i in z.infolist()}
    assert stamps == {(2026, 11, 22, 0, 0, 0)} and modes == {0o644}
    deck = (base / "out" / "course" / "fa" / "deck.pptx").read_bytes()
    # build both again from scratch (forced: the engine runs them although they are up to date; it would
    # replace a file whose new bytes differ)
    mp = pytest.MonkeyPatch()
    mp.setenv("SOURCE_DATE_EPOCH", EPOCH)
    mp.setenv("MEDIA_VIDEO_SIZE", "320x180@10")
    try:
        report = build([yaml], ("fa",), ["deck", "bundle"], base / "out", BuildOptions(draft=True), force=True)
    finally:
        mp.undo()
    assert sorted(report.built) == ["course/fa/bundle/bundle", "course/fa/deck/deck"]
    assert (base / "out" / "course" / "fa" / "deck.pptx").read_bytes() == deck
    assert zpath.read_bytes() == before


def test_bundle_needs_name_builders_not_a_catch_all(built):
    """The site (issue 12) will need the bundle: a pattern matching every builder would be a cycle."""
    from media.builders.bundle import BundleBuilder
    from media.storyboard import load_storyboard

    _, yaml = built
    job = BundleBuilder().plan(load_storyboard(yaml), "fa")[0]
    assert all(n.split("/")[2] in BUNDLED and "*" not in n.split("/")[2] for n in job.needs)
    assert not any(n.endswith("/site/*") or n.split("/")[2] == "*" for n in job.needs)
