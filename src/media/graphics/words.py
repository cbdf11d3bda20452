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


def word(key: str, lang: str) -> str:
    fa, en = WORDS[key]
    return fa if lang == "fa" else en


def bilingual(key: str) -> dict[str, str]:
    fa, en = WORDS[key]
    return {"fa": fa, "en": en}
