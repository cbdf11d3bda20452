"""The package site without a browser: every link resolves to a file, every QR code opens a page, the
data package validates (`frictionless validate`), feedparser reads the feeds, storyboard text never
becomes markup, drafts say so and are not indexed, and `media serve` serves only the output folder."""
from __future__ import annotations

import http.client
import json
import os
import re
import shutil
import subprocess
import sys
import time
from html.parser import HTMLParser
from pathlib import Path

import pytest

from media.content.words import word
from tests.lines import Lines, stop
from tests.site_support import BASE_URL, ROOTS, site_output

LINK_ATTRS = {"href", "src", "poster"}


@pytest.fixture(scope="module")
def site(tmp_path_factory) -> Path:
    return site_output(tmp_path_factory)


class Page(HTMLParser):
    """Every element with its attributes, the text of the first h1, scripts without src."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.elements: list[tuple[str, dict]] = []
        self.inline_scripts = 0
        self.h1: str | None = None
        self._in_h1 = False
        self._in_script = False
        self.ids: set[str] = set()
        self.text: list[str] = []

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        self.elements.append((tag, a))
        if "id" in a:
            self.ids.add(a["id"])
        if tag == "h1" and self.h1 is None:
            self._in_h1, self.h1 = True, ""
        if tag == "script":
            self._in_script = True
            if not a.get("src"):
                self.inline_scripts += 1

    def handle_endtag(self, tag):
        if tag == "h1":
            self._in_h1 = False
        if tag == "script":
            self._in_script = False

    def handle_data(self, data):
        if self._in_h1:
            self.h1 += data
        self.text.append(data)


def parse(path: Path) -> Page:
    p = Page()
    p.feed(path.read_text(encoding="utf-8"))
    return p


def pages(site: Path) -> list[Path]:
    return sorted(site.rglob("*.html"))


def local_file(site: Path, page: Path, ref: str) -> Path | None:
    """The file a link names: relative to the page, or an absolute URL under base_url."""
    ref = ref.split("#")[0].split("?")[0]
    if ref.startswith(BASE_URL + "/"):
        target = site / ref[len(BASE_URL) + 1:]
    elif re.match(r"^[a-z][a-z0-9+.-]*:", ref) or ref.startswith("//") or ref.startswith("/"):
        return None  # another host, or root-relative (breaks under a path prefix and on file://)
    else:
        target = page.parent / ref
    if ref.endswith("/") or target.is_dir():
        target = target / "index.html"
    return target


def test_every_href_and_src_resolves_to_a_file(site):
    checked = 0
    for page in pages(site):
        doc = parse(page)
        for tag, attrs in doc.elements:
            for name in LINK_ATTRS & set(attrs):
                ref = attrs[name]
                if ref.startswith("#"):
                    assert ref[1:] in doc.ids, f"{page.relative_to(site)}: {tag} {name}={ref}: no such id"
                    continue
                target = local_file(site, page, ref)
                assert target is not None, f"{page.relative_to(site)}: {tag} {name}={ref} leaves the site"
                assert target.resolve().is_file(), f"{page.relative_to(site)}: {tag} {name}={ref}: no file"
                assert site.resolve() in target.resolve().parents
                checked += 1
    assert checked > 200
    # navigation links name index.html itself: a folder does not open its index on file://
    for tag, attrs in parse(site / "teta" / "fa" / "index.html").elements:
        if tag == "a" and not attrs["href"].startswith(("#", "http")):
            assert not attrs["href"].endswith("/"), attrs["href"]


def test_every_qr_url_in_the_manifests_is_a_page_of_the_site(site):
    urls = set()
    for manifest in site.rglob("manifest.json"):
        for a in json.loads(manifest.read_text(encoding="utf-8"))["artifacts"]:
            if "qr_url" in a:
                urls.add(a["qr_url"])
    assert {f"{BASE_URL}/teta/fa/", f"{BASE_URL}/teta/en/"} <= urls
    for url in urls:
        path = url[len(BASE_URL) + 1:]
        page = site / path / "index.html"
        assert page.is_file(), url
        manifest = json.loads((site / path / "manifest.json").read_text(encoding="utf-8"))
        listed = [a for a in manifest["artifacts"] if a["kind"] == "page"]
        assert [a["path"] for a in listed] == ["index.html"] and listed[0]["url"] == url


def test_manifests_list_the_site_and_every_file(site):
    package = json.loads((site / "manifest.json").read_text(encoding="utf-8"))
    kinds = {a["kind"] for a in package["artifacts"]}
    assert {"page", "feed", "data-package", "search-index", "sitemap", "site-asset"} <= kinds
    listed = {(site / a["path"]).resolve() for a in package["artifacts"]}
    for manifest in site.glob("*/*/manifest.json"):
        doc = json.loads(manifest.read_text(encoding="utf-8"))
        listed |= {(manifest.parent / a["path"]).resolve() for a in doc["artifacts"]}
        assert "page" in {a["kind"] for a in doc["artifacts"]}
    on_disk = {p.resolve() for p in site.rglob("*") if p.is_file() and p.name != "manifest.json"}
    assert on_disk - listed == set()
    # the home pages cover every storyboard, though the last build planned only two of them
    home = (site / "index.html").read_text(encoding="utf-8")
    for sid in ("teta", "hostile", "approved"):
        assert f'href="{sid}/fa/index.html"' in home, sid
    assert 'href="../teta/en/index.html"' in (site / "en" / "index.html").read_text(encoding="utf-8")


def test_frictionless_validates_the_data_package(site):
    cli = Path(sys.executable).parent / "frictionless"
    run = subprocess.run([str(cli), "validate", "datapackage.json"], cwd=site / "data", capture_output=True,
                         text=True, timeout=120)
    assert run.returncode == 0, run.stdout + run.stderr
    raw = (site / "data" / "figures.csv").read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")  # UTF-8 with BOM
    rows = json.loads((site / "data" / "figures.json").read_text(encoding="utf-8"))
    by_id = {(r["storyboard"], r["figure_id"]): r for r in rows}
    assert set(by_id) == {("teta", "token-value"), ("teta", "phases"), ("hostile", "evil"), ("approved", "horizon"),
                           ("approved", "share"), ("approved", "shortlist")}
    token = by_id[("teta", "token-value")]
    assert token["value"] == 1000000 and token["unit_fa"] == "ریال" and token["unit_en"] == "rials"
    assert token["draft"] is True and by_id[("approved", "horizon")]["draft"] is False
    assert token["status"] == "sourced" and token["source_document_en"].startswith("Call for proposals")
    assert token["source_section_fa"] == "طرح ۱۸، بند ۳"
    desc = json.loads((site / "data" / "datapackage.json").read_text(encoding="utf-8"))
    assert desc["licenses"] and all(r["schema"]["fields"] for r in desc["resources"])
    items = json.loads((site / "data" / "items.json").read_text(encoding="utf-8"))
    assert {(i["storyboard"], i["category"]) for i in items} >= {("teta", "legal"), ("teta", "technical"),
                                                               ("teta", "economic")}


def test_frictionless_rejects_a_broken_table(site, tmp_path):
    """The validator is a real oracle: a row whose value is not a number fails."""
    data = tmp_path / "data"
    shutil.copytree(site / "data", data)
    csv = (data / "figures.csv").read_text(encoding="utf-8-sig").splitlines()
    cells = csv[1].split(",")
    cells[3] = "many"
    csv[1] = ",".join(cells)
    (data / "figures.csv").write_text("\n".join(csv) + "\n", encoding="utf-8-sig")
    cli = Path(sys.executable).parent / "frictionless"
    run = subprocess.run([str(cli), "validate", "datapackage.json"], cwd=data, capture_output=True, text=True,
                         timeout=120)
    assert run.returncode != 0


def test_feedparser_reads_each_feed_with_one_enclosure_per_episode(site):
    import xml.etree.ElementTree as ET

    import feedparser

    for lang in ("fa", "en"):
        path = site / "feeds" / f"podcast-{lang}.xml"
        feed = feedparser.parse(path.read_bytes())
        assert not feed.bozo, feed.bozo_exception
        assert feed.feed.language == lang
        assert len(feed.entries) == 1  # teta has a podcast; hostile and approved have none
        entry = feed.entries[0]
        assert len(entry.enclosures) == 1
        enc = entry.enclosures[0]
        mp3 = site / enc.href[len(BASE_URL) + 1:]
        assert enc.href.startswith(BASE_URL + "/teta/") and mp3.is_file()
        assert int(enc.length) == mp3.stat().st_size and enc.type == "audio/mpeg"
        assert int(entry.itunes_duration) > 0
        tree = ET.parse(path)
        ns = {"podcast": "https://podcastindex.org/namespace/1.0", "itunes": "http://www.itunes.com/dtds/podcast-1.0.dtd"}
        chapters = tree.find(".//item/podcast:chapters", ns)
        transcripts = tree.findall(".//item/podcast:transcript", ns)
        assert chapters is not None and chapters.get("type") == "application/json+chapters"
        doc = json.loads((site / chapters.get("url")[len(BASE_URL) + 1:]).read_text(encoding="utf-8"))
        manifest = json.loads((site / "teta" / lang / "manifest.json").read_text(encoding="utf-8"))
        podcast = next(a for a in manifest["artifacts"] if a["kind"] == "podcast")
        assert [c["startTime"] for c in doc["chapters"]] == [c["start_s"] for c in podcast["chapters"]]
        assert {t.get("type") for t in transcripts} == {"text/vtt", "text/plain"}
        for t in transcripts:
            assert (site / t.get("url")[len(BASE_URL) + 1:]).is_file()
        assert tree.find(".//channel/itunes:image", ns).get("href").startswith(BASE_URL + "/")
        assert word("draft_mark", lang) in entry.description  # a draft episode says so
    # every page links its language's feed
    assert 'type="application/rss+xml"' in (site / "teta" / "fa" / "index.html").read_text(encoding="utf-8")


def test_storyboard_text_never_becomes_markup(site):
    for page in pages(site):
        doc = parse(page)
        rel = page.relative_to(site)
        assert doc.inline_scripts == 0, f"{rel}: inline script"
        for tag, attrs in doc.elements:
            assert not [a for a in attrs if a.startswith("on")], f"{rel}: <{tag}> has an event handler attribute"
            assert "style" not in attrs, f"{rel}: <{tag}> has an inline style"
        assert not any(tag in ("svg", "b") for tag, _ in doc.elements), rel
        assert not any(tag == "img" and a.get("src") == "x" for tag, a in doc.elements), rel
        csp = next(a["content"] for t, a in doc.elements if t == "meta" and a.get("http-equiv") == "Content-Security-Policy")
        assert "default-src 'self'" in csp and "script-src 'self'" in csp and "object-src 'none'" in csp
        assert "unsafe-inline" not in csp and "http" not in csp
    hostile = parse(site / "hostile" / "fa" / "index.html")
    assert hostile.h1 == "<img src=x onerror=alert(۱)>"
    assert "<script>alert(۲)</script>" in "".join(hostile.text)
    home = (site / "index.html").read_text(encoding="utf-8")
    assert "&lt;img src=x onerror=alert(۱)&gt;" in home and "<img src=x" not in home
    # the data files the dashboard and search read are JSON inside a script file: still only text
    for js in list((site / "data").glob("dashboard-*.js")) + list((site / "search").glob("index-*.js")):
        body = js.read_text(encoding="utf-8")
        assert body.startswith("window.MEDIA_") and body.rstrip().endswith(";")
        json.loads(body[body.index("=") + 1:].rstrip().rstrip(";"))


def test_drafts_show_the_banner_and_are_not_indexed(site):
    for lang in ("fa", "en"):
        draft = (site / "teta" / lang / "index.html").read_text(encoding="utf-8")
        approved = (site / "approved" / lang / "index.html").read_text(encoding="utf-8")
        mark = word("draft_mark", lang)
        assert mark in draft and '<meta name="robots" content="noindex' in draft
        assert mark not in approved and "noindex" not in approved
    sitemap = (site / "sitemap.xml").read_text(encoding="utf-8")
    assert f"{BASE_URL}/approved/fa/" in sitemap and f"{BASE_URL}/approved/en/" in sitemap
    assert "/teta/" not in sitemap and "/hostile/" not in sitemap


def test_page_conventions(site):
    for lang, direction in (("fa", "rtl"), ("en", "ltr")):
        text = (site / "teta" / lang / "index.html").read_text(encoding="utf-8")
        assert f'<html lang="{lang}" dir="{direction}">' in text
        doc = parse(site / "teta" / lang / "index.html")
        metas = {a.get("property") or a.get("name"): a.get("content") for t, a in doc.elements if t == "meta"}
        assert metas["og:image"] == f"{BASE_URL}/teta/{lang}/poster/poster-social.png"
        assert (site / "teta" / lang / "poster" / "poster-social.png").is_file()
        assert metas["twitter:card"] == "summary_large_image" and metas["og:url"] == f"{BASE_URL}/teta/{lang}/"
        assert metas["og:locale"] == {"fa": "fa_IR", "en": "en_US"}[lang]
        alternates = {a["hreflang"]: a["href"] for t, a in doc.elements
                      if t == "link" and a.get("rel") == "alternate" and "hreflang" in a}
        assert alternates["fa"] == f"{BASE_URL}/teta/fa/" and alternates["en"] == f"{BASE_URL}/teta/en/"
        tracks = {a["kind"]: a for t, a in doc.elements if t == "track" and "video-9x16" not in a["src"]}
        assert tracks["captions"]["srclang"] == lang and tracks["chapters"]["src"].endswith("video-chapters.vtt")
        # downloads of the main media show size and checksum; sizes match the files
        assert re.search(r"SHA-256 [0-9a-f]{64}", text)
    assert (site / "favicon.ico").read_bytes()[:4] == b"\x00\x00\x01\x00"


def test_site_jobs_are_fresh_when_nothing_changed_and_reproducible(site, tmp_path):
    from media.build import build
    from media.options import BuildOptions

    sbs = site.parent / "storyboards"
    files = [sbs / "teta.yaml", sbs / "hostile.yaml", sbs / "approved.yaml"]
    report = build(files, ("fa", "en"), ["site"], site, BuildOptions(aspects=("16:9", "9:16")))
    assert report.built == [] and len(report.fresh) == 6 + 5
    before = {p: p.read_bytes() for p in site.rglob("*") if p.is_file()}
    report = build(files, ("fa", "en"), ["site"], site, BuildOptions(aspects=("16:9", "9:16")), force=True)
    assert len(report.built) == 11
    after = {p: p.read_bytes() for p in site.rglob("*") if p.is_file()}
    assert after == before  # same inputs, same bytes


def test_a_storyboard_id_the_site_uses_itself_is_refused(tmp_path):
    from media.build import build
    from media.errors import StoryboardError
    from media.options import BuildOptions

    sbs = tmp_path / "storyboards"
    shutil.copytree(ROOTS / "site" / "storyboards", sbs)
    shutil.copy(sbs / "approved.yaml", sbs / "assets.yaml")
    with pytest.raises(StoryboardError) as err:
        build([sbs / "assets.yaml"], ("fa",), ["site"], tmp_path / "out", BuildOptions())
    assert "assets.yaml" in str(err.value.lines()) and "a folder of the package site" in str(err.value.lines())


# ---- media serve ------------------------------------------------------------------------------------

def _get(server, path: str, headers: dict | None = None) -> tuple[int, dict, bytes]:
    host, port = server.server_address[:2]
    conn = http.client.HTTPConnection(host, port, timeout=10)
    conn.putrequest("GET", path, skip_accept_encoding=True)  # the raw path, not normalised by a client
    for k, v in (headers or {}).items():
        conn.putheader(k, v)
    conn.endheaders()
    r = conn.getresponse()
    body = r.read()
    conn.close()
    return r.status, dict(r.getheaders()), body


def test_serve_never_serves_anything_outside_the_output_folder(site, tmp_path):
    from media.site.serve import start

    root = tmp_path / "root"
    shutil.copytree(site / "teta" / "fa", root / "teta" / "fa")
    (tmp_path / "secret.txt").write_text("secret")
    (root / "link").symlink_to(tmp_path / "secret.txt")
    (root / "dirlink").symlink_to(tmp_path)
    (root / ".hidden").write_text("hidden")
    server = start(root, port=0)
    try:
        assert server.server_address[0] == "127.0.0.1"
        status, headers, body = _get(server, "/teta/fa/index.html")
        assert status == 200 and b"<html" in body and "default-src 'self'" in headers["Content-Security-Policy"]
        assert _get(server, "/teta/fa/")[0] == 200
        assert _get(server, "/teta/fa")[0] == 301
        for bad in ["/../secret.txt", "/%2e%2e/secret.txt", "/teta/../../secret.txt", "/..%2fsecret.txt",
                    "/teta/fa/..%2f..%2f..%2fsecret.txt", "/link", "/dirlink/secret.txt", "/.hidden",
                    "/%2e%68idden", "//etc/passwd", "/..\\secret.txt", "/%00", "/%ff%fe", "/nope.html"]:
            status, _, body = _get(server, bad)
            assert status == 404 and b"secret" not in body and b"hidden" not in body, bad
        # players seek with byte ranges
        mp4 = root / "teta" / "fa" / "video" / "video.mp4"
        status, headers, body = _get(server, "/teta/fa/video/video.mp4", {"Range": "bytes=10-19"})
        assert status == 206 and body == mp4.read_bytes()[10:20]
        assert headers["Content-Range"] == f"bytes 10-19/{mp4.stat().st_size}" and headers["Content-Type"] == "video/mp4"
        assert _get(server, "/teta/fa/video/video.vtt")[1]["Content-Type"].startswith("text/vtt")
    finally:
        server.shutdown()
        server.server_close()


def test_media_serve_rebuilds_on_save_and_tells_open_pages_to_reload(site, tmp_path):
    sbs = tmp_path / "storyboards"
    shutil.copytree(site.parent / "storyboards", sbs)
    out = tmp_path / "output"
    env = {**os.environ, "PYTHONUNBUFFERED": "1", "COLUMNS": "200"}
    proc = subprocess.Popen([sys.executable, "-m", "media", "serve", str(sbs / "approved.yaml"), "--out", str(out),
                             "--only", "site", "--port", "0", "-j", "1"], stdout=subprocess.PIPE,
                            stderr=subprocess.STDOUT, text=True, env=env, cwd=tmp_path)
    lines = Lines(proc.stdout)
    try:
        port = int(lines.wait_for(r"serving .* on http://127\.0\.0\.1:(\d+)/", 60).group(1))
        lines.wait_for("start:", 120, regex=False)
        conn = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
        conn.request("GET", "/approved/fa/index.html")
        page = conn.getresponse().read().decode()
        assert "/_media/reload.js" in page and "چشم‌انداز ۱۴۳۰" in page
        events = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
        events.request("GET", "/_media/events")
        stream = events.getresponse()
        assert stream.getheader("Content-Type") == "text/event-stream"
        time.sleep(0.6)  # let the watcher take its snapshot
        text = (sbs / "approved.yaml").read_text(encoding="utf-8")
        (sbs / "approved.yaml").write_text(text.replace("سند چشم‌انداز سازمان", "سند تازه چشم‌انداز سازمان"),
                                           encoding="utf-8")
        got = b""
        while b"event: reload" not in got:
            chunk = stream.fp.readline()
            assert chunk, got
            got += chunk
        conn = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
        conn.request("GET", "/approved/fa/index.html")
        assert "سند تازه چشم‌انداز سازمان" in conn.getresponse().read().decode()
    finally:
        stop(proc)
