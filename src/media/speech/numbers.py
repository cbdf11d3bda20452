"""Numbers, ordinals, decimals and dates as words, in Persian and English (no num2words dependency).

    cardinal(1404, "fa")  -> "هزار و چهارصد و چهار"      cardinal(1404, "en") -> "one thousand four hundred four"
    ordinal(1, "fa")      -> "یکم"                         ordinal(22, "en")   -> "twenty-second"
    decimal("1.3", "fa")  -> "یک و سه دهم"                 decimal("1.3", "en") -> "one point three"
    year(1404, "en")      -> "fourteen oh four"            digits("42276", "fa") -> "چهار دو دو هفت شش"
    jalali_date(1404, 10, 1, "fa") -> "یکم دی هزار و چهارصد و چهار"
"""
from __future__ import annotations

# ---- Persian ------------------------------------------------------------------------------------

_FA_ONES = ["صفر", "یک", "دو", "سه", "چهار", "پنج", "شش", "هفت", "هشت", "نه"]
_FA_TEENS = ["ده", "یازده", "دوازده", "سیزده", "چهارده", "پانزده", "شانزده", "هفده", "هجده", "نوزده"]
_FA_TENS = ["", "", "بیست", "سی", "چهل", "پنجاه", "شصت", "هفتاد", "هشتاد", "نود"]
_FA_HUNDREDS = ["", "صد", "دویست", "سیصد", "چهارصد", "پانصد", "ششصد", "هفتصد", "هشتصد", "نهصد"]
_FA_SCALES = ["", "هزار", "میلیون", "میلیارد", "تریلیون", "کوادریلیون"]
_FA_AND = " و "


def _fa_below_1000(n: int) -> str:
    parts = []
    h, rest = divmod(n, 100)
    if h:
        parts.append(_FA_HUNDREDS[h])
    if rest >= 20:
        t, o = divmod(rest, 10)
        parts.append(_FA_TENS[t])
        if o:
            parts.append(_FA_ONES[o])
    elif rest >= 10:
        parts.append(_FA_TEENS[rest - 10])
    elif rest:
        parts.append(_FA_ONES[rest])
    return _FA_AND.join(parts)


def _fa_cardinal(n: int) -> str:
    if n == 0:
        return _FA_ONES[0]
    if n < 0:
        return "منفی " + _fa_cardinal(-n)
    groups = []
    scale = 0
    while n:
        n, g = divmod(n, 1000)
        if g:
            if scale >= len(_FA_SCALES):
                raise ValueError("number too large to read")
            # "هزار" alone for 1000 (not "یک هزار"); "یک میلیون" keeps the "one"
            words = _FA_SCALES[scale] if (g == 1 and scale == 1) else \
                (_fa_below_1000(g) + (" " + _FA_SCALES[scale] if scale else ""))
            groups.append(words)
        scale += 1
    return _FA_AND.join(reversed(groups))


def _fa_ordinal(n: int) -> str:
    if n == 1:
        return "یکم"
    words = _fa_cardinal(n)
    if words.endswith("سه"):
        return words[:-2] + "سوم"
    if words.endswith("ی"):  # سی -> سی‌ام
        return words + "\u200cام"
    return words + "م"


_FA_FRACTIONS = {1: "دهم", 2: "صدم", 3: "هزارم"}


# ---- English ------------------------------------------------------------------------------------

_EN_ONES = ["zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten", "eleven",
            "twelve", "thirteen", "fourteen", "fifteen", "sixteen", "seventeen", "eighteen", "nineteen"]
_EN_TENS = ["", "", "twenty", "thirty", "forty", "fifty", "sixty", "seventy", "eighty", "ninety"]
_EN_SCALES = ["", "thousand", "million", "billion", "trillion", "quadrillion"]
_EN_ORD = {"one": "first", "two": "second", "three": "third", "five": "fifth", "eight": "eighth",
           "nine": "ninth", "twelve": "twelfth"}


def _en_below_1000(n: int) -> str:
    parts = []
    h, rest = divmod(n, 100)
    if h:
        parts.append(_EN_ONES[h] + " hundred")
    if rest >= 20:
        t, o = divmod(rest, 10)
        parts.append(_EN_TENS[t] + (f"-{_EN_ONES[o]}" if o else ""))
    elif rest:
        parts.append(_EN_ONES[rest])
    return " ".join(parts)


