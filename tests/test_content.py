"""The content layer (`media.content`): one catalogue of words, one way to print a number, a date, a
chapter list and a citation, and the media agreeing on them (card, site page, search index, data.json)."""
from __future__ import annotations

import ast
import datetime as dt
import json
import re
from pathlib import Path

import pytest

from media.content.chapters import chapter_list
from media.content.dates import epoch_date, storyboard_date
from media.content.numbers import figure_number, figure_phrase, figure_value, plain_number
from media.storyboard import load_storyboard
from media.storyboard import model as m
from tests.site_support import site_output

ROOT = Path(__file__).resolve().parent.parent


def _figure(**kw) -> m.Figure:
    base = {"id": "f", "value": 1, "label": {"fa": "برچسب", "en": "label"}, "source": {"seed": "rfp", "section": "x"}}
    return m.Figure.model_validate({**base, **kw})


def test_the_catalogue_defines_each_word_once():
    tree = ast.parse((ROOT / "src" / "media" / "content" / "words.py").read_text(encoding="utf-8"))
    table = next(n.value for n in tree.body if isinstance(n, ast.AnnAssign) and n.target.id == "WORDS")
    keys = [k.value for k in table.keys]
    assert len(keys) == len(set(keys)), sorted({k for k in keys if keys.count(k) > 1})
    for fa, en in (ast.literal_eval(v) for v in table.values):
        assert fa.strip() and en.strip()


@pytest.mark.parametrize("kw, fa, en", [
    ({"value": 42276, "grouping": False}, "۴۲۲۷۶", "42276"),
    ({"value": 1430, "grouping": False}, "۱۴۳۰", "1430"),
    ({"value": 1000000}, "۱٬۰۰۰٬۰۰۰", "1,000,000"),
    ({"value": 60, "unit": {"fa": "%", "en": "%"}}, "۶۰٪", "60%"),
    ({"value": 1.3, "decimals": 1}, "۱٫۳", "1.3"),
    ({"low": 3, "value": 6}, "۳ تا ۶", "3 to 6"),
])
def test_one_number_formatter(kw, fa, en):
    f = _figure(**kw)
    assert figure_number(f, "fa") == fa and figure_number(f, "en") == en
    assert figure_value(f, "en").startswith(en) and en in figure_phrase(f, "en")


def test_a_range_is_low_below_value():
    with pytest.raises(ValueError):
        _figure(low=6, value=3)


def test_machine_readable_numbers():
    assert plain_number(6.0) == 6 and isinstance(plain_number(6.0), int)
    assert plain_number(1.3) == 1.3 and plain_number(None) == ""


def test_chapters_are_headings_in_film_order_without_repeats():
    heads = [("Title", 0.0), ("Why", 5.0), ("Why", 9.0), ("", 12.0), ("How", 15.0), ("Why", 20.0), ("End", 30.0)]
    assert chapter_list(heads, 35.0, "en") == [("Title", 0.0, 5.0), ("Why", 5.0, 15.0), ("How", 15.0, 30.0),
                                                ("End", 30.0, 35.0)]
    assert chapter_list([("طرح 18", 2.0)], 9.0, "fa") == [("طرح ۱۸", 0.0, 9.0)]


def test_a_storyboards_date_is_its_own_never_the_build_day():
    class Model:
        approval = None
        updated = None

    sb = Model()
    assert storyboard_date(sb, {}) is None  # no date at all: nothing dated is printed
    assert storyboard_date(sb, {"SOURCE_DATE_EPOCH": "1795305600"}) == dt.date(2026, 11, 22)
    sb.updated = "2026-12-07"
    assert storyboard_date(sb, {"SOURCE_DATE_EPOCH": "1795305600"}) == dt.date(2026, 12, 7)
    sb.approval = m.Approval(by="x", date="2027-01-02", reference="r")
    assert storyboard_date(sb, {}) == dt.date(2027, 1, 2)
    assert epoch_date({}) is None


@pytest.mark.parametrize("name", sorted(p.stem for p in (ROOT / "storyboards").glob("*.yaml") if p.stem != "package"))
def test_every_storyboard_is_dated_and_its_chapters_do_not_repeat(name):
    sb = load_storyboard(ROOT / "storyboards" / f"{name}.yaml")
    assert storyboard_date(sb, {}) is not None, "a storyboard needs `updated:` so its outputs carry a date"
    for lang in ("fa", "en"):
        heads = [(s.heading.get(lang), float(k)) for k, s in enumerate(sb.model.scenes)]
        titles = [t for t, _, _ in chapter_list(heads, 99.0, lang)]
        assert len(titles) == len(set(titles))


def test_a_topic_says_where_its_checks_come_from():
    from media.content.checklist import derived_note
    from media.content.report import gaps

    sb = load_storyboard(ROOT / "storyboards" / "open-sso.yaml")
    en = derived_note(sb, "en")
    assert "Open SSO" in en and "this topic" in en and "call for proposals" not in en.lower()
    own = [g for g in gaps(sb, "en") if g.key.startswith("own-")]
    assert {g.section for g in own} == {2, 5} and any("date" in g.text for g in own)
    plan = derived_note(load_storyboard(ROOT / "storyboards" / "plan-18.yaml"), "en")
    assert "Call for proposals" in plan and "Plan 18" in plan


