"""The site builder: the output folder becomes the package site. Per storyboard and language, the page
every QR code opens (`<storyboard>/<lang>/index.html`), reading what the other builders made from their
manifest entries; package-wide, the home pages, podcast feeds, open data with its data package, the
dashboard data, the search index, the sitemap and the static assets (`output/manifest.json`).

Package-wide jobs read the site data every page job writes (`data.json`), matched by `*/*/site/*`: that
pattern also matches page jobs recorded by earlier builds, so the home page and the feeds cover every
storyboard of the package, not only the ones built this time."""
from __future__ import annotations

import json
from pathlib import Path

from media.builders import Artifact, Builder
from media.engine import Job
from media.engine.execute import Deps
from media.errors import Location, Problem, StoryboardError
from media.files import write_bytes_atomic
from media.storyboard import LoadedStoryboard
from media.content.dates import from_iso, iso, package_date, storyboard_date
from media.content.words import STATUSES, status_label, word
from media.content.numbers import figure_phrase
from media.content.package import package_url
from media.graphics.theme import CATEGORY_COLORS
from media.site import RESERVED_IDS, STATIC, TEMPLATES, content as c, opendata as od
from media.site.feeds import chapters_json, podcast_feed, sitemap
from media.site.render import js_data, render
from media.site.search import index, transcript_chapters, vtt_text
from media.storyboard.model import CATEGORY_NAMES
from media.storyboard.views import monolingual
from media.text.fonts import font_dir
from media.text.numerals import localize

PAGE = "page"
PAGE_KINDS = ("page", "site-data", "podcast-chapters")
PACKAGE_KINDS = ("page", "sitemap", "feed", "data-package", "open-data", "dashboard-data", "search-index", "site-asset")
ALL_PAGES = "*/*/site/*"  # every page job, planned now or recorded by an earlier build
BOOKS = ("_package/book/*", "_package/ebook/*")  # the package's book and e-book, when built
LANGS = ("fa", "en")


def site_files() -> list[Path]:
    """Templates and static files: their bytes are part of every site job's key (they are not Python)."""

    return sorted(p for d in (TEMPLATES, STATIC) for p in d.rglob("*") if p.is_file())


def _settings_view(settings) -> dict:

    return {"base_url": settings.base_url, "organisation": {l: settings.organisation.get(l) for l in LANGS},
            "feed": {l: monolingual(settings.feed, l) for l in LANGS},
            "brand": settings.brand, "year": settings.year,
            "sources": {k: {l: monolingual(v.title, l) for l in LANGS} for k, v in settings.sources.items()}}


def _write(path: Path, data: bytes) -> Path:
    write_bytes_atomic(path, data)
    return path


def _json(value) -> bytes:
    return (json.dumps(value, ensure_ascii=False, indent=1, sort_keys=True) + "\n").encode("utf-8")


def plan_label(plan: int | None, title: str, lang: str) -> str:
    """A short name for a chart legend: 'طرح ۱۲' / 'Plan 12', or the title up to its colon."""

    if isinstance(plan, int):
        return localize(f"{word('plan_n', lang)} {plan}", lang)
    head = title.split(":")[0].strip()
    return head if len(head) <= 32 else head[:31].rstrip() + "…"


