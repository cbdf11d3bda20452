"""Truthfulness rules of a storyboard, checked at load time with located errors (FILE:LINE:COL).

- An `achieved` claim needs its own `source` (the passage of the seed that says it was achieved).
- A reported statement (`reported_by`) carries its `date`, or `undated`.
- Outcomes (`kind: outcomes` items) and timeline phases carry a `status`: the seeds call outcomes
  expected and phases planned, about to operate or under study; nothing is shown as a plain fact
  that the seed only expects.
- A scene that shows claims says their status aloud: its narration (each language) contains the
  spoken words of every status it shows (`STATUS_SPOKEN` below), and attributes a
  reported statement to someone.
- Counts that match: a number stated in an infographic's title or subtitle, or in the heading of a
  bullets/process/timeline/categories scene, must be the number of items shown (steps, bars,
  categories or items, bullets). Where the seed itself is inconsistent (plan 12 names 8 projects
  and lists 7), the title or subtitle says both numbers ("8 projects, 7 of them listed in the
  call"), and the shown one then matches. Counts that cannot be derived (a figure's label) are for
  the author to say in words (see the storyboards).

The words each status is shown with are in `media.content.words` (`status.<status>`).
"""
from __future__ import annotations

import re
from typing import Iterator

from media.errors import Problem
from media.storyboard import model as m

_EN_NUMBERS = {"two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8, "nine": 9,
               "ten": 10, "eleven": 11, "twelve": 12}
# «یک» (also "a") and «نه» (also "not") are left out: they are not counts often enough to tell.
_FA_NUMBERS = {"دو": 2, "سه": 3, "چهار": 4, "پنج": 5, "شش": 6, "هفت": 7, "هشت": 8, "ده": 10, "یازده": 11,
               "دوازده": 12}
_DIGITS = str.maketrans("۰۱۲۳۴۵۶۷۸۹٠١٢٣٤٥٦٧٨٩", "01234567890123456789")
_TOKEN = re.compile(r"(?<![\w.§/-])([0-9۰-۹٠-٩]+|[A-Za-z]+|[\u0600-\u06ff]+)(?![\w/])")
# a number right after these words names something (plan 12, article 46, form 2), it counts nothing
_NAMING = {"plan", "plans", "article", "articles", "form", "phase", "step", "section", "no", "number",
           "طرح", "ماده", "اصل", "اصول", "کاربرگ", "مرحله", "گام", "بند", "شماره", "رتبه", "افق"}


def stated_counts(text: str) -> set[int]:
    """Small counts (2 to 12) a text states in words or digits, not numbers that name things."""
    out: set[int] = set()
    prev = ""
    for match in _TOKEN.finditer(text or ""):
        tok = match.group(1)
        low = tok.lower()
        n = None
        if tok.translate(_DIGITS).isdigit():
            n = int(tok.translate(_DIGITS))
        elif low in _EN_NUMBERS:
            n = _EN_NUMBERS[low]
        elif tok in _FA_NUMBERS:
            n = _FA_NUMBERS[tok]
        if n is not None and 2 <= n <= 12 and prev not in _NAMING:
            out.add(n)
        prev = low
    return out


def claims(sb: m.Storyboard) -> Iterator[tuple[tuple, m.Claim, str]]:
    """Every claim of the storyboard: (key path, claim, what it is)."""
    for i, f in enumerate(sb.figures):
        yield ("figures", i), f, "figure"
    for i, info in enumerate(sb.infographics):
        for j, step in enumerate(getattr(info, "steps", ()) or ()):
            yield ("infographics", i, "steps", j), step, "phase" if info.kind == "timeline" else "step"
        for j, item in enumerate(getattr(info, "items", ()) or ()):
            yield ("infographics", i, "items", j), item, "outcome" if info.kind == "outcomes" else "challenge"
        if isinstance(info, m.QuoteInfographic):
            yield ("infographics", i, "quote"), info.quote, "quote"
    for i, scene in enumerate(sb.scenes):
        if scene.speaker is not None:
            yield ("scenes", i, "speaker"), scene.speaker, "interview"


def _shown_by_scene(sb: m.Storyboard, scene: m.Scene) -> list[m.Claim]:
    shown: list[m.Claim] = []
    if scene.speaker is not None:
        shown.append(scene.speaker)
    ids = {f.id: f for f in sb.figures}
    shown += [ids[fid] for fid in scene.figures if fid in ids]
    if scene.infographic:
        try:
            info = sb.infographic(scene.infographic)
        except KeyError:
            return shown
        shown += list(getattr(info, "steps", ()) or ()) + list(getattr(info, "items", ()) or ())
        if isinstance(info, m.QuoteInfographic):
            shown.append(info.quote)
    return shown


def _says(text: str, stems: tuple[str, ...]) -> bool:
    low = (text or "").lower().replace("\u200c", "")
    return any(s.lower().replace("\u200c", "") in low for s in stems)


