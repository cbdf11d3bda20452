"""The book (`book` kind, package-wide), read back by independent readers: pdfinfo (page sizes: A4 plus bleed and
slug for print; the cover = 2 x page width + spine + 2 x bleed, the spine = pages x paper_mm), pdftotext (every
part and section title in logical order, the draft mark on every page), zxing-cpp (the EAN-13 of the ISBN from
the rasterised cover), qpdf and the XMP (PDF/A-2a, PDF/UA-1). Built from the fixture `tests/roots/site`."""
from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

import pytest

from tests.ocr import normalize

ROOT = Path(__file__).resolve().parents[1]
SITE = ROOT / "tests" / "roots" / "site"
ISBN = "978-0-306-40615-7"
MM = 72 / 25.4


def _project(tmp: Path, extra: str) -> list:
    from media.storyboard import load_storyboard

    shutil.copytree(SITE, tmp, dirs_exist_ok=True)
    settings = tmp / "storyboards" / "package.yaml"
    settings.write_text(settings.read_text(encoding="utf-8") + extra, encoding="utf-8")
    return [load_storyboard(tmp / "storyboards" / n) for n in ("teta.yaml", "approved.yaml")]


def _make(sbs, lang: str, tmp: Path) -> dict[str, tuple[Path, dict]]:
    from media.builders.book import BookBuilder
    from media.content.dates import package_date

    out = {}
    for kind, (pdf, extra) in BookBuilder().make(tuple(sbs), lang, package_date(sbs)).items():
        path = tmp / f"{kind}-{lang}.pdf"
        path.write_bytes(pdf)
        out[kind] = (path, extra)
    return out


