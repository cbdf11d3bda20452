"""Benchmark: time to build every infographic (all sizes, CSVs, contact sheet) of one storyboard and language.

Usage: python benchmarks/bench_infographics.py [STORYBOARD] [LANG]   (default storyboards/plan-12.yaml fa)
Budget: under 20 s per storyboard and language on 2 cores.
"""
from __future__ import annotations

import sys
import tempfile
import time
from pathlib import Path

BUDGET_S = 20.0
ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))


def main() -> int:
    from media.builders import BuildOptions
    from media.builders.infographics import InfographicsBuilder
    from media.storyboard import load_storyboard

    path = Path(sys.argv[1]) if len(sys.argv) > 1 else Path("storyboards/plan-12.yaml")
    lang = sys.argv[2] if len(sys.argv) > 2 else "fa"
    sb = load_storyboard(path, (lang,))
    with tempfile.TemporaryDirectory() as tmp:
        started = time.perf_counter()
        artifacts = InfographicsBuilder(BuildOptions()).build(sb, lang, Path(tmp))
        elapsed = time.perf_counter() - started
        pngs = [a for a in artifacts if a.kind == "infographic"]
        pixels = sum(a.extra["width"] * a.extra["height"] for a in pngs)
    print(f"{path.name} {lang}: {len(pngs)} infographics ({pixels / 1e6:.0f} Mpx), {len(artifacts)} files "
          f"in {elapsed:.1f} s (budget {BUDGET_S:.0f} s)")
    return 0 if elapsed < BUDGET_S else 1


if __name__ == "__main__":
    sys.exit(main())
