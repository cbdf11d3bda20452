"""The podcast feed's Podcasting 2.0 and iTunes publisher tags: `itunes:owner`, `podcast:guid`, `podcast:locked`,
`podcast:person`, `podcast:license` (approved episodes only), `podcast:soundbite`, `itunes:season` and
`itunes:episode`, read back by feedparser (which keeps one element of each name and, of an element with
attributes, only the attributes) and by ElementTree for every value; still RSS 2.0. Values come from
package.yaml's `feed:` and the pages' data: what is not given is not in the feed."""
from __future__ import annotations

import datetime as dt
import json
import xml.etree.ElementTree as ET

import feedparser
import pytest

from media.site.feeds import feed_guid, podcast_feed
from media.storyboard.settings import FeedSettings
from media.storyboard.views import monolingual
from tests.site_support import BASE_URL, site_output

NS = {"podcast": "https://podcastindex.org/namespace/1.0", "itunes": "http://www.itunes.com/dtds/podcast-1.0.dtd"}


def _page(pid: str, plan: int, draft: bool, soundbites=()) -> dict:
    return {"id": pid, "lang": "en", "folder": f"{pid}/en", "plan": plan, "draft": draft, "date": "2026-11-01",
            "summary": "s", "podcast": {
                "src": "podcast.mp3", "bytes": 1000, "duration_s": 90.0, "cover": "podcast-cover.jpg",
                "title": f"Episode {pid}", "description": "d", "chapters_json": None, "transcript_vtt": None,
                "transcript_txt": None,
                "speakers": [{"role": "host", "name": "Host"}, {"role": "guest", "name": "Dr Example"}],
                "soundbites": list(soundbites)}}


def _feed(pages, **feed) -> bytes:
    publisher = monolingual(FeedSettings(**feed), "en")
    return podcast_feed("en", pages, base_url=BASE_URL, day=dt.date(2026, 11, 1), organisation="SSO",
                        publisher=publisher)


def test_guid_is_the_uuid5_of_the_feed_url_as_the_namespace_says():
    # Podcast Index lists Podnews (feed https://podnews.net/rss) under this podcastGuid
    assert feed_guid("https://podnews.net/rss") == "9b024349-ccf0-5f69-a609-6b82873eab3c"
    assert feed_guid("http://podnews.net/rss/") == feed_guid("https://podnews.net/rss")


def test_feedparser_reads_every_new_tag():
    pages = [_page("plan-12", 12, False, [{"start_s": 12.5, "duration_s": 20.0, "title": "Opening"}]),
             _page("plan-18", 18, False, [{"start_s": 3.0, "duration_s": 15.0, "title": ""}])]
    data = _feed(pages, owner={"name": {"en": "SSO public relations"}, "email": "podcast@example.org"},
                 licence={"identifier": "CC-BY-4.0"}, season=2)
    feed = feedparser.parse(data)
    assert not feed.bozo, feed.bozo_exception
    assert feed.version == "rss20"
    assert feed.feed.publisher_detail == {"name": "SSO public relations", "email": "podcast@example.org"}
    assert feed.feed.podcast_guid == feed_guid(f"{BASE_URL}/feeds/podcast-en.xml")
    assert feed.feed.podcast_locked == {"owner": "podcast@example.org"}
    assert feed.feed.podcast_license == "CC-BY-4.0"  # every episode approved: the channel carries it too
    first, second = feed.entries
    assert (first.itunes_season, first.itunes_episode, second.itunes_episode) == ("2", "1", "2")
    assert first.podcast_person == {"role": "guest", "group": "cast"}  # feedparser keeps the last of a name
    assert first.podcast_soundbite == {"starttime": "12.5", "duration": "20"}
    assert first.podcast_license == "CC-BY-4.0"
    # every value, with ElementTree
    channel = ET.fromstring(data).find("channel")
    assert channel.find("podcast:locked", NS).text == "yes"
    item = channel.findall("item")[0]
    assert [(p.get("role"), p.text) for p in item.findall("podcast:person", NS)] == [("host", "Host"),
                                                                                    ("guest", "Dr Example")]
    bite = item.find("podcast:soundbite", NS)
    assert (bite.get("startTime"), bite.get("duration"), bite.text) == ("12.5", "20", "Opening")
    assert channel.findall("item")[1].find("podcast:soundbite", NS).text is None


def test_drafts_carry_no_licence_and_nothing_is_made_up():
    pages = [_page("plan-12", 12, False), _page("plan-18", 18, True)]
    data = _feed(pages, licence={"identifier": "CC-BY-4.0", "url": "https://creativecommons.org/licenses/by/4.0/"},
                 locked=False)
    channel = ET.fromstring(data).find("channel")
    assert channel.find("podcast:license", NS) is None  # not every episode is approved
    approved, draft = channel.findall("item")
    lic = approved.find("podcast:license", NS)
    assert (lic.text, lic.get("url")) == ("CC-BY-4.0", "https://creativecommons.org/licenses/by/4.0/")
    assert draft.find("podcast:license", NS) is None
    # no owner address given: none in the feed, and the owner is the organisation
    assert channel.find("itunes:owner/itunes:name", NS).text == "SSO"
    assert channel.find("itunes:owner/itunes:email", NS) is None and b"@" not in data
    locked = channel.find("podcast:locked", NS)
    assert locked.text == "no" and locked.get("owner") is None
    assert approved.find("itunes:season", NS) is None  # no season given
    assert feedparser.parse(data).version == "rss20"


def test_no_licence_given_means_none_even_when_approved():
    channel = ET.fromstring(_feed([_page("plan-12", 12, False)])).find("channel")
    assert channel.find(".//podcast:license", NS) is None


def test_a_bad_owner_address_or_licence_is_refused():
    from pydantic import ValidationError

    with pytest.raises(ValidationError):
        FeedSettings(owner={"email": "not an address"})
    with pytest.raises(ValidationError):
        FeedSettings(licence={"identifier": "CC BY 4.0"})


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    return site_output(tmp_path_factory)


@pytest.mark.slow
def test_the_site_lists_the_audiograms_and_the_feed_their_soundbites(site):
    for lang in ("fa", "en"):
        manifest = json.loads((site / "teta" / lang / "manifest.json").read_text(encoding="utf-8"))
        grams = [a for a in manifest["artifacts"] if a["kind"] == "audiogram"]
        assert {a["aspect"] for a in grams} == {"9:16", "1:1"}
        page = (site / "teta" / lang / "index.html").read_text(encoding="utf-8")
        for a in grams:
            assert f'href="{a["path"]}"' in page and (site / "teta" / lang / a["path"]).is_file()
        tree = ET.parse(site / "feeds" / f"podcast-{lang}.xml")
        bites = tree.findall(".//item/podcast:soundbite", NS)
        assert [(float(b.get("startTime")), float(b.get("duration"))) for b in bites] == \
            [(grams[0]["start_s"], grams[0]["soundbite_duration_s"])]
        people = tree.findall(".//item/podcast:person", NS)
        assert {p.get("role") for p in people} == {"host", "guest"}
        assert tree.find(".//item/podcast:license", NS) is None  # teta is a draft
        assert tree.find(".//item/itunes:episode", NS).text == "1"
