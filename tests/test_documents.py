"""Report, executive summary and checklist PDFs, read back by independent readers: poppler (pdftotext,
pdffonts, pdftoppm), tesseract (fas, eng) and zxing-cpp. Built from the shipped plan-18 storyboard."""
from __future__ import annotations

import datetime as dt
import re
import shutil
import subprocess
from pathlib import Path

import pytest

from tests.ocr import cer, normalize, ocr, require_tesseract

ROOT = Path(__file__).resolve().parents[1]
DAY = dt.date(2026, 11, 24)
PLAN = ROOT / "storyboards" / "plan-18.yaml"


def _need_poppler() -> None:
    for tool in ("pdftotext", "pdffonts", "pdftoppm"):
        if not shutil.which(tool):
            pytest.fail(f"{tool} is missing: apt-get install poppler-utils (./run.sh test does)")


def pdftext(pdf: Path, first: int | None = None, last: int | None = None) -> str:
    args = ["pdftotext", "-enc", "UTF-8"]
    if first:
        args += ["-f", str(first)]
    if last:
        args += ["-l", str(last)]
    return subprocess.run(args + [str(pdf), "-"], capture_output=True, text=True, check=True).stdout


def pages_text(pdf: Path) -> list[str]:
    return pdftext(pdf).split("\f")[:-1]


def raster(pdf: Path, page: int, dpi: int):
    import tempfile

    from PIL import Image

    with tempfile.TemporaryDirectory() as tmp:
        stem = Path(tmp) / "page"
        subprocess.run(["pdftoppm", "-r", str(dpi), "-f", str(page), "-l", str(page), "-png", "-singlefile",
                        str(pdf), str(stem)], capture_output=True, check=True)
        with Image.open(f"{stem}.png") as im:
            return im.convert("RGB")


def heading_box(pdf: Path, page: int, min_height_pt: float = 22.0, below_pt: float = 0.0) -> tuple[float, float, float, float]:
    """The box (pt) of the words at the top of `page`'s body set at least `min_height_pt` high (a level-1
    heading is 26 pt high, body text 16 pt, the running header 12 pt), lower than `below_pt`."""
    xml = subprocess.run(["pdftotext", "-bbox", "-f", str(page), "-l", str(page), str(pdf), "-"],
                         capture_output=True, text=True, check=True).stdout
    boxes = [tuple(float(v) for v in m) for m in
             re.findall(r'xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)"', xml)]
    big = [b for b in boxes if b[3] - b[1] >= min_height_pt and below_pt < b[1] < 150]
    assert big, f"page {page}: no heading-sized words"
    return min(b[0] for b in big), min(b[1] for b in big), max(b[2] for b in big), max(b[3] for b in big)


def crop_pt(img, box: tuple[float, float, float, float], dpi: int, pad_pt: float = 6.0):
    k = dpi / 72.0
    x0, y0, x1, y1 = box
    return img.crop((int((x0 - pad_pt) * k), int((y0 - pad_pt) * k), int((x1 + pad_pt) * k), int((y1 + pad_pt) * k)))


def _load(path: Path):
    from media.storyboard import load_storyboard

    return load_storyboard(path)


def _make(builder_name: str, sb, lang: str, tmp: Path) -> tuple[Path, dict]:
    from media.builders import get

    pdf, doc = get(builder_name)().make(sb, lang, DAY)
    path = tmp / f"{sb.id}-{builder_name}-{lang}.pdf"
    path.write_bytes(pdf)
    return path, doc


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    _need_poppler()
    tmp = tmp_path_factory.mktemp("documents")
    sb = _load(PLAN)
    out = {}
    for lang in ("fa", "en"):
        for name in ("report", "summary", "checklist"):
            out[(name, lang)] = _make(name, sb, lang, tmp)
    return sb, out


def _squash(text: str) -> str:
    return re.sub(r"\s+", "", normalize(text))


LANGS = ["fa", "en"]


