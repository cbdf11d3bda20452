"""Benchmark: build time of every training deck and trainer bundle (5 shipped storyboards x fa, en).

Usage: python benchmarks/bench_deck_bundle.py [OUT]   (default: a temporary folder)

First the media the decks and bundles read are built (infographics, video, podcast, poster and the
documents: skipped when OUT already holds them up to date); then every deck and bundle is built again from scratch (forced), one
job at a time, and each job's time, the deck's slides and the files' sizes are printed.
Budget: decks and bundles of the whole package in under 60 s on 2 cores.
"""
from __future__ import annotations

import sys
import tempfile
import time
from pathlib import Path

BUDGET_S = 60.0
ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))


def main() -> int:
    from media.build import build
    from media.builders import BuildOptions
    from media.engine.state import State, WorkDir

    files = sorted(p for p in (ROOT / "storyboards").glob("*.yaml") if p.name != "package.yaml")
    langs = ("fa", "en")
    with tempfile.TemporaryDirectory() as tmp:
        out = Path(sys.argv[1]) if len(sys.argv) > 1 else Path(tmp)
        started = time.perf_counter()
        build(files, langs, ["infographics", "video", "podcast", "poster", "report", "summary", "checklist"], out,
              BuildOptions(), jobs=2)
        print(f"media the decks and bundles read: {time.perf_counter() - started:.1f} s")
        started = time.perf_counter()
        report = build(files, langs, ["deck", "bundle"], out, BuildOptions(), jobs=1, force=True)
        total = time.perf_counter() - started
        jobs = State(WorkDir.for_output(out)).jobs
        deck_s = bundle_s = 0.0
        print(f"{'storyboard':<10} {'lang':<4} {'deck s':>7} {'slides':>6} {'deck MB':>8} {'bundle s':>9} "
              f"{'files':>5} {'bundle MB':>9}")
        for f in files:
            for lang in langs:
                d = jobs[f"{f.stem}/{lang}/deck/deck"]
                b = jobs[f"{f.stem}/{lang}/bundle/bundle"]
                deck_entry = next(e for e in d["entries"] if e["kind"] == "deck")
                bundle_entry = next(e for e in b["entries"] if e["kind"] == "bundle")
                deck_s += d["seconds"]
                bundle_s += b["seconds"]
                print(f"{f.stem:<10} {lang:<4} {d['seconds']:>7.2f} {deck_entry['slides']:>6} "
                      f"{deck_entry['bytes'] / 1e6:>8.2f} {b['seconds']:>9.2f} {len(bundle_entry['files']):>5} "
                      f"{bundle_entry['bytes'] / 1e6:>9.1f}")
        print(f"{len(report.built)} jobs: decks {deck_s:.1f} s, bundles {bundle_s:.1f} s, wall {total:.1f} s "
              f"(budget {BUDGET_S:.0f} s)")
    return 0 if total < BUDGET_S else 1


if __name__ == "__main__":
    sys.exit(main())