class SiteBuilder(Builder):
    name = "site"
    kinds = tuple(dict.fromkeys(PAGE_KINDS + PACKAGE_KINDS))

    # ---- planning ---------------------------------------------------------------------------------------

    def plan(self, sb: LoadedStoryboard, lang: str) -> list[Job]:

        if sb.id in RESERVED_IDS:
            raise StoryboardError(problems=[Problem(Location(str(sb.path)), f"storyboard id '{sb.id}' would write "
                                                    f"output/{sb.id}/, which the package site uses itself; rename the file "
                                                    f"(reserved: {', '.join(sorted(RESERVED_IDS))})")])
        other = "en" if lang == "fa" else "fa"
        inputs = {"storyboard": monolingual(sb.model, lang), "id": sb.id, "lang": lang,
                  "settings": _settings_view(sb.settings), "draft": sb.model.is_draft,
                  "other_lang": other if getattr(sb.model.title, other) else None}
        # `{id}/{lang}/*`: every other job of this storyboard and language (the engine leaves this one
        # out); no job may need the site's, or the pattern would make a cycle.
        inputs["date"] = iso(storyboard_date(sb))
        return [self.job(sb, lang, PAGE, inputs, files=site_files(), needs=[f"{sb.id}/{lang}/*"], cost_s=0.3)]

    def plan_package(self, storyboards: list[LoadedStoryboard], langs: tuple[str, ...]) -> list[Job]:

        if not storyboards:
            return []
        common = {"settings": _settings_view(storyboards[0].settings)}
        params = {"date": iso(package_date(storyboards))}
        fonts = [font_dir() / "Vazirmatn-Regular.woff2", font_dir() / "Vazirmatn-Bold.woff2", font_dir() / "OFL.txt"]
        return [
            self.job(None, "", "assets", common, files=[*site_files(), *fonts], cost_s=0.2),
            self.job(None, "", "home", common, files=site_files(), needs=[ALL_PAGES, *BOOKS], params=params, cost_s=0.3),
            self.job(None, "", "feeds", common, needs=[ALL_PAGES], params=params, cost_s=0.1),
            self.job(None, "", "data", common, needs=[ALL_PAGES], params=params, cost_s=0.2),
            self.job(None, "", "search", common, needs=[ALL_PAGES], cost_s=0.1),
        ]

    # ---- running ----------------------------------------------------------------------------------------

    def run(self, job: Job, sb, out_dir: Path, deps: Deps) -> list[Artifact]:
        if job.name == PAGE and job.storyboard != "_package":
            return self._page(job, sb, out_dir, deps)
        settings = job.inputs["settings"]
        if job.name == "assets":
            return self._assets(settings, out_dir)
        pages = _site_data(deps)
        if job.name == "home":
            return self._home(settings, pages, out_dir, job.params["date"], _books(deps))
        if job.name == "feeds":
            return self._feeds(settings, pages, out_dir, job.params["date"])
        if job.name == "data":
            return self._data(settings, pages, out_dir, job.params["date"])
        if job.name == "search":
            return self._search(pages, out_dir)
        raise ValueError(job.name)

    # ---- the plan's page -----------------------------------------------------------------------------------

    def _page(self, job: Job, sb: LoadedStoryboard, out_dir: Path, deps: Deps) -> list[Artifact]:

        lang = job.lang
        model = sb.model
        base = sb.settings.base_url
        media = c.media_view(sb, lang, deps.artifacts())
        title = c.text(model.title, lang)
        summary = c.text(model.summary, lang)
        figures = [c.figure_view(sb, f, lang) for f in model.figures]
        sections = c.report_sections(sb, lang)
        other = job.inputs["other_lang"]
        url = package_url(sb, lang)
        root = "../../"
        social = None
        if media.social:
            social = {"url": f"{url}{media.social['src']}", "width": media.social["width"],
                      "height": media.social["height"], "alt": title}
        context = {
            "lang": lang, "root": root, "home": root + ("index.html" if lang == "fa" else "en/index.html"),
            "page_title": f"{title} | {c.text(sb.settings.organisation, lang)}", "description": summary[:300],
            "noindex": model.is_draft, "draft": model.is_draft, "canonical": url,
            "alternates": [{"lang": lang, "href": url}]
            + ([{"lang": other, "href": f"{base}/{sb.id}/{other}/"}] if other else [])
            + [{"lang": "x-default", "href": f"{base}/{sb.id}/fa/"}],
            "other_lang": {"lang": other, "href": f"../{other}/index.html"} if other else None,
            "site_name": word("site_name", lang), "social": social,
            "organisation": c.text(sb.settings.organisation, lang), "year": sb.settings.year,
            "scripts": [root + "assets/site.js", root + "assets/vendor/chart.bar.min.js",
                        root + f"data/dashboard-{lang}.js", root + "assets/dashboard.js"],
            "current": sb.id, "plan_number": model.plan, "title": title, "search_here": False,
            "subtitle": c.text(model.subtitle, lang), "summary": summary, "figures": figures, "sections": sections,
            "sources": c.cited_sources(sb, lang), "media": media,
            "podcast_title": c.text(model.podcast.title, lang) if model.podcast else "",
            "podcast_description": c.text(model.podcast.description, lang) if model.podcast else "",
        }
        artifacts = [Artifact("page", _write(out_dir / "index.html", render("plan.html", **context)),
                              {"lang": lang, "title": title, "url": url, "draft": model.is_draft})]
        pod = None
        if media.podcast:
            chapters = _write(out_dir / "podcast-chapters.json", _json(chapters_json(media.podcast["chapters"])))
            artifacts.append(Artifact("podcast-chapters", chapters, {"format": "json+chapters"}))
            p = media.podcast
            pod = {"src": p["src"], "bytes": p["bytes"], "duration_s": p["duration_s"], "cover": p["cover"],
                   "title": context["podcast_title"], "description": context["podcast_description"],
                   "chapters_json": "podcast-chapters.json", "transcript_vtt": p["transcript_vtt"],
                   "transcript_txt": p["transcript_txt"], "speakers": speakers(sb, lang),
                   "soundbites": [{"start_s": a["start_s"], "duration_s": a["duration_s"], "title": a["title"]}
                                  for a in media.audiograms]}
        # what the package-wide jobs need of this page, so they never read a storyboard themselves
        href = f"{sb.id}/{lang}/index.html"
        search = [{"h": href, "t": title, "s": title, "k": word("summary", lang),
                   "x": " ".join(x for x in (c.text(model.subtitle, lang), summary) if x)}]
        for s in sections:
            if not s.gap:
                search.append({"h": f"{href}#sec-{s.id}", "t": title, "s": s.title, "k": word("report", lang),
                               "x": " ".join([*s.paragraphs, *s.points])})
        if figures:
            search.append({"h": f"{href}#figures", "t": title, "s": word("key_figures", lang), "k": "",
                           "x": ("؛ " if lang == "fa" else "; ").join(figure_phrase(f, lang) for f in model.figures)})
        for g in media.infographics:
            search.append({"h": f"{href}#infographics", "t": title, "s": g["title"], "k": word("infographics", lang),
                           "x": g["alt"]})
        for head, body in transcript_chapters(media.transcript_lines):
            search.append({"h": f"{href}#podcast", "t": title, "s": head, "k": word("podcast", lang), "x": body})
        if media.video and media.video["captions"]:
            spoken = ""
            for entry, path in deps.artifacts("subtitles"):
                if entry["path"] == media.video["captions"]:
                    try:
                        spoken = vtt_text(path.read_text(encoding="utf-8"))
                    except OSError:
                        spoken = ""
            if spoken:
                search.append({"h": f"{href}#video", "t": title, "s": word("video", lang), "k": word("captions", lang),
                               "x": spoken})
        data = {
            "id": sb.id, "lang": lang, "folder": f"{sb.id}/{lang}", "page": href, "url": url, "plan": model.plan,
            "title": title, "subtitle": c.text(model.subtitle, lang), "summary": summary,
            "draft": model.is_draft, "status": model.status, "other_lang": other,
            "social": ({"src": media.social["src"], "width": media.social["width"], "height": media.social["height"]}
                       if media.social else None),
            "figures": figures, "items": c.category_items(sb, lang), "podcast": pod, "search": search,
            "label": plan_label(model.plan, title, lang), "date": job.inputs["date"],
        }
        artifacts.append(Artifact("site-data", _write(out_dir / "data.json", _json(data)), {"format": "json"}))
        return artifacts

    # ---- package-wide ----------------------------------------------------------------------------------------

    def _assets(self, settings: dict, out: Path) -> list[Artifact]:

        arts = []
        brand = settings["brand"]
        css = (STATIC / "site.css").read_text(encoding="utf-8")
        for key in ("primary", "secondary", "accent", "background", "text", "muted"):
            css = css.replace(f"@@{key}@@", getattr(brand, key) if not isinstance(brand, dict) else brand[key])
        arts.append(Artifact("site-asset", _write(out / "assets" / "site.css", css.encode("utf-8")), {"format": "css"}))
        for name in ("site.js", "dashboard.js", "search.js"):
            arts.append(Artifact("site-asset", _write(out / "assets" / name, (STATIC / name).read_bytes()), {"format": "js"}))
        for p in sorted((STATIC / "vendor").iterdir()):
            if p.is_file() and p.suffix in (".js", ".md"):
                arts.append(Artifact("site-asset", _write(out / "assets" / "vendor" / p.name, p.read_bytes()),
                                     {"format": p.suffix[1:]}))
        for name in ("Vazirmatn-Regular.woff2", "Vazirmatn-Bold.woff2", "OFL.txt"):
            arts.append(Artifact("site-asset", _write(out / "assets" / "fonts" / name, (font_dir() / name).read_bytes()),
                                 {"format": Path(name).suffix[1:]}))
        svg, ico = favicons(brand if isinstance(brand, dict) else brand.model_dump())
        arts.append(Artifact("site-asset", _write(out / "favicon.svg", svg), {"format": "svg"}))
        arts.append(Artifact("site-asset", _write(out / "favicon.ico", ico), {"format": "ico"}))
        return arts

    def _home(self, settings: dict, pages: list[dict], out: Path, date: str, books: list[dict] = ()) -> list[Artifact]:

        base = settings["base_url"]
        arts = []
        urls = []
        for lang in LANGS:
            mine = _ordered([p for p in pages if p["lang"] == lang])
            root = "" if lang == "fa" else "../"
            other = "en" if lang == "fa" else "fa"
            url = f"{base}/" if lang == "fa" else f"{base}/en/"
            first_social = next((p for p in mine if p.get("social")), None)
            social = None
            if first_social:
                s = first_social["social"]
                social = {"url": f"{base}/{first_social['folder']}/{s['src']}", "width": s["width"],
                          "height": s["height"], "alt": first_social["title"]}
            draft = any(p["draft"] for p in mine)
            plans = [{"href": root + p["page"], "title": p["title"], "subtitle": p["subtitle"], "plan": p["plan"],
                      "draft": p["draft"], "social": root + f"{p['folder']}/{p['social']['src']}" if p.get("social") else None,
                      "social_width": (p.get("social") or {}).get("width"),
                      "social_height": (p.get("social") or {}).get("height")} for p in mine]
            context = {
                "lang": lang, "root": root, "home": "index.html" if lang == "fa" else "index.html",
                "page_title": f"{word('package_title', lang)} | {settings['organisation'][lang]}",
                "description": word("package_intro", lang), "noindex": not mine or all(p["draft"] for p in mine),
                "draft": draft, "canonical": url,
                "alternates": [{"lang": "fa", "href": f"{base}/"}, {"lang": "en", "href": f"{base}/en/"},
                               {"lang": "x-default", "href": f"{base}/"}],
                "other_lang": {"lang": other, "href": "en/index.html" if lang == "fa" else "../index.html"},
                "site_name": word("site_name", lang), "social": social,
                "organisation": settings["organisation"][lang], "year": settings["year"],
                "scripts": [root + "assets/site.js", root + "assets/vendor/chart.bar.min.js",
                            root + f"data/dashboard-{lang}.js", root + "assets/dashboard.js",
                            root + f"search/index-{lang}.js", root + "assets/search.js"],
                "current": "", "plans": plans, "search_here": True,
                "books": [{"href": root + b["path"], "label": word(f"kind_{b['kind']}", lang), "bytes": b["bytes"]}
                          for b in books if b["lang"] == lang],
            }
            path = out / ("index.html" if lang == "fa" else "en/index.html")
            arts.append(Artifact("page", _write(path, render("home.html", **context)),
                                 {"lang": lang, "url": url, "draft": draft, "plans": len(plans)}))
            if not context["noindex"]:
                urls.append({"loc": url, "lastmod": date,
                             "alternates": [{"lang": "fa", "href": f"{base}/"}, {"lang": "en", "href": f"{base}/en/"}]})
            for p in mine:
                if not p["draft"]:
                    alts = [{"lang": p["lang"], "href": p["url"]}]
                    if p.get("other_lang"):
                        alts.append({"lang": p["other_lang"], "href": f"{base}/{p['id']}/{p['other_lang']}/"})
                    urls.append({"loc": p["url"], "lastmod": p.get("date"), "alternates": alts})
        arts.append(Artifact("sitemap", _write(out / "sitemap.xml", sitemap(urls)), {"urls": len(urls)}))
        return arts

    def _feeds(self, settings: dict, pages: list[dict], out: Path, date: str | None) -> list[Artifact]:

        arts = []
        for lang in LANGS:
            mine = _ordered([p for p in pages if p["lang"] == lang])
            data = podcast_feed(lang, mine, base_url=settings["base_url"], day=from_iso(date),
                                organisation=settings["organisation"][lang], publisher=settings["feed"][lang])
            episodes = sum(1 for p in mine if p.get("podcast"))
            arts.append(Artifact("feed", _write(out / "feeds" / f"podcast-{lang}.xml", data),
                                 {"lang": lang, "format": "rss", "episodes": episodes,
                                  "url": f"{settings['base_url']}/feeds/podcast-{lang}.xml"}))
        return arts

    def _data(self, settings: dict, pages: list[dict], out: Path, date: str) -> list[Artifact]:

        base = settings["base_url"]
        figures = od.figure_rows(pages, base)
        items = od.item_rows(pages)
        folder = out / "data"
        arts = [
            Artifact("open-data", _write(folder / "figures.csv", od.to_csv(figures, od.FIGURE_FIELDS)),
                     {"format": "csv", "rows": len(figures)}),
            Artifact("open-data", _write(folder / "figures.json", od.to_json(figures)), {"format": "json", "rows": len(figures)}),
            Artifact("open-data", _write(folder / "items.csv", od.to_csv(items, od.ITEM_FIELDS)),
                     {"format": "csv", "rows": len(items)}),
            Artifact("open-data", _write(folder / "items.json", od.to_json(items)), {"format": "json", "rows": len(items)}),
        ]
        desc = od.datapackage(base_url=base, created=f"{date}T00:00:00Z" if date else None, organisation=settings["organisation"],
                              sources=settings["sources"], any_draft=any(p["draft"] for p in pages) or not pages,
                              package_title={l: word("package_title", l) for l in LANGS})
        arts.append(Artifact("data-package", _write(folder / "datapackage.json", _json(desc)), {"format": "json"}))
        for lang in LANGS:
            board = dashboard_data(lang, _ordered([p for p in pages if p["lang"] == lang]))
            arts.append(Artifact("dashboard-data", _write(folder / f"dashboard-{lang}.js", js_data("MEDIA_DASHBOARD", board)),
                                 {"lang": lang, "format": "js"}))
        return arts

    def _search(self, pages: list[dict], out: Path) -> list[Artifact]:

        arts = []
        for lang in LANGS:
            idx = index(lang, [p for p in pages if p["lang"] == lang])
            arts.append(Artifact("search-index", _write(out / "search" / f"index-{lang}.js", js_data("MEDIA_SEARCH", idx)),
                                 {"lang": lang, "docs": len(idx["docs"])}))
        return arts


