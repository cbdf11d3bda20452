"""Dates as documents print them: a storyboard's own date (approval, else `updated:`, else SOURCE_DATE_EPOCH), never the
build day, in Jalali and Gregorian."""
from __future__ import annotations

import datetime as _dt
import os

import jdatetime

from media.errors import MediaError
from media.text.numerals import localize_digits

# The date written into a file's metadata (PDF creation date, zip entries) when a storyboard has no date of
# its own: fixed, never shown, so that files stay the same on every day.
UNDATED = _dt.date(2000, 1, 1)


PERSIAN_MONTHS = ("فروردین", "اردیبهشت", "خرداد", "تیر", "مرداد", "شهریور",
                  "مهر", "آبان", "آذر", "دی", "بهمن", "اسفند")


ENGLISH_MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August",
                  "September", "October", "November", "December")


def epoch_date(env: dict | None = None) -> _dt.date | None:
    """SOURCE_DATE_EPOCH (reproducible-builds.org) as a UTC date, or None when it is not set."""
    env = os.environ if env is None else env
    raw = env.get("SOURCE_DATE_EPOCH")
    if raw is None or raw == "":
        return None
    try:
        return _dt.datetime.fromtimestamp(int(raw), tz=_dt.timezone.utc).date()
    except (ValueError, OverflowError, OSError):
        raise MediaError(f"SOURCE_DATE_EPOCH must be a whole number of seconds since 1970; got {raw!r}") from None


def storyboard_date(sb, env: dict | None = None) -> _dt.date | None:
    """The date a storyboard's outputs carry: its approval's date, else its `updated:` date, else
    SOURCE_DATE_EPOCH, else none at all (nothing dated is printed). Never the build day: the same storyboard
    gives the same bytes on any day, and a build on the next day has nothing to do."""
    model = sb.model if hasattr(sb, "model") else sb
    if model.approval is not None:
        return _dt.date.fromisoformat(model.approval.date)
    if model.updated:
        return _dt.date.fromisoformat(model.updated)
    return epoch_date(env)


def package_date(storyboards, env: dict | None = None) -> _dt.date | None:
    """The date of the package (home page, feeds, data): the latest of its storyboards' dates."""
    days = [d for d in (storyboard_date(sb, env) for sb in storyboards) if d is not None]
    return max(days) if days else epoch_date(env)


def iso(day: _dt.date | None) -> str | None:
    return day.isoformat() if day is not None else None


def from_iso(text: str | None) -> _dt.date | None:
    return _dt.date.fromisoformat(text) if text else None


def format_date(day: _dt.date, lang: str) -> str:
    """'۱ آذر ۱۴۰۵' (Jalali, Persian digits) or '22 November 2026'."""
    if lang == "fa":
        j = jdatetime.date.fromgregorian(date=day)
        return localize_digits(f"{j.day} {PERSIAN_MONTHS[j.month - 1]} {j.year}", "fa")
    return f"{day.day} {ENGLISH_MONTHS[day.month - 1]} {day.year}"


JALALI_MONTHS_EN = ("Farvardin", "Ordibehesht", "Khordad", "Tir", "Mordad", "Shahrivar", "Mehr", "Aban", "Azar",
                    "Dey", "Bahman", "Esfand")


GREGORIAN_MONTHS_FA = ("ژانویه", "فوریه", "مارس", "آوریل", "مه", "ژوئن", "ژوئیه", "اوت", "سپتامبر", "اکتبر",
                       "نوامبر", "دسامبر")


def both_dates(day: _dt.date, lang: str) -> str:
    """'۳ آذر ۱۴۰۵ (۲۴ نوامبر ۲۰۲۶)' or '24 November 2026 (3 Azar 1405 SH)': Jalali and Gregorian."""
    j = jdatetime.date.fromgregorian(date=day)
    if lang == "fa":
        greg = localize_digits(f"{day.day} {GREGORIAN_MONTHS_FA[day.month - 1]} {day.year}", "fa")
        return f"{format_date(day, 'fa')} ({greg})"
    return f"{format_date(day, 'en')} ({j.day} {JALALI_MONTHS_EN[j.month - 1]} {j.year} SH)"
