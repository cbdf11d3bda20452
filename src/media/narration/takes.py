"""One take, made ready for the film and the podcast: decoded, cleaned, checked, levelled.

Before a take is stored: DC and rumble are removed (a 70 Hz high-pass, zero phase so nothing moves in
time), leading and trailing silence is trimmed against the take's own noise floor, and takes that are
clipped, silent, or far too short or long for their text are refused with the reason and the fix. The
take is then levelled to the speech level every synthesised sentence gets (`SPEECH_LEVEL_LUFS`), with its
peaks kept under -1 dBFS, so the film's and the podcast's loudness targets hold with recorded voices too.
"""
from __future__ import annotations

import os
import tempfile
from dataclasses import dataclass

import numpy as np

from media import audio
from media.speech.synth import SPEECH_LEVEL_LUFS

EXTENSIONS = (".wav", ".flac", ".mp3", ".m4a", ".ogg", ".opus", ".webm")
MAX_TAKE_BYTES = 64_000_000  # about 6 minutes of 44.1 kHz stereo WAV; a compressed take is far smaller
FRAME_S = 0.02
HIGHPASS_HZ = 70.0
PEAK_CEILING_DB = -1.0
CLIP_LEVEL = 0.99  # a sample at or above this (of full scale) ...
CLIP_RUN = 3  # ... for this many samples in a row is clipping
CLIP_MAX_RUNS = 8  # more clipped places than this: refused


class TakeRefused(ValueError):
    """A take that cannot be used, with the reason and what to do (one line)."""


@dataclass
class Take:
    samples: np.ndarray  # mono float32 at audio.SR, cleaned, trimmed, levelled
    source_s: float  # the take as received
    trimmed_s: float  # silence cut from its start and end
    gain_db: float
    clipped_places: int

    @property
    def duration_s(self) -> float:
        return len(self.samples) / audio.SR

    def facts(self) -> dict:
        return {"duration_s": round(self.duration_s, 3), "loudness_lufs": round(audio.loudness(self.samples), 2),
                "peak_dbfs": round(audio.peak_db(self.samples), 2), "sample_rate": audio.SR, "channels": 1,
                "source_duration_s": round(self.source_s, 3), "trimmed_s": round(self.trimmed_s, 3),
                "gain_db": round(self.gain_db, 2)}


def container(data: bytes) -> str | None:
    """The ffmpeg demuxer for a take's bytes, from their signature, or None when they are no audio file we take.

    ffmpeg is never left to guess: a playlist or concat script (which names other files or URLs for ffmpeg
    to open) is not audio and is refused before ffmpeg sees it."""
    if data[:4] == b"RIFF" and data[8:12] == b"WAVE":
        return "wav"
    if data[:4] == b"fLaC":
        return "flac"
    if data[:4] == b"OggS":
        return "ogg"
    if data[:4] == b"\x1aE\xdf\xa3":
        return "matroska"  # WebM, what browsers record
    if data[4:8] == b"ftyp":
        return "mov"  # M4A/MP4 (external data references stay off: ffmpeg's default)
    if data[:3] == b"ID3" or (len(data) > 1 and data[0] == 0xFF and data[1] & 0xE0 == 0xE0):
        return "mp3"
    return None


