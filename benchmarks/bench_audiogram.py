"""Benchmark: what the audiograms (issue 24) add to the whole package's build, in time and bytes.

Usage: python benchmarks/bench_audiogram.py [STORYBOARD ...] [--lang fa,en] [--out OUT] [-j N]
(default: every storyboard under storyboards/, both languages, a temporary folder)

First the podcasts they cut from are built (skipped when OUT holds them up to date); then the audiogram jobs run,
forced, with -j N (default 1: the time one core spends), and the wall time of that build, each job's time and the
files' sizes are printed. That build is the time the audiograms add to `media build` (they only read the
podcast's files), less whatever a second core overlaps with other jobs.
"""
from __future__ import annotations

import argparse
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))


def main() -> int:
    from media.build import build
    from media.builders import BuildOptions
    from media.engine.state import State, WorkDir

    ap = argparse.ArgumentParser()
    ap.add_argument("storyboards", nargs="*")
    ap.add_argument("--lang", default="fa,en")
    ap.add_argument("--out")
    ap.add_argument("-j", type=int, default=1)
    args = ap.parse_args()
    files = [Path(s) for s in args.storyboards] or sorted(p for p in (ROOT / "storyboards").glob("*.yaml")
                                                          if p.name != "package.yaml")
    langs = tuple(args.lang.split(","))
    with tempfile.TemporaryDirectory() as tmp:
        out = Path(args.out) if args.out else Path(tmp)
        started = time.perf_counter()
        build(files, langs, ["podcast"], out, BuildOptions(), jobs=2)
        print(f"podcasts (read by the audiograms): {time.perf_counter() - started:.1f} s")
        started = time.perf_counter()
        report = build(files, langs, ["audiogram"], out, BuildOptions(), jobs=args.j, force=True)
        wall = time.perf_counter() - started
        if report.failed:
            print(f"failed: {report.failed}")
            return 1
        jobs = State(WorkDir.for_output(out)).jobs
        print(f"{'storyboard':<12} {'lang':<4} {'aspect':<6} {'clips':>5} {'video s':>8} {'job s':>7} {'MB':>6}")
        total_s = total_b = video_s = 0.0
        for f in files:
            for lang in langs:
                for aspect in ("9x16", "1x1"):
                    job = jobs.get(f"{f.stem}/{lang}/audiogram/{aspect}")
                    if job is None:
                        continue
                    entries = job["entries"]
                    seconds = sum(e.get("duration_s", 0.0) for e in entries)
                    size = sum(e["bytes"] for e in entries)
                    total_s += job["seconds"]
                    total_b += size
                    video_s += seconds
                    print(f"{f.stem:<12} {lang:<4} {aspect:<6} {len(entries):>5} {seconds:>8.1f} "
                          f"{job['seconds']:>7.2f} {size / 1e6:>6.2f}")
        print(f"audiogram build, -j {args.j}: {wall:.1f} s wall; jobs {total_s:.1f} s for {video_s:.0f} s of video, "
              f"{total_b / 1e6:.1f} MB")
    return 0


if __name__ == "__main__":
    sys.exit(main())
