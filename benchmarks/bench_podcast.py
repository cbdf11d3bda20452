"""Podcast benchmark and "listening" report.

    python benchmarks/bench_podcast.py [storyboards/plan-12.yaml ...] [--lang fa,en] [--repeat 3] [--listen]
                                       [--engine en=piper]

1. Synthesises every sentence once (untimed: that is the speech cache being filled).
2. Times `PodcastBuilder.build` with all speech cached: mixing, ducking, loudness normalisation,
   true-peak limiting, MP3 encoding, decoding the MP3 again to verify loudness and true peak, cover,
   tags, transcript and captions. Reports the best of `--repeat` runs as a multiple of real time.
3. With `--listen`: what a listener would notice, in numbers: speaking rate (words per minute,
   per speaker), pauses between sentences and segments, long silences inside a sentence, clipping,
   digits or symbols left in the spoken text, music level against speech.
"""
from __future__ import annotations

import argparse
import re
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))


def bench(files: list[str], langs: list[str], repeat: int, listen: bool, cache: Path,
          engines: dict[str, str] | None = None) -> None:
    from media.builders import BuildOptions
    from media.builders.podcast import PodcastBuilder
    from media.storyboard import load_storyboard

    opts = BuildOptions(cache_dir=cache, engines=engines or {})
    builder = PodcastBuilder(opts)
    print(f"{'storyboard':14} {'lang':4} {'audio s':>8} {'synth s':>8} {'build s':>8} {'x real time':>11} "
          f"{'LUFS':>6} {'dBTP':>6}")
    total_audio = total_time = 0.0
    with tempfile.TemporaryDirectory() as tmp:
        for f in files:
            sb = load_storyboard(f)
            if sb.model.podcast is None:
                continue
            for lang in langs:
                out = Path(tmp) / sb.id / lang
                out.mkdir(parents=True)
                t0 = time.perf_counter()
                builder.build(sb, lang, out)  # fills the speech cache (and warms generated music)
                first = time.perf_counter() - t0
                best = float("inf")
                for _ in range(repeat):
                    t0 = time.perf_counter()
                    arts = builder.build(sb, lang, out)
                    best = min(best, time.perf_counter() - t0)
                mp3 = arts[0].extra
                total_audio += mp3["duration_s"]
                total_time += best
                print(f"{sb.id:14} {lang:4} {mp3['duration_s']:8.1f} {first:8.2f} {best:8.2f} "
                      f"{mp3['duration_s'] / best:10.0f}x {mp3['lufs']:6.2f} {mp3['true_peak_db']:6.2f}")
                if listen:
                    report(sb, lang, opts, arts)
    if total_time:
        print(f"all: {total_audio:.0f} s of audio assembled in {total_time:.1f} s = "
              f"{total_audio / total_time:.0f}x real time (speech cached)")


def _silences(x, sr, min_s: float, threshold_db: float = -45.0) -> list[tuple[float, float]]:
    import numpy as np

    hop = sr // 100
    n = len(x) // hop
    if n == 0:
        return []
    rms = np.sqrt(np.mean(x[: n * hop].reshape(n, hop).astype(np.float64) ** 2, axis=1))
    quiet = rms < 10 ** (threshold_db / 20)
    out, start = [], None
    for i, q in enumerate(quiet.tolist() + [False]):
        if q and start is None:
            start = i
        elif not q and start is not None:
            if (i - start) / 100 >= min_s and start > 0 and i < n:
                out.append((start / 100, i / 100))
            start = None
    return out


def _vtt_times(path: Path) -> list[tuple[float, float]]:
    def sec(t: str) -> float:
        h, m, s = t.split(":")
        return int(h) * 3600 + int(m) * 60 + float(s)

    text = path.read_text(encoding="utf-8")
    return [(sec(a), sec(b)) for a, b in re.findall(r"(\d+:\d+:[\d.]+) --> (\d+:\d+:[\d.]+)", text)]


