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