# What a spoken text (narration, podcast) must contain to say a status aloud: stems, lower case.
STATUS_SPOKEN: dict[str, tuple[tuple[str, ...], tuple[str, ...]]] = {
    "proposed": (("پیشنهاد",), ("propos",)),
    "planned": (("قرار است", "قرار بود", "برنامه", "خواهد", "می‌رسد", "راه می‌افتد"),
                ("planned", "due", "will", "is to ", "are to ", "was to ", "were to ", "coming")),
    "under_study": (("بررسی",), ("under study", "being studied", "studied")),
    "under_way": (("اجرا",), ("execution", "under way", "being carried out")),
    "about_to_operate": (("در آستانه",), ("about to",)),
    "expected": (("انتظار",), ("expect",)),
    "achieved": (("محقق", "به دست آمده", "انجام شده", "راه‌اندازی شده", "راه افتاده", "شده است"),
                 ("achieved", "has been", "have been", "had been", "was set up", "were set up", "launched")),
}
_ATTRIBUTION = (("گفت", "به گفته", "به نقل", "خبر داد", "اعلام", "به روایت", "می‌گوید", "گزارش"),
                ("said", "says", "reported", "according to", "announced", "in the words of", "told"))


def _shown_count(info) -> set[int] | None:
    if isinstance(info, (m.ProcessInfographic, m.TimelineInfographic)):
        return {len(info.steps)}
    if isinstance(info, m.CategoriesInfographic):
        return {len({it.category for it in info.items}), len(info.items)}
    if isinstance(info, m.ChartInfographic):
        return {len(info.bars)}
    return None  # key figures state numbers as their values; a quote counts nothing


def claim_problems(sb: m.Storyboard, pos) -> list[Problem]:
    """Every broken truthfulness rule of `sb`, located through `pos` (the loader's Positions)."""
    problems: list[Problem] = []
    for path, claim, what in claims(sb):
        if claim.status == "achieved" and claim.source is None:
            problems.append(pos.locate(path + ("status",), f"this {what} is marked `achieved`, but nothing says so: "
                                       "give it its own `source` (the passage of the seed that says it was achieved) "
                                       "or use the status the seed gives (expected, under_way, ...)"))
        if claim.reported_by is not None and not claim.date:
            problems.append(pos.locate(path + ("reported_by",), "a reported statement needs its `date` "
                                       "(YYYY-MM-DD, Jalali YYYY/MM/DD, or `undated` when the seed gives none)"))
        if what == "interview" and not claim.date and claim.reported_by is None:
            problems.append(pos.locate(path, "an interview is a reported statement: give its `date` (when it was "
                                       "recorded: YYYY-MM-DD, Jalali YYYY/MM/DD, or `undated`)"))
        if what in ("outcome", "phase") and claim.status is None:
            hint = "expected" if what == "outcome" else "planned, about_to_operate, under_study, ..."
            article = "an" if what == "outcome" else "a"
            problems.append(pos.locate(path, f"{article} {what} needs a `status` (as the seed says: {hint})"))
    for i, scene in enumerate(sb.scenes):
        shown = _shown_by_scene(sb, scene)
        statuses = list(dict.fromkeys(c.status for c in shown if c.status))
        reported = any(c.reported_by is not None for c in shown)
        for k, lang in enumerate(("fa", "en")):
            text = getattr(scene.narration, lang)
            if not text:
                continue
            for status in statuses:
                if not _says(text, STATUS_SPOKEN[status][k]):
                    problems.append(pos.locate(("scenes", i, "narration", lang),
                                               f"the scene shows {status.replace('_', ' ')} claims (`status: {status}`) but "
                                               f"its narration never says so: say it, with one of "
                                               f"{', '.join('«' + s + '»' for s in STATUS_SPOKEN[status][k][:3])}"))
            if reported and not _says(text, _ATTRIBUTION[k]):
                problems.append(pos.locate(("scenes", i, "narration", lang),
                                           "the scene shows a reported statement: the narration says who said it "
                                           f"({', '.join(repr(s) for s in _ATTRIBUTION[k][:3])} ...)"))
    problems += count_problems(sb, pos)
    return problems


def count_problems(sb: m.Storyboard, pos) -> list[Problem]:
    problems: list[Problem] = []

    def check(stated_in: list[tuple[tuple, str]], shown: set[int], what: str) -> None:
        numbers: set[int] = set()
        for _, text in stated_in:
            numbers |= stated_counts(text)
        if numbers and not numbers & shown:
            key = next(k for k, text in stated_in if stated_counts(text))
            problems.append(pos.locate(key, f"states {' and '.join(str(n) for n in sorted(numbers))} but shows "
                                       f"{' or '.join(str(n) for n in sorted(shown))} {what}: make them match, or say "
                                       "both numbers when the seed itself differs (\"8 projects, 7 of them listed\")"))

    for i, info in enumerate(sb.infographics):
        shown = _shown_count(info)
        if shown is None:
            continue
        for lang in ("fa", "en"):
            texts = [(("infographics", i, "title", lang), getattr(info.title, lang) or "")]
            if info.subtitle is not None:
                texts.append((("infographics", i, "subtitle", lang), getattr(info.subtitle, lang) or ""))
            check(texts, shown, "items")
    for i, scene in enumerate(sb.scenes):
        if scene.layout == "bullets":
            shown = {len(scene.bullets)}
        elif scene.layout in ("process", "timeline", "categories", "chart") and scene.infographic:
            try:
                shown = _shown_count(sb.infographic(scene.infographic))
            except KeyError:
                continue
        else:
            continue
        if shown is None:
            continue
        for lang in ("fa", "en"):
            check([(("scenes", i, "heading", lang), getattr(scene.heading, lang) or "")], shown, "items")
    return problems