def report(sb, lang: str, opts, arts) -> None:
    import numpy as np

    from media import audio
    from media.speech.synth import utterance

    mp3 = arts[0]
    x = audio.load(mp3.path)
    segs = sb.model.podcast.segments
    words = {"host": 0, "guest": 0}
    secs = {"host": 0.0, "guest": 0.0}
    inner_pauses, leftovers, sentence_gaps = [], [], []
    for i, seg in enumerate(segs):
        u = utterance(seg, lang, sb, opts, seg.speaker)
        n_words = sum(len(s.spoken.split()) for s in u.sentences)
        words[seg.speaker] += n_words
        secs[seg.speaker] += sum(c.end_s - c.start_s for c in u.cues)
        sentence_gaps += [b.start_s - a.end_s for a, b in zip(u.cues, u.cues[1:])]
        for c, s in zip(u.cues, u.sentences):
            clip = u.samples[int(c.start_s * audio.SR): int(c.end_s * audio.SR)]
            for a, b in _silences(clip, audio.SR, 0.30):
                inner_pauses.append((b - a, s.display[:60]))
            if re.search(r"[0-9۰-۹%٪/()«»*]", s.spoken):
                leftovers.append(s.spoken[:80])
    cues = _vtt_times(arts[2].path)
    all_gaps = [b[0] - a[1] for a, b in zip(cues, cues[1:])]
    music = np.concatenate([x[int(a * audio.SR): int(b * audio.SR)] for (_, a), (b, _) in zip(cues, cues[1:])
                            if b - a > 1.2]) if any(b[0] - a[1] > 1.2 for a, b in zip(cues, cues[1:])) else None
    speech = np.concatenate([x[int(a * audio.SR): int(b * audio.SR)] for a, b in cues])
    print(f"    listening ({lang}):")
    for role in ("host", "guest"):
        if secs[role]:
            print(f"      {role}: {words[role]} words in {secs[role]:.1f} s of speech = "
                  f"{60 * words[role] / secs[role]:.0f} wpm (articulation, pauses excluded)")
    spoken_total = sum(b - a for a, b in cues)
    print(f"      overall: {60 * sum(words.values()) / (cues[-1][1] - cues[0][0]):.0f} wpm including pauses; "
          f"speech is {100 * spoken_total / mp3.extra['duration_s']:.0f}% of the episode")
    print(f"      pauses between sentences: median {statistics.median(sentence_gaps):.2f} s, "
          f"max {max(sentence_gaps):.2f} s; all gaps between cues: {min(all_gaps):.2f}-{max(all_gaps):.2f} s")
    print(f"      sample peak {audio.peak_db(x):.2f} dBFS, samples at >= -0.1 dBFS: "
          f"{int(np.sum(np.abs(x) >= 0.989))}; speech {audio.loudness(speech):.1f} LUFS"
          + (f", music in the longer gaps {audio.loudness(music):.1f} LUFS" if music is not None and len(music) else ""))
    if inner_pauses:
        inner_pauses.sort(reverse=True)
        print(f"      silences > 0.3 s inside sentences: {len(inner_pauses)}; longest: "
              + "; ".join(f"{d:.2f} s in '{t}'" for d, t in inner_pauses[:3]))
    else:
        print("      no silence > 0.3 s inside any sentence")
    print(f"      digits or symbols left in the spoken text: {len(leftovers)}"
          + (f" e.g. {leftovers[:2]}" if leftovers else ""))


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("files", nargs="*")
    ap.add_argument("--lang", default="fa,en")
    ap.add_argument("--repeat", type=int, default=3)
    ap.add_argument("--listen", action="store_true", help="print the listening report")
    ap.add_argument("--engine", action="append", default=[], metavar="LANG=ENGINE", help="e.g. en=piper")
    ap.add_argument("--cache", default=str(ROOT / "output" / ".cache"), help="speech cache to use and fill")
    args = ap.parse_args()
    files = args.files or sorted(str(p) for p in (ROOT / "storyboards").glob("*.yaml") if p.name != "package.yaml")
    engines = dict(e.split("=", 1) for e in args.engine)
    bench(files, args.lang.split(","), args.repeat, args.listen, Path(args.cache), engines)


if __name__ == "__main__":
    main()
