"""Helpers of the narration tests: a speech-like signal (syllables of varying pitch, never periodic, so a
cross-correlation has one clear peak), takes in every accepted format, and the correlation oracle."""
from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import numpy as np

from media import audio

ROOT = Path(__file__).resolve().parent / "roots" / "narration"


def project(tmp_path: Path) -> Path:
    """A fresh copy of the narration fixture project; returns its storyboard."""
    dest = tmp_path / "proj"
    shutil.copytree(ROOT, dest)
    return dest / "storyboards" / "talk.yaml"


def voice_like(seconds: float, seed: int = 1, sr: int = audio.SR, level: float = 0.25) -> np.ndarray:
    """Syllables (120-240 ms) of harmonics at a random pitch with a smooth envelope, short gaps between."""
    rng = np.random.default_rng(seed)
    out = np.zeros(int(seconds * sr), np.float32)
    t = 0
    while t < len(out):
        n = int(rng.uniform(0.12, 0.24) * sr)
        f0 = rng.uniform(110, 240)
        k = np.arange(n) / sr
        glide = f0 * (1 + 0.15 * rng.uniform(-1, 1) * k / max(k[-1], 1e-3))
        phase = 2 * np.pi * np.cumsum(glide) / sr
        syl = sum((0.6 ** h) * np.sin(h * phase + rng.uniform(0, 6.28)) for h in range(1, 7))
        syl *= np.sin(np.pi * np.arange(n) / n) ** 2 * rng.uniform(0.6, 1.0)
        end = min(len(out), t + n)
        out[t:end] = syl[: end - t]
        t = end + int(rng.uniform(0.02, 0.08) * sr)
    return (out / np.abs(out).max() * level).astype(np.float32)


def with_pauses(pieces: list[np.ndarray], pause_s: float = 1.2, sr: int = audio.SR) -> np.ndarray:
    gap = np.zeros(int(pause_s * sr), np.float32)
    parts = [gap]
    for p in pieces:
        parts += [p, gap]
    noise = np.random.default_rng(7).normal(0, 10 ** (-62 / 20), sum(len(p) for p in parts)).astype(np.float32)
    return np.concatenate(parts) + noise


def write_as(x: np.ndarray, path: Path, sr: int = audio.SR) -> Path:
    """`x` encoded by the file's suffix (wav, flac, mp3, m4a, ogg = Opus), at 48 kHz for the lossy ones."""
    path.parent.mkdir(parents=True, exist_ok=True)
    args = {".wav": ["-c:a", "pcm_s16le"], ".flac": ["-c:a", "flac"], ".mp3": ["-c:a", "libmp3lame", "-b:a", "128k"],
            ".m4a": ["-c:a", "aac", "-b:a", "128k"], ".ogg": ["-c:a", "libopus", "-b:a", "64k", "-ar", "48000"],
            ".opus": ["-c:a", "libopus", "-b:a", "64k", "-ar", "48000"]}[path.suffix]
    subprocess.run([audio.ffmpeg_exe(), "-hide_banner", "-loglevel", "error", "-y", "-f", "f32le", "-ar", str(sr),
                    "-ac", "1", "-i", "pipe:0", *args, str(path)], input=np.asarray(x, "<f4").tobytes(), check=True)
    return path


def best_correlation(window: np.ndarray, source: np.ndarray) -> float:
    """Highest normalised cross-correlation of `window` against every position of `source` (looped once,
    since the browser's fake microphone plays its file in a loop from wherever it is)."""
    from scipy.signal import fftconvolve

    src = np.concatenate([source, source]).astype(np.float64)
    w = window.astype(np.float64) - window.mean()
    num = fftconvolve(src, w[::-1], mode="valid")
    def moving_sum(v: np.ndarray) -> np.ndarray:
        c = np.concatenate([[0.0], np.cumsum(v)])
        return c[len(w):] - c[: len(c) - len(w)]

    energy = moving_sum(src ** 2) - moving_sum(src) ** 2 / len(w)
    den = np.sqrt(np.maximum(energy, 1e-12) * np.sum(w ** 2))
    return float(np.max(num / den))
