"""The implementation guide (`guide` kind), read back by independent readers: poppler's pdftotext (every part's
heading in logical order, Persian with ZWNJ; the gaps annex), qpdf and the XMP (PDF/A-2a, PDF/UA-1).
Built from the small fixture `tests/roots/basic` and the shipped plan-18 storyboard."""
from __future__ import annotations

import datetime as dt
import re
import subprocess
from pathlib import Path

import pytest

from tests.ocr import normalize

ROOT = Path(__file__).resolve().parents[1]
DAY = dt.date(2026, 11, 24)
MINI = ROOT / "tests" / "roots" / "basic" / "storyboards" / "mini.yaml"
PLAN = ROOT / "storyboards" / "plan-18.yaml"
PARTS = ("goal", "prereq", "steps", "people", "risks", "checklist", "lessons", "gaps")


def _squash(text: str) -> str:
    return re.sub(r"\s+", "", normalize(text))


def _pdftext(pdf: Path) -> str:
    return subprocess.run(["pdftotext", "-enc", "UTF-8", str(pdf), "-"], capture_output=True, text=True,
                          check=True).stdout


@pytest.fixture(scope="module")
def guides(tmp_path_factory):
    from media.builders import get
    from media.storyboard import load_storyboard

    tmp = tmp_path_factory.mktemp("guide")
    out = {}
    for path in (MINI, PLAN):
        sb = load_storyboard(path)
        for lang in ("fa", "en"):
            pdf, doc = get("guide")().make(sb, lang, DAY)
            dest = tmp / f"{sb.id}-guide-{lang}.pdf"
            dest.write_bytes(pdf)
            out[(sb.id, lang)] = (sb, dest, doc)
    return out


@pytest.mark.parametrize("lang", ["fa", "en"])
def test_every_part_heading_in_logical_order(guides, lang):
    from media.content.guide import heading

    for (sid, lg), (_, pdf, _) in guides.items():
        if lg != lang:
            continue
        body = _squash(_pdftext(pdf))
        at = 0
        for part in PARTS:
            title = _squash(heading(part, lang))
            found = body.find(title, at)
            assert found >= 0, f"{sid} {lang}: heading {heading(part, lang)!r} missing or out of order"
            at = found + len(title)
    if lang == "fa":  # ZWNJ kept: «پیش‌نیازها», «درس‌آموخته‌ها»
        text = _pdftext(guides[("plan-18", "fa")][1])
        assert "پیش\u200cنیازها" in text and "درس\u200cآموخته\u200cها" in text


def test_every_gap_listed_and_none_filled(guides):
    from media.content.guide import guide, heading
    from media.content.report import gaps

    for (sid, lang), (sb, pdf, _) in guides.items():
        g = guide(sb, lang)
        text = normalize(_pdftext(pdf))
        annex = text[text.rfind(normalize(heading("gaps", lang))):]
        report_gaps = {x.text for x in gaps(sb, lang)}
        assert report_gaps <= {x.text for x in g.gaps}, f"{sid} {lang}: a report gap is missing from the guide"
        for gap in g.gaps:  # a cell may wrap, and a mixed run be given apart: its words are in the annex
            for w in re.findall(r"[^\W\d_]+", normalize(gap.text)):
                assert w in annex, f"{sid} {lang}: gap {gap.text!r}: {w!r} missing from the annex"
        assert g.people == () and any("managers" in x.text or "مدیران" in x.text for x in g.gaps)


def test_steps_in_storyboard_order_with_their_status(guides):
    from media.content.guide import guide
    from media.content.words import status_word

    sb, pdf, _ = guides[("plan-18", "en")]
    g = guide(sb, "en")
    timeline = next(i for i in sb.model.infographics if i.kind == "timeline")
    group = next(x for x in g.steps if x.title == timeline.title.en)
    assert [s.title for s in group.steps] == [s.title.en for s in timeline.steps]
    assert [s.status for s in group.steps] == [status_word(s.status, "en") for s in timeline.steps]
    body = _squash(_pdftext(pdf))
    positions = [body.find(_squash(s.title.en)) for s in timeline.steps]
    assert -1 not in positions and positions == sorted(positions)


def test_risks_come_from_the_challenges(guides):
    from media.content.guide import guide
    from media.text.numerals import localize

    sb, pdf, _ = guides[("plan-18", "fa")]
    challenges = [localize(it.text.fa, "fa") for i in sb.model.infographics if i.kind == "challenges" for it in i.items]
    assert challenges and [r.text for r in guide(sb, "fa").risks] == challenges


def test_draft_mark_on_every_page(guides):
    from media.content.words import word

    for (sid, lang), (_, pdf, _) in guides.items():
        pages = _pdftext(pdf).split("\f")[:-1]
        assert len(pages) >= 3
        for i, text in enumerate(pages, 1):
            assert _squash(word("draft_mark", lang)) in _squash(text), f"{sid} {lang} page {i}: no draft mark"


def test_pdf_a_and_ua_and_same_bytes(guides):
    from media.builders import get
    from tests.pdf_standards import assert_standards

    assert_standards(*(pdf for _, pdf, _ in guides.values()))
    sb, pdf, _ = guides[("basic-mini", "fa")] if ("basic-mini", "fa") in guides else next(
        v for k, v in guides.items() if k[1] == "fa")
    again, _ = get("guide")().make(sb, "fa", DAY)
    assert again == pdf.read_bytes()


def test_engine_writes_and_lists_the_guide(tmp_path):
    import json
    import shutil

    from media.build import build
    from media.options import BuildOptions

    src = tmp_path / "storyboards"
    shutil.copytree(MINI.parent, src)
    out = tmp_path / "output"
    build([src / "mini.yaml"], ("fa",), ("guide",), out, BuildOptions())
    manifest = json.loads((out / "mini" / "fa" / "manifest.json").read_text())
    entry = next(a for a in manifest["artifacts"] if a["kind"] == "guide")
    assert entry["path"] == "documents/mini-guide-fa.pdf" and entry["draft"] is True
    assert (out / "mini" / "fa" / entry["path"]).stat().st_size > 10_000


def test_plan_page_links_the_guide_and_the_bundle_carries_it(tmp_path):
    import json
    import shutil
    import zipfile

    from media.build import build
    from media.options import BuildOptions

    src = tmp_path / "storyboards"
    shutil.copytree(MINI.parent, src)
    out = tmp_path / "output"
    build([src / "mini.yaml"], ("fa",), ("guide", "bundle", "site"), out, BuildOptions())
    page = (out / "mini" / "fa" / "index.html").read_text(encoding="utf-8")
    assert 'href="documents/mini-guide-fa.pdf"' in page
    with zipfile.ZipFile(out / "mini" / "fa" / "bundle.zip") as z:
        names = z.namelist()
        assert any(n.endswith("documents/mini-guide-fa.pdf") for n in names), names
        sums = next(n for n in names if n.endswith("SHA256SUMS"))
        assert "mini-guide-fa.pdf" in z.read(sums).decode()
    manifest = json.loads((out / "mini" / "fa" / "manifest.json").read_text())
    assert {"guide", "bundle"} <= {a["kind"] for a in manifest["artifacts"]}
