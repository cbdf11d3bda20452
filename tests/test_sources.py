"""The source pack (sources.zip): what it holds, and that building from it unpacked gives the same bytes."""
from __future__ import annotations

import hashlib
import os
import shlex
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

from media.build import run_build
from media.builders import BuildOptions
from media.storyboard import load_storyboard

BUILDERS = ["poster", "checklist", "sources"]  # the infographics contact sheet refuses this fixture (see report)


def tree_sums(folder: Path) -> dict[str, str]:
    return {p.relative_to(folder).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(folder.rglob("*")) if p.is_file()}


@pytest.fixture
def project_with_logo(project):
    from PIL import Image

    root = project("poster")
    settings = root / "storyboards" / "package.yaml"
    Image.new("RGBA", (64, 64), (200, 30, 30, 255)).save(root / "storyboards" / "logo.png")
    text = settings.read_text(encoding="utf-8")
    settings.write_text(text.replace("brand:\n", "brand:\n  logo: logo.png\n", 1), encoding="utf-8")
    return root


def test_pack_holds_the_storyboard_settings_images_fonts_version_and_readme(project_with_logo, tmp_path):
    sb = load_storyboard(project_with_logo / "storyboards" / "netting.yaml")
    assert sb.settings.brand.logo == "logo.png"
    out = tmp_path / "out"
    run_build([sb.path], ("fa", "en"), ["sources"], out, BuildOptions())
    pack = out / "netting" / "fa" / "sources.zip"
    assert pack.read_bytes() == (out / "netting" / "en" / "sources.zip").read_bytes()
    with zipfile.ZipFile(pack) as z:
        names = z.namelist()
        readme = z.read("netting-sources/README.md").decode("utf-8")
        assert z.read("netting-sources/MEDIA_VERSION").decode().startswith("media ")
    for name in ("netting.yaml", "package.yaml", "logo.png", "fonts/vazirmatn/Vazirmatn-Regular.ttf",
                 "fonts/vazirmatn/OFL.txt"):
        assert f"netting-sources/{name}" in names, names
    assert names == sorted(names)
    assert "media build netting.yaml --out output" in readme and "بستهٔ منبع" in readme
    doc = (out / "netting" / "fa" / "manifest.json").read_text(encoding="utf-8")
    assert '"source-pack"' in doc and "sources.zip" in doc


def test_building_from_the_unpacked_pack_gives_the_same_bytes(project_with_logo, tmp_path):
    """Build, unpack sources.zip into an empty folder, run the README's command there, compare every file."""
    sb_path = project_with_logo / "storyboards" / "netting.yaml"
    first = tmp_path / "first"
    run_build([sb_path], ("fa", "en"), BUILDERS, first, BuildOptions())
    unpacked = tmp_path / "unpacked"
    unpacked.mkdir()
    with zipfile.ZipFile(first / "netting" / "fa" / "sources.zip") as z:
        z.extractall(unpacked)
        readme = z.read("netting-sources/README.md").decode("utf-8")
    folder = unpacked / "netting-sources"
    command = next(line.strip() for line in readme.splitlines() if " media build " in f" {line.strip()}")
    words = shlex.split(command)
    env = {**os.environ, **dict(w.split("=", 1) for w in words if "=" in w and not w.startswith("-"))}
    args = words[[i for i, w in enumerate(words) if w == "media"][0] + 1:]
    done = subprocess.run([sys.executable, "-m", "media", *args, "--only", ",".join(BUILDERS), "-j", "1"],
                          cwd=folder, env=env, capture_output=True, text=True)
    assert done.returncode == 0, done.stderr[-2000:]
    a, b = tree_sums(first / "netting"), tree_sums(folder / "output" / "netting")
    assert sorted(a) == sorted(b)
    assert len(a) >= 10 and any(n.endswith(".pdf") for n in a) and any(n.endswith(".svg") for n in a)
    differ = [n for n in a if a[n] != b[n]]
    assert not differ, differ


def test_plan_page_links_the_files_for_editors(project_with_logo, tmp_path):
    import re

    sb_path = project_with_logo / "storyboards" / "netting.yaml"
    out = tmp_path / "out"
    run_build([sb_path], ("fa", "en"), ["poster", "sources", "site"], out, BuildOptions())
    for lang, heading in (("fa", "برای طراحان و تدوینگران"), ("en", "For editors")):
        page = out / "netting" / lang / "index.html"
        html = page.read_text(encoding="utf-8")
        section = re.search(r'<section id="editors".*?</section>', html, re.S)
        assert section and heading in section.group(0)
        hrefs = re.findall(r'href="([^"]+)"', section.group(0))
        assert "sources.zip" in hrefs and any(h.endswith(".svg") for h in hrefs)
        for h in hrefs:
            assert (page.parent / h).is_file(), h


def test_prose_longer_than_a_file_name_is_not_taken_for_a_file(project_with_logo):
    from media.builders.sources import named_files

    sb = load_storyboard(project_with_logo / "storyboards" / "netting.yaml")
    long = "و" * 200  # 400 bytes in UTF-8: the file system refuses the name (ENAMETOOLONG)
    import dataclasses

    model = sb.model.model_copy(update={"summary": sb.model.summary.model_copy(update={"fa": long})})
    assert [p.name for p in named_files(dataclasses.replace(sb, model=model))] == ["logo.png"]
