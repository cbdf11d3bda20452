"""Loudness (ITU-R BS.1770-4 / EBU R128 integrated loudness), true peak on a 4x oversampled signal, the
true-peak limiter and loudness normalisation."""
from __future__ import annotations

import functools
import math

import numpy as np

from media.audio.signal import SR, db_to_gain, gain_to_db, rms_db
from media.errors import EngineError


# ---- loudness and true peak (ITU-R BS.1770-4) ---------------------------------------------------

@functools.lru_cache(maxsize=8)
def _k_weighting(sr: int) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """K-weighting (high shelf + RLB high pass) biquads for any sample rate (libebur128's formulas)."""
    f0, gain_db, q = 1681.974450955533, 3.999843853973347, 0.7071752369554196
    k = math.tan(math.pi * f0 / sr)
    vh = 10.0 ** (gain_db / 20.0)
    vb = vh ** 0.4996667741545416
    a0 = 1.0 + k / q + k * k
    b1 = np.array([(vh + vb * k / q + k * k) / a0, 2.0 * (k * k - vh) / a0, (vh - vb * k / q + k * k) / a0])
    a1 = np.array([1.0, 2.0 * (k * k - 1.0) / a0, (1.0 - k / q + k * k) / a0])
    f0, q = 38.13547087602444, 0.5003270373238773
    k = math.tan(math.pi * f0 / sr)
    b2 = np.array([1.0, -2.0, 1.0])
    a2 = np.array([1.0, 2.0 * (k * k - 1.0) / (1.0 + k / q + k * k), (1.0 - k / q + k * k) / (1.0 + k / q + k * k)])
    return b1, a1, b2, a2


def loudness(x: np.ndarray, sr: int = SR) -> float:
    """Integrated loudness in LUFS (mono). -70.0 or below means silence / too short to measure."""
    from scipy.signal import sosfilt

    hop = int(round(0.1 * sr))
    if len(x) < 4 * hop:
        return -70.0
    b1, a1, b2, a2 = _k_weighting(sr)
    y = sosfilt(np.vstack([np.concatenate([b1, a1]), np.concatenate([b2, a2])]), np.asarray(x, dtype=np.float32))
    n = len(y) // hop
    # energy per 100 ms hop; a 400 ms gating block (75 % overlap) is four consecutive hops
    e = np.einsum("ij,ij->i", y[: n * hop].reshape(n, hop), y[: n * hop].reshape(n, hop), dtype=np.float64)
    z = (e[:-3] + e[1:-2] + e[2:-1] + e[3:]) / (4 * hop)
    with np.errstate(divide="ignore"):
        lk = -0.691 + 10.0 * np.log10(z)
    gated = z[lk > -70.0]
    if not len(gated):
        return -70.0
    rel = -0.691 + 10.0 * math.log10(float(np.mean(gated))) - 10.0
    final = z[(lk > -70.0) & (lk > rel)]
    return float(-0.691 + 10.0 * math.log10(float(np.mean(final))))


_TP_TAPS = 16


