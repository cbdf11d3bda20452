"""Infographics: files and manifest entries, layout proofs, direction, long translations, golden images."""
from __future__ import annotations

import csv
import re
import dataclasses
import json
from pathlib import Path

import pytest

from media.builders import BuildOptions
from media.errors import LayoutError
from media.storyboard import load_storyboard

GOLDEN = Path(__file__).resolve().parent / "golden" / "infographics"
# Mean absolute difference per channel (0-255) a golden may drift by: anti-aliasing and font hinting
# differences between Pillow/FreeType builds stay far below it; a moved card or a lost text does not.
GOLDEN_TOLERANCE = 1.0
GOLDEN_SCALE = 0.25  # 1080 -> 270 px: small files, still shows every shape


@pytest.fixture
def mini(project):
    root = project("infographics")
    return load_storyboard(root / "storyboards" / "mini.yaml")


def _with(sb, **changes):
    """A copy of the loaded storyboard with model fields replaced (models are immutable)."""
    return dataclasses.replace(sb, model=sb.model.model_copy(update=changes))


def _spec(sb, spec_id):
    return next(i for i, s in enumerate(sb.model.infographics) if s.id == spec_id)


def test_build_writes_pngs_csv_contact_sheet_and_manifest_entries(mini, tmp_path):
    from PIL import Image

    from media.build import run_build

    out = tmp_path / "out"
    manifests = run_build([mini.path], ("fa", "en"), ["infographics"], out, BuildOptions(draft=True))
    assert len(manifests) == 2
    doc = json.loads((out / "mini" / "fa" / "manifest.json").read_text(encoding="utf-8"))
    kinds = [e["kind"] for e in doc["artifacts"]]
    expected_pngs = sum(len(s.sizes) for s in mini.model.infographics)
    assert kinds.count("infographic") == expected_pngs
    assert kinds.count("infographic-data") == len(mini.model.infographics)
    assert kinds.count("contact-sheet") == 1
    folder = out / "mini" / "fa" / "infographics"
    assert (folder / "figures-square.png").is_file() and (folder / "steps-landscape.png").is_file()
    assert not list(folder.glob("*.part")), "temporary files left behind"
    fig = next(e for e in doc["artifacts"] if e["path"] == "infographics/figures-square.png")
    with Image.open(folder / "figures-square.png") as im:
        assert (fig["width"], fig["height"]) == im.size == (540, 540)  # draft: half size
        # the alt text and title travel inside the file (UTF-8 iTXt), for asset managers
        assert im.text["Description"] == fig["alt"] and im.text["Title"] == "ارقام کلیدی"
        assert "dpi" not in im.info  # screen sizes carry no print size
    assert "۲۰" in fig["alt"] and "۱٫۳ میلیارد تومان" in fig["alt"]
    assert "ارقام کلیدی" in fig["visible_text"] and "۲۰" in fig["visible_text"]
    raw = (folder / "figures.csv").read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf"), "CSV must carry a BOM so Excel reads Persian"
    rows = list(csv.reader(raw.decode("utf-8-sig").splitlines()))
    # machine-readable in Persian too: ASCII digits, a whole number as an integer, a range's ends in two columns
    assert rows[0][2:4] == ["از", "مقدار"] and rows[2][3] == "1.3"
    assert all(r[3] == "" or re.fullmatch(r"-?\d+(\.\d+)?", r[3]) for r in rows[1:] if len(r) > 3)
    assert not any(r[3].endswith(".0") for r in rows[1:] if len(r) > 3)
    en = json.loads((out / "mini" / "en" / "manifest.json").read_text(encoding="utf-8"))
    chart = next(e for e in en["artifacts"] if e["path"] == "infographics/demo-chart-square.png")
    assert "Illustrative data" in chart["visible_text"] and "Illustrative data" in chart["alt"]
    assert "Claims: before 40, after 12 days" in chart["alt"]


def test_a4_png_prints_as_a4(mini, tmp_path):
    """The A4 PNG says its resolution, so word processors and print dialogs size it to the page."""
    from PIL import Image

    from media.builders.infographics import InfographicsBuilder

    i = _spec(mini, "figures")
    spec = mini.model.infographics[i].model_copy(update={"sizes": ["a4"]})
    sb = _with(mini, infographics=[spec])
    for draft in (True, False):
        arts = InfographicsBuilder(BuildOptions(draft=draft)).build(sb, "fa", tmp_path / str(draft))
        png = next(a.path for a in arts if a.kind == "infographic")
        with Image.open(png) as im:
            dpi = im.info["dpi"][0]
            assert round(dpi) == (150 if draft else 300)
            assert abs(im.width / dpi * 25.4 - 210) < 1 and abs(im.height / dpi * 25.4 - 297) < 1


@pytest.mark.parametrize("lang", ["fa", "en"])
def test_every_size_of_every_kind_passes_the_layout_proof(mini, lang):
    from media.graphics.infographic import SIZES, checked

    for i, spec in enumerate(mini.model.infographics):
        for size, (w, h) in SIZES.items():  # every size, not only the ones the fixture asks for
            d = checked(mini, i, lang, w, h)
            assert d.visible_text(), (spec.id, size)
            sx, sy, sw, sh = d.safe
            assert sx > 0 and sw < w


