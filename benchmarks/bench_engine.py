"""Build-engine benchmark: the whole package (every storyboard in storyboards/, fa and en), side by side
in one run, each through the real command line (Python start-up included, as a user waits for it):

1. cold build at -j 1 (empty output folder, empty cache: speech is synthesised);
2. cold build at -j 2;
3. a rebuild with nothing changed;
4. one scene's Persian narration edited, then rebuilt at -j 2;
5. a cold build on a Dask cluster on loopback (a scheduler and two one-thread workers).

    python benchmarks/bench_engine.py [--storyboards plan-18,open-sso] [--skip-dask] [--json out.json]
"""
from __future__ import annotations

import argparse
import json
import os
import shutil
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent


def run(args: list[str], env: dict, cwd: Path) -> float:
    t0 = time.perf_counter()
    proc = subprocess.run([str(BIN / "media"), "build", *args], env=env, cwd=cwd, capture_output=True, text=True)
    seconds = time.perf_counter() - t0
    if proc.returncode != 0:
        sys.exit(f"media build {' '.join(args)} failed:\n{proc.stderr[-2000:]}")
    summary = [line for line in proc.stderr.splitlines() if " jobs: " in line]
    print(f"    {summary[-1] if summary else ''}", flush=True)
    return seconds


def report_same(a: Path, b: Path, what: str, than: str = "-j 1") -> None:
    """Print whether two output folders hold the same files with the same bytes, naming any that differ."""
    fa = {p.relative_to(a): p for p in a.rglob("*") if p.is_file()}
    fb = {p.relative_to(b): p for p in b.rglob("*") if p.is_file()}
    differ = sorted(str(k) for k in fa.keys() & fb.keys() if fa[k].read_bytes() != fb[k].read_bytes())
    only = sorted(str(k) for k in fa.keys() ^ fb.keys())
    print(f"    {what} output byte-identical to {than}: {not differ and not only} ({len(fa)} files"
          + (f"; {len(differ)} differ: {differ[:10]}" if differ else "")
          + (f"; {len(only)} only in one: {only[:10]}" if only else "") + ")", flush=True)


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--storyboards", default="", help="comma-separated ids (default: all)")
    ap.add_argument("--skip-dask", action="store_true")
    ap.add_argument("--json", type=Path)
    opts = ap.parse_args()
    work = Path(tempfile.mkdtemp(prefix="bench-engine-"))
    proj = work / "proj"
    shutil.copytree(ROOT / "storyboards", proj / "storyboards")
    ids = [x for x in opts.storyboards.split(",") if x] or sorted(
        p.stem for p in (proj / "storyboards").glob("*.yaml") if p.name != "package.yaml")
    files = [f"storyboards/{i}.yaml" for i in ids]
    base = {**os.environ, "MEDIA_FONT_DIR": str(ROOT / "assets" / "fonts" / "vazirmatn")}
    base.pop("MEDIA_VIDEO_SIZE", None)
    rows: list[tuple[str, float, str]] = []

    def env(cache: str) -> dict:
        return {**base, "MEDIA_CACHE_DIR": str(work / cache)}

    print(f"package: {len(ids)} storyboards x 2 languages, {os.cpu_count()} cores", flush=True)
    print("1. cold build, -j 1", flush=True)
    rows.append(("cold build, -j 1 (speech synthesised)", run([*files, "--out", "out-j1", "-j", "1"], env("c1"), proj), "-"))
    print("2. cold build, -j 2", flush=True)
    rows.append(("cold build, -j 2 (speech synthesised)", run([*files, "--out", "out-j2", "-j", "2"], env("c2"), proj), "-"))
    report_same(proj / "out-j1", proj / "out-j2", "-j 2")
    print("3. nothing changed", flush=True)
    rows.append(("rebuild, nothing changed", run([*files, "--out", "out-j2", "-j", "2"], env("c2"), proj), "<= 2 s"))
    print("4. one Persian narration edited", flush=True)
    target = proj / "storyboards" / f"{'plan-12' if 'plan-12' in ids else ids[0]}.yaml"
    text = target.read_text(encoding="utf-8")
    marker = "    narration:\n      fa: "
    at = text.index(marker) + len(marker)
    target.write_text(text[:at] + "در یک نگاه، " + text[at:], encoding="utf-8")
    before = {p: p.stat().st_mtime_ns for p in (proj / "out-j2").rglob("*") if p.is_file()}
    rows.append((f"one scene's Persian narration edited ({target.stem}), -j 2",
                 run([*files, "--out", "out-j2", "-j", "2"], env("c2"), proj), "<= 25 s"))
    moved = sorted(str(p.relative_to(proj / "out-j2")) for p, m in before.items() if p.stat().st_mtime_ns != m)
    print(f"    files rewritten: {moved}", flush=True)
    if not opts.skip_dask:
        print("5. cold build on a loopback Dask cluster (2 workers x 1 thread)", flush=True)
        port = free_port()
        address = f"tcp://127.0.0.1:{port}"
        denv = env("c5")
        procs = [subprocess.Popen([str(BIN / "dask"), "scheduler", "--host", "127.0.0.1", "--port", str(port),
                                   "--no-dashboard"], env=denv, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)]
        time.sleep(2)
        procs += [subprocess.Popen([str(BIN / "dask"), "worker", address, "--nthreads", "1", "--no-dashboard",
                                    "--memory-limit", "0"], env=denv, stdout=subprocess.DEVNULL,
                                   stderr=subprocess.DEVNULL) for _ in range(2)]
        time.sleep(6)
        try:
            rows.append(("cold build on a loopback Dask cluster, 2 workers",
                         run([*files, "--out", "out-dask", "--scheduler", address], denv, proj), "-"))
        finally:
            for p in procs:
                p.kill()
        # after step 4 the storyboards hold the edit: the local folder that was built from them is out-j2
        report_same(proj / "out-j2", proj / "out-dask", "Dask", "the local -j 2 build (after the edit)")
    print()
    print("| what | measured | target |")
    print("|---|---|---|")
    for what, seconds, target_s in rows:
        shown = f"{seconds:.1f} s" if seconds >= 10 else f"{seconds:.2f} s"
        print(f"| {what} | {shown} | {target_s} |")
    if opts.json:
        opts.json.write_text(json.dumps([{"what": w, "seconds": round(s, 3)} for w, s, _ in rows], indent=2))
    shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
