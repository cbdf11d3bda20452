"""Documents benchmark: report, executive summary and checklist for every shipped storyboard and language.

    python benchmarks/bench_reports.py [--repeat 2] [--engine]

1. Warms the engine (Typst loads the fonts once; Python imports; one document typeset, untimed).
2. Times every document in this process, best of `--repeat`: content, infographic layout (the same
   display list as the PNGs, painted as vectors), Typst typesetting and the text-layer repair.
   Prints pages and seconds per document and in all; target: all 30 documents in <= 20 s on 2 cores.
3. With `--engine`: the same through `media build --only report,summary,checklist -j 2 --force`
   (two worker processes, each warming its own Typst), wall time.
"""
from __future__ import annotations

import argparse
import datetime as dt
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))
KINDS = ("report", "summary", "checklist", "guide")


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--repeat", type=int, default=2)
    ap.add_argument("--engine", action="store_true", help="also time the real engine with -j 2")
    args = ap.parse_args()

    from media.builders import get
    from media.storyboard import load_storyboard
    from media.typeset import page_count

    files = sorted(p for p in (ROOT / "storyboards").glob("*.yaml") if p.name != "package.yaml")
    boards = [load_storyboard(f) for f in files]
    day = dt.date(2026, 11, 24)
    t0 = time.perf_counter()
    get("summary")().make(boards[0], "fa", day)  # warm: imports, fonts, Typst's caches
    print(f"warm-up: {time.perf_counter() - t0:.2f} s")

    best: dict[tuple, tuple[float, int, int]] = {}
    for _ in range(args.repeat):
        for sb in boards:
            for lang in ("fa", "en"):
                for kind in KINDS:
                    t = time.perf_counter()
                    pdf, _ = get(kind)().make(sb, lang, day)
                    s = time.perf_counter() - t
                    key = (sb.id, lang, kind)
                    if key not in best or s < best[key][0]:
                        best[key] = (s, page_count(pdf), len(pdf))
    print(f"{'storyboard':10} {'lang':4} {'document':9} {'pages':>5} {'KB':>6} {'s':>6}")
    for (sid, lang, kind), (s, pages, size) in sorted(best.items()):
        print(f"{sid:10} {lang:4} {kind:9} {pages:5d} {size / 1024:6.0f} {s:6.2f}")
    total_s = sum(v[0] for v in best.values())
    total_pages = sum(v[1] for v in best.values())
    by_kind = {k: (sum(v[1] for key, v in best.items() if key[2] == k), sum(v[0] for key, v in best.items() if key[2] == k))
               for k in KINDS}
    print(f"\n{len(best)} documents, {total_pages} pages in {total_s:.2f} s in one process "
          f"({total_pages / total_s:.0f} pages/s; target <= 20 s)")
    for k, (pages, s) in by_kind.items():
        print(f"  {k:9} {pages:4d} pages {s:6.2f} s")
    summaries = [v[1] for key, v in best.items() if key[2] == "summary"]
    print(f"  longest summary: {max(summaries)} pages (the call allows 20)")

    if args.engine:
        from media.build import build
        from media.options import BuildOptions

        with tempfile.TemporaryDirectory() as tmp:
            t = time.perf_counter()
            build(files, ("fa", "en"), list(KINDS), Path(tmp), BuildOptions(), jobs=2, force=True)
            print(f"\nengine, -j 2, --force, fresh workers: {time.perf_counter() - t:.2f} s wall for {len(best)} documents")


if __name__ == "__main__":
    main()
