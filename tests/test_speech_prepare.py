"""Text preparation: what is shown (display) and what is said (spoken) for Persian and English."""
from __future__ import annotations

import re

import pytest

from media.speech import numbers as nw
from media.speech.prepare import MAX_CUE_CHARS, normalize_persian, prepare, speakable


def spoken(text: str, lang: str) -> str:
    return " ".join(s.spoken for s in prepare(text, lang))


def display(text: str, lang: str) -> str:
    return " ".join(s.display for s in prepare(text, lang))


# ---- numbers to words ---------------------------------------------------------------------------

@pytest.mark.parametrize("n, words", [
    (0, "صفر"), (7, "هفت"), (12, "دوازده"), (20, "بیست"), (46, "چهل و شش"), (100, "صد"), (141, "صد و چهل و یک"),
    (1000, "هزار"), (1404, "هزار و چهارصد و چهار"), (2051, "دو هزار و پنجاه و یک"),
    (1_000_000, "یک میلیون"), (1_300_000_000, "یک میلیارد و سیصد میلیون"), (42276, "چهل و دو هزار و دویست و هفتاد و شش"),
])
def test_persian_cardinals(n, words):
    assert nw.cardinal(n, "fa") == words


@pytest.mark.parametrize("n, words", [(1, "یکم"), (2, "دوم"), (3, "سوم"), (16, "شانزدهم"), (20, "بیستم"),
                                      (23, "بیست و سوم"), (30, "سی\u200cام"), (50, "پنجاهم")])
def test_persian_ordinals(n, words):
    assert nw.ordinal(n, "fa") == words


@pytest.mark.parametrize("n, words", [
    (0, "zero"), (13, "thirteen"), (46, "forty-six"), (141, "one hundred forty-one"),
    (1_000_000, "one million"), (1_300_000_000, "one billion three hundred million"),
])
def test_english_cardinals(n, words):
    assert nw.cardinal(n, "en") == words


@pytest.mark.parametrize("n, words", [(1, "first"), (2, "second"), (3, "third"), (12, "twelfth"), (20, "twentieth"),
                                      (22, "twenty-second"), (50, "fiftieth"), (101, "one hundred first")])
def test_english_ordinals(n, words):
    assert nw.ordinal(n, "en") == words


def test_decimals_and_years():
    assert nw.decimal("1.3", "fa") == "یک و سه دهم"
    assert nw.decimal("2.75", "fa") == "دو و هفتاد و پنج صدم"
    assert nw.decimal("1.3", "en") == "one point three"
    assert nw.year(1404, "en") == "fourteen oh four"
    assert nw.year(2026, "en") == "twenty twenty-six"
    assert nw.year(2005, "en") == "two thousand five"
    assert nw.year(1400, "en") == "fourteen hundred"
    assert nw.year(1430, "fa") == "هزار و چهارصد و سی"


# ---- Persian ------------------------------------------------------------------------------------

def test_persian_orthography_normalised():
    assert normalize_persian("يك كتاب") == "یک کتاب"
    assert "ي" not in display("سازمان تامين اجتماعي", "fa")


def test_jalali_date_percent_and_decimal_in_persian():
    text = "فراخوان در ۱۴۰۴/۱۰/۰۱ منتشر شد. سقف بودجه ۱٫۳ میلیارد تومان و ۱۰٪ حسن انجام کار است."
    said = spoken(text, "fa")
    assert "یکم دی هزار و چهارصد و چهار" in said
    assert "یک و سه دهم میلیارد" in said
    assert "ده درصد" in said
    assert not re.search(r"[0-9۰-۹٪%]", said)
    shown = display(text, "fa")
    assert "۱۴۰۴/۱۰/۰۱" in shown and "۱۰٪" in shown and "۱٫۳" in shown


def test_latin_digits_in_persian_text_are_read_in_persian_and_shown_in_persian_digits():
    sents = prepare("بیش از 60 مسئله و 20 طرح.", "fa")
    assert sents[0].spoken == "بیش از شصت مسئله و بیست طرح."
    assert sents[0].display == "بیش از ۶۰ مسئله و ۲۰ طرح."


