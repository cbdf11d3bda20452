"""SVG beside every infographic: read back by two independent renderers (librsvg's rsvg-convert and Chromium)
and compared with the PNG of the same size; the Persian title is text in the file and tesseract reads it
from the librsvg render."""
from __future__ import annotations

import dataclasses
import os
import re
import shutil
import subprocess
from pathlib import Path

import numpy as np
import pytest

from media.builders import BuildOptions
from media.builders.infographics import InfographicsBuilder
from media.storyboard import load_storyboard
from tests.ocr import cer, crop_to_ink, ocr, require_tesseract
from tests.site_support import CHROMIUM, CHROMIUM_ARGS

FONTS = Path(__file__).resolve().parents[1] / "assets" / "fonts" / "vazirmatn"
# Mean absolute difference per channel (0-255) between a renderer's picture of the SVG and our PNG, over
# the whole picture and over the worst sixth-by-sixth tile (a moved or lost text shows in its tile).
# Measured on tests/roots/infographics (2026-12-07, 24 SVGs, fa and en): librsvg 2.54 0.49-1.22 whole,
# <= 3.1 per tile; Chromium 0.56-1.83 whole, <= 10.2 per tile (its text antialiasing differs more).
RSVG_TOLERANCE, RSVG_TILE_TOLERANCE = 1.5, 5.0
CHROMIUM_TOLERANCE, CHROMIUM_TILE_TOLERANCE = 2.5, 14.0


def fontconfig(tmp: Path) -> dict:
    """An environment whose fontconfig knows the committed Vazirmatn: what a designer gets by installing
    the font (the renderers do not load the SVG's @font-face from a file)."""
    conf = tmp / "fonts.conf"
    conf.write_text('<?xml version="1.0"?><!DOCTYPE fontconfig SYSTEM "fonts.dtd"><fontconfig>'
                    '<include ignore_missing="yes">/etc/fonts/fonts.conf</include>'
                    f"<dir>{FONTS}</dir><cachedir>{tmp / 'fc-cache'}</cachedir></fontconfig>")
    return {**os.environ, "FONTCONFIG_FILE": str(conf)}


def rsvg(svg: Path, png: Path, env: dict) -> Path:
    if not shutil.which("rsvg-convert"):
        pytest.fail("rsvg-convert is not installed: run ./run.sh test (it installs librsvg2-bin)")
    subprocess.run(["rsvg-convert", str(svg), "-o", str(png)], check=True, env=env, capture_output=True)
    return png


