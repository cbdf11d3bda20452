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


_MARKUP = [
    (re.compile(r"\[([^\]\n]+)\]\([^)\s]+\)"), r"\1"),           # [text](url)
    (re.compile(r"\*\*(.+?)\*\*", re.S), r"\1"),                 # **bold**
    (re.compile(r"__(.+?)__", re.S), r"\1"),                     # __bold__
    (re.compile(r"~~(.+?)~~", re.S), r"\1"),                     # ~~strike~~
    (re.compile(r"(?<![\w*])\*(?=\S)(.+?)(?<=\S)\*(?![\w*])"), r"\1"),  # *italic*
    (re.compile(r"(?<![\w_])_(?=\S)(.+?)(?<=\S)_(?![\w_])"), r"\1"),    # _italic_
    (re.compile(r"`([^`]*)`"), r"\1"),                           # `code`
    (re.compile(r"<[^<>\n]{1,80}>"), ""),                        # <tags>
    (re.compile(r"^\s{0,3}#{1,6}\s+", re.M), ""),                # # headings
    (re.compile(r"^\s*(?:[-*+•▪●]|\d+[.)])\s+", re.M), ""),      # list bullets and numbers
]


def strip_markup(text: str) -> str:
    for pattern, repl in _MARKUP:
        text = pattern.sub(repl, text)
    return text


def clean(text: str, lang: str) -> str:
    """Markup removed, Persian orthography normalised, spaces tidied; line breaks kept."""
    text = strip_markup(normalize_persian(text) if lang == "fa" else unicodedata.normalize("NFC", text))
    text = re.sub(r"[ \t\u00a0\u2009\u202f]+", " ", text)
    return "\n".join(line.strip() for line in text.splitlines()).strip()


def display_text(text: str, lang: str) -> str:
    """What a reader sees: digits localised (Persian digits and separators in Persian)."""
    from media.text.numerals import localize

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
    # a clause still too long (no commas): cut at the word nearest the middle, recursively
    out: list[str] = []
    for piece in pieces:
        while len(piece) > limit * 1.3:
            words = piece.split(" ")
            if len(words) < 4:
                break
            cut, total = 0, 0
            for i, w in enumerate(words):
                total += len(w) + 1
                if total >= min(limit, len(piece) // 2):
                    cut = i + 1
                    break
            out.append(" ".join(words[:cut]))
            piece = " ".join(words[cut:])
        out.append(piece)
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


def speakable(text: str, lang: str) -> str:
    """The spoken form of one cleaned sentence (see the module docstring)."""
    w = _WORDS[lang]
    t = text.translate(_TO_ASCII_DIGITS)
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
                spoken = speakable(clause, lang)
                if not _has_speech(spoken):
                    continue
                pause = CLAUSE_PAUSE if c_index < len(clauses) - 1 else SENTENCE_PAUSE
                sentences.append(Sentence(display_text(clause, lang), spoken, pause))
        if sentences and p_index < len(paragraphs) - 1:
            last = sentences[-1]
            sentences[-1] = Sentence(last.display, last.spoken, PARAGRAPH_PAUSE)
    return sentences


def prepare_all(texts: list[str], lang: str) -> list[Sentence]:
    """Several texts in a row (each ends with a sentence pause)."""
    out: list[Sentence] = []
    for text in texts:
        out += prepare(text, lang)
    return out