@pytest.mark.parametrize("lang", LANGS)
def test_section_titles_in_logical_order(built, lang):
    """Each of the 8 sections' headings, in the call's order, found in the text layer after the contents."""
    from media.content.report import sections

    sb, out = built
    pdf, _ = out[("report", lang)]
    body = _squash(pdftext(pdf, first=3))
    pos = -1
    for s in sections(sb, lang):
        title = _squash(s.title)
        at = body.find(title, pos + 1)
        assert at > pos, f"section {s.number} '{s.title}' not found after section {s.number - 1} in pdftotext output"
        pos = at
    assert not re.search("[\ufb50-\ufdff\ufe70-\ufefc]", pdftext(pdf)), "presentation-form characters in the text"


@pytest.mark.ocr
@pytest.mark.parametrize("lang", LANGS)
def test_section_titles_read_back_by_tesseract(built, lang):
    """The heading at the top of each section's first page, rasterised at 300 dpi, read by tesseract."""
    from media.content.report import sections

    require_tesseract("fas+eng")
    sb, out = built
    pdf, _ = out[("report", lang)]
    texts = [_squash(t) for t in pages_text(pdf)]
    worst = []
    for s in sections(sb, lang):
        page = next(i for i, t in enumerate(texts, 1) if i > 2 and _squash(s.title) in t)
        img = raster(pdf, page, 300)
        box = heading_box(pdf, page)
        top = crop_pt(img, box, 300)
        one_line = box[3] - box[1] < 30  # psm 7 (one text line) reads a heading; psm 6 splits big type
        got = ocr(top, "fas" if lang == "fa" and not re.search("[A-Za-z]", s.title) else
                  ("fas+eng" if lang == "fa" else "eng"), psm=7 if one_line else 6)
        got = re.sub(r"^[\s\d۰-۹.]+", "", normalize(got))  # the section number is not under test here
        score = cer(s.title, got)
        worst.append((score, s.title, got))
        assert score <= 0.12, f"section {s.number}: expected {s.title!r}, tesseract read {got!r} (CER {score:.2f})"


MIXED = "طرح ۱۸ (TETA) با ۴ بانک و «سامانه شایسته‌یار» در سال ۱۴۰۴ به مرحله اجرا رسید."


@pytest.mark.ocr
def test_mixed_run_paragraph_reads_back(tmp_path):
    """Digits, a Latin acronym in parentheses, guillemets and a ZWNJ word in one Persian paragraph: the
    text layer gives it back in logical order, and tesseract reads the rasterised line."""
    from media.typeset.blocks import document, project_root
    from media.content.words import word
    from media.typeset import typeset

    _need_poppler()
    require_tesseract("fas+eng")
    sb = _load(PLAN)
    doc = document(sb, "fa", "report", DAY, [{"t": "p", "text": MIXED}])
    pdf = tmp_path / "mixed.pdf"
    pdf.write_bytes(typeset(doc, project_root(sb), 0))
    text = normalize(pdftext(pdf, first=2, last=2))
    text = text[text.find(normalize(word("draft_mark", "fa"))):]  # after the running header
    # Persian words in logical order, the numbers and the acronym present. (poppler's own bidi pass puts a
    # Latin parenthesis before the number that precedes it, "طرح )TETA( ۱۸": the picture is checked below)
    def clean(t: str) -> str:
        return re.sub(r"[^\w]|[\d۰-۹]|[A-Za-z]", "", t)

    words = [clean(t) for t in normalize(MIXED).split() if clean(t)]
    tokens = iter(clean(t) for t in text.split())
    assert all(any(w_ == t for t in tokens) for w_ in words), f"Persian words out of order in {text!r}"
    for token in ("۱۸", "۴", "۱۴۰۴", "TETA"):
        assert token in text
    assert "شایسته‌یار" in pdftext(pdf)  # the ZWNJ stays in its place (poppler reverses it without the repair)
    img = raster(pdf, 2, 300)
    band = crop_pt(img, heading_box(pdf, 2, min_height_pt=15.0, below_pt=60.0), 300)
    got = ocr(band, "fas+eng", psm=7)
    assert cer(MIXED, got) <= 0.1, f"tesseract read {got!r}"
    # the brackets are mirrored in the picture: "(TETA)" reads as such, not ")TETA("
    assert "(TETA)" in got.replace(" ", "")