def decode(data: bytes, suffix: str = ".bin", timeout_s: float = 120.0) -> np.ndarray:
    """A take's bytes -> mono float32 at audio.SR. TakeRefused when they are not audio we can decode.

    Through a file, not a pipe: MP4/M4A keep their index at the end, which a pipe cannot seek to."""
    import subprocess

    if not data:
        raise TakeRefused("the file is empty (0 bytes), not a recording")
    fmt = container(data)
    if fmt is None:
        raise TakeRefused("not a recording ffmpeg can decode (takes are WAV, FLAC, MP3, M4A, Ogg/Opus or WebM)")
    exe = audio.ffmpeg_exe()  # missing ffmpeg: an engine problem (EngineError), not the take's
    fd, name = tempfile.mkstemp(prefix="media-take-", suffix=".take")
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
        cmd = [exe, "-hide_banner", "-nostdin", "-loglevel", "error", "-f", fmt, "-i", name, "-map", "0:a:0",
               "-vn", "-ac", "1", "-ar", str(audio.SR), "-f", "f32le", "pipe:1"]
        try:
            proc = subprocess.run(cmd, capture_output=True, check=False, timeout=timeout_s)
        except subprocess.TimeoutExpired:
            raise TakeRefused(f"not a recording ffmpeg can decode (decoding took more than {timeout_s:.0f} s)") from None
        if proc.returncode != 0:
            err = [ln.replace(name, "").strip(" :") for ln in proc.stderr.decode("utf-8", "replace").splitlines()]
            err = [ln for ln in err if ln]
            raise TakeRefused(f"not a recording ffmpeg can decode ({err[-1][:160] if err else 'no audio'})")
        x = np.frombuffer(proc.stdout[: len(proc.stdout) // 4 * 4], dtype="<f4").astype(np.float32)
        if len(x) <= 0.05 * audio.SR:
            raise TakeRefused("holds no sound (0 seconds of audio)")
        return x
    finally:
        os.unlink(name)


def frame_levels_db(x: np.ndarray) -> np.ndarray:
    """RMS level of each 20 ms frame, in dBFS."""
    win = int(FRAME_S * audio.SR)
    n = len(x) // win
    if n == 0:
        return np.zeros(0)
    frames = x[: n * win].reshape(n, win).astype(np.float64)
    return 10 * np.log10(np.mean(frames ** 2, axis=1) + 1e-12)


def voiced(x: np.ndarray) -> np.ndarray:
    """Per 20 ms frame: is someone speaking? Against the take's own floor (rooms differ, gains differ)."""
    db = frame_levels_db(x)
    if not len(db):
        return np.zeros(0, bool)
    floor, loud = np.percentile(db, 10), np.percentile(db, 97)
    threshold = max(floor + 6.0, floor + 0.35 * (loud - floor), -60.0)
    return db > threshold


def _runs(mask: np.ndarray) -> list[tuple[int, int]]:
    edges = np.diff(np.concatenate([[0], mask.astype(np.int8), [0]]))
    return list(zip(np.nonzero(edges == 1)[0], np.nonzero(edges == -1)[0]))


def _drop_clicks(talk: np.ndarray, min_frames: int = 3) -> np.ndarray:
    """Voiced runs shorter than 60 ms (a click, a breath of the filter at the edges) are not speech."""
    out = talk.copy()
    for a, b in _runs(talk):
        if b - a < min_frames:
            out[a:b] = False
    return out


def clipped_places(x: np.ndarray) -> int:
    hot = np.abs(x) >= CLIP_LEVEL
    if not hot.any():
        return 0
    edges = np.diff(np.concatenate([[0], hot.astype(np.int8), [0]]))
    starts, ends = np.nonzero(edges == 1)[0], np.nonzero(edges == -1)[0]
    return int(np.sum(ends - starts >= CLIP_RUN))


def highpass(x: np.ndarray) -> np.ndarray:
    from scipy.signal import butter, sosfiltfilt

    if len(x) < 64:
        return x - np.mean(x)
    sos = butter(2, HIGHPASS_HZ, btype="highpass", fs=audio.SR, output="sos")
    return sosfiltfilt(sos, x - np.mean(x)).astype(np.float32)


def process(x: np.ndarray, limits_s: tuple[float, float], expected_s: float) -> Take:
    """Clean, check and level one take of a unit whose text should last about `expected_s`."""
    source_s = len(x) / audio.SR
    clips = clipped_places(x)
    if clips > CLIP_MAX_RUNS:
        raise TakeRefused(f"is clipped in {clips} places (the level hit full scale): record it again with the "
                          "microphone's input gain lower")
    y = highpass(np.asarray(x, dtype=np.float32))
    if audio.peak_db(y) < -50.0 or audio.rms_db(y) < -60.0:
        raise TakeRefused(f"is silent ({source_s:.1f} s with nothing above -50 dBFS): check the microphone "
                          "and its input level")
    talk = _drop_clicks(voiced(y))
    if talk.sum() * FRAME_S < 0.2:
        raise TakeRefused(f"holds no speech ({source_s:.1f} s, steady level throughout): check the microphone")
    win = int(FRAME_S * audio.SR)
    on = np.nonzero(talk)[0]
    keep = int(0.12 * audio.SR)
    start, end = max(0, on[0] * win - keep), min(len(y), (on[-1] + 1) * win + keep)
    y = audio.fade(y[start:end], 0.01, 0.03)
    shortest, longest = limits_s
    seconds = len(y) / audio.SR
    if seconds < shortest:
        raise TakeRefused(f"lasts {seconds:.1f} s after trimming silence, too short for its text (about "
                          f"{expected_s:.0f} s expected, at least {shortest:.1f} s): record the whole text")
    if seconds > longest:
        raise TakeRefused(f"lasts {seconds:.1f} s after trimming silence, far too long for its text (about "
                          f"{expected_s:.0f} s expected, at most {longest:.0f} s): is it the right take?")
    before = audio.loudness(y)
    levelled = audio.level_to(y, SPEECH_LEVEL_LUFS)
    peak = audio.peak_db(levelled)
    if peak > PEAK_CEILING_DB:  # a plain gain: no limiter colours a voice, and the builders level again anyway
        levelled = levelled * np.float32(audio.db_to_gain(PEAK_CEILING_DB - peak))
    after = audio.loudness(levelled)
    gain = (after - before) if before > -70 else 0.0
    return Take(levelled.astype(np.float32), source_s, source_s - seconds, gain, clips)


def encode_flac(x: np.ndarray) -> bytes:
    """16-bit mono FLAC at audio.SR, no metadata (same samples, same bytes)."""
    with tempfile.TemporaryDirectory(prefix="media-take-") as tmp:
        path = audio.encode(x, os.path.join(tmp, "take.flac"), ["-map_metadata", "-1", "-fflags", "+bitexact",
                                                                "-flags:a", "+bitexact", "-c:a", "flac",
                                                                "-sample_fmt", "s16", "-f", "flac"])
        with open(path, "rb") as fh:
            return fh.read()


def split_at_pauses(x: np.ndarray, pieces: int, min_pause_s: float = 0.5) -> list[np.ndarray]:
    """Cut one long take into `pieces` at its `pieces - 1` longest pauses (in order). TakeRefused when it
    has fewer pauses of at least `min_pause_s` than that."""
    talk = voiced(highpass(np.asarray(x, dtype=np.float32)))
    win = int(FRAME_S * audio.SR)
    on = np.nonzero(talk)[0]
    if not len(on):
        raise TakeRefused("holds no speech")
    quiet = ~talk
    edges = np.diff(np.concatenate([[0], quiet.astype(np.int8), [0]]))
    starts, ends = np.nonzero(edges == 1)[0], np.nonzero(edges == -1)[0]
    gaps = [(e - s, s, e) for s, e in zip(starts, ends) if s > on[0] and e <= on[-1] and (e - s) * FRAME_S >= min_pause_s]
    if len(gaps) < pieces - 1:
        raise TakeRefused(f"has {len(gaps) + 1} parts separated by pauses of {min_pause_s:g} s or more, but "
                          f"{pieces} units to fill: leave a clear pause (a second) between units")
    cuts = sorted(sorted(gaps, reverse=True)[: pieces - 1], key=lambda g: g[1])
    bounds = [0] + [((s + e) // 2) * win for _, s, e in cuts] + [len(x)]
    return [np.asarray(x[a:b], dtype=np.float32) for a, b in zip(bounds, bounds[1:])]
