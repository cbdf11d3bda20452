"""Benchmark: the extra build time of the broadcast master and the upload kit (issue 24).

Usage: python benchmarks/bench_broadcast.py [STORYBOARD ...] [--lang fa] [--out OUT]
(default: storyboards/plan-18.yaml, fa, a temporary folder)

The film is built first (speech, its scene segments: skipped when OUT holds it up to date); then the
broadcast job runs forced, one job at a time, from an empty segment cache of its own (its pictures are not
the film's: another size, rate and encoder quality), and the upload kit's two parts (the text, the 1280x720
thumbnail) are timed on their own, as the film job makes them. The package figure is extrapolated from the
storyboards measured: per second of film, times the seconds of every film of the package (read from the
manifests of a full build in OUT when there is one, else the films measured here)."""
from __future__ import annotations

import argparse
import json
import os
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))


def main() -> int:
    from media.build import build
    from media.builders import BuildOptions
    from media.content.upload import upload_text
    from media.engine.state import State, WorkDir
    from media.storyboard import load_storyboard
    from media.video.render import chapters_of, frame_spec, plan
    from media.video.thumbnail import thumbnail_jpeg

    ap = argparse.ArgumentParser()
    ap.add_argument("storyboards", nargs="*", default=[str(ROOT / "storyboards" / "plan-18.yaml")])
    ap.add_argument("--lang", default="fa")
    ap.add_argument("--out")
    args = ap.parse_args()
    files = [Path(s) for s in args.storyboards]
    langs = tuple(args.lang.split(","))
    with tempfile.TemporaryDirectory() as tmp:
        out = Path(args.out) if args.out else Path(tmp) / "out"
        os.environ.setdefault("MEDIA_CACHE_DIR", str(Path(tmp) / "cache"))
        started = time.perf_counter()
        build(files, langs, ["video"], out, BuildOptions(), jobs=1)
        print(f"the films (speech and segments, or up to date): {time.perf_counter() - started:.1f} s")
        build(files, langs, ["broadcast"], out, BuildOptions(), jobs=1, force=True)
        jobs = State(WorkDir.for_output(out)).jobs
        rows, film_s, extra_s = [], 0.0, 0.0
        for f in files:
            for lang in langs:
                sb = load_storyboard(f, (lang,))
                rec = {k: v for k, v in jobs.items() if k.startswith(f"{sb.id}/{lang}/")}
                video_s = next(v.get("seconds", 0.0) for k, v in rec.items() if "/video/" in k)
                bc_s = next(v.get("seconds", 0.0) for k, v in rec.items() if "/broadcast/" in k)
                planned = plan(sb, lang, BuildOptions(), frame_spec("16:9"))
                total = planned[-1].start_s + planned[-1].duration_s
                t0 = time.perf_counter()
                upload_text(sb, lang, chapters_of(sb, lang, planned), total)
                t1 = time.perf_counter()
                jpg = thumbnail_jpeg(sb, lang)
                t2 = time.perf_counter()
                folder = out / sb.id / lang / "video"
                mov = folder / "broadcast.mov"
                report = json.loads((folder / "broadcast-loudness.json").read_text(encoding="utf-8"))
                rows.append((sb.id, lang, total, video_s, bc_s, t1 - t0, t2 - t1, len(jpg), mov.stat().st_size, report))
                film_s += total
                extra_s += bc_s + (t2 - t0)
        print(f"{'storyboard':<10} {'lang':<4} {'film s':>7} {'film job s':>10} {'broadcast s':>11} {'upload txt s':>12} "
              f"{'thumb s':>8} {'thumb KB':>8} {'master MB':>9} {'Mbit/s':>6} {'LUFS':>6} {'dBTP':>6} {'LRA':>5}")
        for sid, lang, total, video_s, bc_s, up_s, th_s, jpg_b, mov_b, r in rows:
            print(f"{sid:<10} {lang:<4} {total:>7.1f} {video_s:>10.1f} {bc_s:>11.1f} {up_s:>12.3f} {th_s:>8.2f} "
                  f"{jpg_b / 1024:>8.0f} {mov_b / 1e6:>9.1f} {mov_b * 8 / total / 1e6:>6.1f} {r['integrated_lufs']:>6.1f} "
                  f"{r['true_peak_dbtp']:>6.1f} {r['loudness_range_lu']:>5.1f}")
        package_s = 0.0
        for manifest in out.glob("*/*/manifest.json"):
            for entry in json.loads(manifest.read_text(encoding="utf-8")).get("files", []):
                if entry.get("kind") == "video" and entry.get("aspect", "16:9") == "16:9":
                    package_s += float(entry.get("duration_s", 0.0))
        package_s = package_s or film_s
        print(f"extra per second of film: {extra_s / film_s:.2f} s; for {package_s:.0f} s of 16:9 film "
              f"(the films in {out}): about {extra_s / film_s * package_s / 60:.1f} min more build")
    return 0


if __name__ == "__main__":
    sys.exit(main())
