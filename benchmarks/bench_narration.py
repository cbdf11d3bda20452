"""Human narration benchmark: importing takes for a whole storyboard, and the loudness of its film and
podcast built from takes only (no synthesis).

    python benchmarks/bench_narration.py [storyboards/plan-12.yaml] [--lang fa] [--size 320x180@10]

The storyboard's project is copied to a temporary folder. One WAV take per unit (film scenes and podcast
lines) is written, a speech-like signal (syllables of varying pitch, as in the tests) as long as the
unit's expected reading time, recorded at a level a real microphone gives (about -30 LUFS, DC offset and
a 40 Hz hum added, a second of room noise before and after). Prints the wall time of `media narration
import` for all of them (decode, clean, check, level, FLAC, store), then builds the film and the podcast
from the takes (`--only video,podcast`, the film at `--size`: loudness does not depend on the picture)
and measures both files with an independent meter (pyloudnorm, ITU-R BS.1770) and the manifest's own.
"""
from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))
sys.path.insert(0, str(ROOT))


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("storyboard", nargs="?", default=str(ROOT / "storyboards" / "plan-12.yaml"))
    ap.add_argument("--lang", default="fa")
    ap.add_argument("--size", default="320x180@10")
    a = ap.parse_args()

    import numpy as np
    import pyloudnorm

    from media import audio
    from media.narration import units
    from media.storyboard import load_storyboard
    from tests.narration_support import voice_like

    src = Path(a.storyboard).resolve()
    work = Path(tempfile.mkdtemp(prefix="bench-narration-"))
    proj = work / "proj"
    shutil.copytree(src.parent, proj, ignore=shutil.ignore_patterns("recordings", "output"))
    sb_path = proj / src.name
    sb = load_storyboard(sb_path, (a.lang,))
    todo = units(sb, a.lang)
    takes = work / "takes"
    takes.mkdir()
    rng = np.random.default_rng(3)
    total_s = 0.0
    for n, u in enumerate(todo):
        body = voice_like(u.expected_s, seed=100 + n, level=0.06)
        room = rng.normal(0, 10 ** (-58 / 20), audio.SR).astype(np.float32)
        x = np.concatenate([room, body, room]) + 0.02
        x = x + 0.01 * np.sin(2 * np.pi * 40 * np.arange(len(x)) / audio.SR)
        audio.write_wav(takes / f"{u.id}.wav", x.astype(np.float32))
        total_s += len(x) / audio.SR
    env = {**os.environ, "PYTHONPATH": str(ROOT / "src"), "MEDIA_VIDEO_SIZE": a.size,
           "MEDIA_CACHE_DIR": str(work / "cache")}
    t0 = time.perf_counter()
    r = subprocess.run([sys.executable, "-m", "media", "narration", "import", str(sb_path), "--lang", a.lang,
                        str(takes)], env=env, capture_output=True, text=True)
    import_s = time.perf_counter() - t0
    print(r.stdout.strip().splitlines()[-1] if r.stdout else r.stderr)
    print(f"import: {len(todo)} units, {total_s:.0f} s of takes ({sum(f.stat().st_size for f in takes.iterdir()) / 1e6:.1f} MB "
          f"WAV) in {import_s:.1f} s = {total_s / import_s:.0f}x real time")
    t0 = time.perf_counter()
    r = subprocess.run([sys.executable, "-m", "media", "build", str(sb_path), "--lang", a.lang, "--only",
                        "video,podcast", "--out", str(work / "output"), "-j", "1"], env=env, capture_output=True,
                       text=True)
    if r.returncode:
        print(r.stderr)
        raise SystemExit(1)
    print(f"build (film at {a.size} + podcast) from takes: {time.perf_counter() - t0:.1f} s")
    out = work / "output" / sb.id / a.lang
    manifest = json.loads((out / "manifest.json").read_text())
    meter = pyloudnorm.Meter(audio.SR)
    for name in ("video/video.mp4", "podcast.mp3"):
        x = audio.load(out / name).astype(np.float64)
        ours = next((f for f in manifest["artifacts"] if f["path"].endswith(name)), {})
        own = ours.get("loudness_lufs", ours.get("lufs"))
        print(f"{name}: {len(x) / audio.SR:.1f} s, pyloudnorm {meter.integrated_loudness(x):.1f} LUFS, "
              f"sample peak {20 * np.log10(np.abs(x).max()):.1f} dBFS, true peak {audio.true_peak_db(x.astype(np.float32)):.1f} dBTP"
              f" (manifest: {own})")
    shutil.rmtree(work)


if __name__ == "__main__":
    main()
