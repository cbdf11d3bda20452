"""The fixed words every design prints (labels, calls to action), in Persian and English, in one place."""
from __future__ import annotations

WORDS: dict[str, tuple[str, str]] = {
    "source": ("منبع", "Source"),
    "sources": ("منابع", "Sources"),
    "illustrative": ("داده‌های نمایشی", "Illustrative data"),
    "illustrative_note": ("این نمودار داده واقعی نیست و فقط برای نمایش است",
                          "Not measured data: shown for illustration only"),
    "phase": ("مرحله", "Phase"),
    "before": ("پیش از اجرا", "Before"),
    "after": ("پس از اجرا", "After"),
    "step": ("گام", "Step"),
    "plan": ("طرح", "Plan"),
    "points": ("نکته‌های کلیدی", "Key points"),
    "cta": ("برای دیدن فیلم و شنیدن پادکست اسکن کنید", "Scan to watch and listen"),
    "learn_more": ("برای آگاهی بیشتر", "Learn more"),
    "scan": ("کد را اسکن کنید یا نشانی را باز کنید", "Scan the code or open the link"),
    # every output of a storyboard without a recorded approval carries this mark (the call forbids
    # publishing without written permission)
    "draft_mark": ("پیش‌نویس؛ مجوز انتشار ندارد", "Draft, not approved for publication"),
}


# ---- claim status --------------------------------------------------------------------------------
# The words every builder shows (and narration says) for `Claim.status` (media.storyboard.model):
# one place, so the site, reports and decks say exactly what the posters and videos say. The Persian
# follows the seed: plans «وارد مرحله اجرا شده»، outcomes «مورد انتظار»، TETA «در آستانه بهره‌برداری رسمی».
STATUS_WORDS: dict[str, tuple[str, str]] = {
    "proposed": ("پیشنهادی", "proposed"),
    "planned": ("برنامه‌ریزی‌شده", "planned"),
    "under_study": ("در حال بررسی", "under study"),
    "under_way": ("وارد مرحله اجرا شده", "entered execution"),
    "about_to_operate": ("در آستانه بهره‌برداری رسمی", "about to go into official operation"),
    "expected": ("مورد انتظار", "expected"),
    "achieved": ("محقق‌شده", "achieved"),
}
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
WORDS.update({
    "as_reported": ("به نقل از", "as reported by"),
    "reported": ("به نقل خبر", "as reported"),
    "undated": ("بدون تاریخ", "undated"),
    "status": ("وضعیت", "Status"),
    "notes": ("یادداشت‌ها", "Notes"),
})


def status_word(status: str, lang: str) -> str:
    """'expected' / «مورد انتظار» for a `Claim.status`."""
    fa, en = STATUS_WORDS[status]
    return fa if lang == "fa" else en


def status_label(status: str, lang: str) -> str:
    """The status as a label on its own (capitalised in English): 'Expected'."""
    text = status_word(status, lang)
    return text[:1].upper() + text[1:] if lang == "en" else text


def claim_note(claim, lang: str, *, with_status: bool = True, speaker: bool = True, with_date: bool = True) -> str | None:
    """The words that go with a claim wherever it is shown: its status, who said it (as reported) and its
    date, e.g. 'Planned; as reported by the West Tehran director-general; undated'. None if it has none.
    `speaker=False` (a quote, whose attribution names the speaker): 'As reported; undated'."""
    from media.text.numerals import localize_digits

    parts = []
    if with_status and getattr(claim, "status", None):
        parts.append(status_label(claim.status, lang))
    who = getattr(claim, "reported_by", None)
    if who is not None:
        name = getattr(who, lang) or who.en or who.fa or ""
        parts.append(f"{word('as_reported', lang)} {name}" if speaker else word("reported", lang))
    date = getattr(claim, "date", None) if with_date else None
    if date:
        parts.append(word("undated", lang) if date == "undated" else localize_digits(date, lang))
    if not parts:
        return None
    if lang == "en":
        parts[0] = parts[0][:1].upper() + parts[0][1:]
    return ("؛ " if lang == "fa" else "; ").join(parts)


def with_claim(text: str, claim, lang: str, **kw) -> str:
    """A text followed by its claim's words in parentheses, where a table cell or a slide line shows a
    claim: 'Lower debts (Expected)'. The text alone when the claim has no status, speaker or date."""
    note = claim_note(claim, lang, **kw)
    return f"{text} ({note})" if note else text


def word(key: str, lang: str) -> str:
    fa, en = WORDS[key]
    return fa if lang == "fa" else en


def bilingual(key: str) -> dict[str, str]:
    fa, en = WORDS[key]
    return {"fa": fa, "en": en}
