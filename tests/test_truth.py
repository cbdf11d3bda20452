"""Truthful and sourced: claim rules with located errors, counts that match, sources that never drop.

Fixtures: tests/roots/publication (brief.yaml: a draft with one of every medium; crowded.yaml: a
key-figures card too full for its source lines)."""
from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from media.errors import LayoutError, StoryboardError
from media.storyboard import load_storyboard
from tests.ocr import crop_to_ink, normalize, ocr, require_tesseract

ROOTS = Path(__file__).resolve().parent / "roots"


@pytest.fixture
def brief(tmp_path):
    """(path of a fresh copy of brief.yaml, edit(old, new) -> that path edited)."""
    shutil.copytree(ROOTS / "publication", tmp_path / "publication")
    path = tmp_path / "publication" / "storyboards" / "brief.yaml"

    def edit(old: str, new: str) -> Path:
        text = path.read_text(encoding="utf-8")
        assert text.count(old) == 1, old
        path.write_text(text.replace(old, new), encoding="utf-8")
        return path

    return path, edit


def _where(path: Path, needle: str, after: str = "") -> tuple[int, int]:
    """1-based line and column of `needle` (the first after the line containing `after`)."""
    lines = path.read_text(encoding="utf-8").splitlines()
    start = next(i for i, ln in enumerate(lines) if after in ln) if after else 0
    for i in range(start, len(lines)):
        if needle in lines[i]:
            return i + 1, lines[i].index(needle) + 1
    raise AssertionError(needle)


def _problems(path: Path) -> list[str]:
    with pytest.raises(StoryboardError) as err:
        load_storyboard(path)
    return err.value.lines()


def test_the_fixture_is_valid(brief):
    path, _ = brief
    sb = load_storyboard(path)
    assert sb.model.is_draft and sb.model.confidential  # no approval, no `confidential`: both defaults


# ---- claims ----------------------------------------------------------------------------------

def test_achieved_claim_without_a_source_fails_with_its_location(brief):
    path, edit = brief
    edit("        status: about_to_operate", "        status: achieved")
    line, col = _where(path, "status: achieved")
    lines = _problems(path)
    assert lines == [f"{path}:{line}:{col}: infographics[1].steps[0].status: this phase is marked `achieved`, but "
                     "nothing says so: give it its own `source` (the passage of the seed that says it was achieved) "
                     "or use the status the seed gives (expected, under_way, ...)"]
    # with its own source (the passage that says so) the same claim is accepted
    edit("        status: achieved", '        status: achieved\n        source: {seed: rfp, section: "plan 18 §4"}')
    assert load_storyboard(path).model.infographics[1].steps[0].status == "achieved"


def test_reported_statement_needs_its_date_and_a_phase_its_status(brief):
    path, edit = brief
    edit("    label: {fa: ارزش هر توکن, en: value of one token}",
         "    label: {fa: ارزش هر توکن, en: value of one token}\n    reported_by: {fa: مدیرکل, en: the director-general}")
    edit("        status: planned\n", "")
    lines = _problems(path)
    line, col = _where(path, "reported_by")
    assert f"{path}:{line}:{col}: figures[0].reported_by: a reported statement needs its `date`" in lines[0]
    line, col = _where(path, "title: {fa: زنجیره باز")
    assert lines[1].startswith(f"{path}:{line}:{col}: infographics[1].steps[1]: a phase needs a `status`")
    edit("    reported_by: {fa: مدیرکل, en: the director-general}",
         "    reported_by: {fa: مدیرکل, en: the director-general}\n    date: undated")
    edit("      - title: {fa: زنجیره باز, en: Open chain}", "      - title: {fa: زنجیره باز, en: Open chain}\n"
                                                            "        status: planned")
    load_storyboard(path)


def test_a_scene_showing_claims_says_their_status_aloud(brief):
    path, edit = brief
    edit("    heading: {fa: برای آگاهی بیشتر, en: Learn more}\n    narration: {fa: پایان., en: The end.}",
         "    heading: {fa: برای آگاهی بیشتر, en: Learn more}\n    narration: {fa: پایان., en: The end.}\n"
         "  - id: phases\n    section: design\n    layout: timeline\n    heading: {fa: دو مرحله, en: Two phases}\n"
         "    infographic: phases\n    narration: {fa: دو مرحله دارد., en: It has two phases.}")
    lines = _problems(path)
    assert len(lines) == 4  # about to operate and planned, neither said, in each language
    assert "scenes[2].narration.fa: the scene shows about to operate claims (`status: about_to_operate`) but its " \
           "narration never says so: say it, with one of «در آستانه»" in lines[0]
    assert "scenes[2].narration.en: the scene shows planned claims" in lines[3]
    edit("narration: {fa: دو مرحله دارد., en: It has two phases.}",
         "narration: {fa: مرحله نخست در آستانه بهره‌برداری است و مرحله دوم قرار است بعد بیاید., "
         "en: Phase one is about to operate; phase two is to follow.}")
    load_storyboard(path)


