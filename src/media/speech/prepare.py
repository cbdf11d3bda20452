"""Text preparation shared by speech, subtitles and transcripts.

`prepare(text, lang)` turns storyboard prose into a list of `Sentence`s, each with

- `display`: what a reader sees (subtitles, transcripts): markup removed, « » and digits kept,
  digits localised (Persian digits in Persian text);
- `spoken`: what the engine is given: numbers, percentages, ordinals, Jalali/Gregorian dates and
  ranges in words of the language, acronyms spelled (KPI -> "K P I"; FinTech stays a word), quotes,
  brackets and symbols turned into pauses or words, never read aloud as characters;
- `pause_after`: seconds of silence after it (shorter after a clause of a long sentence).

Because subtitles, transcripts and speech are all made from the same `Sentence`s, captions always
match what is said. Long sentences are cut at clause boundaries (commas, semicolons, colons) so
that no caption is longer than `MAX_CUE_CHARS`.
"""
from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

from media.speech import numbers as nw
from media.text.numerals import localize

MAX_CUE_CHARS = 110  # a caption of at most two lines of ~55 characters
MIN_CLAUSE_CHARS = 30
SENTENCE_PAUSE = 0.45
CLAUSE_PAUSE = 0.22
PARAGRAPH_PAUSE = 0.7


@dataclass(frozen=True)
class Sentence:
    display: str
    spoken: str
    pause_after: float = SENTENCE_PAUSE


# ---- normalisation and markup ---------------------------------------------------------------------

_PERSIAN_LETTERS = str.maketrans({"ي": "ی", "ك": "ک", "ى": "ی", "ة": "ه", "\u0640": None})  # tatweel dropped
_TO_ASCII_DIGITS = str.maketrans("۰۱۲۳۴۵۶۷۸۹٠١٢٣٤٥٦٧٨٩", "01234567890123456789")


def normalize_persian(text: str) -> str:
    """Arabic ي ك ى → Persian ی ک; tatweel removed; ZWNJ (half-space) kept; NFC."""
    return unicodedata.normalize("NFC", text.translate(_PERSIAN_LETTERS))


# Markup is removed in linear time (a hostile narration of "*. " x 40000 took 53 s with the lazy
# regexes this replaces): each rule scans the text once, and paired delimiters are matched by
# position lists, never by re-scanning from every candidate start. The results are those of the
# regexes they replace (kept in tests/test_hostile.py as the reference), except that list bullets
# no longer swallow the blank line before them (a paragraph break), and that link text cannot hold
# brackets ("[a[b](u)" keeps its first bracket, not its second).
_LINK = re.compile(r"\[([^\[\]\n]+)\]\([^)\s\[]+\)")  # [text](url); neither holds "[", so no scan restarts
_CODE = re.compile(r"`([^`]*)`")                                           # `code`
_TAG = re.compile(r"<[^<>\n]{1,80}>")                                     # <tags>
_HEADING = re.compile(r"^\s{0,3}#{1,6}\s+", re.M)                         # # headings
_BULLET = re.compile(r"^[^\S\n]*(?:[-*+•▪●]|\d+[.)])[^\S\n]+", re.M)    # list bullets and numbers


def _pairs(text: str, delim: str) -> str:
    """`delim`text`delim` -> text, as `re.sub(delim + "(.+?)" + delim, r"\1", text, flags=re.S)` does."""
    out: list[str] = []
    pos = 0
    n = len(delim)
    while True:
        i = text.find(delim, pos)
        if i < 0:
            break
        j = text.find(delim, i + n + 1)  # at least one character inside
        if j < 0:
            break  # no later opening can close either
        out += [text[pos:i], text[i + n:j]]
        pos = j + n
    out.append(text[pos:])
    return "".join(out)


def _word(ch: str) -> bool:
    return ch.isalnum() or ch == "_"