@pytest.fixture(scope="module")
def books(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("book")
    sbs = _project(tmp / "project", f'book:\n  isbn: "{ISBN}"\n  paper_mm: 0.25\n')
    return sbs, {lang: _make(sbs, lang, tmp) for lang in ("fa", "en")}


def _sizes_pt(pdf: Path) -> list[tuple[float, float]]:
    info = subprocess.run(["pdfinfo", "-f", "1", "-l", "999", str(pdf)], capture_output=True, text=True).stdout
    return [(float(w), float(h)) for w, h in re.findall(r"Page\s+\d+ size:\s+([\d.]+) x ([\d.]+) pts", info)]


def _pdftext(pdf: Path) -> str:
    return subprocess.run(["pdftotext", "-enc", "UTF-8", str(pdf), "-"], capture_output=True, text=True, check=True).stdout


def _squash(text: str) -> str:
    return re.sub(r"\s+", "", normalize(text))


def test_page_sizes_and_cover_width_follow_pages_and_paper(books):
    from media.builders.book import BLEED_MM, PAGE_MM, SLUG_MM

    _, made = books
    for lang, out in made.items():
        screen = _sizes_pt(out["book"][0])
        printed = _sizes_pt(out["book-print"][0])
        assert len(screen) == len(printed) == out["book-print"][1]["pages"] >= 8
        assert all(abs(w - PAGE_MM[0] * MM) < 0.5 and abs(h - PAGE_MM[1] * MM) < 0.5 for w, h in screen)
        grow = 2 * (BLEED_MM + SLUG_MM) * MM
        assert all(abs(w - PAGE_MM[0] * MM - grow) < 0.5 and abs(h - PAGE_MM[1] * MM - grow) < 0.5 for w, h in printed)
        (cw, ch), = _sizes_pt(out["book-cover"][0])
        spine_mm = len(printed) * 0.25
        assert out["book-cover"][1]["spine_mm"] == pytest.approx(spine_mm)
        assert cw == pytest.approx((2 * PAGE_MM[0] + spine_mm + 2 * BLEED_MM) * MM, abs=0.5)
        assert ch == pytest.approx((PAGE_MM[1] + 2 * BLEED_MM) * MM, abs=0.5)


def test_spine_follows_the_page_count(books, tmp_path):
    """Thicker paper, wider spine; more pages (a third storyboard), wider spine again."""
    from media.storyboard import load_storyboard

    sbs = _project(tmp_path / "p", "book:\n  paper_mm: 0.5\n")
    thick = _make(sbs, "en", tmp_path)
    pages = thick["book-print"][1]["pages"]
    assert thick["book-cover"][1]["spine_mm"] == pytest.approx(pages * 0.5)
    (tmp_path / "x").mkdir()
    more = _make(sbs + [load_storyboard(tmp_path / "p" / "storyboards" / "hostile.yaml")], "en", tmp_path / "x")
    assert more["book-print"][1]["pages"] > pages
    assert more["book-cover"][1]["spine_mm"] == pytest.approx(more["book-print"][1]["pages"] * 0.5)
    (w_more, _), = _sizes_pt(more["book-cover"][0])
    (w, _), = _sizes_pt(thick["book-cover"][0])
    assert w_more - w == pytest.approx((more["book-print"][1]["pages"] - pages) * 0.5 * MM, abs=0.5)


def test_zxing_reads_the_isbn_from_the_cover_and_no_bars_without_one(books, tmp_path):
    import zxingcpp
    from PIL import Image

    _, made = books
    for lang, out in made.items():
        png = tmp_path / f"cover-{lang}"
        subprocess.run(["pdftoppm", "-r", "300", "-png", "-singlefile", str(out["book-cover"][0]), str(png)], check=True)
        found = [(b.format.name, b.text) for b in zxingcpp.read_barcodes(Image.open(f"{png}.png"))]
        assert ("EAN13", ISBN.replace("-", "")) in found, (lang, found)
    plain = _make(_project(tmp_path / "p", ""), "en", tmp_path)
    subprocess.run(["pdftoppm", "-r", "300", "-png", "-singlefile", str(plain["book-cover"][0]), str(tmp_path / "plain")], check=True)
    assert not [b for b in zxingcpp.read_barcodes(Image.open(tmp_path / "plain.png")) if b.format.name == "EAN13"]


def test_print_pages_carry_crop_marks_outside_the_bleed(books, tmp_path):
    from PIL import Image

    from media.builders.book import BLEED_MM, SLUG_MM

    _, made = books
    pdf = made["en"]["book-print"][0]
    subprocess.run(["pdftoppm", "-r", "150", "-f", "3", "-l", "3", "-png", "-singlefile", str(pdf), str(tmp_path / "p3")], check=True)
    img = Image.open(tmp_path / "p3.png").convert("L")
    k = 150 / 25.4
    off = (BLEED_MM + SLUG_MM) * k
    # the vertical mark above the top-left trim corner, and nothing where the bleed is (a body page is white there)
    assert min(img.getpixel((round(off) + dx, round(4 * k))) for dx in (-1, 0, 1)) < 128
    assert img.getpixel((round(off - 1.5 * k), round(off - 1.5 * k))) > 200
    assert img.getpixel((round(5 * k), round(5 * k))) > 200


@pytest.mark.parametrize("lang", ["fa", "en"])
def test_part_and_section_titles_in_logical_order_and_draft_on_every_page(books, lang):
    from media.content.book import book
    from media.content.dates import package_date
    from media.content.words import word

    sbs, made = books
    b = book(sbs, lang, package_date(sbs))
    text = _pdftext(made[lang]["book"][0])
    body = _squash(text)
    titles = [word("book.colophon", lang), word("book.foreword", lang)]
    for part in b.parts:
        titles.append(part.title)
        titles += [s.title for s in part.sections] + [word("book.gaps", lang)]
    titles.append(word("book.sources", lang))
    at = 0
    for t in titles:
        found = body.find(_squash(t), at)
        assert found >= 0, f"{lang}: {t!r} missing or out of order"
        at = found + 1
    for i, page in enumerate(text.split("\f")[:-1], 1):
        assert _squash(word("draft_mark", lang)) in _squash(page), f"{lang} page {i}: no draft mark"
    if lang == "fa":
        assert "هنوز گردآوری نشده" in text and "پیش‌گفتار" in text  # ZWNJ kept


def test_every_gap_in_each_parts_annex(books):
    from media.content.book import book
    from media.content.dates import package_date

    sbs, made = books
    for lang, out in made.items():
        annex = normalize(_pdftext(out["book"][0]))
        for part in book(sbs, lang, package_date(sbs)).parts:
            for g in part.gaps:
                for w in re.findall(r"[^\W\d_]+", normalize(g.text)):
                    assert w in annex, f"{lang} {part.sb.id}: gap {g.text!r}: {w!r} missing"


def test_pdf_a_ua_qpdf_and_same_bytes(books):
    from tests.pdf_standards import assert_standards

    sbs, made = books
    assert_standards(*(p for out in made.values() for p, _ in out.values()))
    folder = made["fa"]["book"][0].parent / "again"
    folder.mkdir()
    again = _make(sbs, "fa", folder)
    for kind, (path, _) in made["fa"].items():
        assert again[kind][0].read_bytes() == path.read_bytes(), kind


def test_isbn_check_digit_is_validated():
    from pydantic import ValidationError

    from media.storyboard.settings import BookSettings

    assert BookSettings(isbn=ISBN).isbn == ISBN
    with pytest.raises(ValidationError, match="check digit should be 7"):
        BookSettings(isbn="978-0-306-40615-3")


def test_engine_builds_book_and_ebook_lists_them_and_the_home_page_links_them(tmp_path):
    import json

    from media.build import build
    from media.options import BuildOptions

    shutil.copytree(SITE, tmp_path / "p")
    sbs = tmp_path / "p" / "storyboards"
    out = tmp_path / "output"
    build([sbs / "teta.yaml", sbs / "approved.yaml"], ("fa", "en"), ("book", "ebook", "site"), out, BuildOptions())
    manifest = json.loads((out / "manifest.json").read_text(encoding="utf-8"))
    listed = {(a["kind"], a["path"]) for a in manifest["artifacts"]}
    for lang in ("fa", "en"):
        for kind, name in (("book", f"book-{lang}.pdf"), ("book-print", f"book-{lang}-print.pdf"),
                           ("book-cover", f"book-{lang}-cover.pdf"), ("ebook", f"ebook-{lang}.epub")):
            assert (kind, f"book/{name}") in listed and (out / "book" / name).is_file()
    home_fa = (out / "index.html").read_text(encoding="utf-8")
    home_en = (out / "en" / "index.html").read_text(encoding="utf-8")
    assert 'href="book/ebook-fa.epub"' in home_fa and 'href="book/book-fa.pdf"' in home_fa
    assert 'href="../book/ebook-en.epub"' in home_en and 'href="../book/book-en-print.pdf"' in home_en


def test_book_and_ebook_jobs_read_no_narration(books):
    """A scene's narration is not printed in the book, so editing it does not make the book again."""
    import json

    from media.builders.book import BookBuilder
    from media.builders.ebook import EbookBuilder

    sbs, _ = books
    narration = [sc.narration.fa for sb in sbs for sc in sb.model.scenes if sc.narration and sc.narration.fa]
    assert narration
    for builder in (BookBuilder(), EbookBuilder()):
        [job] = builder.plan_package(sbs, ("fa",))
        keyed = json.dumps(job.inputs, ensure_ascii=False, default=str)
        assert sbs[0].model.title.fa in keyed
        assert not [n for n in narration if n in keyed], builder.name


def test_building_one_language_keeps_the_other_languages_book(tmp_path):
    """Each language's book and e-book is its own scope: `--lang fa` after a build of both leaves English alone."""
    from media.build import build
    from media.options import BuildOptions

    shutil.copytree(SITE, tmp_path / "p")
    sb = tmp_path / "p" / "storyboards" / "approved.yaml"
    out = tmp_path / "output"
    build([sb], ("fa", "en"), ("book", "ebook"), out, BuildOptions())
    english = {p: p.stat().st_mtime_ns for p in (out / "book").glob("*-en*")}
    assert len(english) == 4
    build([sb], ("fa",), ("book", "ebook"), out, BuildOptions(), force=True)
    assert {p: p.stat().st_mtime_ns for p in (out / "book").glob("*-en*")} == english


def test_an_approved_package_carries_no_draft_mark(tmp_path):
    """Only `approved.yaml`: no page of the book, no page or metadata of the e-book says draft."""
    import zipfile

    from media.builders.ebook import make_epub
    from media.content.dates import package_date
    from media.content.words import word
    from media.storyboard import load_storyboard

    sbs = [load_storyboard(SITE / "storyboards" / "approved.yaml")]
    assert not sbs[0].model.is_draft
    for lang in ("fa", "en"):
        out = _make(sbs, lang, tmp_path)
        mark = _squash(word("draft_mark", lang))
        assert mark not in _squash(_pdftext(out["book"][0])) and out["book"][1]["draft"] is False
        data, info = make_epub(tuple(sbs), lang, package_date(sbs))
        (tmp_path / "e.epub").write_bytes(data)
        with zipfile.ZipFile(tmp_path / "e.epub") as z:
            text = "".join(z.read(n).decode("utf-8") for n in z.namelist() if n.endswith((".xhtml", ".opf")))
        assert word("draft_mark", lang) not in text and word("doc.approved", lang) in text and not info["draft"]