@functools.lru_cache(maxsize=1)
def _tp_phases(taps: int = _TP_TAPS) -> tuple[np.ndarray, ...]:
    """Kaiser-windowed sinc interpolators (reversed, for np.convolve) for the 3 in-between phases of
    4x oversampling, 16 taps each (BS.1770-4 annex 2 uses 12; 16 stays within 0.05 dB even on white
    noise)."""
    j = np.arange(-taps // 2 + 1, taps // 2 + 1)
    window = np.kaiser(taps, 5.0)
    out = []
    for k in (1, 2, 3):
        h = np.sinc(j - k / 4.0) * window
        out.append((h / h.sum())[::-1].astype(np.float32))
    return tuple(out)


_TP_BLOCK = 1024


def _runs(mask: np.ndarray, join_gap: int = 0) -> list[tuple[int, int]]:
    """[start, end) index ranges where `mask` is true; runs separated by <= join_gap falses are joined."""
    edges = np.diff(np.concatenate([[0], mask.astype(np.int8), [0]]))
    starts, ends = np.nonzero(edges == 1)[0], np.nonzero(edges == -1)[0]
    out: list[tuple[int, int]] = []
    for a, b in zip(starts.tolist(), ends.tolist()):
        if out and a - out[-1][1] <= join_gap:
            out[-1] = (out[-1][0], b)
        else:
            out.append((a, b))
    return out
_TP_MARGIN_DB = 6.0  # inter-sample peaks of real audio stay well within this of the samples around them
_LIM_MARGIN_DB = 3.0  # the limiter's narrower margin (speed); normalize() then checks with the full one


def _oversampled_peaks(x: np.ndarray, floor: float = 0.0) -> np.ndarray:
    """Per input sample n: the largest |value| of the 4x oversampled signal on [n, n+1].

    With `floor` > 0 only samples above `floor` (and their neighbours) are interpolated, the others
    keep |x|: callers pass a floor `_TP_MARGIN_DB` under the level they care about. Speech has few
    such samples, so this is much cheaper than filtering the whole signal.
    """
    x = np.asarray(x, dtype=np.float32)
    out = np.abs(x)
    n = len(x)
    if n < 16:
        return out
    phases = _tp_phases()
    hot = np.nonzero(out > floor)[0] if floor > 0.0 else None
    if hot is None or len(hot) > n // 4:
        off = _TP_TAPS // 2
        for h in phases:  # convolution with the reversed kernel: the value between n and n+1 is at n + off
            np.maximum(out[:-1], np.abs(np.convolve(x, h, mode="full")[off: off + n - 1]), out=out[:-1])
        return out
    if not len(hot):
        return out
    mark = np.zeros(n, dtype=bool)
    mark[hot] = True
    mark[np.maximum(hot - 1, 0)] = True
    mark[-1] = False  # no interval after the last sample
    starts = np.nonzero(mark)[0]
    half = _TP_TAPS // 2
    padded = np.concatenate([np.zeros(half - 1, np.float32), x, np.zeros(half, np.float32)])
    windows = padded[starts[:, None] + np.arange(_TP_TAPS)[None, :]]  # x[n-7 .. n+8]
    kernels = np.stack([h[::-1] for h in phases], axis=1)  # (12, 3): weight of x[n+o] for each phase
    values = np.abs(windows @ kernels).max(axis=1)
    out[starts] = np.maximum(out[starts], values)  # starts are unique
    return out


def true_peak_db(x: np.ndarray, sr: int = SR) -> float:
    """True peak in dBTP (4x oversampling, as BS.1770-4 annex 2)."""
    if not len(x):
        return -240.0
    floor = float(np.max(np.abs(x))) * db_to_gain(-_TP_MARGIN_DB)
    return gain_to_db(float(np.max(_oversampled_peaks(x, floor))))


_LIM_HOP = 32


def _limiter_gain(peaks: np.ndarray, ceiling: float, window_s: float,
                  sr: int) -> list[tuple[int, int, np.ndarray]] | None:
    """Smooth gain keeping `peaks * gain` under `ceiling`, as [(start, end, gain)] segments (gain 1
    elsewhere); None when no gain is needed.

    Works on 32-sample blocks: gain = min(1, ceiling / block peak); a running minimum over W+2
    blocks then a moving average over W blocks keep every block at or below the gain it and its
    neighbours need, with ~`window_s` ramps (no clicks); then linear interpolation to samples.
    """
    if float(peaks.max(initial=0.0)) <= ceiling:
        return None
    n = len(peaks)
    nb = -(-n // _LIM_HOP)
    padded = np.zeros(nb * _LIM_HOP, dtype=np.float32)
    padded[:n] = peaks
    block = padded.reshape(nb, _LIM_HOP).max(axis=1)
    g = np.minimum(1.0, ceiling / np.maximum(block, 1e-12))
    w = max(3, int(window_s * sr / _LIM_HOP)) | 1
    g = _moving_mean(_moving_min(g, w + 2), w)
    segments = []
    g = np.concatenate([[1.0], g, [1.0]])  # g[k + 1] is block k; unity beyond both ends
    for a, b in _runs(g[1:-1] < 1.0, join_gap=2):
        # piecewise linear between block edges; an edge takes the lower of its two blocks, so inside a
        # block the gain never exceeds that block's own value, and the curve has no steps. The blocks
        # just before and after the run (gain 1) carry the ramps in and out.
        lo, hi = max(0, a - 1), min(nb, b + 1)
        edge_values = np.minimum(g[lo:hi + 1], g[lo + 1:hi + 2])
        edge_pos = np.arange(lo, hi + 1) * _LIM_HOP
        s, e = lo * _LIM_HOP, min(n, hi * _LIM_HOP)
        segments.append((s, e, np.interp(np.arange(s, e), edge_pos, edge_values).astype(np.float32)))
    return segments


def _moving_min(v: np.ndarray, size: int) -> np.ndarray:
    """Centred running minimum over `size` (odd) values; edges repeat the end values."""
    h = size // 2
    padded = np.concatenate([np.full(h, v[0]), v, np.full(h, v[-1])])
    return np.lib.stride_tricks.sliding_window_view(padded, size).min(axis=1)


def _moving_mean(v: np.ndarray, size: int) -> np.ndarray:
    """Centred moving average over `size` (odd) values; edges repeat the end values."""
    h = size // 2
    padded = np.concatenate([np.full(h, v[0]), v, np.full(h, v[-1])])
    c = np.concatenate([[0.0], np.cumsum(padded, dtype=np.float64)])
    return (c[size:] - c[:-size]) / size


def _apply_gain(x: np.ndarray, gain: float, segments: list[tuple[int, int, np.ndarray]] | None) -> np.ndarray:
    y = x * np.float32(gain)
    for s, e, g in segments or ():
        y[s:e] *= g
    return y


def limit_true_peak(x: np.ndarray, ceiling_db: float = -1.5, window_s: float = 0.008, sr: int = SR) -> np.ndarray:
    """Look-ahead limiter on the 4x oversampled peak: smooth gain, never above `ceiling_db` dBTP.

    Repeats (at most 4 times) until the true peak is under the ceiling.
    """
    return _limit(np.asarray(x, dtype=np.float32), ceiling_db, window_s, sr)[0]


def _limit(y: np.ndarray, ceiling_db: float, window_s: float, sr: int) -> tuple[np.ndarray, float]:
    """`limit_true_peak` that also returns the final true peak (linear) it measured."""
    ceiling = db_to_gain(ceiling_db) * 0.999
    floor = ceiling * db_to_gain(-_LIM_MARGIN_DB)
    for _ in range(6):
        peaks = _oversampled_peaks(y, floor)
        if float(peaks.max(initial=0.0)) <= ceiling:
            break
        # aim 0.1 dB under the ceiling so one pass is usually enough
        y = _apply_gain(y, 1.0, _limiter_gain(peaks, ceiling * 0.989, window_s, sr))
    return y, float(peaks.max(initial=0.0))


def normalize(x: np.ndarray, target_lufs: float = -16.0, ceiling_dbtp: float = -1.5,
              sr: int = SR) -> tuple[np.ndarray, float, float]:
    """Gain to `target_lufs` integrated, true peak limited to `ceiling_dbtp` -> (samples, lufs, dBTP).

    Limiting lowers the loudness a little, so gain and limiter alternate until within 0.1 LU (the
    oversampled peaks are computed once and scaled: the gain is linear).
    """
    x = np.asarray(x, dtype=np.float32)
    current = loudness(x, sr)
    if current <= -70.0:
        raise EngineError("cannot normalise loudness: the audio is silent")
    gain_db = target_lufs - current
    ceiling = db_to_gain(ceiling_dbtp) * 0.999
    # peaks of x that can reach the ceiling once gain (up to 3 dB more than now) is applied
    peaks = _oversampled_peaks(x, ceiling / db_to_gain(gain_db + 3.0) * db_to_gain(-_LIM_MARGIN_DB))
    y = x
    for _ in range(6):
        g = db_to_gain(gain_db)
        y = _apply_gain(x, g, _limiter_gain(peaks * np.float32(g), ceiling * 0.989, 0.008, sr))
        current = loudness(y, sr)
        if abs(current - target_lufs) < 0.1:
            break
        gain_db += target_lufs - current
    y, peak = _limit(y, ceiling_dbtp, 0.008, sr)  # the gain curve moved peaks a hair: check
    return y, loudness(y, sr), gain_to_db(peak)


def level_to(x: np.ndarray, target_lufs: float, sr: int = SR) -> np.ndarray:
    """Plain gain to `target_lufs` (RMS fallback for clips shorter than a loudness block)."""
    current = loudness(x, sr)
    if current <= -70.0:
        current = rms_db(x) - 0.7  # close enough for sub-400 ms clips
        if current < -90:
            return np.asarray(x, dtype=np.float32)
    return (np.asarray(x, dtype=np.float32) * np.float32(db_to_gain(target_lufs - current))).astype(np.float32)
