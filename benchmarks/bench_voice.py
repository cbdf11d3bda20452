"""English voice benchmark: what the offline neural voice (piper, CC0 `joe`) costs against espeak.

    python benchmarks/bench_voice.py [storyboards/plan-12.yaml ...] [--engines espeak,piper]

Every English sentence a cold build speaks (video narration and podcast segments of the given
storyboards, prepared exactly as the builders prepare them) is synthesised once per engine, straight
through the engine (no speech cache). Prints, per engine: sentences, seconds of audio, wall time,
process CPU time (all threads), and the real-time factor; then what a cold build pays for piper:
the extra CPU seconds, and the extra wall time on 2 cores with `-j 2` (jobs in parallel).
"""
from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))


def sentences(files: list[str]) -> list[tuple[str, str]]:
    """(role, spoken text) of every English sentence the video and the podcast of each storyboard speak."""
    from media.speech.prepare import prepare_all
    from media.storyboard import load_storyboard

    out = []
    for f in files:
        sb = load_storyboard(f)
        for scene in sb.model.scenes:
            if scene.narration.en and not (scene.narration.audio or {}).get("en"):
                out += [("host", s.spoken) for s in prepare_all([scene.narration.en], "en")]
        for seg in (sb.model.podcast.segments if sb.model.podcast else []):
            if not (seg.audio or {}).get("en"):
                out += [(seg.speaker, s.spoken) for s in prepare_all([seg.text.en], "en")]
    return out


def run(engine_name: str, todo: list[tuple[str, str]]) -> tuple[float, float, float]:
    from media.speech.engines import get_engine

    engine = get_engine(engine_name)
    engine.check("en")
    voices = {role: engine.default_voice("en", role) for role in ("host", "guest")}
    engine.synthesize("Warm up.", "en", voices["host"], 1.0)  # model loading is not per sentence
    audio_s = 0.0
    wall, cpu = time.perf_counter(), time.process_time()
    for role, text in todo:
        x, sr = engine.synthesize(text, "en", voices[role], 1.0)
        audio_s += len(x) / sr
    return audio_s, time.perf_counter() - wall, time.process_time() - cpu


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("files", nargs="*")
    ap.add_argument("--engines", default="espeak,piper")
    args = ap.parse_args()
    files = args.files or [str(p) for p in sorted((ROOT / "storyboards").glob("*.yaml")) if p.name != "package.yaml"]
    todo = sentences(files)
    print(f"{len(todo)} English sentences from {len(files)} storyboard(s)")
    print(f"{'engine':8} {'audio s':>8} {'wall s':>8} {'CPU s':>8} {'x real time':>11}")
    results = {}
    for name in args.engines.split(","):
        audio_s, wall, cpu = run(name, todo)
        results[name] = (audio_s, wall, cpu)
        print(f"{name:8} {audio_s:8.1f} {wall:8.1f} {cpu:8.1f} {audio_s / wall:11.1f}")
    if {"espeak", "piper"} <= set(results):
        extra_cpu = results["piper"][2] - results["espeak"][2]
        extra_wall = results["piper"][1] - results["espeak"][1]
        print(f"a cold build pays for piper: {extra_cpu:.0f} CPU s more ({extra_wall:.0f} s wall in one process; "
              f"about {extra_wall / 2:.0f} s more wall with -j 2 on 2 free cores)")


if __name__ == "__main__":
    main()
