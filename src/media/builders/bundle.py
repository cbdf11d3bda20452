"""The trainer bundle: one zip per storyboard and language with everything a training session needs.

Inside one top folder (`<storyboard>-<lang>/`): the deck, the video with its captions, the podcast with
its transcript and audiograms, the infographics, the posters, the documents when they exist, the fonts with their
licence, a bilingual README of what is inside (with the draft status), and `SHA256SUMS` for
`sha256sum -c`. The zip is reproducible (reproducible-builds.org): entries sorted, every timestamp the
build date, fixed permissions, so the same inputs give the same bytes.
"""
from __future__ import annotations

import datetime as dt
import hashlib
from pathlib import Path

from media.builders import Artifact, Builder, fonts
from media.engine import Job
from media.storyboard import LoadedStoryboard
from media.content.dates import format_date, from_iso, iso, storyboard_date
from media.content.words import has_word, word
from media.content.package import package_url
from media.files import sha256_file, write_zip
from media.storyboard.views import monolingual
from media.text.fonts import font_dir
from media.text.numerals import localize, plain_line

BUNDLE = "bundle.zip"
SUMS = "SHA256SUMS"
README = "README.txt"
# The builders whose outputs go in, named one by one: a pattern such as f"{sb.id}/{lang}/*" would also
# match the site, which needs the bundle (a cycle). `report`, `summary`, `checklist`, `guide` are the documents.
BUNDLED = ("video", "podcast", "audiogram", "infographics", "poster", "deck", "report", "summary", "checklist", "guide")
DOCUMENTS = ("report", "summary", "checklist", "guide")
LICENCE_FILES = ("OFL.txt", "AUTHORS.txt")
# Already compressed: stored, not deflated again (faster, and no bigger).
STORED = (".mp4", ".m4a", ".mp3", ".png", ".jpg", ".jpeg", ".pdf", ".pptx", ".docx", ".zip", ".webm")





def licence_files() -> list[Path]:

    return [font_dir() / name for name in LICENCE_FILES if (font_dir() / name).is_file()]


def expected_parts(sb: LoadedStoryboard) -> list[str]:
    """What a complete bundle of this storyboard holds (documents apart: they come when they exist)."""
    mo = sb.model
    out = ["deck"]
    if mo.scenes:
        out.append("video")
    if mo.podcast:
        out.append("podcast")
    if mo.infographics:
        out.append("infographics")
    if mo.poster:
        out.append("poster")
    return out


def _part_of(job_id: str) -> str:
    builder = job_id.split("/")[2] if job_id.count("/") >= 3 else ""
    return "documents" if builder in DOCUMENTS else builder


def readme(sb: LoadedStoryboard, lang: str, day: dt.date | None, listing: list[tuple[str, str, dict]],
           missing: list[str], fonts_listed: list[str]) -> str:
    """README.txt: the bundle's language first, then the other; what is inside, the status, what is not."""

    out: list[str] = []
    for L in (lang, "en" if lang == "fa" else "fa"):
        fa = L == "fa"
        loc = (lambda s: localize(s, "fa")) if fa else (lambda s: s)
        mo = sb.model
        title = mo.title.get(L) if getattr(mo.title, L) else mo.title.get(lang)
        out.append(plain_line(("بسته آموزشی مربی: " if fa else "Trainer bundle: ") + title, L))
        out.append("=" * 40)
        if mo.is_draft:
            status = word("draft_mark", L)
        else:
            ap = mo.approval
            status = (f"مجوز انتشار: {ap.by_text(L)}، {ap.date}، شماره {ap.reference}" if fa else
                      f"Approved for publication by {ap.by_text(L)} on {ap.date}, reference {ap.reference}")
        out.append(plain_line(("وضعیت: " if fa else "Status: ") + status, L))
        if day is not None:  # the storyboard's date (approval, else `updated:`), never the build day
            out.append(plain_line(("تاریخ: " if fa else "Date: ") + format_date(day, L), L))
        # the URL is an identifier: never localised, isolated left to right inside the Persian line
        url = package_url(sb, lang)
        out.append("صفحه طرح: \u2066" + url + "\u2069" if fa else "The plan's page: " + url)
        out.append("")
        out.append("محتوای بسته:" if fa else "What is inside:")
        for path, kind, extra in listing:
            desc = loc(word(f"bundle.kind.{kind}", L) if has_word(f"bundle.kind.{kind}") else kind)
            # ids, sizes and formats are identifiers (A4, 16:9, plan-18): kept as written, isolated in Persian
            detail = [str(extra[k]) for k in ("id", "size", "page_size", "aspect", "format") if extra.get(k)]
            if detail:
                desc += f" (\u2066{', '.join(detail)}\u2069)" if fa else f" ({', '.join(detail)})"
            out.append(f"- {desc}: \u2066{path}\u2069" if fa else f"- {path}: {desc}")
        fonts_line = ("قلم وزیرمتن (Vazirmatn) با مجوز SIL Open Font License 1.1؛ پیش از باز کردن ارائه نصبش کنید"
                      if fa else "the Vazirmatn font with its SIL Open Font License 1.1; install it before opening the deck")
        for path in fonts_listed:
            out.append(f"- {loc(fonts_line)}: \u2066{path}\u2069" if fa else f"- {path}: {fonts_line}")
        out.append(f"- فهرست هش SHA-256 همه فایل‌ها: \u2066{SUMS}\u2069" if fa else f"- {SUMS}: SHA-256 of every file")
        out.append("")
        if missing:
            out.append("در این بسته نیست:" if fa else "Not in this bundle:")
            for part in missing:
                why = ("هنوز ساخته نشده است" if fa else "not made yet")
                out.append(f"- {word(f'bundle.part.{part}', L)}: {why}")
            out.append("")
        out.append("بررسی درستی فایل‌ها، در همین پوشه: \u2066sha256sum -c SHA256SUMS\u2069" if fa else
                   "Check the files, in this folder: sha256sum -c SHA256SUMS")
        out.append("")
        out.append("")
    return "\n".join(line.rstrip() for line in out).rstrip() + "\n"


