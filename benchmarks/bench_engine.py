"""Build-engine benchmark: the whole package (every storyboard in storyboards/, fa and en), side by side
in one run, each through the real command line (Python start-up included, as a user waits for it):

1. cold build at -j 1 (empty output folder, empty cache: speech is synthesised);
2. cold build at -j 2, with the peak resident memory of the build's whole process tree;
3. a rebuild with nothing changed;
4. one scene's Persian narration edited, then rebuilt at -j 2;
5. one drawn film at 1080p30 in one job (speech cached, no kept scene segments), as x real time;
6. a cold build on a Dask cluster on loopback (a scheduler and two one-thread workers);
7. with --test-suite, `pytest -n 2` (what `./run.sh test` runs after set-up).

Each row gives wall seconds and the CPU seconds (user + sys) of the processes it waited for, which
say more than wall time on a machine other work shares.

    python benchmarks/bench_engine.py [--storyboards plan-18,open-sso] [--skip-dask] [--skip-j1]
                                      [--test-suite] [--json out.json]
"""
from __future__ import annotations

import argparse
import glob
import json
import os
import resource
import shutil
import socket
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent


class TreeSampler:
    """Peak resident memory and CPU seconds of a process and all its descendants, sampled from /proc
    every 0.1 s. getrusage cannot give the CPU: the build's worker processes are children of
    multiprocessing's forkserver, which nobody waits for, so their time never reaches this process.
    Each process counts its own CPU (utime, stime) and, from the CPU of the children it reaped
    (cutime, cstime), the part not already counted from children seen in the samples: processes
    shorter than a sample are counted through their parent, and a child nobody reaps (the
    forkserver) is counted once. The last tenth of a second of each process may be missed."""

    def __init__(self, pid: int):
        self.pid, self.peak_mb = pid, 0.0
        self.seen: dict[int, tuple[int, float, float, int]] = {}  # pid -> (parent, own s, children s, sample)
        self._tick = os.sysconf("SC_CLK_TCK")
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)
        self._thread.start()

    def _stat(self, pid: int) -> tuple[int, float, float, float] | None:
        try:
            with open(f"/proc/{pid}/stat") as fh:
                fields = fh.read().rsplit(")", 1)[1].split()
            with open(f"/proc/{pid}/status") as fh:
                rss = next((int(x.split()[1]) / 1024 for x in fh if x.startswith("VmRSS:")), 0.0)
        except (OSError, IndexError):
            return None
        # after the command name: state ppid ... utime(14) stime(15) cutime(16) cstime(17), 1-based
        own = (int(fields[11]) + int(fields[12])) / self._tick
        reaped = (int(fields[13]) + int(fields[14])) / self._tick
        return int(fields[1]), own, reaped, rss

    @staticmethod
    def _children(pid: int) -> list[int]:
        out = []
        for path in glob.glob(f"/proc/{pid}/task/*/children"):
            try:
                out += [int(x) for x in open(path).read().split()]
            except OSError:
                pass
        return out

    def _run(self) -> None:
        n = 0
        while True:
            n += 1
            todo, total = [self.pid], 0.0
            while todo:
                pid = todo.pop()
                st = self._stat(pid)
                if st is None:
                    continue
                self.seen[pid] = (st[0], st[1], st[2], n)
                total += st[3]
                todo += self._children(pid)
            self.peak_mb = max(self.peak_mb, total)
            if self._stop.wait(0.1):
                break

    def stop(self) -> tuple[float, float]:
        """(CPU seconds, peak MB)."""
        self._stop.set()
        self._thread.join()
        counted: dict[int, float] = {}  # parent -> CPU of its children seen to end before its last sample
        for pid, (parent, own, reaped, n) in self.seen.items():
            if parent in self.seen and self.seen[parent][3] > n:
                counted[parent] = counted.get(parent, 0.0) + own + reaped
        cpu = sum(own + max(0.0, reaped - counted.get(pid, 0.0)) for pid, (_, own, reaped, _) in self.seen.items())
        return cpu, self.peak_mb


def _cpu() -> float:
    r = resource.getrusage(resource.RUSAGE_CHILDREN)
    return r.ru_utime + r.ru_stime