# ---- counts ----------------------------------------------------------------------------------

def test_a_count_in_a_title_must_match_the_items_shown(brief):
    path, edit = brief
    edit("title: {fa: دو مرحله, en: Two phases}", "title: {fa: سه مرحله, en: Three phases}")
    lines = _problems(path)
    line, col = _where(path, "fa: سه مرحله")
    assert lines[0] == (f"{path}:{line}:{col}: infographics[1].title.fa: states 3 but shows 2 items: make them "
                        "match, or say both numbers when the seed itself differs (\"8 projects, 7 of them listed\")")
    line, col = _where(path, "en: Three phases")
    assert lines[1].startswith(f"{path}:{line}:{col}: infographics[1].title.en: states 3 but shows 2 items")
    # where the seed is inconsistent the output says both numbers, and the shown one then matches
    edit("title: {fa: سه مرحله, en: Three phases}",
         "title: {fa: سه مرحله، دو مرحله فهرست شده, en: \"Three phases, two of them listed\"}")
    load_storyboard(path)


def test_stated_counts_ignore_numbers_that_name_things():
    from media.storyboard.claims import stated_counts

    assert stated_counts("The five key actions of plan 12") == {5}
    assert stated_counts("پنج اقدام کلیدی طرح ۱۲") == {5}
    assert stated_counts("Plan 15, eight activities in three axes") == {8, 3}
    assert stated_counts("مسیر انتصاب شایسته، پروژه‌های ۱ تا ۴") == {4}
    assert stated_counts("article 46 and form 2, horizon 1430") == set()
    assert stated_counts("توکن‌های دیجیتال داخلی (نه رمزارز)") == set()  # «نه» is "not" as often as "nine"


def test_shipped_storyboards_obey_every_rule():
    root = Path(__file__).resolve().parent.parent / "storyboards"
    for path in sorted(root.glob("*.yaml")):
        if path.name != "package.yaml":
            load_storyboard(path)  # raises on any broken claim or count rule


# ---- sources never drop ----------------------------------------------------------------------

@pytest.fixture(scope="module")
def crowded():
    return load_storyboard(ROOTS / "publication" / "storyboards" / "crowded.yaml")


@pytest.mark.parametrize("lang", ["fa", "en"])
def test_key_figures_too_full_for_their_sources_move_them_to_numbered_notes(crowded, lang):
    from media.graphics.infographic import checked
    from media.content.citations import _isolate, note_mark
    from media.graphics.proof import drawn_text, _norm

    d = checked(crowded, 0, lang, 1080, 1080)  # the layout proof passed
    assert d.meta["notes_moved"]
    footer = "".join(drawn_text(d, "footer"))
    sources = [f.source for f in crowded.model.figures]
    notes = list(dict.fromkeys((s.seed, s.section_text(lang)) for s in sources))
    assert len(notes) == 4
    for i, f in enumerate(crowded.model.figures):
        k = notes.index((f.source.seed, f.source.section_text(lang)))
        card = "".join(drawn_text(d, f"figure-{i}"))
        assert _norm(note_mark(k, lang)) in card, f"figure {f.id}: no note mark on its card"
        assert _norm(f"{note_mark(k, lang)} {_isolate(f.source.section_text(lang), lang)}") in footer
    for doc in crowded.settings.sources.values():  # both documents named by title, never by file name
        assert _norm(doc.title.get(lang)) in footer and _norm(doc.file) not in footer


def test_the_notes_are_visible_to_a_reader(crowded):
    """OCR reads the numbered notes in the footer of the rendered PNG (English: tesseract's fast Persian
    model misreads brackets and digits too often to count characters here)."""
    require_tesseract("eng")
    from media.graphics.infographic import checked
    from media.graphics.raster import render

    d = checked(crowded, 0, "en", 1080, 1080)
    image = render(d)
    top = min(t.y for t in d.texts() if t.role == "sources")
    text = normalize(ocr(crop_to_ink(image.crop((0, int(top) - 8, 1080, 1080))), "eng"))
    for note in ("[1] plan 18 §3, the proposed solution", "[2] plan 18 §1, the problem",
                 "[3] plan 18 §4, the main activities", "[4] the closing part and proposals",
                 "Call for proposals: documenting the SSO transformation plans", "SSO news"):
        assert normalize(note) in text, text


