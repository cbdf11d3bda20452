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

_NUMBER_WORDS = set(nw._FA_ONES + nw._FA_TEENS + nw._FA_TENS[2:] + nw._FA_HUNDREDS[1:] + nw._FA_SCALES[1:])
_DAMMA = "\u064f"


def _join_numbers(text: str) -> str:
    """'بیست و پنج' -> 'بیستُ پنج': the conjunction in a number is said "-o", joined to the word before."""
    words = text.split(" ")
    out: list[str] = []
    i = 0
    while i < len(words):
        w = words[i]
        if (w == "و" and out and i + 1 < len(words) and out[-1] in _NUMBER_WORDS
                and words[i + 1].rstrip("،,.؛:؟!") in _NUMBER_WORDS):
            out[-1] += _DAMMA
        else:
            out.append(w)
        i += 1
    return " ".join(out)


def espeak_persian(text: str) -> str:
    """Spoken Persian text -> the text espeak-ng should get (may contain [[phonemes]])."""
    text = _join_numbers(text)
    return _PATTERN.sub(lambda m: f"[[{FA_PHONEMES[m.group(0)]}]]", text)