def _sha(path: Path) -> str:

    return sha256_file(path)


class BundleBuilder(Builder):
    name = "bundle"
    kinds = ("bundle",)

    def plan(self, sb: LoadedStoryboard, lang: str) -> list[Job]:

        day = storyboard_date(sb)
        mo = sb.model
        inputs = {"id": sb.id, "title": {k: getattr(mo.title, k) for k in ("fa", "en")}, "status": mo.status,
                  "approval": mo.approval, "url": package_url(sb, lang), "date": iso(day),
                  "expected": expected_parts(sb), "organisation": monolingual(sb.settings.organisation, lang)}
        return [self.job(sb, lang, "bundle", inputs, files=[*fonts(), *licence_files()],
                         needs=[f"{sb.id}/{lang}/{b}/*" for b in BUNDLED], params={"date": iso(day)},
                         cost_s=2.0)]

    def run(self, job: Job, sb: LoadedStoryboard, out_dir: Path, deps) -> list[Artifact]:
        lang = job.lang
        day = from_iso(job.params["date"])
        members: dict[str, Path | bytes] = {}
        listing: list[tuple[str, str, dict]] = []
        present: set[str] = set()
        for job_id, (_, entries) in sorted(deps.entries.items()):
            part = _part_of(job_id)
            for entry in entries:
                rel = entry["path"]
                if rel in members:
                    continue
                members[rel] = deps.root / deps.entries[job_id][0] / rel
                listing.append((rel, entry["kind"], entry))
                present.add(part)
        listing.sort(key=lambda x: x[0])
        fonts_listed = []
        for f in [*fonts(), *licence_files()]:
            rel = f"fonts/vazirmatn/{f.name}"
            members[rel] = f
            fonts_listed.append(rel)
        missing = [p for p in expected_parts(sb) if p not in present]
        if not present & {"documents"}:
            missing.append("documents")
        text = readme(sb, lang, day, listing, missing, fonts_listed)
        members[README] = text.encode("utf-8")
        self.progress("checksums", 0.2)
        sums = []
        for name in sorted(members):
            src = members[name]
            digest = hashlib.sha256(src).hexdigest() if isinstance(src, bytes) else _sha(src)
            sums.append(f"{digest}  {name}")
        members[SUMS] = ("\n".join(sums) + "\n").encode("utf-8")
        self.progress("zip", 0.4)
        root = f"{sb.id}-{lang}"
        path = out_dir / BUNDLE
        write_zip(path, root, members, day)
        self.progress("done", 1.0)
        return [Artifact("bundle", path, {
            "format": "zip", "root": root, "files": sorted(members), "missing": missing,
            "draft": sb.model.is_draft, "checksums": SUMS})]