def test_fonts_embedded_and_subset(built):
    _, out = built
    for (name, lang), (pdf, _) in out.items():
        rows = subprocess.run(["pdffonts", str(pdf)], capture_output=True, text=True, check=True).stdout.splitlines()[2:]
        assert rows, f"{name} {lang}: no fonts"
        for row in rows:
            cols = row.split()
            assert "Vazirmatn" in cols[0], f"{name} {lang}: unexpected font {cols[0]}"
            emb, sub = cols[-5], cols[-4]
            assert (emb, sub) == ("yes", "yes"), f"{name} {lang}: {row}"


def test_pdf_metadata(built):
    _, out = built
    for (name, lang), (pdf, doc) in out.items():
        info = subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True).stdout
        assert "Tagged:          yes" in info
        assert re.search(r"Title:\s+\S", info) and "Author:" in info
        raw = pdf.read_bytes()
        assert (b"/Lang(fa-IR)" if lang == "fa" else b"/Lang(en)") in raw, f"{name} {lang}: no /Lang"


def test_summary_at_most_20_pages(built, monkeypatch):
    from media.builders import summary
    from media.errors import LayoutError
    from media.typeset import page_count

    sb, out = built
    for lang in LANGS:
        pdf, _ = out[("summary", lang)]
        assert page_count(pdf.read_bytes()) <= 20
        assert page_count(pdf.read_bytes()) == len(pages_text(pdf))
    monkeypatch.setattr(summary, "MAX_PAGES", 2)  # the guard refuses a summary over the limit
    with pytest.raises(LayoutError, match="at most 2"):
        summary.SummaryBuilder().make(sb, "en", DAY)


@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize("dpi", [150, 72])
def test_qr_decodes_to_the_plan_page(built, lang, dpi):
    import zxingcpp

    from media.content.package import package_url

    sb, out = built
    url = package_url(sb, lang)
    for name in ("report", "summary", "checklist"):
        pdf, _ = out[(name, lang)]
        texts = pages_text(pdf)
        page = max(i for i, t in enumerate(texts, 1) if url in t)  # the large code near the end
        found = [r.text for r in zxingcpp.read_barcodes(raster(pdf, page, dpi))]
        assert url in found, f"{name} {lang} page {page} at {dpi} dpi: decoded {found}"


@pytest.mark.parametrize("lang", LANGS)
def test_gaps_annex_lists_what_the_seeds_leave_empty(built, lang):
    from media.content.report import gaps, sections

    sb, out = built
    pdf, _ = out[("report", lang)]
    secs = sections(sb, lang)
    assert [s.number for s in secs] == list(range(1, 9))
    six = next(s for s in secs if s.number == 6)
    assert six.empty and not six.lessons  # the seeds give no lessons
    keys = {g.key for g in gaps(sb, lang)}
    assert {"dates", "budget", "kpis", "lessons", "matrix", "quotes", "success"} <= keys
    from media.content.words import word as w

    texts = pages_text(pdf)
    annex_from = min(i for i, t in enumerate(texts) if i > 1 and _squash(w("report.gaps", lang)) in _squash(t))
    annex = normalize("".join(texts[annex_from:]))
    for g in gaps(sb, lang):  # a table cell may wrap, and pdftotext gives its lines apart: its words are there
        for word in re.findall(r"[^\W\d_]+", normalize(g.text)):
            assert word in annex, f"gap '{g.text}': '{word}' missing from the annex"
    assert len(re.findall(_squash(secs[1].call_title), _squash(annex))) >= 5  # one row per gap of section 2
    # the empty section says in one line what is still to be gathered
    assert _squash(six.gap_line(lang)) in _squash(pdftext(pdf))


