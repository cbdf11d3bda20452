"""Shared audio helpers: decode/encode through ffmpeg, loudness, limiting, ducking, mixing, music.

Every function works on mono float32 numpy arrays at `SR` (44.1 kHz) unless told otherwise, so
builders combine them freely. The podcast builder uses all of it; the video builder reuses it for
its soundtrack:

    from media import audio
    voice = audio.load(speech.path)                        # any file ffmpeg reads -> float32 @ 44.1 kHz
    track = audio.silence(total_s)
    audio.place(track, voice, at_s=2.0)                    # mix a clip in at an offset (in place)
    bed = audio.music_bed(total_s)                         # code-generated soft pad, seamless loop
    bed = audio.duck(bed, intervals=[(2.0, 2.0 + speech.duration_s)])   # or sidechain=track
    track = audio.mix([track, bed])
    track, lufs, tp = audio.normalize(track, target_lufs=-16.0, ceiling_dbtp=-1.5)
    audio.write_wav(path, track)                           # 16-bit PCM, atomic
    audio.encode_mp3(track, path, bitrate_kbps=96)         # or encode(track, path, ["-c:a", "aac"])

Loudness is ITU-R BS.1770-4 / EBU R128 integrated loudness (K-weighting, 400 ms blocks, absolute
and relative gates); true peak is measured on a 4x oversampled signal. ffmpeg comes from
`imageio_ffmpeg` and is looked up only when first needed, never at import time.
"""
from __future__ import annotations

import functools
import math
import subprocess
import wave
from pathlib import Path
from typing import Iterable, Sequence

import numpy as np

from media.errors import EngineError
from media.files import atomic_path

SR = 44100


# ---- ffmpeg ------------------------------------------------------------------------------------

@functools.lru_cache(maxsize=1)
def ffmpeg_exe() -> str:
    """Path of the ffmpeg binary bundled by imageio-ffmpeg (EngineError with the fix if missing)."""
    try:
        import imageio_ffmpeg

        return imageio_ffmpeg.get_ffmpeg_exe()
    except Exception as exc:  # noqa: BLE001 - any failure means: no usable ffmpeg
        raise EngineError(f"ffmpeg is not available ({exc}); reinstall with `pip install -e .` "
                          "(it comes with the imageio-ffmpeg package)") from None


def _run_ffmpeg(args: list[str], data: bytes | None = None, what: str = "ffmpeg") -> bytes:
    cmd = [ffmpeg_exe(), "-hide_banner", "-nostdin", "-loglevel", "error", *args]
    try:
        proc = subprocess.run(cmd, input=data, capture_output=True, check=False)
    except OSError as exc:
        raise EngineError(f"{what}: cannot run ffmpeg: {exc.strerror}") from None
    if proc.returncode != 0:
        err = proc.stderr.decode("utf-8", "replace").strip().splitlines()
        raise EngineError(f"{what}: ffmpeg failed: {err[-1] if err else 'exit ' + str(proc.returncode)}")
    return proc.stdout


# ---- reading and writing -----------------------------------------------------------------------

def load(path: Path | str, sr: int = SR) -> np.ndarray:
    """Decode any audio file ffmpeg reads to mono float32 at `sr`. 16-bit mono WAVs at `sr` are read directly."""
    path = Path(path)
    try:
        x, file_sr = read_wav(path)
        if file_sr == sr:
            return x
    except (wave.Error, EOFError, ValueError, OSError):
        pass
    if not path.is_file():
        raise EngineError(f"{path}: audio file not found")
    raw = _run_ffmpeg(["-i", str(path), "-vn", "-ac", "1", "-ar", str(sr), "-f", "f32le", "pipe:1"],
                      what=f"decoding {path.name}")
    return np.frombuffer(raw, dtype="<f4").astype(np.float32)