def speakers(sb: LoadedStoryboard, lang: str) -> list[dict]:
    """Who speaks in the episode, in order of first line: the role and the name the storyboard gives it, else
    the role's word (`podcast:person`). Nothing else is known of them, so nothing else is said."""
    pod = sb.model.podcast
    out = []
    for role in dict.fromkeys(seg.speaker for seg in pod.segments):
        named = pod.speakers.get(role)
        out.append({"role": role, "name": c.text(named, lang) if named is not None and getattr(named, lang) else
                    word(f"speaker.{role}", lang), "named": named is not None and bool(getattr(named, lang))})
    return out


def _site_data(deps: Deps) -> list[dict]:
    pages = []
    for entry, path in deps.artifacts("site-data"):
        try:
            pages.append(json.loads(path.read_text(encoding="utf-8")))
        except (OSError, ValueError):
            continue
    return pages


def _ordered(pages: list[dict]) -> list[dict]:
    return sorted(pages, key=lambda p: (p["plan"] if isinstance(p.get("plan"), int) else 10**6, p["id"]))


def dashboard_data(lang: str, pages: list[dict]) -> dict:
    """What the dashboard draws and tabulates, for one language: counts of challenges and expected outcomes
    per plan and category (with their sources), and every figure with its source and status."""

    counts: dict[tuple[str, str, str], dict] = {}
    labels: dict[str, str] = {}
    for p in pages:
        for it in p.get("items", []):
            key = (p["id"], it["measure"], it["category"])
            n = counts.setdefault(key, {"plan": p["id"], "measure": it["measure"], "category": it["category"],
                                        "count": 0, "items": [], "source": ""})
            n["count"] += 1
            n["items"].append(it["text"])
            if it["source"] and it["source"] not in n["source"]:
                n["source"] = (n["source"] + ("؛ " if lang == "fa" else "; ") if n["source"] else "") + it["source"]
            labels[it["category"]] = it["category_label"]
    status_words = {"sourced": word("status_sourced", lang), "illustrative": word("status_illustrative", lang),
                    **{k: status_label(k, lang) for k in STATUSES}}
    figures = []
    for p in pages:
        for f in p.get("figures", []):
            number = " ".join(x for x in (f["prefix"], f["number"], f["unit"]) if x)
            figures.append({"plan": p["id"], "id": f["id"], "number": number, "label": f["label"],
                            "status": f["status"], "status_label": status_words.get(f["status"], f["status"]),
                            "source": f["source_line"], "draft": p["draft"]})
    return {
        "lang": lang,
        "plans": [{"id": p["id"], "label": p.get("label") or plan_label(p.get("plan"), p["title"], lang),
                   "title": p["title"], "href": p["page"], "draft": p["draft"]} for p in pages],
        "categories": [{"id": c, "label": labels[c], "colour": CATEGORY_COLORS[c]} for c in CATEGORY_NAMES if c in labels],
        "counts": sorted(counts.values(), key=lambda n: (n["plan"], n["measure"], n["category"])),
        "figures": figures,
        "words": {"category": word("category", lang), "plan": word("plan_col", lang), "figure": word("figure", lang),
                  "status": word("status", lang), "source": word("source", lang), "draft": word("draft_short", lang),
                  "listed": word("listed", lang), "items": word("items", lang),
                  "axis": {"challenges": word("axis_challenges", lang), "outcomes": word("axis_outcomes", lang)},
                  "units": {"challenges": word("listed_unit", lang), "outcomes": word("listed_unit", lang)}},
    }


