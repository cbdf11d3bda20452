"""Video benchmark: our compositor vs the naive moviepy composition of the same scenes.

    python benchmarks/bench_video.py [storyboards/plan-12.yaml] [--lang fa] [--size 1920x1080@30]
                                     [--naive-seconds 20] [--skip-naive]

Speech is synthesised (and cached) before timing starts, so both figures are composition + encoding.
The naive path is what a moviepy user writes: one full-frame ImageClip per scene state (after each
reveal), `CrossFadeIn` for every reveal and between scenes, `CompositeVideoClip`, `write_videofile`.
It is timed on the first `--naive-seconds` of the video and extrapolated per video-second (stated in
the output). Each path runs in its own process so peak RSS is its own.
"""
from __future__ import annotations

import argparse
import json
import multiprocessing as mp
import resource
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))


class TreeMemory:
    """Peak resident memory of this process and, separately, of all its descendants together (ffmpeg),
    sampled every 20 ms from /proc. (getrusage's children figure would count the Python pages a
    forked child holds before it execs ffmpeg, so it would report Python's size again.)"""

    def __init__(self):
        import os
        import threading

        self.pid = os.getpid()
        self.peak_self = self.peak_kids = self.peak_total = 0.0
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)

    @staticmethod
    def _rss_mb(pid: int) -> float:
        try:
            with open(f"/proc/{pid}/status") as fh:
                for line in fh:
                    if line.startswith("VmRSS:"):
                        return int(line.split()[1]) / 1024
        except OSError:
            pass
        return 0.0

    def _children(self, pid: int) -> list[int]:
        import glob

        out = []
        for path in glob.glob(f"/proc/{pid}/task/*/children"):
            try:
                out += [int(x) for x in open(path).read().split()]
            except OSError:
                pass
        return out

    def _run(self) -> None:
        while not self._stop.wait(0.02):
            me = self._rss_mb(self.pid)
            todo, kids = self._children(self.pid), 0.0
            while todo:
                c = todo.pop()
                kids += self._rss_mb(c)
                todo += self._children(c)
            self.peak_self = max(self.peak_self, me)
            self.peak_kids = max(self.peak_kids, kids)
            self.peak_total = max(self.peak_total, me + kids)

    def figures(self) -> dict:
        return {"peak_self": self.peak_self, "peak_kids": self.peak_kids, "peak_total": self.peak_total}

    def __enter__(self) -> "TreeMemory":
        self._thread.start()
        return self

    def __exit__(self, *exc) -> None:
        self._stop.set()
        self._thread.join()


def _cpu_s() -> float:
    """CPU seconds of this process and its finished children (ffmpeg): independent of other load."""
    me, kids = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
    return me.ru_utime + me.ru_stime + kids.ru_utime + kids.ru_stime


def _options(cache: Path):
    from media.builders import BuildOptions

    return BuildOptions(cache_dir=cache)


def run_ours(storyboard: str, lang: str, size: str, cache: str, q) -> None:
    from media.storyboard import load_storyboard
    from media.video.render import frame_spec, plan, render_video

    sb = load_storyboard(storyboard, (lang,))
    spec = frame_spec(override=size)
    opts = _options(Path(cache))
    plan(sb, lang, opts, spec)  # warm the speech cache
    with tempfile.TemporaryDirectory() as tmp:
        with TreeMemory() as mem:
            t0, c0 = time.perf_counter(), _cpu_s()
            res = render_video(sb, lang, opts, Path(tmp) / "video.mp4", spec)
            elapsed, cpu = time.perf_counter() - t0, _cpu_s() - c0
        size_mb = (Path(tmp) / "video.mp4").stat().st_size / 1e6
    q.put({"path": "ours", "video_s": res.duration_s, "elapsed_s": elapsed, "cpu_s": cpu, "mem": mem.figures(),
           "mp4_mb": size_mb, "stats": res.stats})


def _scene_states(design, duration_s: float):
    """(start_s, visible tags) after each reveal: the stills a moviepy user would render."""
    from media.video.motion import CountUp, KenBurns, Reveal

    events = sorted({0.0} | {round(a.start_s, 3) for a in design.motion.animations
                             if isinstance(a, (Reveal, CountUp, KenBurns)) and a.start_s < duration_s})
    out = []
    for t in events:
        visible = {a.tag for a in design.motion.animations if a.start_s <= t}
        out.append((t, visible))
    return out