def _en_cardinal(n: int) -> str:
    if n == 0:
        return "zero"
    if n < 0:
        return "minus " + _en_cardinal(-n)
    groups = []
    scale = 0
    while n:
        n, g = divmod(n, 1000)
        if g:
            if scale >= len(_EN_SCALES):
                raise ValueError("number too large to read")
            groups.append(_en_below_1000(g) + (" " + _EN_SCALES[scale] if scale else ""))
        scale += 1
    return " ".join(reversed(groups))


def _en_ordinal(n: int) -> str:
    words = _en_cardinal(n)
    head, sep, last = words.rpartition(" ")
    pre, dash, unit = last.rpartition("-")
    if unit in _EN_ORD:
        unit = _EN_ORD[unit]
    elif unit.endswith("y"):
        unit = unit[:-1] + "ieth"
    else:
        unit += "th"
    return head + sep + pre + dash + unit


# ---- public -------------------------------------------------------------------------------------

def cardinal(n: int, lang: str) -> str:
    return _fa_cardinal(n) if lang == "fa" else _en_cardinal(n)


def ordinal(n: int, lang: str) -> str:
    return _fa_ordinal(n) if lang == "fa" else _en_ordinal(n)


def digits(text: str, lang: str) -> str:
    """Digit by digit (phone numbers, codes): '042' -> 'zero four two'."""
    table = _FA_ONES if lang == "fa" else _EN_ONES
    return " ".join(table[int(d)] for d in text if d.isdigit())


def decimal(text: str, lang: str) -> str:
    """A number written with a '.' decimal point (no separators): '1.3', '0.25', '12'."""
    whole, _, frac = text.partition(".")
    n = int(whole or "0")
    frac = frac.rstrip("0") if frac else ""
    if not frac:
        return cardinal(n, lang)
    if lang == "fa":
        if len(frac) <= 3:
            part = f"{_fa_cardinal(int(frac))} {_FA_FRACTIONS[len(frac)]}"
            return part if n == 0 else f"{_fa_cardinal(n)}{_FA_AND}{part}"
        return f"{_fa_cardinal(n)} ممیز {digits(frac, 'fa')}"
    return f"{_en_cardinal(n)} point {digits(frac, 'en')}"


def year(n: int, lang: str) -> str:
    """A year as people say it: English 1404 -> 'fourteen oh four', 2026 -> 'twenty twenty-six'.

    Persian says years as plain numbers.
    """
    if lang == "fa" or not 1000 <= n <= 2999:
        return cardinal(n, lang)
    hi, lo = divmod(n, 100)
    if 2000 <= n <= 2009:
        return _en_cardinal(n)
    if lo == 0:
        return f"{_en_cardinal(hi)} hundred"
    if lo < 10:
        return f"{_en_cardinal(hi)} oh {_EN_ONES[lo]}"
    return f"{_en_cardinal(hi)} {_en_cardinal(lo)}"


JALALI_MONTHS = {
    "fa": ["فروردین", "اردیبهشت", "خرداد", "تیر", "مرداد", "شهریور", "مهر", "آبان", "آذر", "دی", "بهمن", "اسفند"],
    "en": ["Farvardin", "Ordibehesht", "Khordad", "Tir", "Mordad", "Shahrivar", "Mehr", "Aban", "Azar", "Dey",
           "Bahman", "Esfand"],
}
GREGORIAN_MONTHS = {
    "fa": ["ژانویه", "فوریه", "مارس", "آوریل", "مه", "ژوئن", "ژوئیه", "اوت", "سپتامبر", "اکتبر", "نوامبر", "دسامبر"],
    "en": ["January", "February", "March", "April", "May", "June", "July", "August", "September", "October",
           "November", "December"],
}


def jalali_date(y: int, m: int, d: int, lang: str) -> str:
    """1404/10/01 -> 'یکم دی هزار و چهارصد و چهار' / 'the first of Dey, fourteen oh four'."""
    month = JALALI_MONTHS[lang][m - 1]
    if lang == "fa":
        return f"{_fa_ordinal(d)} {month} {_fa_cardinal(y)}"
    return f"the {_en_ordinal(d)} of {month}, {year(y, 'en')}"


def gregorian_date(y: int, m: int, d: int, lang: str) -> str:
    """2025-12-22 -> 'بیست و دوم دسامبر دو هزار و بیست و پنج' / 'December twenty-second, twenty twenty-five'."""
    month = GREGORIAN_MONTHS[lang][m - 1]
    if lang == "fa":
        return f"{_fa_ordinal(d)} {month} {_fa_cardinal(y)}"
    return f"{month} {_en_ordinal(d)}, {year(y, 'en')}"