def favicons(brand: dict) -> tuple[bytes, bytes]:
    """favicon.svg and a 32/16 px favicon.ico (browsers ask for /favicon.ico on their own): the header's
    mark, a rounded square in the brand's colours. Drawn here, so the same brand gives the same bytes."""
    import io

    from PIL import Image, ImageDraw

    primary, accent = brand["primary"], brand["accent"]
    svg = (f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 64 64">'
           f'<rect width="64" height="64" rx="14" fill="{primary}"/>'
           f'<rect x="14" y="14" width="36" height="36" rx="8" fill="#ffffff"/>'
           f'<rect x="21" y="21" width="22" height="22" rx="5" fill="{accent}"/></svg>\n').encode("utf-8")
    size = 64
    im = Image.new("RGBA", (size, size), (0, 0, 0, 0))
    d = ImageDraw.Draw(im)
    d.rounded_rectangle((0, 0, size - 1, size - 1), radius=14, fill=primary)
    d.rounded_rectangle((14, 14, 49, 49), radius=8, fill="#ffffff")
    d.rounded_rectangle((21, 21, 42, 42), radius=5, fill=accent)
    buf = io.BytesIO()
    im.save(buf, format="ICO", sizes=[(32, 32), (16, 16)])
    return svg, buf.getvalue()


def _books(deps: Deps) -> list[dict]:
    """The book's PDFs and the e-book, as the home page lists them (in the order of the kinds)."""
    order = ("ebook", "book", "book-print", "book-cover")
    found = [{"kind": e["kind"], "lang": e.get("lang", ""), "path": e["path"], "bytes": int(e.get("bytes", 0))}
             for kind in order for e, _ in deps.artifacts(kind)]
    return sorted(found, key=lambda b: (order.index(b["kind"]), b["path"]))
