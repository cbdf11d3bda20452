"""Beds under speech: ducking a bed while speech plays, and the generated music (a pad bed and jingles:
no samples, no licences)."""
from __future__ import annotations

import functools
import math
from typing import Sequence

import numpy as np

from media.audio.loudness import level_to
from media.audio.signal import SR, _ramp, db_to_gain, fade


# ---- ducking -----------------------------------------------------------------------------------

def _smooth_gate(active: np.ndarray, attack_frames: float, release_frames: float) -> np.ndarray:
    """One-pole smoothing of a 0/1 frame gate: rises with `attack`, falls with `release` (in frames)."""
    a_up = 1.0 - math.exp(-1.0 / max(attack_frames, 1e-6))
    a_down = 1.0 - math.exp(-1.0 / max(release_frames, 1e-6))
    env = np.empty(len(active), dtype=np.float64)
    level = 0.0
    for i, v in enumerate(active.tolist()):  # frames are 10 ms: a 10-minute track is 60k steps
        level += (v - level) * (a_up if v > level else a_down)
        env[i] = level
    return env


def duck(bed: np.ndarray, sidechain: np.ndarray | None = None,
         intervals: Sequence[tuple[float, float]] | None = None, depth_db: float = -12.0,
         attack_s: float = 0.12, release_s: float = 0.6, lookahead_s: float = 0.15,
         threshold_db: float = -40.0, sr: int = SR) -> np.ndarray:
    """Lower `bed` by `depth_db` while speech plays (a copy).

    Where speech plays comes either from known `intervals` [(start_s, end_s)] (exact; preferred when
    you placed the speech yourself) or from a `sidechain` signal (10 ms RMS above `threshold_db`).
    The bed starts dipping `lookahead_s` before speech, fades down in ~`attack_s` and comes back up
    over ~`release_s` (gaps shorter than that stay mostly ducked: no pumping between sentences).
    """
    hop = sr // 100
    n_frames = len(bed) // hop + 1
    active = np.zeros(n_frames, dtype=np.float64)
    if intervals is not None:
        for start, end in intervals:
            a = max(0, int((start - lookahead_s) * 100))
            b = min(n_frames, int(math.ceil(end * 100)) + 1)
            active[a:b] = 1.0
    elif sidechain is not None:
        m = min(len(sidechain) // hop, n_frames)
        frames = sidechain[: m * hop].reshape(m, hop).astype(np.float64)
        rms = np.sqrt(np.mean(frames ** 2, axis=1))
        on = rms > db_to_gain(threshold_db)
        look = int(lookahead_s * 100)
        if look:
            on = np.convolve(on.astype(float), np.ones(look + 1), mode="full")[look: look + m] > 0
        active[:m] = on
    else:
        raise ValueError("duck() needs `intervals` or a `sidechain`")
    env = _smooth_gate(active, attack_s * 100 / 3, release_s * 100 / 3)
    gain_frames = np.power(10.0, depth_db * env / 20.0)
    gain = np.interp(np.arange(len(bed)) / hop, np.arange(n_frames), gain_frames).astype(np.float32)
    return (bed * gain).astype(np.float32)


# ---- generated music: jingle and bed (no samples, no licences) ----------------------------------

def _hz(midi: float) -> float:
    return 440.0 * 2.0 ** ((midi - 69) / 12.0)


def _pad_note(midi: float, n: int, sr: int, phase_seed: int) -> np.ndarray:
    """A soft pad voice: two slightly detuned copies (slow beating, chorus) with quiet 2nd/3rd harmonics."""
    t = np.arange(n, dtype=np.float64) / sr
    f = _hz(midi)
    rng = np.random.default_rng(phase_seed)
    out = np.zeros(n, dtype=np.float64)
    for detune in (0.0018, -0.0018):
        p = 2 * math.pi * f * (1 + detune) * t + rng.uniform(0, 2 * math.pi)
        s, c = np.sin(p), np.cos(p)
        out += s + 0.18 * (2 * s * c) + 0.05 * (3 * s - 4 * s ** 3)  # sin p + .18 sin 2p + .05 sin 3p
    return out


def _bell(midi: float, seconds: float, sr: int) -> np.ndarray:
    """A soft bell/marimba tone: inharmonic partials with exponential decays, 5 ms attack."""
    n = int(seconds * sr)
    t = np.arange(n, dtype=np.float64) / sr
    f = _hz(midi)
    out = np.zeros(n, dtype=np.float64)
    for ratio, amp, tau in ((1.0, 1.0, 0.9), (2.0, 0.35, 0.45), (3.01, 0.12, 0.25), (4.17, 0.06, 0.15)):
        if f * ratio < sr / 2.2:
            out += amp * np.sin(2 * math.pi * f * ratio * t) * np.exp(-t / tau)
    attack = int(0.005 * sr)
    out[:attack] *= np.linspace(0, 1, attack)
    return out


def _env(n: int, attack: int, release: int) -> np.ndarray:
    e = np.ones(n, dtype=np.float64)
    attack, release = min(attack, n), min(release, n)
    e[:attack] = _ramp(attack)
    if release:
        e[n - release:] *= _ramp(release)[::-1]
    return e


# D major, I-V-vi-IV (D A Bm G), voiced close and low, 4 s per chord.
_PROGRESSION = ((50, 57, 62, 66), (45, 57, 61, 64), (47, 54, 59, 62), (43, 55, 59, 62))
_CHORD_S = 4.0


@functools.lru_cache(maxsize=4)
def _bed_loop(sr: int) -> np.ndarray:
    """One seamless 16 s loop of the pad (chord tails wrap around to the start)."""
    n_chord = int(_CHORD_S * sr)
    tail = int(1.5 * sr)
    loop = np.zeros(n_chord * len(_PROGRESSION) + tail, dtype=np.float64)
    for i, chord in enumerate(_PROGRESSION):
        n = n_chord + tail
        voice = sum(_pad_note(m, n, sr, phase_seed=i * 10 + j) * (1.0 if j else 0.8) for j, m in enumerate(chord))
        loop[i * n_chord: i * n_chord + n] += voice * _env(n, int(1.2 * sr), int(1.8 * sr))
    body = loop[: n_chord * len(_PROGRESSION)].copy()
    body[:tail] += loop[n_chord * len(_PROGRESSION):]
    # no filtering needed: the highest partial (3rd harmonic of F#4) is ~1.1 kHz, under speech presence
    return level_to(body.astype(np.float32), -30.0, sr)


def music_bed(seconds: float, sr: int = SR, lufs: float = -30.0) -> np.ndarray:
    """A calm synthesized pad of any length (tiled seamless loop) at about `lufs`, 2 s fades at both ends."""
    loop = _bed_loop(sr)
    n = int(round(seconds * sr))
    reps = n // len(loop) + 1
    bed = np.tile(loop, reps)[:n] * np.float32(db_to_gain(lufs + 30.0))
    return fade(bed, 2.0, 2.0, sr)


def jingle(kind: str = "intro", sr: int = SR, lufs: float = -18.0) -> np.ndarray:
    """A short signature: bell arpeggio over the bed's first chord. `intro` rises (~4.5 s), `outro` falls (~5 s)."""
    return _jingle(kind, sr, lufs).copy()


@functools.lru_cache(maxsize=8)
def _jingle(kind: str, sr: int, lufs: float) -> np.ndarray:
    if kind not in ("intro", "outro"):
        raise ValueError("jingle kind is 'intro' or 'outro'")
    notes = (74, 78, 81, 86) if kind == "intro" else (81, 78, 76, 74)
    step = 0.22 if kind == "intro" else 0.3
    seconds = 4.5 if kind == "intro" else 5.0
    n = int(seconds * sr)
    out = np.zeros(n, dtype=np.float64)
    for i, m in enumerate(notes):
        tone = _bell(m, seconds - i * step, sr) * (0.9 if i < len(notes) - 1 else 1.0)
        s = int(i * step * sr)
        out[s: s + len(tone)] += tone[: n - s]
    chord = sum(_pad_note(m, n, sr, phase_seed=100 + j) for j, m in enumerate(_PROGRESSION[0])) * 0.12
    out += chord * _env(n, int(0.6 * sr), int(2.0 * sr))
    out *= _env(n, int(0.002 * sr), int(1.2 * sr))
    return level_to(out.astype(np.float32), lufs, sr)
