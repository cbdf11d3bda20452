"""Benchmark: what the editable sources (issue 23) add to a storyboard's build, in time and bytes.

Usage: python benchmarks/bench_sources.py [STORYBOARD ...] [--lang fa] [--out OUT]
(default: storyboards/plan-18.yaml, fa, a temporary folder)

First the media they read are built (infographics, poster, podcast and the film: skipped when OUT holds them up
to date); then the timeline and source-pack jobs run again, forced, one at a time, and their times and sizes
are printed with the SVGs' sizes (the SVGs are written by the infographics, poster and podcast jobs; their
painting time is measured apart, on the same drawings).
"""
from __future__ import annotations

import argparse
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))


def _svg_seconds(path: Path, lang: str) -> tuple[int, float]:
    from media.graphics.infographic import SIZES, checked
    from media.graphics.svg import to_svg
    from media.storyboard import load_storyboard
    from media.text import PillowMeasurer

    sb = load_storyboard(path)
    drawings = [checked(sb, i, lang, *SIZES[size], PillowMeasurer())
                for i, spec in enumerate(sb.model.infographics) for size in spec.sizes]
    started = time.perf_counter()
    for d in drawings:
        to_svg(d)
    return len(drawings), time.perf_counter() - started


def main() -> int:
    from media.build import build
    from media.builders import BuildOptions
    from media.engine.state import State, WorkDir

    ap = argparse.ArgumentParser()
    ap.add_argument("storyboards", nargs="*", default=[str(ROOT / "storyboards" / "plan-18.yaml")])
    ap.add_argument("--lang", default="fa")
    ap.add_argument("--out")
    args = ap.parse_args()
    files = [Path(s) for s in args.storyboards]
    langs = tuple(args.lang.split(","))
    with tempfile.TemporaryDirectory() as tmp:
        out = Path(args.out) if args.out else Path(tmp)
        started = time.perf_counter()
        build(files, langs, ["infographics", "poster", "podcast", "video"], out, BuildOptions(), jobs=2)
        print(f"media the sources read: {time.perf_counter() - started:.1f} s")
        build(files, langs, ["timeline", "sources"], out, BuildOptions(), jobs=1, force=True)
        jobs = State(WorkDir.for_output(out)).jobs
        print(f"{'storyboard':<10} {'lang':<4} {'timeline s':>10} {'edit MB':>8} {'pack s':>7} {'pack MB':>8} "
              f"{'SVGs':>5} {'SVG MB':>7} {'SVG paint s':>11}")
        for f in files:
            for lang in langs:
                timeline = jobs[f"{f.stem}/{lang}/timeline/16x9"]
                pack = jobs[f"{f.stem}/{lang}/sources/pack"]
                svgs = [p for p in (out / f.stem / lang).rglob("*.svg")]
                n, paint_s = _svg_seconds(f, lang)
                print(f"{f.stem:<10} {lang:<4} {timeline['seconds']:>10.2f} "
                      f"{sum(e['bytes'] for e in timeline['entries']) / 1e6:>8.1f} {pack['seconds']:>7.2f} "
                      f"{sum(e['bytes'] for e in pack['entries']) / 1e6:>8.2f} {len(svgs):>5} "
                      f"{sum(p.stat().st_size for p in svgs) / 1e6:>7.2f} {paint_s:>11.3f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