def test_the_layout_proof_fails_a_card_that_drops_its_source(crowded, monkeypatch):
    """The defect this replaces: a full card silently dropped its source line. Re-create it, and the
    proof refuses the output with a located error naming the figure."""
    from media.graphics.infographic import checked
    from media.graphics import figures

    real = figures._figure_card

    def dropping(theme, f, i, cell, note, measurer, where, lang, label_lines=3, mark=None):
        return real(theme, f, i, cell, None if i == 1 else note, measurer, where, lang, label_lines,
                    None if i == 1 else mark)

    monkeypatch.setattr(figures, "_figure_card", dropping)
    with pytest.raises(LayoutError) as err:
        checked(crowded, 0, "en", 1080, 1080)
    assert "crowded.yaml:" in str(err.value) and "figure 'b': its source is not shown in 'figure-1'" in str(err.value)


def test_a_sources_line_that_cannot_fit_is_a_located_error_not_a_cut(crowded):
    from media.graphics.infographic import checked

    long = crowded.model.model_copy(update={"figures": [
        f.model_copy(update={"source": f.source.model_copy(update={"section": f"section {k} " + "and more " * 12})})
        for k, f in enumerate(crowded.model.figures)]})
    sb = crowded.__class__(**{**crowded.__dict__, "model": long})
    with pytest.raises(LayoutError) as err:
        checked(sb, 0, "en", 1080, 1080)
    assert "crowded.yaml:" in str(err.value) and "sources are never cut" in str(err.value)


# ---- statuses in words -----------------------------------------------------------------------

@pytest.mark.parametrize("lang", ["fa", "en"])
def test_statuses_are_shown_in_words(brief, lang):
    from media.graphics.infographic import checked
    from media.content.words import status_word

    path, _ = brief
    sb = load_storyboard(path)
    d = checked(sb, 1, lang, 1080, 1080)  # the timeline: about to operate, planned
    text = " ".join(d.visible_text())
    for status in ("about_to_operate", "planned"):
        assert status_word(status, lang).lower() in text.lower()


# ---- a claim's words in every medium that lists it as text ------------------------------------------

def test_claim_words_reach_the_report_deck_site_and_open_data():
    """A figure reported by someone, undated and planned, and an expected outcome: the report's figure
    table, the deck's editable points, the site's figure card and the open-data rows all say so, in the
    words the posters and videos use (`media.content.words`)."""
    from media.slides.points import infographic_points
    from media.content.numbers import figure_row
    from media.site import content, opendata

    root = Path(__file__).resolve().parent.parent / "storyboards"
    sb = load_storyboard(root / "open-sso.yaml")
    services = sb.model.figure("services")
    assert figure_row(sb, services, "en").label == ("more online services by the end of that year (Planned; "
                                                    "as reported by the West Tehran director-general; undated)")
    fa = figure_row(sb, services, "fa").label
    assert fa.endswith("(برنامه‌ریزی‌شده؛ به نقل از مدیرکل غرب تهران؛ بدون تاریخ)"), fa
    card = content.figure_view(sb, services, "fa")
    assert card["status"] == "planned" and card["claim"] == "برنامه‌ریزی‌شده؛ به نقل از مدیرکل غرب تهران؛ بدون تاریخ"

    plan18 = load_storyboard(root / "plan-18.yaml")
    outcomes = next(i for i in plan18.model.infographics if i.kind == "outcomes")
    points = infographic_points(plan18, outcomes, "en")
    assert points and all("(Expected)" in text for _, text in points), points
    steps = next(i for i in plan18.model.infographics if getattr(i, "steps", None) and
                 any(s.status == "under_study" for s in i.steps))
    assert any("(Under study)" in lead for lead, _ in infographic_points(plan18, steps, "en"))
    items = [it for it in content.category_items(plan18, "fa") if it["measure"] == "outcomes"]
    assert items and all(it["status"] == "expected" and it["claim"] == "مورد انتظار" for it in items)
    pages = [{"id": "plan-18", "lang": lang, "plan": 18, "draft": True, "items": content.category_items(plan18, lang)}
             for lang in ("fa", "en")]
    rows = [r for r in opendata.item_rows(pages) if r["measure"] == "outcomes"]
    assert rows and all((r["status"], r["claim_en"], r["claim_fa"]) == ("expected", "Expected", "مورد انتظار")
                        for r in rows)