def probe(path: Path | str, sr: int = 8000, timeout_s: float = 120.0) -> tuple[float, float]:
    """Decode a file's first audio stream for real (mono, `sr`, cheap): (seconds of audio, peak 0..1).
    ValueError (a message without the path) when it holds no audio ffmpeg can decode; EngineError when
    ffmpeg itself is missing."""
    path = Path(path)
    cmd = [ffmpeg_exe(), "-hide_banner", "-nostdin", "-loglevel", "error", "-i", str(path), "-map", "0:a:0",
           "-vn", "-ac", "1", "-ar", str(sr), "-f", "s16le", "pipe:1"]
    try:
        proc = subprocess.run(cmd, capture_output=True, check=False, timeout=timeout_s)
    except subprocess.TimeoutExpired:
        raise ValueError(f"decoding took more than {timeout_s:.0f} s") from None
    except OSError as exc:
        raise EngineError(f"cannot run ffmpeg: {exc.strerror}") from None
    if proc.returncode != 0:
        lines = [ln.replace(str(path), "").strip(" :") for ln in proc.stderr.decode("utf-8", "replace").splitlines()]
        lines = [ln for ln in lines if ln]
        if any("matches no streams" in ln for ln in lines):
            raise ValueError("it has no audio stream")
        raise ValueError(lines[-1][:160] if lines else f"ffmpeg exit {proc.returncode}")
    x = np.frombuffer(proc.stdout[: len(proc.stdout) // 2 * 2], dtype="<i2")
    peak = float(np.abs(x).max()) / 32768.0 if len(x) else 0.0
    return len(x) / sr, peak


def decode_bytes(data: bytes, sr: int = SR, what: str = "audio", extra: Sequence[str] = ()) -> np.ndarray:
    """Decode an encoded stream (mp3, ogg, wav ...) held in memory to mono float32 at `sr`.

    `extra`: more ffmpeg output options, e.g. ["-af", "atempo=1.1"].
    """
    raw = _run_ffmpeg(["-i", "pipe:0", "-vn", *extra, "-ac", "1", "-ar", str(sr), "-f", "f32le", "pipe:1"],
                      data, what)
    return np.frombuffer(raw, dtype="<f4").astype(np.float32)


def read_wav(path: Path | str) -> tuple[np.ndarray, int]:
    """Read a 16-bit PCM mono WAV (as written by `write_wav`) -> (float32 samples, sample rate)."""
    with wave.open(str(path), "rb") as w:
        if w.getsampwidth() != 2 or w.getnchannels() != 1:
            raise ValueError("not 16-bit mono PCM")
        frames = w.readframes(w.getnframes())
        return np.frombuffer(frames, dtype="<i2").astype(np.float32) / 32768.0, w.getframerate()


def to_int16(x: np.ndarray) -> np.ndarray:
    return (np.clip(x, -1.0, 32767 / 32768) * 32768.0).round().astype("<i2")


def write_wav(path: Path | str, x: np.ndarray, sr: int = SR) -> Path:
    """Write mono 16-bit PCM, atomically (never a half-written file at `path`)."""
    path = Path(path)
    with atomic_path(path) as tmp:
        with wave.open(str(tmp), "wb") as w:
            w.setnchannels(1)
            w.setsampwidth(2)
            w.setframerate(sr)
            w.writeframes(to_int16(x).tobytes())
    return path


def encode(x: np.ndarray, path: Path | str, codec_args: Sequence[str], sr: int = SR) -> Path:
    """Encode mono float32 samples with ffmpeg (`codec_args`, e.g. ["-c:a", "aac", "-b:a", "128k"]), atomically."""
    path = Path(path)
    with atomic_path(path) as tmp:
        _run_ffmpeg(["-f", "f32le", "-ar", str(sr), "-ac", "1", "-i", "pipe:0", *codec_args, "-y", str(tmp)],
                    np.ascontiguousarray(x, dtype="<f4").tobytes(), f"encoding {path.name}")
    return path


def encode_mp3(x: np.ndarray, path: Path | str, bitrate_kbps: int = 96, sr: int = SR, quality: int = 7) -> Path:
    """MP3, constant bit rate, mono, `sr`, no tags (add them with mutagen afterwards).

    `quality` is LAME's -q (0 best and slowest .. 9): 7 encodes about twice as fast as the default,
    a difference no listener hears in speech at 96 kbps.
    """
    return encode(x, path, ["-c:a", "libmp3lame", "-b:a", f"{bitrate_kbps}k", "-compression_level", str(quality),
                            "-ar", str(sr), "-ac", "1",
                            "-map_metadata", "-1", "-id3v2_version", "0", "-write_id3v1", "0",
                            "-f", "mp3"], sr)


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