def run_naive(storyboard: str, lang: str, size: str, cache: str, seconds: float, q) -> None:
    import numpy as np
    from moviepy import AudioFileClip, CompositeVideoClip, ImageClip
    from moviepy.video.fx import CrossFadeIn

    from media.graphics import raster
    from media.storyboard import load_storyboard
    from media.video.design import Context, design_scene
    from media.video.render import TRANSITION_S, frame_spec, plan, soundtrack

    sb = load_storyboard(storyboard, (lang,))
    spec = frame_spec(override=size)
    opts = _options(Path(cache))
    planned = plan(sb, lang, opts, spec)
    total_s = planned[-1].start_s + planned[-1].duration_s
    with tempfile.TemporaryDirectory() as tmp:
        wav = Path(tmp) / "a.wav"
        soundtrack(planned, total_s, wav)
        mem = TreeMemory().__enter__()
        t0, c0 = time.perf_counter(), _cpu_s()
        clips = []
        for k, p in enumerate(planned):
            if p.start_s >= seconds:
                break
            ctx = Context(sb, lang, spec.width, spec.height, k, len(planned))
            design = design_scene(ctx, p.scene, p.sb_index, p.timing)
            animated = design.motion.tags()
            states = _scene_states(design, p.duration_s)
            for j, (t, visible) in enumerate(states):
                end = states[j + 1][0] if j + 1 < len(states) else p.duration_s
                d = design.drawing
                keep = tuple(it for it in d.items if not it.tag or it.tag not in animated or it.tag in visible)
                img = np.asarray(raster.render(type(d)(d.width, d.height, d.background, keep)))
                clip = ImageClip(img).with_start(p.start_s + t).with_duration(max(0.05, end - t))
                fade = TRANSITION_S if j == 0 and k > 0 else 0.4
                clips.append(clip.with_effects([CrossFadeIn(fade)]))
        video = CompositeVideoClip(clips, size=(spec.width, spec.height)).with_duration(min(seconds, total_s))
        video = video.with_audio(AudioFileClip(str(wav)).subclipped(0, min(seconds, total_s)))
        video.write_videofile(str(Path(tmp) / "naive.mp4"), fps=spec.fps, codec="libx264", preset="veryfast",
                              audio_codec="aac", logger=None, threads=2)
        elapsed, cpu = time.perf_counter() - t0, _cpu_s() - c0
        mem.__exit__()
    q.put({"path": "naive (moviepy)", "video_s": min(seconds, total_s), "elapsed_s": elapsed, "cpu_s": cpu,
           "mem": mem.figures(), "extrapolated_from_s": min(seconds, total_s)})


def _in_process(target, *args) -> dict:
    ctx = mp.get_context("spawn")
    q = ctx.Queue()
    p = ctx.Process(target=target, args=(*args, q))
    p.start()
    result = q.get()
    p.join()
    return result


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("storyboard", nargs="?", default=str(ROOT / "storyboards" / "plan-12.yaml"))
    ap.add_argument("--lang", default="fa")
    ap.add_argument("--size", default="1920x1080@30")
    ap.add_argument("--naive-seconds", type=float, default=20.0)
    ap.add_argument("--skip-naive", action="store_true")
    ap.add_argument("--cache", default=str(ROOT / ".cache"))
    args = ap.parse_args()

    rows = [_in_process(run_ours, args.storyboard, args.lang, args.size, args.cache)]
    if not args.skip_naive:
        rows.append(_in_process(run_naive, args.storyboard, args.lang, args.size, args.cache, args.naive_seconds))
    print(f"{Path(args.storyboard).name} [{args.lang}] at {args.size}")
    for r in rows:
        per = r["elapsed_s"] / r["video_s"]
        note = f" (timed on the first {r['extrapolated_from_s']:.0f} s, extrapolated)" if "extrapolated_from_s" in r else ""
        cpu = r["cpu_s"] / r["video_s"]
        print(f"  {r['path']:<16} {per:6.3f} s per video-second  {1 / per:5.2f}x real time  "
              f"peak RSS {r['mem']['peak_total']:.0f} MB (python {r['mem']['peak_self']:.0f} MB, "
              f"ffmpeg {r['mem']['peak_kids']:.0f} MB){note}")
        # CPU time does not depend on what else runs on the machine; 2 cores bound the wall time.
        print(f"  {'':<16} CPU {cpu:.3f} s per video-second (python + ffmpeg): "
              f"{2 / cpu:.2f}x real time if both cores were ours")
        if r["path"] == "ours":
            print(f"  {'':<16} {r['video_s']:.1f} s video in {r['elapsed_s']:.1f} s, MP4 {r['mp4_mb']:.1f} MB "
                  f"({r['mp4_mb'] * 8 / r['video_s']:.2f} Mbit/s); {json.dumps(r['stats'])}")
    if len(rows) == 2:
        ratio = (rows[1]["elapsed_s"] / rows[1]["video_s"]) / (rows[0]["elapsed_s"] / rows[0]["video_s"])
        cpu_ratio = (rows[1]["cpu_s"] / rows[1]["video_s"]) / (rows[0]["cpu_s"] / rows[0]["video_s"])
        print(f"  speed-up over naive moviepy: {ratio:.1f}x wall, {cpu_ratio:.1f}x CPU")


if __name__ == "__main__":
    main()