def test_two_builds_identical_bytes(built, tmp_path):
    sb, out = built
    for name in ("report", "checklist"):
        again, _ = _make(name, sb, "fa", tmp_path)
        assert again.read_bytes() == out[(name, "fa")][0].read_bytes(), f"{name}: bytes differ between builds"


def _copy_with(tmp_path: Path, extra_yaml: str) -> Path:
    folder = tmp_path / "storyboards"
    folder.mkdir()
    shutil.copy(ROOT / "storyboards" / "package.yaml", folder / "package.yaml")
    target = folder / "plan-18.yaml"
    target.write_text(PLAN.read_text(encoding="utf-8") + "\n" + extra_yaml, encoding="utf-8")
    return target


APPROVAL = """approval:
  by: {fa: دفتر روابط عمومی سازمان, en: SSO public relations office}
  date: 2026-10-05
  reference: PR-1405-77
"""


def test_draft_mark_on_every_page_and_not_on_an_approved_copy(built, tmp_path):
    from media.content.words import word

    sb, out = built
    for (name, lang), (pdf, _) in out.items():
        mark = _squash(word("draft_mark", lang))
        for i, text in enumerate(pages_text(pdf), 1):
            assert mark in _squash(text), f"{name} {lang} page {i}: no draft mark"
    approved = _load(_copy_with(tmp_path, APPROVAL))
    assert not approved.model.is_draft
    for lang in LANGS:
        pdf, _ = _make("summary", approved, lang, tmp_path)
        text = pdftext(pdf)
        assert _squash(word("draft_mark", lang)) not in _squash(text)
        from media.text.numerals import localize

        assert localize("PR-1405-77", lang) in text


LESSONS = """lessons:
  - id: early-legal
    text:
      fa: تفسیر حقوقی ماده 46 را پیش از طراحی سامانه با بانک مرکزی نهایی کنید
      en: Settle the legal reading of article 46 with the central bank before designing the system
    source:
      kind: interview
      title: {fa: مصاحبه با مدیر اجرایی طرح, en: Interview with the plan's executive manager}
      date: 2026-09-14
    factors:
      - {effect: success, category: legal, text: {fa: پشتوانه ماده 46, en: Article 46 as a legal basis}}
      - {effect: failure, category: persuasion, text: {fa: تردید بستانکاران, en: Creditors' doubts}}
    quotes:
      - text: {fa: «اگر از اول بانک مرکزی را همراه نمی‌کردیم، طرح متوقف می‌شد.», en: "“Had we not brought the central bank in early, the plan would have stalled.”"}
        attribution: {fa: مدیر اجرایی طرح, en: the plan's executive manager}
        source: {kind: interview, title: {fa: مصاحبه با مدیر اجرایی طرح, en: Interview with the plan's executive manager}}
"""


def test_lessons_flow_into_section_6_and_the_checklist(tmp_path):
    from media.content.checklist import items
    from media.content.report import sections

    _need_poppler()
    sb = _load(_copy_with(tmp_path, LESSONS))
    assert not any(": lessons: warning" in str(w) for w in sb.warnings)
    six = next(s for s in sections(sb, "en") if s.number == 6)
    assert not six.empty and six.quotes and six.matrix
    assert {g.key for g in six.gaps} == {"lessons"}  # one lesson is not the five the call asks for
    assert [i.origin for i in items(sb, "en")].count("lesson") == 1
    pdf, _ = _make("report", sb, "en", tmp_path)
    text = _squash(pdftext(pdf))
    for needle in ("Settle the legal reading of article 46", "Interview: Interview with the plan's executive manager",
                   "Success/failure factor matrix", "Creditors' doubts", "the plan would have stalled"):
        assert _squash(needle) in text, needle
    pdf, _ = _make("checklist", sb, "fa", tmp_path)
    assert _squash("تفسیر حقوقی ماده ۴۶ را پیش از طراحی سامانه") in _squash(pdftext(pdf))


