"""Book and e-book benchmark: the whole package (every shipped storyboard) as a book (screen PDF, print PDF,
cover) and as an EPUB, per language, in one process.

    python benchmarks/bench_book.py [--epubcheck]

Prints pages, spine, sizes and seconds per language; with `--epubcheck`, runs Debian's EPUBCheck on each
e-book (0 errors and 0 warnings expected)."""
from __future__ import annotations

import argparse
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--epubcheck", action="store_true")
    args = ap.parse_args()

    from media.builders.book import BookBuilder
    from media.builders.ebook import make_epub
    from media.content.dates import package_date
    from media.storyboard import load_storyboard

    boards = [load_storyboard(f) for f in sorted((ROOT / "storyboards").glob("*.yaml")) if f.name != "package.yaml"]
    day = package_date(boards)
    print(f"{len(boards)} storyboards: {', '.join(b.id for b in boards)}")
    with tempfile.TemporaryDirectory() as tmp:
        for lang in ("fa", "en"):
            t = time.perf_counter()
            made = BookBuilder().make(tuple(boards), lang, day)
            book_s = time.perf_counter() - t
            t = time.perf_counter()
            epub, info = make_epub(tuple(boards), lang, day)
            epub_s = time.perf_counter() - t
            cover = made["book-cover"][1]
            print(f"{lang}: book {made['book'][1]['pages']} pages, spine {cover['spine_mm']} mm, cover {cover['width_mm']} mm wide; "
                  f"screen {len(made['book'][0]) / 1024:.0f} KB, print {len(made['book-print'][0]) / 1024:.0f} KB, "
                  f"cover {len(made['book-cover'][0]) / 1024:.0f} KB; {book_s:.1f} s for the three PDFs")
            print(f"{lang}: e-book {len(epub) / 1024 / 1024:.2f} MB, {info['chapters']} chapters, {info['images']} pictures; {epub_s:.1f} s")
            if args.epubcheck:
                path = Path(tmp) / f"ebook-{lang}.epub"
                path.write_bytes(epub)
                out = subprocess.run(["java", "-jar", "/usr/share/java/epubcheck.jar", str(path)],
                                     capture_output=True, text=True).stdout
                print(f"{lang}: EPUBCheck: {next((l for l in out.splitlines() if l.startswith('Messages')), out[-200:])}")


if __name__ == "__main__":
    main()
