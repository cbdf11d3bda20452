"""Podcast feeds: RSS 2.0 per language with the iTunes tags podcast apps read, one `enclosure` per
episode, and Podcasting 2.0 `podcast:chapters` (JSON chapters) and `podcast:transcript` (WebVTT, text).
Every URL is absolute, from the package's `base_url` (feed readers fetch them from anywhere)."""
from __future__ import annotations

import datetime as _dt
import xml.etree.ElementTree as ET
from email.utils import format_datetime
from media.content.words import word

ITUNES = "http://www.itunes.com/dtds/podcast-1.0.dtd"
PODCAST = "https://podcastindex.org/namespace/1.0"
ATOM = "http://www.w3.org/2005/Atom"
ET.register_namespace("itunes", ITUNES)
ET.register_namespace("podcast", PODCAST)
ET.register_namespace("atom", ATOM)


def chapters_json(chapters: list[dict]) -> dict:
    """Podcasting 2.0 JSON chapters (https://github.com/Podcastindex-org/podcast-namespace, chapters.md)."""
    return {"version": "1.2.0", "chapters": [{"startTime": round(float(c["start_s"]), 3), "title": c["title"]}
                                             for c in chapters]}


def _sub(parent, tag: str, text: str | None = None, **attrs) -> ET.Element:
    e = ET.SubElement(parent, tag, {k: str(v) for k, v in attrs.items()})
    if text is not None:
        e.text = text
    return e


def _rfc822(day: _dt.date) -> str:
    return format_datetime(_dt.datetime(day.year, day.month, day.day, 12, 0, tzinfo=_dt.timezone.utc))


def podcast_feed(lang: str, pages: list[dict], *, base_url: str, day: _dt.date | None, organisation: str) -> bytes:
    """The feed of one language from the site data of every page (`site-data` entries): one item per
    storyboard that has a podcast. Drafts carry the draft mark and `itunes:block` (not for directories)."""

    home = f"{base_url}/" if lang == "fa" else f"{base_url}/en/"
    rss = ET.Element("rss", {"version": "2.0"})
    ch = _sub(rss, "channel")
    _sub(ch, "title", f"{word('podcast', lang)}: {word('package_title', lang)}")
    _sub(ch, "link", home)
    _sub(ch, "description", word("package_intro", lang))
    _sub(ch, "language", lang)
    if day is not None:  # the package's date (its storyboards' latest), never the build day
        _sub(ch, "lastBuildDate", _rfc822(day))
    _sub(ch, "generator", "media")
    _sub(ch, f"{{{ATOM}}}link", href=f"{base_url}/feeds/podcast-{lang}.xml", rel="self", type="application/rss+xml")
    _sub(ch, f"{{{ITUNES}}}author", organisation)
    _sub(ch, f"{{{ITUNES}}}explicit", "false")
    _sub(ch, f"{{{ITUNES}}}type", "episodic")
    ET.SubElement(ch, f"{{{ITUNES}}}category", {"text": "Government"})
    episodes = [p for p in pages if p.get("podcast")]
    covers = [p for p in episodes if p["podcast"].get("cover")]
    if covers:
        c = covers[0]
        url = f"{base_url}/{c['folder']}/{c['podcast']['cover']}"
        _sub(ch, f"{{{ITUNES}}}image", href=url)
        img = _sub(ch, "image")
        _sub(img, "url", url)
        _sub(img, "title", f"{word('podcast', lang)}: {word('package_title', lang)}")
        _sub(img, "link", home)
    if episodes and all(p["draft"] for p in episodes):
        _sub(ch, f"{{{ITUNES}}}block", "Yes")
    for p in episodes:
        pod = p["podcast"]
        folder = f"{base_url}/{p['folder']}"
        item = _sub(ch, "item")
        title = pod["title"]
        _sub(item, "title", title)
        description = pod.get("description") or p.get("summary") or ""
        if p["draft"]:
            description = f"{word('draft_mark', lang)}. {description}"
        _sub(item, "description", description)
        _sub(item, "link", f"{folder}/index.html")
        _sub(item, "guid", f"{folder}/#podcast", isPermaLink="false")
        if p.get("date"):  # the episode's storyboard's own date
            _sub(item, "pubDate", _rfc822(_dt.date.fromisoformat(p["date"])))
        _sub(item, "enclosure", url=f"{folder}/{pod['src']}", length=str(int(pod["bytes"])), type="audio/mpeg")
        _sub(item, f"{{{ITUNES}}}title", title)
        _sub(item, f"{{{ITUNES}}}duration", str(int(round(pod["duration_s"]))))
        _sub(item, f"{{{ITUNES}}}episodeType", "full")
        _sub(item, f"{{{ITUNES}}}explicit", "false")
        if pod.get("cover"):
            _sub(item, f"{{{ITUNES}}}image", href=f"{folder}/{pod['cover']}")
        if p["draft"]:
            _sub(item, f"{{{ITUNES}}}block", "Yes")
        if pod.get("chapters_json"):
            _sub(item, f"{{{PODCAST}}}chapters", url=f"{folder}/{pod['chapters_json']}", type="application/json+chapters")
        if pod.get("transcript_vtt"):
            _sub(item, f"{{{PODCAST}}}transcript", url=f"{folder}/{pod['transcript_vtt']}", type="text/vtt", language=lang)
        if pod.get("transcript_txt"):
            _sub(item, f"{{{PODCAST}}}transcript", url=f"{folder}/{pod['transcript_txt']}", type="text/plain", language=lang)
    ET.indent(rss)
    return b'<?xml version="1.0" encoding="UTF-8"?>\n' + ET.tostring(rss, encoding="utf-8", xml_declaration=False) + b"\n"


def sitemap(urls: list[dict]) -> bytes:
    """sitemap.xml (sitemaps.org 0.9) of the pages that may be indexed, with their language alternates.
    Drafts carry `noindex` and are left out: a sitemap lists what search engines should show."""
    ns = "http://www.sitemaps.org/schemas/sitemap/0.9"
    xhtml = "http://www.w3.org/1999/xhtml"
    ET.register_namespace("", ns)
    ET.register_namespace("xhtml", xhtml)
    root = ET.Element(f"{{{ns}}}urlset")
    for u in urls:
        e = ET.SubElement(root, f"{{{ns}}}url")
        ET.SubElement(e, f"{{{ns}}}loc").text = u["loc"]
        if u.get("lastmod"):
            ET.SubElement(e, f"{{{ns}}}lastmod").text = u["lastmod"]
        for alt in u.get("alternates", []):
            ET.SubElement(e, f"{{{xhtml}}}link", {"rel": "alternate", "hreflang": alt["lang"], "href": alt["href"]})
    if not urls:
        root.append(ET.Comment(" every page is a draft (noindex): nothing to list until a storyboard records an approval "))
    ET.indent(root)
    return b'<?xml version="1.0" encoding="UTF-8"?>\n' + ET.tostring(root, encoding="utf-8", xml_declaration=False) + b"\n"
