"""Which jobs a one-line edit of one module reruns: a job's key covers its builder module's import closure
(`media.engine.keys.code_digest`), so an edit reruns every job whose builder reaches the module. Prints, for
each module named (default: the three the content-layer issue asks about), the builders reached and the jobs of
the whole package (storyboards/*.yaml, fa and en) that would run again.

    python benchmarks/bench_rebuild_scope.py [media.builders.poster media.audio ...]
"""
from __future__ import annotations

import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DEFAULT = ("media.builders.poster", "media.audio", "media.graphics.components")


def closure(module: str) -> set[str]:
    from media.engine import keys

    seen: set[str] = set()
    todo = [module]
    while todo:
        m = todo.pop()
        if m in seen or not keys._shapes_bytes(m):
            continue
        seen.add(m)
        todo += keys._imports(m)
    return seen


def main(argv: list[str]) -> None:
    from media import builders
    from media.options import BuildOptions
    from media.storyboard import load_storyboard

    t0 = time.perf_counter()
    sbs = [load_storyboard(p) for p in sorted((ROOT / "storyboards").glob("*.yaml")) if p.stem != "package"]
    jobs: dict[str, int] = {}
    for name in builders.names():
        b = builders.get(name)(BuildOptions())
        n = sum(len(b.plan(sb, lang)) for sb in sbs for lang in ("fa", "en"))
        n += len(b.plan_package(sbs, ("fa", "en")))
        jobs[name] = n
    total = sum(jobs.values())
    reach = {name: closure(builders.target(name).split(":")[0]) for name in builders.names()}
    print(f"whole package: {total} jobs in {len(jobs)} builders (planned in {time.perf_counter() - t0:.1f} s)")
    for module in argv or DEFAULT:
        hit = [name for name in builders.names() if any(m == module or m.startswith(module + ".") for m in reach[name])]
        n = sum(jobs[h] for h in hit)
        print(f"{module}: {n} of {total} jobs rerun, builders: {', '.join(hit) or 'none'}")


if __name__ == "__main__":
    main(sys.argv[1:])
