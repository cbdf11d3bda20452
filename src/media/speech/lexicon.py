"""Pronunciation fixes for espeak-ng's Persian voice (used by the espeak engine only).

Persian script leaves short vowels and the ezafe unwritten, so espeak guesses; for a few frequent
words of this project it guesses wrong (سازمان as "sāzemān", توکن as "tukan"). Those words are
replaced by espeak phoneme mnemonics in `[[...]]` (the notation `espeak-ng -x` prints). And numbers
read as words get the spoken "-o" instead of a separate "va": هزار و چهارصد -> "hezār-o chahārsad".

Bump `VERSION` after any change: it is part of the speech cache key.
"""
from __future__ import annotations

import re

from media.speech import numbers as nw

VERSION = 1

# longest phrases first; suffixed forms listed explicitly (ZWNJ forms as written in the storyboards)
FA_PHONEMES: dict[str, str] = {
    "سازمان تأمین اجتماعی": "sAzm'Ane t'a?mine ,edZtem'A?'i",
    "سازمان‌های": "sAzmAnh'Aje",
    "سازمان‌ها": "sAzmAnh'A",
    "سازمانی": "sAzmAn'i",
    "سازمان": "sAzm'An",
    "توکن‌های": "tokenh'Aje",
    "توکن‌ها": "tokenh'A",
    "توکن": "tok'en",
    "رمزارز": "R'amzaRz",
    "حسن انجام کار": "h'osne ,andZ'Ame k'AR",
}

_NOT_AFTER_LETTER = r"(?<!(?:[^\W\d_]|\u200c))"
_NOT_BEFORE_LETTER = r"(?!(?:[^\W\d_]|\u200c))"
_PATTERN = re.compile("|".join(rf"{_NOT_AFTER_LETTER}{re.escape(k)}{_NOT_BEFORE_LETTER}"
                               for k in sorted(FA_PHONEMES, key=len, reverse=True)))

_RANK = {**{w: 1 for w in nw._FA_ONES + nw._FA_TEENS}, **{w: 2 for w in nw._FA_TENS[2:]},
         **{w: 3 for w in nw._FA_HUNDREDS[1:]}, **{w: 4 + i for i, w in enumerate(nw._FA_SCALES[1:])}}
_RANK.update({nw.ordinal(n, "fa"): 1 for n in range(1, 20)})  # بیست و دوم: ordinals end numbers too
_RANK.update({nw.ordinal(n, "fa"): 2 for n in range(20, 100, 10)})
_FRACTIONS = {"دهم", "صدم", "هزارم"}
_DAMMA = "\u064f"
_PUNCT = "،,.؛:؟!"


def _inside_number(before: str, after: str, after_next: str) -> bool:
    """Is 'before و after' the conjunction inside one number (as numbers.py writes them)?

    Parts go from larger to smaller (صد و بیست و پنج, هزار و چهارصد); after a scale word any
    smaller part may follow; 'یک و سه دهم' is a decimal. 'چهار و ده' is two numbers.
    """
    a, b = _RANK.get(before), _RANK.get(after.rstrip(_PUNCT))
    if a is None or b is None:
        return False
    if after_next.rstrip(_PUNCT) in _FRACTIONS:
        return a <= 4
    return a > b or (a >= 4 and b < a)


def _join_numbers(text: str) -> str:
    """'بیست و پنج' -> 'بیستُ پنج': the conjunction inside a number is said "-o", joined to the word before."""
    words = text.split(" ")
    out: list[str] = []
    for i, w in enumerate(words):
        if (w == "و" and out and i + 1 < len(words)
                and _inside_number(out[-1], words[i + 1], words[i + 2] if i + 2 < len(words) else "")):
            out[-1] += _DAMMA
        else:
            out.append(w)
    return " ".join(out)


def espeak_persian(text: str) -> str:
    """Spoken Persian text -> the text espeak-ng should get (may contain [[phonemes]])."""
    text = _join_numbers(text)
    return _PATTERN.sub(lambda m: f"[[{FA_PHONEMES[m.group(0)]}]]", text)