def _emphasis(text: str, mark: str) -> str:
    r"""`*text*` / `_text_` -> text, as `(?<![\w*])\*(?=\S)(.+?)(?<=\S)\*(?![\w*])` does (per line), in one pass."""
    lines = text.split("\n")
    for li, line in enumerate(lines):
        if mark not in line:
            continue
        n = len(line)
        spots = [m.start() for m in re.finditer(re.escape(mark), line)]
        openers = [k for k in spots if (k == 0 or not (_word(line[k - 1]) or line[k - 1] == mark))
                   and k + 1 < n and not line[k + 1].isspace()]
        closers = [k for k in spots if k > 0 and not line[k - 1].isspace()
                   and (k + 1 == n or not (_word(line[k + 1]) or line[k + 1] == mark))]
        if not openers or not closers:
            continue
        out: list[str] = []
        pos = 0
        ci = 0
        for o in openers:
            if o < pos:
                continue
            while ci < len(closers) and closers[ci] < o + 2:
                ci += 1
            if ci == len(closers):
                break  # no closer for this opening, so none for any later one
            c = closers[ci]
            out += [line[pos:o], line[o + 1:c]]
            pos = c + 1
        out.append(line[pos:])
        lines[li] = "".join(out)
    return "\n".join(lines)


def strip_markup(text: str) -> str:
    text = _LINK.sub(r"\1", text)
    for delim in ("**", "__", "~~"):
        if delim in text:
            text = _pairs(text, delim)
    text = _emphasis(text, "*")
    text = _emphasis(text, "_")
    text = _CODE.sub(r"\1", text)
    text = _TAG.sub("", text)
    text = _HEADING.sub("", text)
    return _BULLET.sub("", text)


def clean(text: str, lang: str) -> str:
    """Markup removed, Persian orthography normalised, spaces tidied; line breaks kept."""
    text = strip_markup(normalize_persian(text) if lang == "fa" else unicodedata.normalize("NFC", text))
    text = re.sub(r"[^\S\n]+", " ", text)  # every run of spaces (any kind but line breaks) becomes one
    return "\n".join(line.strip() for line in text.splitlines()).strip()


def display_text(text: str, lang: str) -> str:
    """What a reader sees: digits localised (Persian digits and separators in Persian)."""

    return localize(text, lang)


# ---- sentence splitting ---------------------------------------------------------------------------

_ABBREVIATIONS = {"e.g", "i.e", "etc", "dr", "mr", "mrs", "ms", "prof", "no", "vs", "art", "approx", "fig",
                  "st", "inc", "ltd", "co", "jr", "sr"}
_SENT_END = re.compile(r"(?<=[.!?؟…])[\"'»”’)\]]*\s+")
_CLAUSE = re.compile(r"(?<=[,،;؛:])\s+|\s+(?=[—–]\s)")


def split_sentences(text: str) -> list[str]:
    """Sentences of a cleaned text; line breaks also end a sentence; abbreviations don't."""
    out: list[str] = []
    for line in text.split("\n"):
        line = line.strip()
        if not line:
            continue
        start = 0
        pending = ""
        for m in _SENT_END.finditer(line):
            piece = line[start:m.end()].strip()
            words = piece.rstrip("\"'»”’)]").split()
            last = words[-1].rstrip(".").lower() if words else ""
            nxt = line[m.end(): m.end() + 1]
            if last in _ABBREVIATIONS or re.fullmatch(r"[A-Za-z]", last) or (nxt and nxt.islower()):
                pending += line[start:m.end()]
                start = m.end()
                continue
            out.append((pending + line[start:m.end()]).strip())
            pending = ""
            start = m.end()
        rest = (pending + line[start:]).strip()
        if rest:
            out.append(rest)
    return out


