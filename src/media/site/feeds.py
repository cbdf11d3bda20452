"""Podcast feeds: RSS 2.0 per language with the iTunes tags podcast apps read, one `enclosure` per
episode, and the Podcasting 2.0 tags (https://github.com/Podcastindex-org/podcast-namespace, 1.0.md):
`podcast:guid` (UUIDv5 of the feed's URL), `podcast:locked`, `podcast:license` (approved episodes only),
`podcast:person` (the script's speakers), `podcast:soundbite` (the audiograms' moments), `podcast:chapters`
(JSON chapters) and `podcast:transcript` (WebVTT, text); `itunes:owner`, `itunes:season`, `itunes:episode`.
Values come from package.yaml's `feed:` and the pages' data; what is not given is left out, never made up
(no owner address without `feed.owner.email`). Every URL is absolute, from the package's `base_url`."""
from __future__ import annotations

import datetime as _dt
import uuid
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


# Podcasting 2.0, podcast:guid: "the namespace UUID ead4c236-bf58-58c6-a2c6-a6b28d128cb6" and the feed URL
# "stripped of protocol scheme and trailing slashes".
GUID_NAMESPACE = uuid.UUID("ead4c236-bf58-58c6-a2c6-a6b28d128cb6")


def feed_guid(feed_url: str) -> str:
    """The feed's `podcast:guid`: UUIDv5 of its URL without the scheme and trailing slashes."""
    bare = feed_url.split("://", 1)[-1].rstrip("/")
    return str(uuid.uuid5(GUID_NAMESPACE, bare))


def _seconds(value) -> str:
    return f"{float(value):.3f}".rstrip("0").rstrip(".")


def _sub(parent, tag: str, text: str | None = None, **attrs) -> ET.Element:
    e = ET.SubElement(parent, tag, {k: str(v) for k, v in attrs.items()})
    if text is not None:
        e.text = text
    return e


def _rfc822(day: _dt.date) -> str:
    return format_datetime(_dt.datetime(day.year, day.month, day.day, 12, 0, tzinfo=_dt.timezone.utc))


def podcast_feed(lang: str, pages: list[dict], *, base_url: str, day: _dt.date | None, organisation: str,
                 publisher: dict | None = None) -> bytes:
    """The feed of one language from the site data of every page (`site-data` entries): one item per
    storyboard that has a podcast, numbered in the feed's order (plan number, then id). Drafts carry the
    draft mark and `itunes:block` (not for directories), and no licence. `publisher`: package.yaml's `feed:`
    in this language (owner, locked, licence, season)."""

    publisher = publisher or {}
    owner = publisher.get("owner") or {}
    email = owner.get("email")
    licence = publisher.get("licence")
    season = publisher.get("season")
    home = f"{base_url}/" if lang == "fa" else f"{base_url}/en/"
    feed_url = f"{base_url}/feeds/podcast-{lang}.xml"
    rss = ET.Element("rss", {"version": "2.0"})
    ch = _sub(rss, "channel")
    _sub(ch, "title", f"{word('podcast', lang)}: {word('package_title', lang)}")
    _sub(ch, "link", home)
    _sub(ch, "description", word("package_intro", lang))
    _sub(ch, "language", lang)
    if day is not None:  # the package's date (its storyboards' latest), never the build day
        _sub(ch, "lastBuildDate", _rfc822(day))
    _sub(ch, "generator", "media")
    _sub(ch, f"{{{ATOM}}}link", href=feed_url, rel="self", type="application/rss+xml")
    _sub(ch, f"{{{ITUNES}}}author", organisation)
    own = _sub(ch, f"{{{ITUNES}}}owner")
    _sub(own, f"{{{ITUNES}}}name", owner.get("name") or organisation)
    if email:  # never made up: without package.yaml's feed.owner.email the feed has no address
        _sub(own, f"{{{ITUNES}}}email", email)
    _sub(ch, f"{{{PODCAST}}}guid", feed_guid(feed_url))
    _sub(ch, f"{{{PODCAST}}}locked", "yes" if publisher.get("locked", True) else "no", **({"owner": email} if email else {}))
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
    if licence and episodes and not any(p["draft"] for p in episodes):
        _licence(ch, licence)
    for number, p in enumerate(episodes, 1):
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
        if season:
            _sub(item, f"{{{ITUNES}}}season", str(season))
        _sub(item, f"{{{ITUNES}}}episode", str(number))
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
        for person in pod.get("speakers") or []:
            _sub(item, f"{{{PODCAST}}}person", person["name"], role=person["role"], group="cast")
        for bite in pod.get("soundbites") or []:
            _sub(item, f"{{{PODCAST}}}soundbite", bite.get("title") or None, startTime=_seconds(bite["start_s"]),
                 duration=_seconds(bite["duration_s"]))
        if licence and not p["draft"]:  # a draft is not published: no licence is granted (as the data package)
            _licence(item, licence)
    ET.indent(rss)
    return b'<?xml version="1.0" encoding="UTF-8"?>\n' + ET.tostring(rss, encoding="utf-8", xml_declaration=False) + b"\n"


def _licence(parent, licence: dict) -> None:
    _sub(parent, f"{{{PODCAST}}}license", licence["identifier"], **({"url": licence["url"]} if licence.get("url") else {}))


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