def test_validate_warns_that_section_6_is_empty():
    result = subprocess.run([str(Path(shutil.which("media") or ROOT / ".venv" / "bin" / "media")), "validate", str(PLAN)],
                            capture_output=True, text=True)
    assert result.returncode == 0
    assert re.search(r"plan-18\.yaml:\d+:\d+: lessons: warning: .*section 6", result.stderr)


def test_checklist_is_labelled_as_derived_from_the_call(built):
    from media.content.checklist import items

    sb, out = built
    for lang in LANGS:
        pdf, _ = out[("checklist", lang)]
        text = _squash(pdftext(pdf))
        label = "برگرفته از «فراخوان" if lang == "fa" else "Derived from Call for proposals"
        assert _squash(label) in text
        assert _squash("not lessons reported by the people who ran it" if lang == "en" else
                       "درس‌آموخته‌های گزارش‌شده از سوی مجریان نیستند") in text
        checks = items(sb, lang)
        assert len([c for c in checks if c.origin == "call"]) == 6  # one per listed challenge of plan 18
        for c in checks:
            assert _squash(c.detail) in text


def test_persian_documents_have_no_latin_digits(built):
    """Digits in Persian text are Persian; only URLs and Latin identifiers keep Latin digits."""
    _, out = built
    for name in ("report", "summary", "checklist"):
        pdf, _ = out[(name, "fa")]
        text = re.sub(r"https?://\S+|example\.org\S*|[A-Za-z][\w.-]*\d[\w.-]*", "", pdftext(pdf))
        assert not re.search(r"[0-9]", text), f"{name}: Latin digits in {re.findall(r'.{12}[0-9].{12}', text)[:3]}"


def test_every_figure_shows_its_source_document_and_section(built):
    from media.content.report import sections

    sb, out = built
    for lang in LANGS:
        text = normalize(pdftext(out[("report", lang)][0]))
        for s in sections(sb, lang):
            for f in s.figures:
                # a table cell wraps, and pdftotext gives a cell's lines apart: every word is on the page
                for word in re.findall(r"[^\W\d_]+", normalize(f.source)):
                    assert word in text, f"{f.id}: '{word}' of its source missing"
                assert ".txt" not in f.source  # a document title, never a file name


def test_engine_builds_and_lists_pages(tmp_path):
    import json

    from media.build import build
    from media.options import BuildOptions

    _need_poppler()
    sb_path = _copy_with(tmp_path, "")
    out = tmp_path / "output"
    build([sb_path], ("en",), ("report", "summary", "checklist"), out, BuildOptions())
    manifest = json.loads((out / "plan-18" / "en" / "manifest.json").read_text())
    entries = {a["kind"]: a for a in manifest["artifacts"] if a["kind"] in ("report", "summary", "checklist")}
    assert set(entries) == {"report", "summary", "checklist"}
    for kind, a in entries.items():
        pdf = out / "plan-18" / "en" / a["path"]
        assert a["pages"] == len(pages_text(pdf)) and a["pages"] >= 2
        assert a["draft"] is True


def test_every_document_declares_pdf_a_and_ua_and_passes_qpdf(built):
    from tests.pdf_standards import assert_standards

    _, out = built
    assert_standards(*(pdf for pdf, _ in out.values()))


def test_the_standards_check_fails_on_a_plain_typst_pdf(tmp_path):
    """The oracle can fail: a Typst PDF exported without standards declares none, and a truncated one is broken."""
    import typst

    from tests.pdf_standards import problems

    plain = tmp_path / "plain.pdf"
    plain.write_bytes(typst.compile(b"#set document(title: [x])\nHello", format="pdf"))
    assert any("PDF/A-2" in p for p in problems(plain)) and any("PDF/UA-1" in p for p in problems(plain))
    broken = tmp_path / "broken.pdf"
    broken.write_bytes(plain.read_bytes()[:-300])
    assert any("qpdf --check" in p for p in problems(broken))