def split_clauses(sentence: str, limit: int = MAX_CUE_CHARS) -> list[str]:
    """Cut a long sentence at clause boundaries into pieces of at most ~`limit` characters."""
    if len(sentence) <= limit:
        return [sentence]
    parts = [p for p in _CLAUSE.split(sentence) if p.strip()]
    pieces: list[str] = []
    current = ""
    for p in parts:
        candidate = f"{current} {p}".strip() if current else p.strip()
        if current and len(candidate) > limit and len(current) >= MIN_CLAUSE_CHARS:
            pieces.append(current)
            current = p.strip()
        else:
            current = candidate
    if current:
        if pieces and len(current) < MIN_CLAUSE_CHARS // 2:
            pieces[-1] = f"{pieces[-1]} {current}"
        else:
            pieces.append(current)
    # a clause still too long (no commas): cut at the word nearest the middle, again and again
    # (in one pass over the words: re-joining the rest after every cut was quadratic)
    out: list[str] = []
    for piece in pieces:
        words = piece.split(" ")
        start, plen = 0, len(piece)
        while plen > limit * 1.3 and len(words) - start >= 4:
            target = min(limit, plen // 2)
            total, k = 0, start
            while k < len(words):
                total += len(words[k]) + 1
                k += 1
                if total >= target:
                    break
            out.append(" ".join(words[start:k]))
            start, plen = k, plen - total
        out.append(" ".join(words[start:]))
    return out


# ---- spoken form ----------------------------------------------------------------------------------

_NUM = r"\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?"
_SAY_AS_WORD = {"TETA", "NATO", "UNESCO", "UNICEF", "COVID", "FAQ", "OPEC", "ASAP", "PIN"}
_LETTER_NAMES_FA = {  # Latin letters as Persian speakers name them (for non-espeak Persian voices)
    "A": "ای", "B": "بی", "C": "سی", "D": "دی", "E": "ای", "F": "اف", "G": "جی", "H": "اچ", "I": "آی",
    "J": "جی", "K": "کی", "L": "ال", "M": "ام", "N": "ان", "O": "او", "P": "پی", "Q": "کیو", "R": "آر",
    "S": "اس", "T": "تی", "U": "یو", "V": "وی", "W": "دبلیو", "X": "ایکس", "Y": "وای", "Z": "زد",
}
_WORDS = {
    "fa": {"percent": "درصد", "to": "تا", "and": "و", "or": "یا", "plus": "به‌علاوه", "times": "ضرب در",
           "number": "شماره", "dot": "دات", "at": "ات"},
    "en": {"percent": "percent", "to": "to", "and": "and", "or": "or", "plus": "plus", "times": "times",
           "number": "number", "dot": "dot", "at": "at"},
}
_EN_ABBREV = [(re.compile(r"\be\.g\.", re.I), "for example"), (re.compile(r"\bi\.e\.", re.I), "that is"),
              (re.compile(r"\betc\.", re.I), "et cetera"), (re.compile(r"\bvs\.", re.I), "versus"),
              (re.compile(r"\bNo\.\s?(?=\d)"), "number "), (re.compile(r"\bart\.\s?(?=\d)", re.I), "article ")]


def _number_words(token: str, lang: str) -> str:
    """One number as written (Latin digits, ',' thousands, '.' decimals) -> words."""
    plain = token.replace(",", "")
    if "," not in token and "." not in token and (len(plain) >= 5 or (len(plain) > 1 and plain[0] == "0")):
        return nw.digits(plain, lang)  # codes, phone numbers: digit by digit
    try:
        return _number_words_checked(token, plain, lang)
    except ValueError:  # too large to read as a number: digit by digit
        return nw.digits(plain.replace(".", ""), lang)


def _number_words_checked(token: str, plain: str, lang: str) -> str:
    if "." in plain:
        return nw.decimal(plain, lang)
    n = int(plain)
    if "," not in token and len(plain) == 4:
        return nw.year(n, lang)  # 1404, 2026: as years (English "fourteen oh four"); Persian as numbers
    return nw.cardinal(n, lang)


def _dates(text: str, lang: str) -> str:
    def ymd(m: re.Match) -> str:
        y, mo, d = int(m["y"]), int(m["m"]), int(m["d"])
        if not (1 <= mo <= 12 and 1 <= d <= 31):
            return m.group(0)
        if 1200 <= y <= 1700:
            return f" {nw.jalali_date(y, mo, d, lang)} "
        if 1700 < y <= 2300:
            return f" {nw.gregorian_date(y, mo, d, lang)} "
        return m.group(0)

    text = re.sub(r"(?<![\d/])(?P<y>\d{4})[/-](?P<m>\d{1,2})[/-](?P<d>\d{1,2})(?![\d/])", ymd, text)
    text = re.sub(r"(?<![\d/])(?P<d>\d{1,2})/(?P<m>\d{1,2})/(?P<y>\d{4})(?![\d/])", ymd, text)
    return text


def _acronym(m: re.Match, lang: str) -> str:
    """KPI -> 'K P I'; ISSA -> 'I S S A'; SHASTA, TETA -> said as words ('Shasta').

    Up to four letters are spelled (unless listed in _SAY_AS_WORD); five or more letters with at
    least two vowels are words people pronounce; consonant clusters (HTTPS) are spelled.
    """
    word = m.group(1)
    plural = m.group(2) or ""
    vowels = sum(ch in "AEIOUY" for ch in word)
    if word in _SAY_AS_WORD or (len(word) >= 5 and vowels >= 2):
        return word.capitalize() + plural
    return " ".join(word) + ("'s" if plural and lang == "en" else "")


_TLD_WORDS = {"org", "com", "net", "gov", "edu", "int", "info"}


def _domain(name: str, dot: str) -> str:
    """example.org -> 'example dot org'; gtsos.ir -> 'g t s o s dot I R' (labels nobody says as words)."""
    out = []
    for label in name.split("."):
        if label.lower() not in _TLD_WORDS and (len(label) <= 3 or not re.match(r"[^aeiouy]{0,2}[aeiouy]", label, re.I)):
            out.append(" ".join(label.upper()))
        else:
            out.append(label)
    return f" {dot} ".join(out)


_MAX_TOKEN = 100
_LONG_TOKEN = re.compile(r"\S{%d,}" % (_MAX_TOKEN + 1))


def speakable(text: str, lang: str) -> str:
    """The spoken form of one cleaned sentence (see the module docstring)."""
    w = _WORDS[lang]
    # Bounded work per regex attempt: one space between words, and no "word" longer than
    # _MAX_TOKEN characters (a 100 KB run without spaces would make several patterns below quadratic).
    t = _LONG_TOKEN.sub(lambda m: " ".join(m.group(0)[i:i + _MAX_TOKEN]
                                            for i in range(0, len(m.group(0)), _MAX_TOKEN)),
                        re.sub(r"\s+", " ", text))
    t = t.translate(_TO_ASCII_DIGITS)
    t = re.sub(r"(?<=\d)٫(?=\d)", ".", t)
    t = re.sub(r"(?<=\d)٬(?=\d)", ",", t)
    t = t.replace("٪", "%")
    if lang == "en":
        for pattern, repl in _EN_ABBREV:
            t = pattern.sub(repl, t)
    # links and e-mail: say the domain only
    t = re.sub(r"\b(?:https?://)?(?:www\.)?([A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,})(?:/\S*[^\s.,;:!?؟،])?",
               lambda m: " " + _domain(m.group(1), w["dot"]) + " "
               if ("://" in m.group(0) or m.group(0).startswith("www") or "/" in m.group(0)
                   or m.group(1).rsplit(".", 1)[-1].lower() in ("org", "com", "net", "ir", "int", "gov"))
               else m.group(0), t)
    t = re.sub(r"(?<=\w)@(?=\w)", f" {w['at']} ", t)
    t = _dates(t, lang)
    # what is left of digit/digit: a Persian decimal (۱/۳ = 1.3, common in Persian writing), an English fraction
    t = re.sub(r"(?<![\d/.,])(\d+)/(\d+)(?![\d/])", r"\1.\2" if lang == "fa" else r"\1 over \2", t)
    # percentages (either side), ranges, ordinals, counts with a hyphenated unit
    t = re.sub(rf"%\s?({_NUM})", rf" \1 {w['percent']} ", t)
    t = re.sub(rf"({_NUM})\s?%", rf" \1 {w['percent']} ", t)
    t = re.sub(rf"(?<![\d,.])({_NUM})\s?[–—-]\s?({_NUM})(?![\d,])", rf" \1 {w['to']} \2 ", t)
    t = re.sub(rf"({_NUM})-(?=[^\W\d_])", r"\1 ", t)
    t = re.sub(r"#\s?(?=\d)", f" {w['number']} ", t)
    if lang == "en":
        t = re.sub(r"\b(\d+)(?:st|nd|rd|th)\b", lambda m: nw.ordinal(int(m.group(1)), "en"), t)
    else:
        t = re.sub(r"(?<!\d)(\d+)\s?(?:ام|م)(?![\u0600-\u06FF])", lambda m: " " + nw.ordinal(int(m.group(1)), "fa") + " ", t)
    t = re.sub(_NUM, lambda m: f" {_number_words(m.group(0), lang)} ", t)
    # acronyms: letters, unless people say them as a word
    t = re.sub(r"\b([A-Z]{2,6})(s)?\b", lambda m: _acronym(m, lang), t)
    # symbols that would be read aloud as characters, or skipped oddly
    t = re.sub(r"\s*&\s*", f" {w['and']} ", t)
    t = re.sub(r"(?<=\s)\+(?=\s)", w["plus"], t)
    t = re.sub(r"(?<=\w)\s?[×]\s?(?=\w)", f" {w['times']} ", t)
    t = re.sub(r"(?<=[^\W\d_])/(?=[^\W\d_])", f" {w['or']} ", t)
    t = t.replace("/", " ")
    t = re.sub(r"[«»“”„\"]", " ", t)
    t = re.sub(r"(?<!\w)['‘’]|['‘’](?!\w)", " ", t)
    t = re.sub(r"\s*[()\[\]{}]\s*", ", ", t)
    t = re.sub(r"\s+[—–-]+\s+|[—–]", ", ", t)
    t = t.replace("…", ".")
    t = re.sub(r"\s*[→←⇒⇐➜➔]\s*", ", ", t)
    t = "".join(ch for ch in t if not unicodedata.category(ch).startswith(("S", "C")) or ch in "\u200c\u200d")
    # tidy punctuation and spaces
    t = re.sub(r"\s+", " ", t)
    t = re.sub(r"\s+([,،.;؛:!?؟])", r"\1", t)
    t = re.sub(r"([,،;؛:])(?:\s*[,،;؛:])+", r"\1", t)
    t = re.sub(r"^[\s,،;؛:.]+", "", t)
    t = re.sub(r"[,،;؛:]\s*([.!?؟])", r"\1", t)
    return t.strip(" ,،;؛:")


def letter_names_fa(text: str) -> str:
    """Spelled Latin letters ('K P I') as Persian letter names, for Persian voices that lack English."""
    return re.sub(r"\b([A-Z])\b", lambda m: _LETTER_NAMES_FA[m.group(1)], text)


_SAYABLE = re.compile(r"[^\W_]|[&+×%#@]")  # a letter or digit, or a symbol speakable() turns into a word


def _has_speech(text: str) -> bool:
    return any(ch.isalnum() for ch in text)


def prepare(text: str, lang: str) -> list[Sentence]:
    """Prepared sentences of one text (a scene's narration, a podcast segment)."""
    if lang not in ("fa", "en"):
        raise ValueError(f"unknown language {lang!r}")
    sentences: list[Sentence] = []
    paragraphs = re.split(r"\n\s*\n", clean(text, lang))
    for p_index, paragraph in enumerate(paragraphs):
        for sentence in split_sentences(paragraph):
            clauses = split_clauses(sentence)
            for c_index, clause in enumerate(clauses):
                if not _SAYABLE.search(clause):
                    continue  # punctuation or markup only ("*." x 6000): nothing to say, and fast
                spoken = speakable(clause, lang)
                if not _has_speech(spoken):
                    continue
                pause = CLAUSE_PAUSE if c_index < len(clauses) - 1 else SENTENCE_PAUSE
                sentences.append(Sentence(display_text(clause, lang), spoken, pause))
        if sentences and p_index < len(paragraphs) - 1:
            last = sentences[-1]
            sentences[-1] = Sentence(last.display, last.spoken, PARAGRAPH_PAUSE)
    return sentences


_LETTER_OR_DIGIT = re.compile(r"[^\W_]")


def has_speech(text: str, lang: str) -> bool:
    """Whether `prepare(text, lang)` finds anything to say, by the same steps, stopping at the first clause
    that says something (validation asks this of every narration: linear, and usually one clause long)."""
    for paragraph in re.split(r"\n\s*\n", clean(text, lang)):
        for sentence in split_sentences(paragraph):
            for clause in split_clauses(sentence):
                if _SAYABLE.search(clause) and _has_speech(speakable(clause, lang)):
                    return True
    return False


def written_words(text: str, lang: str) -> int:
    """Words of the text as written, markup removed (a number is one word here, several when spoken):
    a lower bound of the words speech says."""
    return sum(1 for w in clean(text, lang).split() if _LETTER_OR_DIGIT.search(w))


def prepare_all(texts: list[str], lang: str) -> list[Sentence]:
    """Several texts in a row (each ends with a sentence pause)."""
    out: list[Sentence] = []
    for text in texts:
        out += prepare(text, lang)
    return out
