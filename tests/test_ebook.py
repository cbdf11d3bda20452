"""The e-book (`ebook` kind, one EPUB 3 per language for the package), read back by independent readers:
EPUBCheck (Debian's `epubcheck` 4.2.6: 0 errors, 0 warnings), the zip and XML as an e-reader sees them, and
every Persian XHTML document in Debian's chromium through Playwright (dir rtl, no horizontal overflow at
390 px, axe-core finds no serious or critical violation). Built from the fixture `tests/roots/site`."""
from __future__ import annotations

import os
import re
import shutil
import subprocess
import zipfile
from pathlib import Path
from xml.etree import ElementTree as ET

import pytest

from tests.site_support import CHROMIUM, CHROMIUM_ARGS

ROOT = Path(__file__).resolve().parents[1]
SITE = ROOT / "tests" / "roots" / "site" / "storyboards"
AXE = Path(__file__).resolve().parent / "vendor" / "axe-core" / "axe.min.js"
EPUBCHECK = "/usr/share/java/epubcheck.jar"
NS = {"opf": "http://www.idpf.org/2007/opf", "dc": "http://purl.org/dc/elements/1.1/",
      "x": "http://www.w3.org/1999/xhtml"}
XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"


def _storyboards():
    from media.storyboard import load_storyboard

    return [load_storyboard(SITE / "teta.yaml"), load_storyboard(SITE / "approved.yaml")]


@pytest.fixture(scope="module")
def ebooks(tmp_path_factory):
    from media.builders.ebook import make_epub
    from media.content.dates import package_date

    tmp = tmp_path_factory.mktemp("ebook")
    sbs = _storyboards()
    out = {}
    for lang in ("fa", "en"):
        data, info = make_epub(tuple(sbs), lang, package_date(sbs))
        path = tmp / f"ebook-{lang}.epub"
        path.write_bytes(data)
        out[lang] = (path, info)
    return out


def epubcheck(path: Path) -> tuple[int, int, str]:
    if not (shutil.which("java") and os.path.exists(EPUBCHECK)):
        pytest.fail("EPUBCheck is missing: apt-get install epubcheck (./run.sh test does)")
    run = subprocess.run(["java", "-jar", EPUBCHECK, str(path)], capture_output=True, text=True)
    text = run.stdout + run.stderr
    m = re.search(r"Messages: (\d+) fatals? / (\d+) errors? / (\d+) warnings?", text)
    assert m, text[-800:]
    return int(m.group(1)) + int(m.group(2)), int(m.group(3)), text


@pytest.mark.parametrize("lang", ["fa", "en"])
def test_epubcheck_finds_no_error_and_no_warning(ebooks, lang):
    errors, warnings, text = epubcheck(ebooks[lang][0])
    assert (errors, warnings) == (0, 0), text[-2000:]


def test_epubcheck_is_a_real_oracle(ebooks, tmp_path):
    """A planted fault (an image without its manifest entry, `mimetype` compressed) is reported."""
    src = ebooks["fa"][0]
    bad = tmp_path / "bad.epub"
    with zipfile.ZipFile(src) as z, zipfile.ZipFile(bad, "w", zipfile.ZIP_DEFLATED) as out:
        for name in z.namelist():
            data = z.read(name)
            if name == "EPUB/package.opf":
                data = re.sub(rb'<item id="img-[^"]+"[^>]*/>\n', b"", data, count=1)
            out.writestr(name, data)
    errors, _, _ = epubcheck(bad)
    assert errors >= 2


def test_zip_is_reproducible_with_mimetype_first_and_stored(ebooks):
    from media.builders.ebook import make_epub
    from media.content.dates import package_date

    sbs = _storyboards()
    again, _ = make_epub(tuple(sbs), "fa", package_date(sbs))
    assert again == ebooks["fa"][0].read_bytes()
    with zipfile.ZipFile(ebooks["fa"][0]) as z:
        infos = z.infolist()
        assert infos[0].filename == "mimetype" and infos[0].compress_type == zipfile.ZIP_STORED
        assert z.read("mimetype") == b"application/epub+zip" and infos[0].extra == b""
        names = [i.filename for i in infos[1:]]
        assert names == sorted(names)
        assert len({i.date_time for i in infos}) == 1


def _opf(path: Path) -> ET.Element:
    with zipfile.ZipFile(path) as z:
        return ET.fromstring(z.read("EPUB/package.opf"))


def _documents(path: Path) -> dict[str, ET.Element]:
    with zipfile.ZipFile(path) as z:
        return {n: ET.fromstring(z.read(n)) for n in z.namelist() if n.endswith(".xhtml")}


def test_persian_is_right_to_left_everywhere(ebooks):
    opf = _opf(ebooks["fa"][0])
    assert opf.get(XML_LANG) == "fa" and opf.get("dir") == "rtl"
    assert opf.find("opf:spine", NS).get("page-progression-direction") == "rtl"
    assert opf.find("opf:metadata/dc:language", NS).text == "fa"
    for name, doc in _documents(ebooks["fa"][0]).items():
        assert (doc.get("dir"), doc.get(XML_LANG), doc.get("lang")) == ("rtl", "fa", "fa"), name
    assert _opf(ebooks["en"][0]).find("opf:spine", NS).get("page-progression-direction") == "ltr"