def run(args: list[str], env: dict, cwd: Path, memory: bool = False) -> tuple[float, float, float]:
    """`media build ARGS`: wall seconds, CPU seconds of the build and its descendants, peak MB (if asked)."""
    t0 = time.perf_counter()
    proc = subprocess.Popen([str(BIN / "media"), "build", *args], env=env, cwd=cwd,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    sampler = TreeSampler(proc.pid)
    _, err = proc.communicate()
    seconds = time.perf_counter() - t0
    cpu, peak = sampler.stop()
    peak = peak if memory else 0.0
    if proc.returncode != 0:
        sys.exit(f"media build {' '.join(args)} failed:\n{err[-2000:]}")
    summary = [line for line in err.splitlines() if " jobs: " in line]
    print(f"    {summary[-1] if summary else ''} ({seconds:.1f} s, CPU {cpu:.1f} s"
          + (f", peak {peak:.0f} MB" if memory else "") + ")", flush=True)
    return seconds, cpu, peak


def film_seconds(mp4: Path) -> float:
    """The duration of an MP4 as ffprobe-free ffmpeg reports it."""
    import re

    from imageio_ffmpeg import get_ffmpeg_exe

    info = subprocess.run([get_ffmpeg_exe(), "-hide_banner", "-i", str(mp4)], capture_output=True, text=True).stderr
    h, m, sec = re.search(r"Duration: (\d+):(\d+):([\d.]+)", info).groups()
    return int(h) * 3600 + int(m) * 60 + float(sec)


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
    ap.add_argument("--skip-j1", action="store_true", help="no -j 1 build (and no -j 1 vs -j 2 comparison)")
    ap.add_argument("--test-suite", action="store_true", help="also time pytest -n 2 (several minutes)")
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
    rows: list[tuple[str, str, str]] = []

    def env(cache: str) -> dict:
        return {**base, "MEDIA_CACHE_DIR": str(work / cache)}

    def row(what: str, figures: tuple[float, float, float], target: str, note: str = "") -> None:
        seconds, cpu, peak = figures
        shown = f"{seconds:.1f} s" if seconds >= 10 else f"{seconds:.2f} s"
        rows.append((what, f"{shown} (CPU {cpu:.1f} s)" + (f"; peak {peak / 1024:.2f} GB" if peak else "") + note,
                     target))

    print(f"package: {len(ids)} storyboards x 2 languages, {os.cpu_count()} cores, "
          f"load average {os.getloadavg()[0]:.1f}", flush=True)
    if not opts.skip_j1:
        print("1. cold build, -j 1", flush=True)
        row("cold build, -j 1 (speech synthesised)", run([*files, "--out", "out-j1", "-j", "1"], env("c1"), proj), "-")
    print("2. cold build, -j 2", flush=True)
    row("cold build, -j 2 (speech synthesised), peak memory of the build", 
        run([*files, "--out", "out-j2", "-j", "2"], env("c2"), proj, memory=True), "<= 150 s, <= 2 GB")
    if not opts.skip_j1:
        report_same(proj / "out-j1", proj / "out-j2", "-j 2")
    print("3. nothing changed", flush=True)
    row("rebuild, nothing changed", run([*files, "--out", "out-j2", "-j", "2"], env("c2"), proj), "<= 1 s")
    print("4. one Persian narration edited", flush=True)
    target = proj / "storyboards" / f"{'plan-12' if 'plan-12' in ids else ids[0]}.yaml"
    text = target.read_text(encoding="utf-8")
    marker = "    narration:\n      fa: "
    at = text.index(marker) + len(marker)
    target.write_text(text[:at] + "در یک نگاه، " + text[at:], encoding="utf-8")
    before = {p: p.stat().st_mtime_ns for p in (proj / "out-j2").rglob("*") if p.is_file()}
    row(f"one scene's Persian narration edited ({target.stem}), -j 2",
        run([*files, "--out", "out-j2", "-j", "2"], env("c2"), proj), "<= 5 s")
    moved = sorted(str(p.relative_to(proj / "out-j2")) for p, m in before.items() if p.stat().st_mtime_ns != m)
    print(f"    files rewritten: {moved}", flush=True)
    print("5. one drawn film, 1080p30, one job (speech cached, no kept scene segments)", flush=True)
    shutil.rmtree(work / "c2" / "video-segments", ignore_errors=True)
    film = run([f"storyboards/{target.stem}.yaml", "--out", "out-film", "-j", "1", "--only", "video", "--lang", "fa"],
               env("c2"), proj)
    length = film_seconds(proj / "out-film" / target.stem / "fa" / "video" / "video.mp4")
    row(f"drawn film ({target.stem} fa, {length:.1f} s), 1080p30, one job", film, ">= 12x real time",
        f"; **{length / film[0]:.1f}x real time** (whole command), {film[1] / length:.3f} CPU s per film second")
    if not opts.skip_dask:
        print("6. cold build on a loopback Dask cluster (2 workers x 1 thread)", flush=True)
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
        try:  # the workers' CPU is not this process's children's: the CPU figure is the client's only
            row("cold build on a loopback Dask cluster, 2 workers (CPU: client only)",
                run([*files, "--out", "out-dask", "--scheduler", address], denv, proj), "-")
        finally:
            for p in procs:
                p.kill()
        # after step 4 the storyboards hold the edit: the local folder that was built from them is out-j2
        report_same(proj / "out-j2", proj / "out-dask", "Dask", "the local -j 2 build (after the edit)")
    if opts.test_suite:
        print("7. the test suite, pytest -n 2", flush=True)
        c0, t0 = _cpu(), time.perf_counter()
        subprocess.run([sys.executable, "-m", "pytest", "-q", "-n", "2"], cwd=ROOT, check=False)
        row("`./run.sh test` after set-up (pytest -n 2)", (time.perf_counter() - t0, _cpu() - c0, 0.0), "<= 4 min")
    else:
        rows.append(("`./run.sh test` after set-up", "not run (--test-suite)", "<= 4 min"))
    print()
    print("| what | measured | target |")
    print("|---|---|---|")
    for what, shown, target_s in rows:
        print(f"| {what} | {shown} | {target_s} |")
    if opts.json:
        opts.json.write_text(json.dumps([{"what": w, "measured": m} for w, m, _ in rows], indent=2, ensure_ascii=False))
    shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