# ---- the media agree ---------------------------------------------------------------------------------------

@pytest.fixture(scope="module")
def site(tmp_path_factory) -> Path:
    return site_output(tmp_path_factory)


@pytest.mark.parametrize("lang", ["fa", "en"])
def test_a_figure_reads_the_same_on_the_card_the_page_the_search_index_and_data_json(site, lang):
    sb = load_storyboard(site.parent / "storyboards" / "approved.yaml")
    data = json.loads((site / "approved" / lang / "data.json").read_text(encoding="utf-8"))
    manifest = json.loads((site / "approved" / lang / "manifest.json").read_text(encoding="utf-8"))
    card = next(e for e in manifest["artifacts"] if e["kind"] == "infographic")
    page = (site / "approved" / lang / "index.html").read_text(encoding="utf-8")
    search = " ".join(d["x"] for d in data["search"])
    by_id = {f["id"]: f for f in data["figures"]}
    for f in sb.model.figures:
        number = figure_number(f, lang)
        assert by_id[f.id]["number"] == number
        assert number in card["visible_text"], (number, card["visible_text"])
        assert figure_value(f, lang) in card["alt"], (figure_value(f, lang), card["alt"])
        assert figure_phrase(f, lang) in search
        assert number in page
    assert "1,430" not in search + page + card["alt"] and "۱٬۴۳۰" not in search + page + card["alt"]


def test_the_card_read_back_by_ocr_prints_the_number_as_stored(site):
    from tests.ocr import ocr, require_tesseract

    require_tesseract()
    png = site / "approved" / "en" / "infographics" / "numbers-square.png"
    text = ocr(png, "eng", psm=11)  # sparse text: the big numbers stand alone in their cards
    assert "1430" in text and "60%" in text.replace(" %", "%") and "3 to 6" in text, text


def test_chapter_lists_of_the_films_are_in_order_without_repeats(site):
    for lang in ("fa", "en"):
        manifest = json.loads((site / "teta" / lang / "manifest.json").read_text(encoding="utf-8"))
        for video in (e for e in manifest["artifacts"] if e["kind"] == "video"):
            chapters = video["chapters"]
            starts = [c["start_s"] for c in chapters]
            assert starts == sorted(starts) and starts[0] == 0
            assert len({c["title"] for c in chapters}) == len(chapters)


def test_two_days_give_the_same_bytes_and_the_second_day_has_nothing_to_do(tmp_path):
    """SOURCE_DATE_EPOCH unset, the clock moved by faketime (Debian): the files carry the storyboard's own
    date, so a build on another day gives the same bytes, and rebuilding on that day does nothing."""
    import filecmp
    import os
    import shutil
    import subprocess
    import sys

    if not shutil.which("faketime"):
        pytest.fail("faketime is not installed: run ./run.sh test (it installs Debian's faketime)")
    shutil.copytree(ROOT / "tests" / "roots" / "site", tmp_path / "site")
    yaml = tmp_path / "site" / "storyboards" / "teta.yaml"
    yaml.write_text(yaml.read_text(encoding="utf-8").replace("confidential: true\n", "confidential: true\nupdated: 2026-12-01\n"),
                    encoding="utf-8")
    env = {k: v for k, v in os.environ.items() if k != "SOURCE_DATE_EPOCH"}

    def build(day: str, out: str) -> str:
        cmd = ["faketime", f"{day} 12:00:00", sys.executable, "-m", "media", "build", str(yaml), "--lang", "fa",
               "--only", "poster,report,summary,checklist,deck,bundle,site", "--out", str(tmp_path / out), "-j", "1"]
        proc = subprocess.run(cmd, env=env, capture_output=True, text=True, timeout=300)
        assert proc.returncode == 0, proc.stderr
        return proc.stdout + proc.stderr

    build("2027-03-01", "one")
    build("2027-09-15", "two")
    cmp = filecmp.dircmp(tmp_path / "one", tmp_path / "two")
    differ = []

    def walk(c, rel=""):
        differ.extend(f"{rel}{name}" for name in c.diff_files + c.left_only + c.right_only)
        for name, sub in c.subdirs.items():
            walk(sub, f"{rel}{name}/")

    walk(cmp)
    assert not differ, f"files differ between two build days: {differ}"
    assert "0 built" in build("2027-09-15", "one")
    report = (tmp_path / "one" / "teta" / "fa" / "documents" / "teta-report-fa.pdf")
    text = subprocess.run(["pdftotext", str(report), "-"], capture_output=True, text=True).stdout
    text = re.sub(r"[\u202a-\u202e\u2066-\u2069]", "", text)  # poppler's bidi marks
    # the storyboard's `updated:` day (2026-12-01 = 10 Azar 1405), never a build day (2027)
    assert "آذر" in text and "۱۴۰۵" in text and "۲۰۲۶" in text and "۲۰۲۷" not in text