def test_thousands_codes_and_ordinals_in_persian():
    said = spoken("چک ۱,۰۰۰,۰۰۰ ریالی؛ تلفن ۴۲۲۷۶؛ رتبه ۲۰ام.", "fa")
    assert "یک میلیون ریالی" in said
    assert "چهار دو دو هفت شش" in said  # a five-digit code is read digit by digit
    assert "بیستم" in said


def test_guillemets_shown_not_spoken():
    sents = prepare("توکن «تتا» ساخته شد.", "fa")
    assert "«تتا»" in sents[0].display
    assert "«" not in sents[0].spoken and "»" not in sents[0].spoken and "تتا" in sents[0].spoken


# ---- English ------------------------------------------------------------------------------------

def test_english_dates_numbers_percent_ranges():
    said = spoken("Issued on 1404/10/01 (2025-12-22). 3-6 candidates; 10% retained; the 20th rank; "
                  "a 1,000,000-rial cheque.", "en")
    assert "the first of Dey, fourteen oh four" in said
    assert "December twenty-second, twenty twenty-five" in said
    assert "three to six candidates" in said
    assert "ten percent" in said
    assert "twentieth rank" in said
    assert "one million rial cheque" in said
    assert not re.search(r"\d|%", said)


def test_acronyms_spelled_words_kept():
    said = spoken("KPIs, the ILO and ISSA, FinTech and the TETA chain.", "en")
    assert "K P I's" in said
    assert "I L O" in said and "I S S A" in said
    assert "FinTech" in said
    assert "Teta" in said  # pronounceable: said as a word


def test_markup_never_read_or_shown():
    sents = prepare("**Bold** and *italic* and `code` and [a link](https://example.org/x).\n- a bullet", "en")
    for s in sents:
        assert "*" not in s.display + s.spoken and "`" not in s.display + s.spoken
        assert "](" not in s.display
    assert sents[0].display == "Bold and italic and code and a link."
    assert sents[1].display == "a bullet"


def test_sentence_split_respects_abbreviations_and_decimals():
    sents = prepare("Tokens, e.g. cheques, are worth 1.3 units. Dr. Smith agrees. Next one!", "en")
    assert [s.display for s in sents] == ["Tokens, e.g. cheques, are worth 1.3 units.", "Dr. Smith agrees.", "Next one!"]
    assert "for example" in sents[0].spoken and "one point three" in sents[0].spoken


def test_long_sentences_are_cut_at_clauses_for_captions():
    long = ("Phase one is a closed internal chain for the organisation, phase two is an open chain that needs a "
            "licence from the central bank, and reward tokens are being studied, but no decision has been made "
            "about them and the discussion goes on.")
    sents = prepare(long, "en")
    assert len(sents) >= 2
    assert all(len(s.display) <= MAX_CUE_CHARS * 1.3 for s in sents)
    assert " ".join(s.display for s in sents) == long  # nothing lost
    assert sents[0].pause_after < sents[-1].pause_after


def test_speakable_never_leaves_symbols():
    for text, lang in [("A & B / C → D (E) — F…", "en"), ("الف و ب / ج (د) — ه", "fa")]:
        out = speakable(text, lang)
        assert not re.search(r"[&/→()—…]", out), out


def test_empty_after_markup_yields_nothing():
    assert prepare("** **", "en") == []


def test_long_acronyms_said_as_words_and_domains_spelled_sensibly():
    said = spoken("SHASTA and the SSO; see gtsos.ir or example.org.", "en")
    assert "Shasta" in said and "S S O" in said
    assert "G T S O S dot I R" in said and "example dot org" in said
    assert "دات" in spoken("وب‌سرویس gtsos.ir است.", "fa")


def test_slash_between_digits_is_a_persian_decimal_and_an_english_fraction():
    assert "یک و سه دهم میلیارد" in spoken("بودجه ۱/۳ میلیارد تومان است.", "fa")
    assert "three over four" in spoken("About 3/4 of them.", "en")
    assert "یکم دی" in spoken("تاریخ ۱۴۰۴/۱۰/۰۱ است.", "fa")  # a date stays a date
