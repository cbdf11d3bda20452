"""Digits per language, applied at render time; ZWNJ preserved."""
from media.text import format_number, localize
from media.text.numerals import format_figure
from media.storyboard.model import Figure


def test_persian_digits_and_separators():
    assert format_number(60, "fa") == "۶۰"
    assert format_number(1_000_000, "fa") == "۱٬۰۰۰٬۰۰۰"
    assert format_number(1.3, "fa", 1) == "۱٫۳"
    assert format_number(1_000_000, "en") == "1,000,000"
    assert format_number(1430, "fa", grouping=False) == "۱۴۳۰"


def test_localize_running_text():
    assert localize("کسر 10% در سال 1404 برای KPI", "fa") == "کسر ۱۰٪ در سال ۱۴۰۴ برای KPI"
    assert localize("می‌شود 2.5", "fa") == "می‌شود ۲٫۵"  # ZWNJ kept, Persian decimal separator
    assert localize("ﻙ ي ك", "fa").count("ی") == 1 and "ک" in localize("ك", "fa")
    assert localize("۱۴۰۴ and ٤٢", "en") == "1404 and 42"


def test_figure_formatting_respects_grouping():
    year = Figure(id="horizon", value=1430, grouping=False, label={"fa": "افق", "en": "horizon"}, illustrative=True)
    money = Figure(id="token", value=1_000_000, label={"fa": "ارزش", "en": "value"}, illustrative=True)
    assert format_figure(year, "fa") == "۱۴۳۰" and format_figure(year, "en") == "1430"
    assert format_figure(money, "en") == "1,000,000"
    assert format_figure(money, "fa", value=500) == "۵۰۰"


def test_plain_lines_keep_persian_right_to_left():
    """Caption renderers take a line's direction from its first strong character: a Persian line that
    starts with a Latin acronym gets a right-to-left mark, and nothing else does."""
    import unicodedata

    from media.text import plain_line
    from media.video.captions import Cue, srt, webvtt

    def first_strong(s):
        return next((unicodedata.bidirectional(c) for c in s if unicodedata.bidirectional(c) in ("L", "R", "AL")), None)

    led = plain_line("TETA زنجیره 2 مرحله‌ای است.", "fa")
    assert led == "\u200fTETA زنجیره ۲ مرحله‌ای است." and first_strong(led) == "R"
    assert plain_line("«۱۸» طرح TETA", "fa") == "«۱۸» طرح TETA"  # already starts right to left: untouched
    assert plain_line("TETA is 2 phases", "en") == "TETA is 2 phases"
    cues = [Cue(0.0, 1.0, "SSO در 2 مرحله"), Cue(1.5, 2.0, "سازمان SSO")]
    for text in (webvtt(cues, "fa"), srt(cues, "fa")):
        lines = [ln for ln in text.splitlines() if "SSO" in ln]
        assert lines == ["\u200fSSO در ۲ مرحله", "سازمان SSO"], lines
