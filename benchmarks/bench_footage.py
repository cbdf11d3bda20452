"""Documentary benchmark: a film that is half footage beside the same film drawn only, in one run.

    python benchmarks/bench_footage.py [--size 1920x1080@30] [--scene-seconds 10] [--pairs 3] [--lang fa]

Two storyboards of the same length are made in a temporary project: `drawn` has 2 x pairs bullet scenes;
`half` replaces every other one by a clip scene (footage and interview in turn) cut from one generated
1080p30 H.264 clip with sound (ffmpeg `testsrc2`: every picture moves, as footage does). Speech is
synthesised and cached before timing, and the scene segment cache is emptied before every timed render,
so each figure is planning + decoding + composing + encoding + sound + mux. Reported: wall time, real-time
factor (film seconds / wall seconds) and CPU seconds of the process and its ffmpeg children.
"""
from __future__ import annotations

import argparse
import json
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))


def _cpu() -> float:
    a, b = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
    return a.ru_utime + a.ru_stime + b.ru_utime + b.ru_stime


def _clip(path: Path, size: str, fps: int, seconds: float) -> None:
    from media.audio import ffmpeg_exe

    if path.is_file():
        return
    subprocess.run([ffmpeg_exe(), "-hide_banner", "-loglevel", "error", "-y", "-f", "lavfi", "-i",
                    f"testsrc2=size={size}:rate={fps}:duration={seconds}", "-f", "lavfi", "-i",
                    f"aevalsrc=0.4*sin(2*PI*(180*t+40*t*t))*(0.6+0.4*sin(2*PI*3*t)):s=48000:d={seconds}",
                    "-c:v", "libx264", "-preset", "veryfast", "-crf", "23", "-g", str(2 * fps), "-pix_fmt", "yuv420p",
                    "-color_primaries", "bt709", "-color_trc", "bt709", "-colorspace", "bt709",
                    "-c:a", "aac", "-b:a", "128k", "-movflags", "+faststart", str(path)], check=True)


BULLETS = [("{fa: گام نخست, en: The first step}", "{fa: نکته یک, en: Point one}"),
           ("{fa: گام دوم, en: The second step}", "{fa: نکته دو, en: Point two}"),
           ("{fa: گام سوم, en: The third step}", "{fa: نکته سه, en: Point three}")]


def _storyboard(pairs: int, scene_s: float, half: bool) -> str:
    lines = ["plan: 18", "title: {fa: سنجش مستند, en: Documentary benchmark}",
             "summary: {fa: فیلم سنجش., en: A benchmark film.}", "updated: 2026-12-01", "scenes:",
             "  - {id: opening, layout: title, heading: {fa: سنجش مستند, en: Documentary benchmark}, "
             "narration: {fa: آغاز., en: Start.}, duration_s: 3}"]
    for k in range(2 * pairs):
        head, point = BULLETS[(k // 2) % len(BULLETS)]
        drawn = (f"  - {{id: s{k}, layout: bullets, heading: {head}, bullets: [{point}, {point}], "
                 f"narration: {{fa: این یک نکته است., en: This is a point.}}, duration_s: {scene_s}}}")
        if not half or k % 2 == 0:
            lines.append(drawn)
            continue
        cut = f"clip: {{path: footage/site.mp4, in: {k * 2.0}, out: {k * 2.0 + scene_s}}}"
        if (k // 2) % 2 == 0:
            lines.append(f"  - {{id: s{k}, layout: footage, heading: {head}, {cut}, "
                         "narration: {fa: اینجا محل اجراست., en: This is where it runs.}}")
        else:
            lines.append(f"  - {{id: s{k}, layout: interview, heading: {head}, {cut}, "
                         "speaker: {name: {fa: سخنگوی نمونه, en: Sample Speaker}, date: undated}, "
                         "transcript: [{start_s: 1, end_s: 4, text: {fa: سخن نمونه., en: Sample words.}}], "
                         "narration: {}}")
    lines.append("  - {id: end, layout: outro, heading: {fa: پایان, en: The end}, narration: {fa: پایان., en: The end.}, "
                 "duration_s: 3}")
    return "\n".join(lines) + "\n"


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--size", default="1920x1080@30")
    ap.add_argument("--scene-seconds", type=float, default=10.0)
    ap.add_argument("--pairs", type=int, default=3)
    ap.add_argument("--lang", default="fa")
    ap.add_argument("--work", default=None, help="keep the project (and its generated clip) here")
    args = ap.parse_args()

    from media.builders import BuildOptions
    from media.builders.video import VideoBuilder
    from media.storyboard import load_storyboard

    size, _, fps = args.size.partition("@")
    work = Path(args.work) if args.work else Path(tempfile.mkdtemp(prefix="bench-footage-"))
    project = work / "storyboards"
    (project / "footage").mkdir(parents=True, exist_ok=True)
    shutil.copy(ROOT / "tests" / "roots" / "documentary" / "storyboards" / "package.yaml", project)
    _clip(project / "footage" / "site.mp4", size, int(fps or 30), 4 * args.pairs + args.scene_seconds + 2)
    cache = work / "cache"
    rows = {}
    for name in ("drawn", "half"):
        (project / f"{name}.yaml").write_text(_storyboard(args.pairs, args.scene_seconds, name == "half"), encoding="utf-8")
        sb = load_storyboard(project / f"{name}.yaml", (args.lang,))
        builder = VideoBuilder(BuildOptions(cache_dir=cache), frame_override=args.size)
        builder.build(sb, args.lang, work / "warm" / name)  # speech synthesised and cached; clips probed
    for name in ("drawn", "half"):
        sb = load_storyboard(project / f"{name}.yaml", (args.lang,))
        shutil.rmtree(cache / "video-segments", ignore_errors=True)
        t0, c0 = time.perf_counter(), _cpu()
        arts = VideoBuilder(BuildOptions(cache_dir=cache), frame_override=args.size).build(sb, args.lang, work / "out" / name)
        wall, cpu = time.perf_counter() - t0, _cpu() - c0
        video = next(a for a in arts if a.kind == "video")
        film_s = video.extra["duration_s"]
        footage_s = sum(c["out_s"] - c["in_s"] for c in video.extra["clips"])
        rows[name] = {"film_s": film_s, "footage_s": round(footage_s, 2), "wall_s": round(wall, 2),
                      "x_real_time": round(film_s / wall, 2), "cpu_s": round(cpu, 2),
                      "cpu_s_per_film_s": round(cpu / film_s, 3), "mb": round(video.path.stat().st_size / 1e6, 1)}
    print(json.dumps({"size": args.size, "lang": args.lang, **rows}, indent=2))
    for name, r in rows.items():
        print(f"{name:6s} {r['film_s']:6.1f} s of film ({r['footage_s']:.0f} s footage): {r['wall_s']:6.2f} s wall = "
              f"{r['x_real_time']:.2f}x real time, CPU {r['cpu_s']:.1f} s ({r['cpu_s_per_film_s']:.3f} per film second), "
              f"{r['mb']} MB")


if __name__ == "__main__":
    main()