def test_persian_reads_right_to_left_and_english_left_to_right(mini):
    from media.graphics.infographic import compose
    from media.graphics import Ellipse, Rect

    steps = _spec(mini, "steps")
    for lang, first_is_right in (("fa", True), ("en", False)):
        d = compose(mini, steps, lang, 1920, 1080)
        discs = {}
        for it in d.items:
            if isinstance(it, Ellipse) and it.tag.startswith("step-") and it.fill == mini.settings.brand.primary:
                discs.setdefault(int(it.tag.split("-")[1]), it.x)
        xs = [discs[k] for k in sorted(discs)]
        assert xs == sorted(xs, reverse=first_is_right), (lang, xs)
    chart = _spec(mini, "demo-chart")
    for lang in ("fa", "en"):
        d = compose(mini, chart, lang, 1080, 1080)
        bars = [it for it in d.items if isinstance(it, Rect) and it.tag.startswith("bar-")
                and it.fill == mini.settings.brand.primary]
        if lang == "fa":  # bars grow from a common right edge
            assert len({round(b.x + b.w) for b in bars}) == 1
        else:
            assert len({round(b.x) for b in bars}) == 1
        assert any(t == ("داده‌های نمایشی" if lang == "fa" else "Illustrative data") for t in d.visible_text())


def test_numbers_are_localised_and_latin_words_kept(mini):
    from media.graphics.infographic import compose

    d = compose(mini, _spec(mini, "figures"), "fa", 1080, 1080)
    text = " ".join(d.visible_text())
    assert "۱٫۳" in text and "۶۰٪" in text and "VIP" in text
    assert not any(ch in "0123456789" for ch in text), "Latin digits in a Persian infographic"
    d = compose(mini, _spec(mini, "figures"), "en", 1080, 1080)
    assert "1.3" in d.visible_text() and "60%" in d.visible_text()


def test_long_translation_wraps(mini):
    from media.graphics.infographic import checked

    i = _spec(mini, "steps")
    spec = mini.model.infographics[i]
    longer = spec.model_copy(update={"title": spec.title.model_copy(update={
        "en": "The four steps of the FinTech netting chain, from issuing tokens to settlement"})})
    sb = _with(mini, infographics=[longer if k == i else s for k, s in enumerate(mini.model.infographics)])
    d = checked(sb, i, "en", 1080, 1080)
    title = next(t for t in d.texts() if t.role == "title")
    assert len(title.block.lines) == 2


def test_long_translation_shrinks(mini):
    from media.graphics.infographic import checked

    i = _spec(mini, "steps")
    spec = mini.model.infographics[i]
    step0 = spec.steps[0]
    long_text = ("Tokens of a fixed value, for example equal to a cheque of one million rials, are issued to "
                 "every creditor in the closed internal chain")
    steps = [step0.model_copy(update={"text": step0.text.model_copy(update={"en": long_text})}), *spec.steps[1:]]
    sb = _with(mini, infographics=[spec.model_copy(update={"steps": steps}) if k == i else s
                                   for k, s in enumerate(mini.model.infographics)])
    base = checked(mini, i, "en", 1080, 1080)
    d = checked(sb, i, "en", 1080, 1080)
    size = lambda dr: max(t.block.size for t in dr.texts() if t.role == "step-text")  # noqa: E731
    assert size(d) < size(base)
    assert any("million" in line for line in d.visible_text())


def test_text_that_cannot_fit_fails_with_its_location(mini, tmp_path):
    from media.builders.infographics import InfographicsBuilder

    i = _spec(mini, "risks")
    spec = mini.model.infographics[i]
    item = spec.items[1]
    huge = " ".join(["The chain must be secured against every kind of attack and failure"] * 12)
    items = [spec.items[0], item.model_copy(update={"text": item.text.model_copy(update={"en": huge})}),
             *spec.items[2:]]
    sb = _with(mini, infographics=[spec.model_copy(update={"items": items}) if k == i else s
                                   for k, s in enumerate(mini.model.infographics)])
    with pytest.raises(LayoutError) as err:
        InfographicsBuilder(BuildOptions()).build(sb, "en", tmp_path / "out")
    line = err.value.lines()[0]
    assert "mini.yaml:" in line and "infographics[3].items[1].text.en" in line and "shorten" in line
    # the other infographics are independent jobs and may be made; nothing of this one is, in any size
    made = [p.name for p in (tmp_path / "out").rglob("*")]
    assert not [n for n in made if n.startswith("risks") or n.endswith(".part")], made


def _golden_cases():
    return [("figures", "fa"), ("steps", "fa"), ("roadmap", "fa"), ("risks", "fa"), ("gains", "en"),
            ("demo-chart", "fa"), ("demo-chart", "en"), ("words", "en"), ("steps", "en")]


@pytest.mark.parametrize("spec_id,lang", _golden_cases())
def test_golden_image(mini, spec_id, lang, update_golden, tmp_path):
    import numpy as np
    from PIL import Image

    from media.graphics.infographic import checked
    from media.graphics.raster import render

    d = checked(mini, _spec(mini, spec_id), lang, 1080, 1080)
    image = render(d, scale=GOLDEN_SCALE, supersample=2)
    path = GOLDEN / f"{spec_id}-{lang}.png"
    if update_golden or not path.exists():
        if not update_golden:
            pytest.fail(f"no golden image {path.name}: run with --update-golden (or MEDIA_UPDATE_GOLDEN=1)")
        GOLDEN.mkdir(parents=True, exist_ok=True)
        image.save(path, optimize=True)
        return
    with Image.open(path) as im:
        want = np.asarray(im.convert("RGB"), dtype=np.float32)
    got = np.asarray(image, dtype=np.float32)
    assert got.shape == want.shape
    diff = float(np.abs(got - want).mean())
    if diff > GOLDEN_TOLERANCE:
        out = tmp_path / f"{spec_id}-{lang}-actual.png"
        image.save(out)
        pytest.fail(f"{path.name}: mean pixel difference {diff:.2f} > {GOLDEN_TOLERANCE}; actual image: {out}")