def difference(a: Path, b) -> tuple[float, float]:
    """(whole, worst tile) mean absolute difference per channel."""
    from PIL import Image

    pa = np.asarray(Image.open(a).convert("RGB"), dtype=float)
    pb = np.asarray(b.convert("RGB") if hasattr(b, "convert") else Image.open(b).convert("RGB"), dtype=float)
    assert pa.shape == pb.shape, f"{a.name}: {pa.shape} vs {pb.shape}"
    d = np.abs(pa - pb).mean(axis=2)
    h, w = d.shape
    tiles = [d[i * h // 6:(i + 1) * h // 6, j * w // 6:(j + 1) * w // 6].mean() for i in range(6) for j in range(6)]
    return float(d.mean()), float(max(tiles))


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    root = tmp_path_factory.mktemp("svg")
    shutil.copytree(Path(__file__).resolve().parent / "roots" / "infographics", root / "p")
    sb = load_storyboard(root / "p" / "storyboards" / "mini.yaml")
    out = root / "out"
    arts = InfographicsBuilder(BuildOptions()).build(sb, "fa", out)
    return sb, out, arts, fontconfig(root)


def test_every_infographic_size_has_an_svg_listed_with_its_png(built):
    sb, out, arts, _ = built
    svgs = [a for a in arts if a.kind == "infographic-svg"]
    assert len(svgs) == sum(len(s.sizes) for s in sb.model.infographics)
    for a in svgs:
        assert Path(a.path).is_file() and (Path(a.path).parent / a.extra["png"]).is_file()
        assert Path(a.path).read_bytes().startswith(b"<?xml")


def test_svgs_render_in_librsvg_like_the_png(built, tmp_path):
    _, out, arts, env = built
    worst = []
    for a in (a for a in arts if a.kind == "infographic-svg"):
        svg = Path(a.path)
        whole, tile = difference(svg.with_suffix(".png"), rsvg(svg, tmp_path / f"{svg.stem}.png", env))
        worst.append((whole, tile, svg.name))
        assert whole <= RSVG_TOLERANCE and tile <= RSVG_TILE_TOLERANCE, f"{svg.name}: {whole:.2f} / tile {tile:.2f}"
    print("rsvg worst", max(worst))


def test_the_comparison_sees_a_moved_title(built, tmp_path):
    """The oracle can fail: the title moved by 24 px fails the tile tolerance."""
    from media.graphics.infographic import SIZES, checked
    from media.graphics.primitives import Text
    from media.graphics.svg import to_svg
    from media.text import PillowMeasurer

    sb, out, _, env = built
    d = checked(sb, 0, "fa", *SIZES[sb.model.infographics[0].sizes[0]], PillowMeasurer())
    moved = dataclasses.replace(d, items=tuple(dataclasses.replace(it, x=it.x - 24) if isinstance(it, Text)
                                               and it.role == "title" else it for it in d.items))
    svg = tmp_path / "moved.svg"
    svg.write_bytes(to_svg(moved))
    png = out / "infographics" / f"{sb.model.infographics[0].id}-{sb.model.infographics[0].sizes[0]}.png"
    whole, tile = difference(png, rsvg(svg, tmp_path / "moved.png", env))
    assert tile > RSVG_TILE_TOLERANCE, (whole, tile)


def test_svgs_render_in_chromium_like_the_png(built, tmp_path):
    if not os.path.exists(CHROMIUM):
        pytest.fail("chromium is not installed: run ./run.sh test")
    from PIL import Image
    from playwright.sync_api import sync_playwright

    _, out, arts, env = built
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS, env=env)
        try:
            for a in (a for a in arts if a.kind == "infographic-svg"):
                svg = Path(a.path)
                page = browser.new_page(viewport={"width": a.extra["width"], "height": a.extra["height"]})
                page.goto(svg.as_uri())
                page.evaluate("document.fonts.ready")
                shot = tmp_path / f"{svg.stem}.png"
                page.screenshot(path=str(shot))
                page.close()
                whole, tile = difference(svg.with_suffix(".png"), Image.open(shot))
                assert whole <= CHROMIUM_TOLERANCE and tile <= CHROMIUM_TILE_TOLERANCE, \
                    f"{svg.name}: {whole:.2f} / tile {tile:.2f}"
        finally:
            browser.close()


def test_persian_title_is_text_in_the_svg_and_tesseract_reads_it(built, tmp_path):
    from PIL import Image

    require_tesseract("fas")
    sb, out, arts, env = built
    spec = sb.model.infographics[0]
    svg = next(Path(a.path) for a in arts if a.kind == "infographic-svg" and a.extra["id"] == spec.id)
    title = spec.title.get("fa")
    text = svg.read_text(encoding="utf-8")
    assert f">{title}</text>" in text  # grep finds it: one text element, logical order, not outlines
    assert 'direction="rtl"' in text and 'font-family="Vazirmatn"' in text
    png = rsvg(svg, tmp_path / "r.png", env)
    with Image.open(png) as im:
        w, h = im.size
        band = im.convert("RGB").crop((w // 3, 0, w, h // 4))  # the title band, the logo left out
    from PIL import ImageOps

    read = ocr(crop_to_ink(ImageOps.invert(band)), "fas")
    assert cer(title, next((ln for ln in read.splitlines() if cer(title, ln) < 0.5), read)) <= 0.2, read


def test_same_drawing_same_svg_bytes(built):
    from media.graphics.infographic import SIZES, checked
    from media.graphics.svg import to_svg
    from media.text import PillowMeasurer

    sb, out, arts, _ = built
    spec = sb.model.infographics[0]
    d = checked(sb, 0, "fa", *SIZES[spec.sizes[0]], PillowMeasurer())
    svg = out / "infographics" / f"{spec.id}-{spec.sizes[0]}.svg"
    again = to_svg(d, title=spec.title.get("fa"))
    assert again == to_svg(d, title=spec.title.get("fa"))
    assert svg.read_bytes().count(b"<text ") == again.count(b"<text ")


# Posters (tests/roots/poster, 2026-12-07): the social card against its PNG, rsvg 1.60 whole, 7.5 per tile;
# the A4 page rendered at the preview's 150 dpi against the preview (rasterised from the PDF by pdfium,
# another renderer again) 3.75 whole, 16.6 per tile, most of it the QR code's module edges.
SOCIAL_TOLERANCE, SOCIAL_TILE_TOLERANCE = 2.5, 10.0
PRINT_TOLERANCE, PRINT_TILE_TOLERANCE = 5.0, 22.0


@pytest.mark.parametrize("lang", ["fa", "en"])
def test_poster_and_social_card_svgs_render_like_their_pictures(tmp_path, lang):
    from media.builders.poster import PREVIEW_DPI, PosterBuilder

    shutil.copytree(Path(__file__).resolve().parent / "roots" / "poster", tmp_path / "p")
    sb = load_storyboard(tmp_path / "p" / "storyboards" / "netting.yaml")
    env = fontconfig(tmp_path)
    arts = PosterBuilder(BuildOptions()).build(sb, lang, tmp_path / "out")
    kinds = [a.kind for a in arts]
    assert kinds.count("poster-svg") == kinds.count("poster") and kinds.count("poster-social-svg") == 1
    social = next(Path(a.path) for a in arts if a.kind == "poster-social-svg")
    whole, tile = difference(social.with_suffix(".png"), rsvg(social, tmp_path / "s.png", env))
    assert whole <= SOCIAL_TOLERANCE and tile <= SOCIAL_TILE_TOLERANCE, (whole, tile)
    preview = next(Path(a.path) for a in arts if a.kind == "poster-preview")
    page = preview.with_suffix(".svg")
    assert re.search(r'<svg [^>]*width="[0-9.]+pt" height="[0-9.]+pt"', page.read_text(encoding="utf-8"))
    png = tmp_path / "page.png"
    subprocess.run(["rsvg-convert", "-d", str(PREVIEW_DPI), "-p", str(PREVIEW_DPI), str(page), "-o", str(png)],
                   check=True, env=env, capture_output=True)
    whole, tile = difference(preview, png)
    print(lang, "print", whole, tile)
    assert whole <= PRINT_TOLERANCE and tile <= PRINT_TILE_TOLERANCE, (whole, tile)
    for svg in (social, page):  # the poster's title, drawn as one text element
        text = svg.read_text(encoding="utf-8")
        title = re.search("<title>(.*)</title>", text).group(1)
        assert f">{title}</text>" in text and (lang == "en" or 'direction="rtl"' in text)


# The podcast cover (tests/roots/podcast, 2026-12-07) against its JPEG (quality 88): measured below.
COVER_TOLERANCE, COVER_TILE_TOLERANCE = 2.5, 10.0


@pytest.mark.parametrize("lang", ["fa", "en"])
def test_podcast_cover_svg_renders_like_the_jpeg(tmp_path, lang):
    from media.builders.podcast import cover_svg, draw_cover

    shutil.copytree(Path(__file__).resolve().parent / "roots" / "podcast", tmp_path / "p")
    sb = load_storyboard(tmp_path / "p" / "storyboards" / "mini.yaml")
    env = fontconfig(tmp_path)
    jpg = tmp_path / "cover.jpg"
    draw_cover(sb, lang, jpg)
    svg = cover_svg(sb, lang, tmp_path / "cover.svg")
    whole, tile = difference(jpg, rsvg(svg, tmp_path / "r.png", env))
    print(lang, "cover", whole, tile)
    assert whole <= COVER_TOLERANCE and tile <= COVER_TILE_TOLERANCE, (whole, tile)
    text = svg.read_text(encoding="utf-8")
    title = re.search("<title>(.*)</title>", text).group(1)
    assert "linearGradient" in text and (lang == "en" or 'direction="rtl"' in text)
    assert title.split()[0] in text.split("</title>", 1)[1]  # the title drawn as text, not only named


# Chromium (2026-12-07): the social card 2.75-3.29 whole, 8.3-12.8 per tile (the QR code's module edges, as with
# librsvg);
# the podcast cover against its JPEG 3.37 whole, 14.6 in the tiles of its 119 px black-weight title (Chromium's
# antialiasing of large heavy text; the words and places are the same).
CHROMIUM_CARD_TOLERANCE, CHROMIUM_CARD_TILE_TOLERANCE = 4.0, 16.0
CHROMIUM_COVER_TOLERANCE, CHROMIUM_COVER_TILE_TOLERANCE = 4.5, 20.0


def test_poster_card_and_podcast_cover_svgs_render_in_chromium(tmp_path):
    """Chromium too, for the pictures of the other builders (the print page is checked with librsvg above)."""
    from PIL import Image
    from playwright.sync_api import sync_playwright

    from media.builders.podcast import cover_svg, draw_cover
    from media.builders.poster import PosterBuilder

    for name in ("poster", "podcast"):
        shutil.copytree(Path(__file__).resolve().parent / "roots" / name, tmp_path / name)
    poster = load_storyboard(tmp_path / "poster" / "storyboards" / "netting.yaml")
    podcast = load_storyboard(tmp_path / "podcast" / "storyboards" / "mini.yaml")
    pairs = []
    for lang in ("fa", "en"):
        arts = PosterBuilder(BuildOptions()).build(poster, lang, tmp_path / "out" / lang)
        card = next(Path(a.path) for a in arts if a.kind == "poster-social-svg")
        pairs.append((card, card.with_suffix(".png"), CHROMIUM_CARD_TOLERANCE, CHROMIUM_CARD_TILE_TOLERANCE))
        jpg = tmp_path / f"cover-{lang}.jpg"
        draw_cover(podcast, lang, jpg)
        pairs.append((cover_svg(podcast, lang, tmp_path / f"cover-{lang}.svg"), jpg, CHROMIUM_COVER_TOLERANCE,
                      CHROMIUM_COVER_TILE_TOLERANCE))
    env = fontconfig(tmp_path)
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS, env=env)
        try:
            for svg, picture, tolerance, tile_tolerance in pairs:
                w, h = Image.open(picture).size
                page = browser.new_page(viewport={"width": w, "height": h})
                page.goto(svg.as_uri())
                page.evaluate("document.fonts.ready")
                shot = tmp_path / f"{svg.stem}-chromium.png"
                page.screenshot(path=str(shot))
                page.close()
                whole, tile = difference(picture, Image.open(shot))
                print(svg.name, round(whole, 2), round(tile, 2))
                assert whole <= tolerance and tile <= tile_tolerance, (svg.name, whole, tile)
        finally:
            browser.close()