def test_accessibility_metadata_and_font_embedded(ebooks):
    for lang, (path, _) in ebooks.items():
        opf = _opf(path)
        props = [(m.get("property"), m.text) for m in opf.findall("opf:metadata/opf:meta", NS)]
        names = {p for p, _ in props}
        assert {"schema:accessMode", "schema:accessibilityFeature", "schema:accessibilitySummary",
                "schema:accessModeSufficient", "schema:accessibilityHazard", "dcterms:modified"} <= names
        assert ("schema:accessibilityFeature", "alternativeText") in props
        with zipfile.ZipFile(path) as z:
            fonts = [n for n in z.namelist() if n.endswith(".ttf")]
            assert fonts and all(z.read(n)[:4] == b"\x00\x01\x00\x00" for n in fonts)
            assert b"SIL OPEN FONT LICENSE" in z.read("EPUB/licence.xhtml").upper()
        nav = _documents(path)["EPUB/nav.xhtml"]
        kinds = [n.get("{http://www.idpf.org/2007/ops}type") for n in nav.iter("{http://www.w3.org/1999/xhtml}nav")]
        assert kinds == ["toc", "landmarks"]


def test_draft_mark_in_metadata_and_on_every_page(ebooks):
    from media.content.words import word

    for lang, (path, info) in ebooks.items():
        assert info["draft"] is True  # teta is a draft: the whole volume carries the mark
        opf = _opf(path)
        mark = word("draft_mark", lang)
        assert mark in opf.find("opf:metadata/dc:description", NS).text
        spine = [i.get("idref") for i in opf.findall("opf:spine/opf:itemref", NS) if i.get("linear") != "no"]
        hrefs = {i.get("id"): i.get("href") for i in opf.findall("opf:manifest/opf:item", NS)}
        docs = _documents(path)
        for idref in spine:
            if idref == "nav":
                continue
            text = "".join(docs[f"EPUB/{hrefs[idref]}"].itertext())
            if idref == "part-approved":  # an approved part says so, the volume's mark is on every other page
                assert word("doc.approved", lang) in text
            else:
                assert mark in text, f"{lang} {idref}: no draft mark"


def test_images_have_alt_text_and_figures_their_sources(ebooks):
    from media.content.words import word

    for lang, (path, info) in ebooks.items():
        imgs = [(name, img) for name, doc in _documents(path).items() for img in doc.iter("{http://www.w3.org/1999/xhtml}img")]
        assert len(imgs) == info["images"] >= 2
        assert all(len(img.get("alt", "").strip()) > 20 for _, img in imgs)
        captions = ["".join(c.itertext()) for doc in _documents(path).values()
                    for c in doc.iter("{http://www.w3.org/1999/xhtml}figcaption")]
        assert any(word("source", lang) in c or "§" in c or "بند" in c for c in captions), captions
        tables = [t for doc in _documents(path).values() for t in doc.iter("{http://www.w3.org/1999/xhtml}table")
                  if word("doc.col_source", lang) in "".join(t.itertext())]
        assert tables, "no figures table with a source column"


def test_every_gap_of_every_part_listed(ebooks):
    from media.content.report import gaps

    sbs = _storyboards()
    for lang, (path, _) in ebooks.items():
        docs = _documents(path)
        for sb in sbs:
            text = "".join(docs[f"EPUB/part-{sb.id}.xhtml"].itertext())
            for g in gaps(sb, lang):
                assert g.text in text, f"{lang} {sb.id}: gap missing: {g.text}"


@pytest.mark.skipif(not os.path.exists(CHROMIUM), reason="chromium not installed (run.sh installs it)")
def test_persian_chapters_in_chromium(ebooks, tmp_path):
    from playwright.sync_api import sync_playwright

    import functools
    import threading
    from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer

    folder = tmp_path / "unpacked"
    with zipfile.ZipFile(ebooks["fa"][0]) as z:
        z.extractall(folder)
        chapters = sorted(n for n in z.namelist() if n.endswith(".xhtml"))

    class Handler(SimpleHTTPRequestHandler):  # XHTML as an e-reader parses it: XML, not tag soup
        extensions_map = {**SimpleHTTPRequestHandler.extensions_map, ".xhtml": "application/xhtml+xml",
                          ".ttf": "font/ttf"}

        def log_message(self, *args):
            pass

    srv = ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(Handler, directory=str(folder)))
    srv.url = f"http://127.0.0.1:{srv.server_address[1]}/"
    threading.Thread(target=srv.serve_forever, daemon=True).start()
    problems = []
    try:
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
            context = browser.new_context(viewport={"width": 390, "height": 800})
            page = context.new_page()
            for name in chapters:
                page.goto(f"{srv.url}{name}", wait_until="load")
                direction = page.evaluate("[document.documentElement.dir, getComputedStyle(document.body).direction]")
                if direction != ["rtl", "rtl"]:
                    problems.append(f"{name}: direction {direction}")
                scroll, inner = page.evaluate("[document.documentElement.scrollWidth, window.innerWidth]")
                if scroll > inner:
                    problems.append(f"{name}: {scroll} px wide at {inner} px")
                page.evaluate(AXE.read_text(encoding="utf-8") + "\n;0")
                found = page.evaluate("""async () => (await axe.run(document, {resultTypes: ['violations']})).violations
                    .filter(v => ['serious', 'critical'].includes(v.impact))
                    .map(v => v.id + ': ' + v.nodes.slice(0, 2).map(n => n.target.join(' ')).join(' | '))""")
                problems += [f"{name}: {f}" for f in found]
            browser.close()
    finally:
        srv.shutdown()
        srv.server_close()
    assert len(chapters) >= 6 and problems == []
