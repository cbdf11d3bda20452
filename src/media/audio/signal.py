"""Basic operations on mono float32 signals at `SR`: silence, gains and levels, resampling, fades, trimming,
placing, mixing and joining clips."""
from __future__ import annotations

import math
from typing import Iterable, Sequence

import numpy as np

SR = 44100


# ---- basic operations --------------------------------------------------------------------------

def duration(x: np.ndarray, sr: int = SR) -> float:
    return len(x) / sr


def silence(seconds: float, sr: int = SR) -> np.ndarray:
    return np.zeros(max(0, int(round(seconds * sr))), dtype=np.float32)


def db_to_gain(db: float) -> float:
    return float(10.0 ** (db / 20.0))


def gain_to_db(g: float) -> float:
    return 20.0 * math.log10(max(g, 1e-12))


def peak_db(x: np.ndarray) -> float:
    """Sample peak in dBFS (-inf-safe: -240 for silence)."""
    return gain_to_db(float(np.max(np.abs(x)))) if len(x) else -240.0


def rms_db(x: np.ndarray) -> float:
    return gain_to_db(float(np.sqrt(np.mean(np.square(x, dtype=np.float64))))) if len(x) else -240.0


def resample(x: np.ndarray, sr_in: int, sr_out: int = SR) -> np.ndarray:
    """Polyphase resampling (anti-aliased)."""
    if sr_in == sr_out:
        return np.asarray(x, dtype=np.float32)
    from scipy.signal import resample_poly

    g = math.gcd(sr_in, sr_out)
    return resample_poly(np.asarray(x, dtype=np.float32), sr_out // g, sr_in // g).astype(np.float32)


def _ramp(n: int) -> np.ndarray:
    """Raised-cosine ramp 0 -> 1 over n samples (no click at either end)."""
    if n <= 0:
        return np.ones(0, dtype=np.float32)
    return (0.5 - 0.5 * np.cos(np.linspace(0.0, math.pi, n, dtype=np.float64))).astype(np.float32)


def fade(x: np.ndarray, in_s: float = 0.005, out_s: float = 0.005, sr: int = SR) -> np.ndarray:
    """Raised-cosine fade in and out (a copy). Use on every clip edge to avoid clicks."""
    y = np.array(x, dtype=np.float32, copy=True)
    n_in = min(len(y), int(in_s * sr))
    n_out = min(len(y), int(out_s * sr))
    if n_in:
        y[:n_in] *= _ramp(n_in)
    if n_out:
        y[len(y) - n_out:] *= _ramp(n_out)[::-1]
    return y


def trim_silence(x: np.ndarray, threshold_db: float = -50.0, keep_s: float = 0.03, sr: int = SR) -> np.ndarray:
    """Cut leading and trailing audio below `threshold_db` (10 ms windows), keeping `keep_s` of margin."""
    win = max(1, sr // 100)
    n = len(x) // win
    if n == 0:
        return x[:0]
    frames = np.abs(x[: n * win]).reshape(n, win).max(axis=1)
    loud = np.nonzero(frames > db_to_gain(threshold_db))[0]
    if not len(loud):
        return x[:0]
    keep = int(keep_s * sr)
    start = max(0, loud[0] * win - keep)
    end = min(len(x), (loud[-1] + 1) * win + keep)
    return fade(x[start:end], 0.004, 0.008, sr)


def is_silent(x: np.ndarray, min_s: float = 0.05, threshold_db: float = -45.0, sr: int = SR) -> bool:
    """True when there is no usable sound: too short, or nothing above `threshold_db`."""
    return len(x) < min_s * sr or peak_db(x) < threshold_db


def place(track: np.ndarray, clip: np.ndarray, at_s: float, gain_db: float = 0.0, sr: int = SR) -> None:
    """Add `clip` into `track` starting at `at_s` seconds (in place; what overflows the end is dropped)."""
    start = int(round(at_s * sr))
    if start >= len(track) or len(clip) == 0:
        return
    if start < 0:
        clip, start = clip[-start:], 0
    end = min(len(track), start + len(clip))
    track[start:end] += clip[: end - start] * np.float32(db_to_gain(gain_db))


def mix(tracks: Iterable[np.ndarray]) -> np.ndarray:
    """Sum tracks of possibly different lengths (the result is as long as the longest)."""
    tracks = [np.asarray(t, dtype=np.float32) for t in tracks]
    out = np.zeros(max((len(t) for t in tracks), default=0), dtype=np.float32)
    for t in tracks:
        out[: len(t)] += t
    return out


def concat(clips: Sequence[np.ndarray], crossfade_s: float = 0.0, sr: int = SR) -> np.ndarray:
    """Join clips end to end; with `crossfade_s` > 0, equal-power crossfades between neighbours."""
    clips = [np.asarray(c, dtype=np.float32) for c in clips if len(c)]
    if not clips:
        return np.zeros(0, dtype=np.float32)
    out = clips[0]
    for c in clips[1:]:
        out = crossfade(out, c, crossfade_s, sr) if crossfade_s > 0 else np.concatenate([out, c])
    return out


def crossfade(a: np.ndarray, b: np.ndarray, seconds: float, sr: int = SR) -> np.ndarray:
    """`a` then `b`, overlapping by `seconds` with equal-power (sine/cosine) curves."""
    n = min(len(a), len(b), int(seconds * sr))
    if n <= 0:
        return np.concatenate([a, b]).astype(np.float32)
    t = np.linspace(0.0, math.pi / 2, n, dtype=np.float64)
    mid = a[len(a) - n:] * np.cos(t).astype(np.float32) + b[:n] * np.sin(t).astype(np.float32)
    return np.concatenate([a[: len(a) - n], mid, b[n:]]).astype(np.float32)
